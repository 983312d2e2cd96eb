/// `$fromMillis`/`$now` picture strings (XPath `format-dateTime`): `[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z]`,
/// names (`[MNn]`, `[FNn,3-3]`), ordinals (`[D1o]`), 12-hour clock (`[h]`, `[P]`), day of year (`[d]`) and a `±HHMM` timezone.
/// Words, roman numerals and letters (`[Dwo]`, `[YI]`), ISO week numbers (`[W]`, `[w]`, `[X]`, `[x]`), era and
/// calendar (`[E]`, `[C]`: "ISO").
extension JSONataDateTime {
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    static func format(millis: Int64, picture: String, timezone: String?, at position: Int) throws(JSONataError) -> String {
        var offsetMinutes: Int64 = 0
        if let timezone {
            guard let parsed = parseOffset(timezone) else {
                throw JSONataError(code: "D3134", message: "The timezone \(timezone) is not a valid offset (±HHMM)", position: position)
            }
            offsetMinutes = parsed
        }
        let local = millis + offsetMinutes * 60_000
        var (days, ms) = local.quotientAndRemainder(dividingBy: 86_400_000)
        if ms < 0 { days -= 1; ms += 86_400_000 }
        let (year, month, day) = civil(fromDays: days)
        let fields = Fields(
            year: year, month: month, day: day, hour: ms / 3_600_000, minute: ms / 60_000 % 60, second: ms / 1000 % 60,
            millisecond: ms % 1000, weekday: ((days % 7) + 10) % 7 + 1, dayOfYear: days - self.days(fromCivil: year, 1, 1) + 1,
            offset: offsetMinutes, days: days)
        // the whole picture is read before anything is formatted: an unclosed marker is D3135 wherever it is
        var depthCheck = Array(picture)[...]
        while let c = depthCheck.popFirst() {
            guard c == "[" else { continue }
            if depthCheck.first == "[" { depthCheck.removeFirst(); continue }
            guard let close = depthCheck.firstIndex(of: "]") else { throw unclosedMarker(at: position) }
            depthCheck = depthCheck[(close + 1)...]
        }
        var result = ""
        var chars = Array(picture)[...]
        while let c = chars.popFirst() {
            if c == "]", chars.first == "]" { chars.removeFirst(); result.append("]"); continue }
            guard c == "[" else { result.append(c); continue }
            if chars.first == "[" { chars.removeFirst(); result.append("["); continue }
            guard let close = chars.firstIndex(of: "]") else { throw unclosedMarker(at: position) }
            let marker = String(chars[..<close])
            chars = chars[(close + 1)...]
            result += try component(marker.filter { !$0.isWhitespace }, fields, at: position)
        }
        return result
    }

    /// D3135: a `[` that opens a variable marker with no `]` after it.
    static func unclosedMarker(at position: Int) -> JSONataError {
        JSONataError(code: "D3135", message: "No matching closing bracket ']' in date/time picture string", position: position)
    }

    struct Fields {
        var year, month, day, hour, minute, second, millisecond, weekday, dayOfYear, offset: Int64
        /// Days since 1970-01-01 (local).
        var days: Int64

        /// The Thursday of this date's ISO week (Monday to Sunday): its year and month own the week.
        var thursday: (year: Int64, month: Int64, day: Int64, dayOfYear: Int64) {
            let t = days + (4 - weekday)
            let (y, m, d) = JSONataDateTime.civil(fromDays: t)
            return (y, m, d, t - JSONataDateTime.days(fromCivil: y, 1, 1) + 1)
        }
    }

    static func ordinalSuffix(_ n: Int64) -> String {
        if (11...13).contains(n % 100) { return "th" }
        switch n % 10 {
        case 1: return "st"
        case 2: return "nd"
        case 3: return "rd"
        default: return "th"
        }
    }

