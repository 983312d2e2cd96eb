import Foundation

/// `$formatInteger` and `$parseInteger`: the XPath `format-integer` pictures JSONata supports: decimal digit
/// patterns (`#,##0`, `000`, any Unicode digit family, regular or irregular grouping), `A`/`a` letters,
/// `I`/`i` roman numerals, `W`/`w`/`Ww` words, and the `;o` ordinal modifier.
enum JSONataIntegerFormat {
    enum Primary: Equatable {
        case decimal, letters, roman, words, sequence(String)
    }
    enum LetterCase { case lower, upper, title }

    struct Separator {
        var position: Int
        var character: String
    }

    struct Picture {
        var primary = Primary.decimal
        var letterCase = LetterCase.lower
        var ordinal = false
        var zeroCode: UInt32 = 0x30
        var mandatoryDigits = 0
        var regular = false
        var separators: [Separator] = []
        var regularSeparator = Separator(position: 0, character: ",")
    }

    /// The zero of each Unicode decimal digit family.
    static let decimalGroups: [UInt32] = [
        0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6,
        0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40,
        0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    ]

    static func analyse(_ picture: String, at position: Int) throws(JSONataError) -> Picture {
        var format = Picture()
        var primary = picture
        if let semicolon = picture.lastIndex(of: ";") {
            primary = String(picture[..<semicolon])
            format.ordinal = picture[picture.index(after: semicolon)...].first == "o"
        }
        switch primary {
        case "A": format.primary = .letters; format.letterCase = .upper
        case "a": format.primary = .letters
        case "I": format.primary = .roman; format.letterCase = .upper
        case "i": format.primary = .roman
        case "W": format.primary = .words; format.letterCase = .upper
        case "Ww": format.primary = .words; format.letterCase = .title
        case "w": format.primary = .words
        default:
            var zeroCode: UInt32?
            var separatorPosition = 0
            for scalar in primary.unicodeScalars.reversed() {
                if let group = decimalGroups.first(where: { scalar.value >= $0 && scalar.value <= $0 + 9 }) {
                    format.mandatoryDigits += 1
                    separatorPosition += 1
                    if let zeroCode, zeroCode != group {
                        throw JSONataError(code: "D3131", message: "In a decimal digit pattern, all digits must be from the same decimal group", position: position)
                    }
                    zeroCode = group
                } else if scalar == "#" {
                    separatorPosition += 1
                } else {
                    format.separators.append(Separator(position: separatorPosition, character: String(scalar)))
                }
            }
            guard format.mandatoryDigits > 0, let zeroCode else {
                format.primary = .sequence(primary)
                return format
            }
            format.zeroCode = zeroCode
            let interval = regularInterval(format.separators)
            if interval > 0 {
                format.regular = true
                format.regularSeparator = Separator(position: interval, character: format.separators[0].character)
            }
        }
        return format
    }

    /// The common interval of the grouping separators when they are all the same character, equally spaced.
    private static func regularInterval(_ separators: [Separator]) -> Int {
        guard let first = separators.first, separators.allSatisfy({ $0.character == first.character }) else { return 0 }
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let positions = separators.map(\.position)
        let factor = positions.reduce(0, gcd)
        guard factor > 0 else { return 0 }
        for index in 1...positions.count where !positions.contains(index * factor) { return 0 }
        return factor
    }

