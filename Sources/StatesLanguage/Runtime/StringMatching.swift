/// `StringMatches` of a choice rule: `*` matches any run of characters (including none); `\*` is a literal
/// asterisk and `\\` a literal backslash (written `\\*` and `\\\\` inside JSON strings). Any other character,
/// including a backslash before another character, matches itself. Matching is case-sensitive.
public struct StringMatchPattern: Sendable, Hashable {
    enum Token: Sendable, Hashable {
        case literal(UInt16)
        case star
    }

    let tokens: [Token]

    public init(_ pattern: String) {
        var tokens: [Token] = []
        let units = Array(pattern.utf16)
        var index = 0
        let backslash = UInt16(UInt8(ascii: "\\"))
        let asterisk = UInt16(UInt8(ascii: "*"))
        while index < units.count {
            let unit = units[index]
            if unit == backslash, index + 1 < units.count, units[index + 1] == asterisk || units[index + 1] == backslash {
                tokens.append(.literal(units[index + 1]))
                index += 2
            } else if unit == asterisk {
                if tokens.last != .star { tokens.append(.star) }
                index += 1
            } else {
                tokens.append(.literal(unit))
                index += 1
            }
        }
        self.tokens = tokens
    }

    /// Whether the whole string matches the pattern.
    public func matches(_ text: String) -> Bool {
        let units = Array(text.utf16)
        var t = 0  // position in text
        var p = 0  // position in tokens
        var starToken = -1
        var starText = 0
        while t < units.count {
            if p < tokens.count, case .literal(let unit) = tokens[p], unit == units[t] {
                t += 1
                p += 1
            } else if p < tokens.count, tokens[p] == .star {
                starToken = p
                starText = t
                p += 1
            } else if starToken >= 0 {
                starText += 1
                t = starText
                p = starToken + 1
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == .star { p += 1 }
        return p == tokens.count
    }
}