    /// The timezone argument as jsonata 2.0.6 reads it, in minutes: JavaScript's `parseInt` of the text (the
    /// digits after an optional sign, so `+05:30` is 5), then hours `floor(n / 100)` and minutes `n % 100` with
    /// the remainder's sign, so `-0130` is -2 hours and -30 minutes, -150 minutes, as JSONata computes it
    /// (offsets in whole hours, and all positive ones, come out as written). nil when there are no digits, or
    /// more than four (JSONata then writes NaN fields; this refuses with D3134).
    static func parseOffset(_ text: String) -> Int64? {
        var body = text.drop(while: \.isWhitespace)
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        guard (1...4).contains(digits.count), let magnitude = Int64(digits) else { return nil }
        let value = negative ? -magnitude : magnitude
        let hours = value >= 0 ? value / 100 : -((-value + 99) / 100)
        return hours * 60 + value % 100
    }

    private static func component(_ marker: String, _ f: Fields, at position: Int) throws(JSONataError) -> String {
        guard let letter = marker.first else { return "" }
        var presentation = String(marker.dropFirst())
        var minWidth: Int?
        var maxWidth: Int?
        // the width modifier follows the last comma when it reads as one (`[Y9,999,*]`: picture `9,999`, width `*`)
        if let comma = presentation.lastIndex(of: ","),
            case let spec = presentation[presentation.index(after: comma)...],
            !spec.isEmpty, spec.allSatisfy({ $0.isNumber || $0 == "*" || $0 == "-" })
        {
            let widths = spec.split(separator: "-", omittingEmptySubsequences: false)
            minWidth = widths.first.flatMap { Int($0) }
            maxWidth = widths.count > 1 ? Int(widths[1]) : nil
            presentation = String(presentation[..<comma])
        }
        func number(_ value: Int64, _ defaultPresentation: String) -> String {
            var picture = presentation.isEmpty ? defaultPresentation : presentation
            // words, roman numerals and letters, with the ordinal modifier: `[Dwo]`, `[YI]`, `[Yw]`, `[MA]`
            var ordinal = false
            var base = picture
            if base.count > 1, base.hasSuffix("o") || base.hasSuffix("c") {
                ordinal = base.hasSuffix("o")
                base.removeLast()
            }
            if ["w", "W", "Ww", "I", "i", "A", "a"].contains(base) {
                let text = (try? JSONataIntegerFormat.format(Double(value), picture: base + (ordinal ? ";o" : ""), at: position)) ?? String(value)
                return text
            }
            if base.contains(where: { !$0.isNumber && $0 != "#" }) { picture = base + (ordinal ? "o" : "") }
            // a decimal picture with grouping separators (`[Y9,999,*]`): $formatInteger's rules
            if !ordinal, base.contains(where: \.isNumber), base.contains(where: { !$0.isNumber && $0 != "#" }),
                let grouped = try? JSONataIntegerFormat.format(Double(abs(value)), picture: base, at: position)
            {
                var text = grouped
                while let minWidth, text.count < minWidth { text = "0" + text }
                return (value < 0 ? "-" : "") + text
            }
            let digits = max(picture.filter(\.isNumber).count, minWidth ?? 1)
            var text = String(abs(value))
            if letter == "Y", digits == 2 { text = String(text.suffix(2)) }
            while text.count < digits { text = "0" + text }
            if let maxWidth, letter == "Y", text.count > maxWidth { text = String(text.suffix(maxWidth)) }
            if picture.hasSuffix("o") { text += ordinalSuffix(abs(value)) }
            return (value < 0 ? "-" : "") + text
        }
        func name(_ full: String, _ defaultPresentation: String) -> String {
            let style = presentation.isEmpty ? defaultPresentation : presentation
            var text = full
            if let maxWidth, text.count > maxWidth { text = String(text.prefix(maxWidth)) }
            switch style {
            case "N": return text.uppercased()
            case "n": return text.lowercased()
            default: return text
            }
        }
        let isName = presentation.hasPrefix("N") || presentation.hasPrefix("n")
        // JSONata names months and days only: `[DN]`, `[YNn]` are D3133
        if isName, "YDdWwXHhmsf".contains(letter) {
            throw JSONataError(
                code: "D3133", message: "The 'name' modifier can only be applied to months and days in the date/time picture string, not \(JSONataValue.quoted(String(letter)))",
                position: position)
        }
        switch letter {
        case "Y": return number(f.year, "1")
        case "M": return isName ? name(monthNames[Int(f.month - 1)], "Nn") : number(f.month, "1")
        case "D": return number(f.day, "1")
        case "W": return number((f.thursday.dayOfYear - 1) / 7 + 1, "1")
        case "w": return number((f.thursday.day - 1) / 7 + 1, "1")
        case "X": return number(f.thursday.year, "1")
        case "x": return isName ? name(monthNames[Int(f.thursday.month - 1)], "Nn") : number(f.thursday.month, "1")
        case "E", "C": return "ISO"
        case "d": return number(f.dayOfYear, "1")
        case "F": return isName || presentation.isEmpty ? name(dayNames[Int(f.weekday - 1)], "n") : number(f.weekday, "1")
        case "H": return number(f.hour, "1")
        case "h": return number(f.hour % 12 == 0 ? 12 : f.hour % 12, "1")
        // JSONata writes the am/pm marker in lower case whatever the presentation (`[PN]` is "pm")
        case "P": return f.hour < 12 ? "am" : "pm"
        case "m": return number(f.minute, "01")
        case "s": return number(f.second, "01")
        case "f":
            // JSONata formats the milliseconds as an integer (its fractional-seconds rules are not implemented):
            // `[f001]` pads to three digits, `[f]` and `[f01]` write 121 as "121" and 5 as "5" / "05"
            let digits = max(presentation.filter(\.isNumber).count, minWidth ?? 1, 1)
            var text = String(f.millisecond)
            while text.count < digits { text = "0" + text }
            return text
        case "Z", "z":
            return try timezone(letter, presentation, offset: f.offset, at: position)
        default:
            throw JSONataError(code: "D3132", message: "Unknown component specifier \(JSONataValue.quoted(String(letter))) in date/time picture string", position: position)
        }
    }

