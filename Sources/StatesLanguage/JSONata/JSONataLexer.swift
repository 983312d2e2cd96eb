/// A token of a JSONata expression.
struct JSONataToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case name, variable, string, number, value, regex, `operator`, end
    }
    var kind: Kind
    /// The operator or name text, the string's unescaped value, or the variable name without `$`.
    var text: String
    var number: Double = 0
    var regexFlags: String = ""
    var position: Int
}

/// Splits a JSONata expression into tokens.
struct JSONataLexer {
    private let chars: [Character]
    private var index = 0
    private var previous: JSONataToken?

    init(_ text: String) { chars = Array(text) }

    static let operators: Set<String> = [
        ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%", "|", "=", "<",
        ">", "^", "**", "..", ":=", "!=", "<=", ">=", "~>", "&", "!",
    ]

    static func tokenize(_ text: String) throws(JSONataError) -> [JSONataToken] {
        var lexer = JSONataLexer(text)
        var tokens: [JSONataToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            lexer.previous = token
            if token.kind == .end { return tokens }
        }
    }

    private var regexAllowed: Bool {
        guard let previous else { return true }
        switch previous.kind {
        case .name, .variable, .string, .number, .value, .regex: return false
        case .operator: return ![")", "]", "}"].contains(previous.text)
        case .end: return true
        }
    }

    private func peek(_ offset: Int = 0) -> Character? {
        index + offset < chars.count ? chars[index + offset] : nil
    }

    private mutating func skipWhitespaceAndComments() throws(JSONataError) {
        while let c = peek() {
            if c.isWhitespace {
                index += 1
            } else if c == "/", peek(1) == "*" {
                let start = index
                index += 2
                while !(peek() == "*" && peek(1) == "/") {
                    guard peek() != nil else {
                        throw .syntax("S0106", "Comment has no closing tag", at: start)
                    }
                    index += 1
                }
                index += 2
            } else {
                return
            }
        }
    }

    mutating func next() throws(JSONataError) -> JSONataToken {
        try skipWhitespaceAndComments()
        let start = index
        guard let c = peek() else { return JSONataToken(kind: .end, text: "(end)", position: index) }
        if c == "/", regexAllowed { return try scanRegex() }
        // two-character operators first
        if let d = peek(1) {
            let pair = String([c, d])
            if pair == ".." || pair == ":=" || pair == "!=" || pair == ">=" || pair == "<=" || pair == "**" || pair == "~>" {
                index += 2
                return JSONataToken(kind: .operator, text: pair, position: start)
            }
        }
        if Self.operators.contains(String(c)) {
            index += 1
            return JSONataToken(kind: .operator, text: String(c), position: start)
        }
        if c == "\"" || c == "'" { return try scanString(quote: c) }
        if c.isASCII, c.isNumber { return try scanNumber() }
        if c == "`" {
            index += 1
            var name = ""
            while let ch = peek(), ch != "`" {
                name.append(ch)
                index += 1
            }
            guard peek() == "`" else { throw .syntax("S0105", "Quoted property name must be terminated with a backquote (`)", at: start) }
            index += 1
            return JSONataToken(kind: .name, text: name, position: start)
        }
        // names and variables run to the next operator or whitespace
        let isVariable = c == "$"
        if isVariable { index += 1 }
        var name = ""
        while let ch = peek(), !ch.isWhitespace, !Self.operators.contains(String(ch)), ch != "\"", ch != "'", ch != "`" {
            name.append(ch)
            index += 1
        }
        if isVariable { return JSONataToken(kind: .variable, text: name, position: start) }
        switch name {
        case "and", "or", "in": return JSONataToken(kind: .operator, text: name, position: start)
        case "true", "false", "null": return JSONataToken(kind: .value, text: name, position: start)
        default:
            if name.isEmpty { throw .syntax("S0204", "Unknown operator: \"\(c)\"", at: start) }
            return JSONataToken(kind: .name, text: name, position: start)
        }
    }

    private mutating func scanString(quote: Character) throws(JSONataError) -> JSONataToken {
        let start = index
        index += 1
        var value = ""
        while let c = peek() {
            index += 1
            if c == quote { return JSONataToken(kind: .string, text: value, position: start) }
            guard c == "\\" else {
                value.append(c)
                continue
            }
            guard let e = peek() else { break }
            index += 1
            switch e {
            case "\"", "\\", "/", "'": value.append(e)
            case "b": value.append("\u{8}")
            case "f": value.append("\u{C}")
            case "n": value.append("\n")
            case "r": value.append("\r")
            case "t": value.append("\t")
            case "u":
                guard index + 4 <= chars.count, let code = UInt32(String(chars[index..<index + 4]), radix: 16) else {
                    throw .syntax("S0104", "The escape sequence \\u must be followed by 4 hex digits", at: index)
                }
                index += 4
                if (0xD800...0xDBFF).contains(code), peek() == "\\", peek(1) == "u", index + 6 <= chars.count,
                    let low = UInt32(String(chars[index + 2..<index + 6]), radix: 16), (0xDC00...0xDFFF).contains(low)
                {
                    index += 6
                    let scalar = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    if let u = Unicode.Scalar(scalar) { value.unicodeScalars.append(u) }
                } else if let u = Unicode.Scalar(code) {
                    value.unicodeScalars.append(u)
                } else {
                    value.append("\u{FFFD}")
                }
            default:
                throw .syntax("S0103", "Unsupported escape sequence: \\\(JSONataValue.quoted(String(e)))", at: index - 1)
            }
        }
        throw .syntax("S0101", "String literal must be terminated by a matching quote", at: start)
    }

    private mutating func scanNumber() throws(JSONataError) -> JSONataToken {
        let start = index
        func digits() { while let c = peek(), c.isASCII, c.isNumber { index += 1 } }
        if peek() == "0" { index += 1 } else { digits() }
        if peek() == ".", let d = peek(1), d.isASCII, d.isNumber {
            index += 1
            digits()
        }
        if let e = peek(), e == "e" || e == "E" {
            var offset = 1
            if let s = peek(1), s == "+" || s == "-" { offset = 2 }
            if let d = peek(offset), d.isASCII, d.isNumber {
                index += offset
                digits()
            }
        }
        let text = String(chars[start..<index])
        guard let value = Double(text), value.isFinite else {
            throw .syntax("S0102", "Number out of range: \(JSONataValue.quoted(text))", at: start)
        }
        return JSONataToken(kind: .number, text: text, number: value, position: start)
    }

    private mutating func scanRegex() throws(JSONataError) -> JSONataToken {
        let start = index
        index += 1
        var depth = 0
        var pattern = ""
        while let c = peek() {
            if c == "/", depth == 0, !pattern.hasSuffix("\\") || pattern.hasSuffix("\\\\") {
                index += 1
                guard !pattern.isEmpty else { throw .syntax("S0301", "Empty regular expressions are not allowed", at: start) }
                var flags = ""
                while let f = peek(), f == "i" || f == "m" {
                    flags.append(f)
                    index += 1
                }
                return JSONataToken(kind: .regex, text: pattern, regexFlags: flags, position: start)
            }
            if c == "(" || c == "[" || c == "{" { depth += pattern.hasSuffix("\\") ? 0 : 1 }
            if c == ")" || c == "]" || c == "}" { depth -= pattern.hasSuffix("\\") ? 0 : 1 }
            pattern.append(c)
            index += 1
        }
        throw .syntax("S0302", "No terminating / in regular expression", at: start)
    }
}
