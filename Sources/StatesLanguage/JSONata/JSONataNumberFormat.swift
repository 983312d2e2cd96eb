import Foundation

/// `$formatNumber` as JSONata 2.0 does it (the XPath F&O 3.1 `format-number` picture): mandatory digits
/// (any decimal digit) and optional digits (`#`), grouping separators (regular or at their own positions, in the
/// integer and the fractional part), one decimal separator, an exponent (`e`), `%` and `‰` anywhere in the
/// sub-picture, passive prefix and suffix text, and a `;` negative sub-picture (else `-` before the prefix).
/// The picture is in the default characters here; `format(_:picture:options:at:)` maps other ones.
enum JSONataNumberFormat {
    /// One analysed sub-picture.
    struct SubPicture {
        var prefix: String
        var suffix: String
        var picture: String
        var integerGrouping: [Int] = []
        var regularGrouping = 0
        var fractionGrouping: [Int] = []
        var minimumInteger = 0
        var scalingFactor = 0
        var minimumFraction = 0
        var maximumFraction = 0
        var minimumExponent = 0
    }

    static func format(_ value: Double, picture: String, at position: Int) throws(JSONataError) -> String {
        let subPictures = picture.split(separator: ";", omittingEmptySubsequences: false)
        guard subPictures.count <= 2 else {
            throw JSONataError(code: "D3080", message: "The picture string must only contain a maximum of two sub-pictures", position: position)
        }
        for subPicture in subPictures { try validate(String(subPicture), at: position) }
        var pictures = subPictures.map { analyse(Array($0)) }
        if pictures.count == 1 {
            var negative = pictures[0]
            negative.prefix = "-" + negative.prefix
            pictures.append(negative)
        }
        let chosen = value >= 0 ? pictures[0] : pictures[1]
        var number = abs(value)
        if chosen.picture.contains("%") {
            number *= 100
        } else if chosen.picture.contains("‰") {
            number *= 1000
        }
        var exponent: Int?
        if chosen.minimumExponent > 0, number != 0, number.isFinite {
            let maximum = pow(10, Double(chosen.scalingFactor))
            let minimum = pow(10, Double(chosen.scalingFactor - 1))
            var e = 0
            while number < minimum {
                number *= 10
                e -= 1
            }
            while number > maximum {
                number /= 10
                e += 1
            }
            exponent = e
        } else if chosen.minimumExponent > 0 {
            exponent = 0
        }
        let rounded = JSONataBuiltins.roundHalfEven(number, precision: chosen.maximumFraction)
        // JavaScript's toFixed, which JSONata formats with, writes 1e21 and above as it writes any number
        // ("1e+21"); the steps below then treat that text as digits, as JSONata does ("#,##0" gives "1e,+21")
        var text = Array(rounded >= 1e21 ? JSONataValue.formatNumber(rounded) : String(format: "%.\(chosen.maximumFraction)f", rounded))
        if !text.contains(".") { text.append(".") }
        while text.first == "0" { text.removeFirst() }
        while text.last == "0" { text.removeLast() }
        var decimal = text.firstIndex(of: ".") ?? text.count
        let padLeft = chosen.minimumInteger - decimal
        let padRight = chosen.minimumFraction - (text.count - decimal - 1)
        if padLeft > 0 { text.insert(contentsOf: repeatElement("0", count: padLeft), at: 0) }
        if padRight > 0 { text.append(contentsOf: repeatElement("0", count: padRight)) }
        decimal = text.firstIndex(of: ".") ?? text.count
        if chosen.regularGrouping > 0 {
            let groups = max(decimal - 1, 0) / chosen.regularGrouping
            if groups > 0 {
                for group in 1...groups { text.insert(",", at: decimal - group * chosen.regularGrouping) }
            }
        } else {
            for offset in chosen.integerGrouping where decimal - offset > 0 {
                text.insert(",", at: decimal - offset)
                decimal += 1
            }
        }
        decimal = text.firstIndex(of: ".") ?? text.count
        for offset in chosen.fractionGrouping where decimal + 1 + offset < text.count {
            text.insert(",", at: decimal + 1 + offset)
        }
        // as JSONata: the last character goes when it is the decimal separator or when the picture has none,
        // whatever it is ("#e0" writes 12.3 as "0.e2", a number written "1.5e+21" loses its last digit)
        if text.last == "." || !chosen.picture.contains(".") { text.removeLast() }
        var result = String(text)
        if let exponent {
            var digits = String(abs(exponent))
            if digits.count < chosen.minimumExponent { digits = String(repeating: "0", count: chosen.minimumExponent - digits.count) + digits }
            result += "e" + (exponent < 0 ? "-" : "") + digits
        }
        return chosen.prefix + result + chosen.suffix
    }

    static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

    /// Splits a sub-picture into its passive prefix and suffix and its integer, fractional and exponent parts,
    /// and measures them as JSONata does.
    static func analyse(_ sub: [Character]) -> SubPicture {
        let isActive: (Character) -> Bool = { isDigit($0) || "#.,".contains($0) }
        let start = sub.firstIndex(where: isActive) ?? sub.count
        let end = (sub.lastIndex(where: isActive) ?? (start - 1)) + 1
        var parts = SubPicture(
            prefix: String(sub[..<start]), suffix: String(sub[max(end, start)...]), picture: String(sub))
        let active = Array(sub[start..<max(end, start)])
        var mantissa = active
        var exponentPart: [Character]?
        if let e = sub[start...].firstIndex(of: "e"), e < sub.count - parts.suffix.count {
            mantissa = Array(sub[start..<e])
            exponentPart = Array(sub[(e + 1)..<max(end, e + 1)])
        }
        let integer: [Character]
        let fraction: [Character]
        if let point = mantissa.firstIndex(of: ".") {
            integer = Array(mantissa[..<point])
            fraction = Array(mantissa[(point + 1)...])
        } else {
            integer = mantissa
            fraction = []
        }
        let counted: (ArraySlice<Character>) -> Int = { $0.filter { isDigit($0) || $0 == "#" }.count }
        parts.integerGrouping = integer.indices.filter { integer[$0] == "," }.map { counted(integer[$0...]) }
        parts.regularGrouping = regular(parts.integerGrouping)
        parts.fractionGrouping = fraction.indices.filter { fraction[$0] == "," }.map { counted(fraction[..<$0]) }
        parts.minimumInteger = integer.filter(isDigit).count
        parts.scalingFactor = parts.minimumInteger
        parts.minimumFraction = fraction.filter(isDigit).count
        parts.maximumFraction = fraction.filter { isDigit($0) || $0 == "#" }.count
        let hasExponent = exponentPart != nil
        if parts.minimumInteger == 0, parts.maximumFraction == 0 {
            if hasExponent {
                parts.minimumFraction = 1
                parts.maximumFraction = 1
            } else {
                parts.minimumInteger = 1
            }
        }
        if hasExponent, parts.minimumInteger == 0, integer.contains("#") { parts.minimumInteger = 1 }
        if parts.minimumInteger == 0, parts.minimumFraction == 0 { parts.minimumFraction = 1 }
        parts.minimumExponent = exponentPart?.filter(isDigit).count ?? 0
        return parts
    }

    /// The group size when the grouping positions are all the multiples of one size (`#,###,###`), else 0.
    static func regular(_ positions: [Int]) -> Int {
        guard let first = positions.first else { return 0 }
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let factor = positions.dropFirst().reduce(first, gcd)
        guard factor > 0 else { return 0 }
        for index in 1...positions.count where !positions.contains(index * factor) { return 0 }
        return factor
    }
}