    /// `[Z]` and `[z]` as JSONata formats them: the default picture `01:01` (`+05:30`), one or two digits for the
    /// hours with `:mm` only when the minutes are not zero (`[Z0]` → `+5:30`), three or four digits for `hhmm`
    /// (`[Z0000]` → `+0530`), `GMT` before `[z]`, and `Z` for a zero offset with the `t` modifier (`[Z01:01t]`).
    private static func timezone(_ letter: Character, _ presentation: String, offset: Int64, at position: Int) throws(JSONataError) -> String {
        var picture = presentation.isEmpty ? "01:01" : presentation
        let zulu = picture.hasSuffix("t")
        if zulu { picture.removeLast() }
        guard !picture.isEmpty, picture.contains(where: \.isNumber) else {
            // `[Zt]`, `[ZN]`: not a decimal picture, which JSONata refuses with D3134
            throw JSONataError(code: "D3134", message: "The timezone integer format specifier cannot have more than four digits", position: position)
        }
        if zulu, offset == 0 { return "Z" }
        let hours = abs(offset) / 60
        let minutes = abs(offset) % 60
        func padded(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(width - text.count, 0)) + text
        }
        let digits = picture.filter(\.isNumber).count
        var text: String
        if let separator = picture.first(where: { !$0.isNumber }) {
            // a grouped picture (`01:01`): hours and minutes around the separator
            let hourDigits = picture.prefix { $0.isNumber }.count
            let minuteDigits = picture.split(separator: separator).last.map { $0.filter(\.isNumber).count } ?? 2
            text = padded(hours, hourDigits) + String(separator) + padded(minutes, minuteDigits)
        } else if digits == 1 || digits == 2 {
            // JSONata writes the minutes as a signed number here: -0130 with [Z0] is "-2:-30"
            text = padded(hours, digits) + (minutes == 0 ? "" : ":" + (offset < 0 ? "-" : "") + padded(minutes, 2))
        } else if digits == 3 || digits == 4 {
            text = padded(hours * 100 + minutes, digits)
        } else {
            throw JSONataError(code: "D3134", message: "The timezone integer format specifier cannot have more than four digits", position: position)
        }
        text = (offset < 0 ? "-" : "+") + text
        return letter == "z" ? "GMT" + text : text
    }
}
