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
        var result = ""
        var chars = Array(picture)[...]
        while let c = chars.popFirst() {
            if c == "]", chars.first == "]" { chars.removeFirst(); result.append("]"); continue }
            guard c == "[" else { result.append(c); continue }
            if chars.first == "[" { chars.removeFirst(); result.append("["); continue }
            var marker = ""
            while let m = chars.popFirst(), m != "]" { marker.append(m) }
            result += try component(marker.filter { !$0.isWhitespace }, fields, at: position)
        }
        return result
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

    static func parseOffset(_ text: String) -> Int64? {
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().filter { $0 != ":" }
        guard digits.count == 4, let h = Int64(digits.prefix(2)), let m = Int64(digits.suffix(2)) else { return nil }
        return (h * 60 + m) * (sign == "-" ? -1 : 1)
    }

    private static func component(_ marker: String, _ f: Fields, at position: Int) throws(JSONataError) -> String {
        guard let letter = marker.first else { return "" }
        var presentation = String(marker.dropFirst())
        var minWidth: Int?
        var maxWidth: Int?
        if let comma = presentation.firstIndex(of: ",") {
            let widths = presentation[presentation.index(after: comma)...].split(separator: "-", omittingEmptySubsequences: false)
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
        case "P": return name(f.hour < 12 ? "am" : "pm", "n")
        case "m": return number(f.minute, "01")
        case "s": return number(f.second, "01")
        case "f":
            let digits = max((presentation.isEmpty ? "001" : presentation).filter(\.isNumber).count, 1)
            var text = String(f.millisecond)
            while text.count < 3 { text = "0" + text }
            while text.count < digits { text += "0" }
            return String(text.prefix(digits))
        case "Z", "z":
            let sign = f.offset < 0 ? "-" : "+"
            let h = abs(f.offset) / 60, m = abs(f.offset) % 60
            if letter == "Z", presentation == "Z", f.offset == 0 { return "Z" }
            let hh = h < 10 ? "0\(h)" : "\(h)", mm = m < 10 ? "0\(m)" : "\(m)"
            let text = presentation == "0101" ? "\(sign)\(hh)\(mm)" : "\(sign)\(hh):\(mm)"
            return letter == "z" ? "GMT" + text : text
        default:
            throw JSONataError(code: "D3132", message: "Unknown component specifier \(letter) in date/time picture string", position: position)
        }
    }
}
