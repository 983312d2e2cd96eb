import Foundation

/// `$toMillis(timestamp, picture)`: reads a timestamp laid out by an XPath date/time picture (the inverse of
/// `$fromMillis`): numeric components (`[Y0001]`, `[M01]`, `[D1o]`, `[H]`, `[h]`, `[m]`, `[s]`, `[f]`),
/// month and day names (`[MNn]`, `[FNn,3-3]`), roman years (`[YI]`), `[P]`, and `[Z]`/`[z]` offsets.
/// Components the picture leaves out default as JSONata defaults them: the date to today, the time to midnight.
extension JSONataDateTime {
    private enum Token {
        case literal([Unicode.Scalar])
        case component(letter: Character, presentation: String, maxWidth: Int?)
    }

    private static func tokens(_ picture: String) -> [Token] {
        var tokens: [Token] = []
        var literal: [Unicode.Scalar] = []
        var chars = Array(picture)[...]
        while let c = chars.popFirst() {
            if c == "]", chars.first == "]" { chars.removeFirst(); literal.append("]"); continue }
            guard c == "[" else { literal.append(contentsOf: c.unicodeScalars); continue }
            if chars.first == "[" { chars.removeFirst(); literal.append("["); continue }
            var marker = ""
            while let m = chars.popFirst(), m != "]" { if !m.isWhitespace { marker.append(m) } }
            guard let letter = marker.first else { continue }
            if !literal.isEmpty { tokens.append(.literal(literal)); literal = [] }
            var presentation = String(marker.dropFirst())
            var maxWidth: Int?
            if let comma = presentation.firstIndex(of: ",") {
                let widths = presentation[presentation.index(after: comma)...].split(separator: "-", omittingEmptySubsequences: false)
                maxWidth = widths.count > 1 ? Int(widths[1]) : nil
                presentation = String(presentation[..<comma])
            }
            tokens.append(.component(letter: letter, presentation: presentation, maxWidth: maxWidth))
        }
        if !literal.isEmpty { tokens.append(.literal(literal)) }
        return tokens
    }

    /// The instant `text` denotes, or nil when it does not fit the picture.
    static func parse(_ text: String, picture: String, now: Int64, at position: Int) throws(JSONataError) -> Int64? {
        let input = Array(text.unicodeScalars)
        var index = 0
        var values: [Character: Int64] = [:]
        var offsetMinutes: Int64 = 0
        var pm: Bool?
        let tokens = tokens(picture)
        func lower(_ s: Unicode.Scalar) -> Unicode.Scalar { s.properties.lowercaseMapping.unicodeScalars.first ?? s }
        func matchWord(_ candidates: [String]) -> Int? {
            for (i, word) in candidates.enumerated() {
                let scalars = Array(word.unicodeScalars)
                guard index + scalars.count <= input.count else { continue }
                if zip(scalars, input[index...]).allSatisfy({ lower($0) == lower($1) }) {
                    index += scalars.count
                    return i
                }
            }
            return nil
        }
        func digits(max count: Int?) -> Int64? {
            var value: Int64 = 0
            var taken = 0
            while index < input.count, let d = input[index].properties.numericType != nil ? Int64(String(input[index])) : nil,
                taken < (count ?? 18)
            {
                value = value * 10 + d
                index += 1
                taken += 1
            }
            return taken > 0 ? value : nil
        }
        for (k, token) in tokens.enumerated() {
            switch token {
            case .literal(let scalars):
                guard index + scalars.count <= input.count, Array(input[index..<index + scalars.count]) == scalars else { return nil }
                index += scalars.count
            case .component(let letter, let presentation, let maxWidth):
                let adjacent: Bool
                if k + 1 < tokens.count, case .component = tokens[k + 1] { adjacent = true } else { adjacent = false }
                let isName = presentation.hasPrefix("N") || presentation.hasPrefix("n")
                switch letter {
                case "M" where isName, "x" where isName:
                    let full = monthNames, short = monthNames.map { String($0.prefix(maxWidth ?? 3)) }
                    guard let month = matchWord(full) ?? matchWord(short) else { return nil }
                    values["M"] = Int64(month + 1)
                case "F" where isName || presentation.isEmpty:
                    let short = dayNames.map { String($0.prefix(maxWidth ?? 3)) }
                    guard matchWord(dayNames) ?? matchWord(short) != nil else { return nil }
                case "P":
                    guard let half = matchWord(["am", "pm", "a.m.", "p.m."]) else { return nil }
                    pm = half % 2 == 1
                case "Z", "z":
                    if letter == "z" { _ = matchWord(["GMT", "UTC"]) }
                    if index < input.count, input[index] == "Z" {
                        index += 1
                        continue
                    }
                    guard index < input.count, input[index] == "+" || input[index] == "-" else { return nil }
                    let negative = input[index] == "-"
                    index += 1
                    guard let hours = digits(max: 2) else { return nil }
                    if index < input.count, input[index] == ":" { index += 1 }
                    let minutes = digits(max: 2) ?? 0
                    offsetMinutes = (hours * 60 + minutes) * (negative ? -1 : 1)
                case "Y" where presentation.hasPrefix("I") || presentation.hasPrefix("i"):
                    var numeral = ""
                    while index < input.count, "MDCLXVImdclxvi".unicodeScalars.contains(input[index]) {
                        numeral.unicodeScalars.append(input[index])
                        index += 1
                    }
                    guard let year = try JSONataIntegerFormat.parse(numeral, picture: "I", at: position), !numeral.isEmpty else { return nil }
                    values["Y"] = Int64(year)
                default:
                    let width = presentation.filter(\.isNumber).count
                    guard let value = digits(max: adjacent ? max(width, letter == "Y" ? 4 : 2) : nil) else { return nil }
                    if presentation.hasSuffix("o") { _ = matchWord(["st", "nd", "rd", "th"]) }
                    if letter == "f" {
                        let taken = String(value).count
                        values["f"] = taken >= 3 ? value : value * Int64(pow(10, Double(3 - taken)))
                    } else {
                        values[letter] = value
                    }
                }
            }
        }
        guard index == input.count else { return nil }
        let (nowDays, _) = now.quotientAndRemainder(dividingBy: 86_400_000)
        let (nowYear, nowMonth, nowDay) = civil(fromDays: nowDays)
        var hour = values["H"] ?? 0
        if let h = values["h"] { hour = h % 12 + (pm == true ? 12 : 0) } else if pm == true, hour < 12 { hour += 12 }
        let dateGiven = values["Y"] != nil || values["M"] != nil || values["D"] != nil || values["d"] != nil
        let year = values["Y"] ?? nowYear
        var days: Int64
        if let dayOfYear = values["d"] {
            days = self.days(fromCivil: year, 1, 1) + dayOfYear - 1
        } else {
            let month = values["M"] ?? (dateGiven && values["Y"] != nil ? 1 : nowMonth)
            let day = values["D"] ?? (dateGiven ? 1 : nowDay)
            guard (1...12).contains(month), (1...31).contains(day) else { return nil }
            days = self.days(fromCivil: year, month, day)
        }
        let minute = values["m"] ?? 0, second = values["s"] ?? 0, millisecond = values["f"] ?? 0
        return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + millisecond
    }
}
