/// A light syntax check of JSONata expressions (the body between `{%` and `%}`): brackets balance and string,
/// regular-expression and comment literals are closed. It is not a JSONata parser; it catches the typing
/// mistakes that make AWS reject an expression, and accepts everything a parser would accept.
enum JSONataSyntax {
    /// Why the expression cannot parse, or nil when its brackets and literals are well formed.
    static func problem(in expression: Substring) -> String? {
        let characters = Array(expression)
        var closers: [Character] = []
        var index = 0
        var previous: Character?  // last non-space character outside literals
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\"", "'", "`":
                guard let end = closing(character, in: characters, from: index + 1) else {
                    return "unterminated \(character == "`" ? "name" : "string") literal"
                }
                index = end
            case "/" where index + 1 < characters.count && characters[index + 1] == "*":
                var end = index + 2
                while end + 1 < characters.count && !(characters[end] == "*" && characters[end + 1] == "/") { end += 1 }
                guard end + 1 < characters.count else { return "unterminated comment" }
                index = end + 1
            case "/" where previous.map({ "([,:=?&|!{;".contains($0) }) ?? true:
                // A regular expression literal: `/pattern/flags` where an operand is expected.
                guard let end = closing("/", in: characters, from: index + 1) else {
                    return "unterminated regular expression"
                }
                index = end
            case "(": closers.append(")")
            case "[": closers.append("]")
            case "{": closers.append("}")
            case ")", "]", "}":
                guard closers.popLast() == character else { return "unexpected '\(character)'" }
            default: break
            }
            if !character.isWhitespace { previous = characters[index] }
            index += 1
        }
        if let missing = closers.last { return "missing '\(missing)'" }
        return nil
    }

    /// The index of the unescaped `quote` that closes a literal starting at `start`.
    private static func closing(_ quote: Character, in characters: [Character], from start: Int) -> Int? {
        var index = start
        while index < characters.count {
            if characters[index] == "\\" {
                index += 2
                continue
            }
            if characters[index] == quote { return index }
            index += 1
        }
        return nil
    }
}
