import Foundation

/// `$toMillis(timestamp, picture)`: reads a timestamp laid out by an XPath date/time picture (the inverse of
/// `$fromMillis`), as JSONata does: the picture becomes one case-insensitive pattern with a group per component
/// (digits, ordinals, words, roman numerals, letters, month/day names, am/pm, `±hh:mm` offsets); a timestamp that
/// does not fit gives undefined. The components found must form one run of the date (year, month, day; or year,
/// day of year) and time (hour, minute, second, millisecond; or am/pm, 12-hour hour, ...): what comes before the
/// run defaults to now, what follows to its first value, and a gap is D3136.
extension JSONataDateTime {
    /// One piece of the pattern: its regex and, for a component, how its text becomes a value (nil = not known).
    private struct Part {
        var regex: String
        var component: Character?
        var read: ((String) throws(JSONataError) -> Int64?)?
        /// An integer component (digits, words, roman numerals, letters): one directly after it fixes its width.
        var integer = false
        /// For digits: the pattern with exactly the picture's mandatory digit count, used when another integer
        /// component follows with no literal between (`[Y0001][M01][D01]` reads 4, 2, then any number of digits).
        var fixedWidth: String?
    }

    private static let cardinalWords = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
        "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion", "trillion",
    ]
    private static let ordinalWords = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
        "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
        "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth", "hundredth", "thousandth",
        "millionth", "billionth", "trillionth",
    ]

    private static func escaped(_ literal: String) -> String {
        var result = ""
        for c in literal.unicodeScalars {
            if ".*+?^${}()|[]\\".unicodeScalars.contains(c) { result.append("\\") }
            result.unicodeScalars.append(c)
        }
        return result
    }

    /// The picture's literals and markers, read as `$fromMillis` reads them.
    private static func parts(_ picture: String, at position: Int) throws(JSONataError) -> [Part] {
        var parts: [Part] = []
        var literal = ""
        var chars = Array(picture)[...]
        func flush() {
            if !literal.isEmpty { parts.append(Part(regex: escaped(literal))) }
            literal = ""
        }
        while let c = chars.popFirst() {
            if c == "]", chars.first == "]" { chars.removeFirst(); literal.append("]"); continue }
            guard c == "[" else { literal.append(c); continue }
            if chars.first == "[" { chars.removeFirst(); literal.append("["); continue }
            guard let close = chars.firstIndex(of: "]") else { throw unclosedMarker(at: position) }
            let marker = String(chars[..<close].filter { !$0.isWhitespace })
            chars = chars[(close + 1)...]
            flush()
            if let part = try component(marker, at: position) {
                // As JSONata: an integer right after another integer fixes the earlier one's width for parsing.
                if part.integer, let last = parts.indices.last, parts[last].integer, let fixed = parts[last].fixedWidth {
                    parts[last].regex = fixed
                }
                parts.append(part)
            }
        }
        flush()
        return parts
    }

    private static func component(_ marker: String, at position: Int) throws(JSONataError) -> Part? {
        guard let letter = marker.first else { return nil }
        var presentation = String(marker.dropFirst())
        var maxWidth: Int?
        var minWidth: Int?
        if let comma = presentation.lastIndex(of: ",") {
            let widths = presentation[presentation.index(after: comma)...].split(separator: "-", omittingEmptySubsequences: false)
            minWidth = widths.first.flatMap { Int($0) }
            maxWidth = widths.count > 1 ? Int(widths[1]) : nil
            presentation = String(presentation[..<comma])
        }
        var modifier: Character?
        if presentation.count > 1, let last = presentation.last, "atco".contains(last) {
            modifier = last
            presentation.removeLast()
        }
        if presentation.isEmpty {
            let defaults: [Character: String] = [
                "Y": "1", "M": "1", "D": "1", "d": "1", "F": "n", "W": "1", "w": "1", "X": "1", "x": "1", "H": "1", "h": "1",
                "P": "n", "m": "01", "s": "01", "f": "1", "Z": "01:01", "z": "01:01", "C": "n", "E": "n",
            ]
            guard let fallback = defaults[letter] else {
                throw JSONataError(code: "D3132", message: "Unknown component specifier \(JSONataValue.quoted(String(letter))) in date/time picture string", position: position)
            }
            presentation = fallback
        }
        if letter == "Z" || letter == "z" { return offsetPart(letter, presentation) }
        if presentation.hasPrefix("N") || presentation.hasPrefix("n") {
            return try namePart(letter, maxWidth: maxWidth, at: position)
        }
        // JSONata reads any other letter as a name, which only months, days and am/pm have (D3133)
        guard "YMDdFWwXxHhmsf".contains(letter) else { return try namePart(letter, maxWidth: maxWidth, at: position) }
        return try integerPart(letter, presentation, ordinal: modifier == "o", minWidth: minWidth, maxWidth: maxWidth, at: position)
    }

    /// `[Z]`/`[z]`: a sign and digits, with the picture's separator between hours and minutes when it has one.
    private static func offsetPart(_ letter: Character, _ presentation: String) -> Part {
        let separator = presentation.first { !$0.isNumber && $0 != "#" }
        var regex = letter == "z" ? "GMT" : ""
        regex += "[-+][0-9]+"
        if let separator { regex += escaped(String(separator)) + "[0-9]+" }
        return Part(regex: regex, component: letter) { text in
            let value = letter == "z" ? String(text.dropFirst(3)) : text
            // JSONata's arithmetic: the hours carry the sign, the minutes are added (-05:30 reads as -4:30)
            if let separator, let cut = value.firstIndex(of: separator) {
                let hours = Int64(value[..<cut].replacingOccurrences(of: "+", with: "")) ?? 0
                return hours * 60 + (Int64(value[value.index(after: cut)...]) ?? 0)
            }
            let unsigned = value.replacingOccurrences(of: "+", with: "")
            if value.count - 1 <= 2 { return (Int64(unsigned) ?? 0) * 60 }
            let hours = Int64(String(value.prefix(3)).replacingOccurrences(of: "+", with: "")) ?? 0
            return hours * 60 + (Int64(value.dropFirst(3)) ?? 0)
        }
    }

    /// Month and day names (`[MNn]`, `[FNn,3-3]`) and `[P]`: letters, looked up by their exact spelling.
    private static func namePart(_ letter: Character, maxWidth: Int?, at position: Int) throws(JSONataError) -> Part {
        var lookup: [String: Int64] = [:]
        switch letter {
        case "M", "x":
            for (i, name) in monthNames.enumerated() { lookup[maxWidth.map { String(name.prefix($0)) } ?? name] = Int64(i + 1) }
        case "F":
            for (i, name) in dayNames.enumerated() { lookup[maxWidth.map { String(name.prefix($0)) } ?? name] = Int64(i + 1) }
        case "P":
            lookup = ["am": 0, "AM": 0, "pm": 1, "PM": 1]
        default:
            throw JSONataError(
                code: "D3133", message: "The 'name' modifier can only be applied to months and days in the date/time picture string, not \(JSONataValue.quoted(String(letter)))",
                position: position)
        }
        return Part(regex: "[a-zA-Z]+", component: letter) { text in lookup[text] }
    }

    /// Numeric components: digits (any count, or exactly the mandatory digits when another integer component follows
    /// directly), ordinals, words, roman numerals, letters.
    private static func integerPart(
        _ letter: Character, _ presentation: String, ordinal: Bool, minWidth: Int?, maxWidth: Int?, at position: Int
    ) throws(JSONataError) -> Part {
        switch presentation {
        case "w", "W", "Ww":
            let words = (cardinalWords + ordinalWords + ["and"]).joined(separator: "|")
            return Part(regex: "(?:\(words)|[\\-, ])+", component: letter, read: { text throws(JSONataError) in
                try JSONataIntegerFormat.parse(text.lowercased(), picture: "w", at: position).map { Int64($0) }
            }, integer: true)
        case "I", "i":
            return Part(regex: "[MDCLXVI]+", component: letter, read: { text throws(JSONataError) in
                try JSONataIntegerFormat.parse(text.uppercased(), picture: "I", at: position).map { Int64($0) }
            }, integer: true)
        case "A", "a":
            return Part(regex: "[A-Z]+", component: letter, read: { text throws(JSONataError) in
                try JSONataIntegerFormat.parse(text.uppercased(), picture: "A", at: position).map { Int64($0) }
            }, integer: true)
        default:
            let mandatory = presentation.filter(\.isNumber).count
            guard mandatory > 0 else {
                throw JSONataError(
                    code: "D3130", message: "Formatting or parsing an integer as a sequence starting with \(JSONataValue.quoted(presentation)) is not supported by this implementation",
                    position: position)
            }
            // The mandatory digits, raised to a minimum width; a year's maximum width sets them (JSONata's rules).
            var count = max(mandatory, minWidth ?? 0)
            if letter == "Y", let maxWidth { count = maxWidth }
            let separators = Set(presentation.filter { !$0.isNumber && $0 != "#" })
            let suffix = ordinal ? "(?:th|st|nd|rd)" : ""
            return Part(regex: "[0-9]+" + suffix, component: letter, read: { text in
                var digits = ordinal ? String(text.dropLast(2)) : text
                digits.removeAll { separators.contains($0) }
                return Int64(digits)
            }, integer: true, fixedWidth: "[0-9]{\(count)}" + suffix)
        }
    }

    /// The instant `text` denotes, or nil when it does not fit the picture.
    static func parse(_ text: String, picture: String, now: Int64, at position: Int) throws(JSONataError) -> Int64? {
        let parts = try parts(picture, at: position)
        let pattern = "^" + parts.map { "(" + $0.regex + ")" }.joined() + "$"
        let input = Array(text.unicodeScalars)
        let regex: SafeRegex
        do { regex = try SafeRegex(pattern, ignoreCase: true) } catch {
            throw JSONataError(code: "D3136", message: "The date/time picture string is missing specifiers required to parse the timestamp", position: position)
        }
        let found: SafeRegex.Match?
        do { found = try regex.firstMatch(in: input) } catch { throw JSONataError.regexBudget(pattern, at: position) }
        guard let match = found else { return nil }
        var components: [Character: Int64] = [:]
        var named = false
        for (i, part) in parts.enumerated() {
            guard let letter = part.component, let read = part.read else { continue }
            named = true
            guard i < match.groups.count, let range = match.groups[i] else { continue }
            var value = ""
            value.unicodeScalars.append(contentsOf: input[range])
            if let number = try read(value) { components[letter] = number }
        }
        guard named else { return nil }
        return try instant(components, now: now, at: position)
    }

    /// Fills in what the components leave out and computes the instant (as JavaScript's `Date.UTC`, which
    /// carries an overflowing month or day into the next unit).
    private static func instant(_ given: [Character: Int64], now: Int64, at position: Int) throws(JSONataError) -> Int64 {
        var components = given
        let missing = JSONataError(code: "D3136", message: "The date/time picture string is missing specifiers required to parse the timestamp", position: position)
        func matches(_ letters: String, required: String, optional: String = "") -> Bool {
            let present = Set(letters.filter { components[$0] != nil })
            return !present.isEmpty && present.isSubset(of: Set(required + optional)) && present.contains { required.contains($0) }
        }
        let dateLetters = "YXMxWwdD"
        let dateA = matches(dateLetters, required: "YMD")
        let dateB = !dateA && matches(dateLetters, required: "Yd")
        // week dates (year or week-year with week of month or of year) are not read by JSONata: D3136
        let dateC = matches(dateLetters, required: "Xxw", optional: "Y") && "XxWw".contains { components[$0] != nil }
        let dateD = !dateC && matches(dateLetters, required: "XW", optional: "Y") && "XxWw".contains { components[$0] != nil }
        let timeLetters = "PHhmsf"
        let timeA = matches(timeLetters, required: "Hmsf")
        let timeB = !timeA && matches(timeLetters, required: "Phmsf")
        if dateC || dateD { throw missing }  // JSONata does not read week dates
        let order = (dateB ? "YD" : "YMD") + (timeB ? "Phmsf" : "Hmsf")
        let (nowDays, nowMs) = now.quotientAndRemainder(dividingBy: 86_400_000)
        let (nowYear, nowMonth, nowDay) = civil(fromDays: nowMs < 0 ? nowDays - 1 : nowDays)
        let dayMs = (nowMs % 86_400_000 + 86_400_000) % 86_400_000
        let nowValues: [Character: Int64] = [
            "Y": nowYear, "M": nowMonth, "D": nowDay, "H": dayMs / 3_600_000, "h": (dayMs / 3_600_000) % 12 == 0 ? 12 : (dayMs / 3_600_000) % 12,
            "m": dayMs / 60_000 % 60, "s": dayMs / 1000 % 60, "f": dayMs % 1000, "P": -1,
        ]
        var started = false
        var ended = false
        for letter in order {
            if components[letter] == nil {
                if started {
                    components[letter] = "MDd".contains(letter) ? 1 : 0
                    ended = true
                } else {
                    components[letter] = nowValues[letter] ?? 0
                }
            } else {
                started = true
                if ended { throw missing }
            }
        }
        var year = components["Y"] ?? nowYear
        var month0 = (components["M"] ?? 1) > 0 ? (components["M"] ?? 1) - 1 : 0
        var day = components["D"] ?? 1
        if dateB {
            let date = days(fromCivil: year, 1, 1) + (components["d"] ?? 1) - 1
            let (_, m, d) = civil(fromDays: date)
            month0 = m - 1
            day = d
        }
        var hour = components["H"] ?? 0
        if timeB {
            let h = components["h"] ?? 0
            hour = (h == 12 ? 0 : h) + (components["P"] == 1 ? 12 : 0)
        }
        if (0...99).contains(year) { year += 1900 }  // Date.UTC reads a two-digit year as 19xx
        year += month0 >= 0 ? month0 / 12 : (month0 - 11) / 12
        month0 = ((month0 % 12) + 12) % 12
        let dayNumber = days(fromCivil: year, month0 + 1, 1) + day - 1
        let minute = components["m"] ?? 0, second = components["s"] ?? 0, millisecond = components["f"] ?? 0
        let offset = components["Z"] ?? components["z"] ?? 0
        return ((dayNumber * 24 + hour) * 60 + minute - offset) * 60_000 + second * 1000 + millisecond
    }
}