    static func format(_ number: Double, picture: String, at position: Int) throws(JSONataError) -> String {
        let format = try analyse(picture, at: position)
        let floored = number.rounded(.down)
        // words, letters and roman numerals take any finite number (1e46 is "ten billion trillion trillion trillion")
        guard floored.isFinite else {
            throw JSONataError(code: "D1001", message: "Number out of range: \(JSONataValue.formatNumber(number))", position: position)
        }
        let negative = floored < 0
        let value = abs(floored)
        var text: String
        switch format.primary {
        case .letters:
            text = letters(value, upper: format.letterCase == .upper)
        case .roman:
            text = roman(Int(min(value, 1e9)))
            if format.letterCase == .upper { text = text.uppercased() }
        case .words:
            text = words(value, ordinal: format.ordinal)
            if format.letterCase == .upper { text = text.uppercased() } else if format.letterCase == .lower { text = text.lowercased() }
        case .decimal:
            // the number as JavaScript writes it ('' + value in jsonata): shortest digits padded with zeros past
            // 2^53 (123456789012345680000), "1e+21" from 1e21 up, which the steps below then treat as digits
            text = JSONataValue.formatNumber(value)
            if text.count < format.mandatoryDigits { text = String(repeating: "0", count: format.mandatoryDigits - text.count) + text }
            if format.zeroCode != 0x30 {
                text = String(String.UnicodeScalarView(text.unicodeScalars.compactMap { Unicode.Scalar($0.value + format.zeroCode - 0x30) }))
            }
            var scalars = Array(text.unicodeScalars).map { String($0) }
            if format.regular {
                let interval = format.regularSeparator.position
                var index = scalars.count - interval
                while index > 0 {
                    scalars.insert(format.regularSeparator.character, at: index)
                    index -= interval
                }
            } else {
                for separator in format.separators.reversed() {
                    let index = scalars.count - separator.position
                    if index >= 0, index <= scalars.count { scalars.insert(separator.character, at: index) }
                }
            }
            text = scalars.joined()
            if format.ordinal {
                let digits = Array(text)
                var suffix = ["1": "st", "2": "nd", "3": "rd"][digits.last.map(String.init) ?? ""] ?? "th"
                if digits.count > 1, digits[digits.count - 2] == "1" { suffix = "th" }
                text += suffix
            }
        case .sequence(let token):
            throw JSONataError(code: "D3130", message: "Formatting or parsing an integer as a sequence starting with \(JSONataValue.quoted(token)) is not supported by this implementation", position: position)
        }
        return negative ? "-" + text : text
    }

    static func letters(_ value: Double, upper: Bool) -> String {
        var remaining = Int(min(value, 1e15))
        var result: [Character] = []
        let base = upper ? 65 : 97
        while remaining > 0 {
            result.insert(Character(Unicode.Scalar(UInt8(base + (remaining - 1) % 26))), at: 0)
            remaining = (remaining - 1) / 26
        }
        return String(result)
    }

    static let romanNumerals: [(Int, String)] = [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
        (5, "v"), (4, "iv"), (1, "i"),
    ]

    static func roman(_ value: Int) -> String {
        var remaining = value
        var result = ""
        for (amount, numeral) in romanNumerals {
            while remaining >= amount {
                result += numeral
                remaining -= amount
            }
        }
        return result
    }

    static let few = [
        "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve", "Thirteen",
        "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen",
    ]
    static let ordinals = [
        "Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh",
        "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth",
    ]
    static let decades = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"]
    static let magnitudes = ["Thousand", "Million", "Billion", "Trillion"]

    /// English words for a whole number, as JSONata writes them ("One Hundred and Twenty-Three").
    static func words(_ value: Double, ordinal: Bool) -> String {
        func lookup(_ number: Double, _ previous: Bool, _ ordinal: Bool) -> String {
            var words: String
            if number <= 19 {
                let index = Int(number)
                words = (previous ? " and " : "") + (ordinal ? ordinals[index] : few[index])
            } else if number < 100 {
                let tens = Int(number / 10), remainder = Int(number) % 10
                words = (previous ? " and " : "") + decades[tens - 2]
                if remainder > 0 {
                    words += "-" + lookup(Double(remainder), false, ordinal)
                } else if ordinal {
                    words = String(words.dropLast()) + "ieth"
                }
            } else if number < 1000 {
                let hundreds = Int(number / 100), remainder = Int(number) % 100
                words = (previous ? ", " : "") + few[hundreds] + " Hundred"
                if remainder > 0 {
                    words += lookup(Double(remainder), true, ordinal)
                } else if ordinal {
                    words += "th"
                }
            } else {
                let magnitude = min(Int((log10(number) / 3).rounded(.down)), magnitudes.count)
                let factor = pow(10, Double(magnitude * 3))
                let mantissa = (number / factor).rounded(.down)
                let remainder = number - mantissa * factor
                words = (previous ? ", " : "") + lookup(mantissa, false, false) + " " + magnitudes[magnitude - 1]
                if remainder > 0 {
                    words += lookup(remainder, true, ordinal)
                } else if ordinal {
                    words += "th"
                }
            }
            return words
        }
        return lookup(value, false, ordinal)
    }
}
