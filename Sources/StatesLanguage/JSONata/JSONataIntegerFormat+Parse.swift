import Foundation

/// `$parseInteger`: the inverse of `$formatInteger` for the same pictures.
extension JSONataIntegerFormat {
    static func parse(_ text: String, picture: String, at position: Int) throws(JSONataError) -> Double? {
        let format = try analyse(picture, at: position)
        switch format.primary {
        case .letters:
            let base: UInt32 = format.letterCase == .upper ? 65 : 97
            var result = 0.0
            for (i, scalar) in text.unicodeScalars.reversed().enumerated() {
                result += (Double(scalar.value) - Double(base) + 1) * pow(26, Double(i))
            }
            return result
        case .roman:
            let values: [Character: Double] = ["M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1]
            var result = 0.0
            var largest = 1.0
            for c in text.uppercased().reversed() {
                guard let value = values[c] else { return nil }
                if value < largest {
                    result -= value
                } else {
                    largest = value
                    result += value
                }
            }
            return result
        case .words:
            return wordsToNumber(text.lowercased())
        case .decimal:
            var digits = text
            if format.ordinal { digits = String(digits.dropLast(2)) }
            if format.regular {
                digits = digits.replacingOccurrences(of: ",", with: "")
            } else {
                for separator in format.separators { digits = digits.replacingOccurrences(of: separator.character, with: "") }
            }
            if format.zeroCode != 0x30 {
                digits = String(String.UnicodeScalarView(digits.unicodeScalars.compactMap { Unicode.Scalar($0.value &- format.zeroCode &+ 0x30) }))
            }
            // parseInt: the leading digits
            let sign = digits.hasPrefix("-") ? -1.0 : 1.0
            let body = digits.drop { $0 == "-" || $0 == "+" || $0 == " " }
            let leading = body.prefix { $0.isASCII && $0.isNumber }
            guard !leading.isEmpty, let value = Double(leading) else { return nil }
            return sign * value
        case .sequence(let token):
            throw JSONataError(code: "D3130", message: "Formatting or parsing an integer as a sequence starting with \(JSONataValue.quoted(token)) is not supported by this implementation", position: position)
        }
    }

    static let wordValues: [String: Double] = {
        var values: [String: Double] = [:]
        for (index, word) in few.enumerated() { values[word.lowercased()] = Double(index) }
        for (index, word) in ordinals.enumerated() { values[word.lowercased()] = Double(index) }
        for (index, word) in decades.enumerated() {
            let lower = word.lowercased()
            values[lower] = Double(index + 2) * 10
            values[String(lower.dropLast()) + "ieth"] = Double(index + 2) * 10
        }
        values["hundredth"] = 100
        for (index, word) in magnitudes.enumerated() {
            let value = pow(10, Double(index + 1) * 3)
            values[word.lowercased()] = value
            values[word.lowercased() + "th"] = value
        }
        return values
    }()

    static func wordsToNumber(_ text: String) -> Double? {
        // JSONata splits on ", ", " and ", whitespace and "-"
        var parts: [String] = []
        var rest = Substring(text)
        var current = ""
        while let c = rest.first {
            if rest.hasPrefix(", ") {
                parts.append(current); current = ""; rest = rest.dropFirst(2)
            } else if rest.hasPrefix(" and ") {
                parts.append(current); current = ""; rest = rest.dropFirst(5)
            } else if c.isWhitespace || c == "-" || c == "\\" {
                parts.append(current); current = ""; rest = rest.dropFirst()
            } else {
                current.append(c); rest = rest.dropFirst()
            }
        }
        parts.append(current)
        var segments: [Double] = [0]
        for part in parts {
            guard let value = wordValues[part] else { return nil }
            if value < 100 {
                var top = segments.popLast() ?? 0
                if top >= 1000 {
                    segments.append(top)
                    top = 0
                }
                segments.append(top + value)
            } else {
                segments.append((segments.popLast() ?? 0) * value)
            }
        }
        return segments.reduce(0, +)
    }
}
