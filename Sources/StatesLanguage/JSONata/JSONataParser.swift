/// A Pratt (top-down operator precedence) parser for JSONata 2.0 expressions.
struct JSONataParser {
    var tokens: [JSONataToken]
    let source: [Character]
    var index = 0
    /// How many `expression` calls are active, so deeply nested input fails with S0215 instead of overflowing the stack.
    var depth = 0
    static let maxDepth = 256

    init(_ text: String) throws(JSONataError) {
        tokens = try JSONataLexer.tokenize(text)
        source = Array(text)
    }

    static func parse(_ text: String) throws(JSONataError) -> JSONataNode {
        var parser = try JSONataParser(text)
        let node = try parser.expression(0)
        let token = parser.current
        guard token.kind == .end else { throw .unexpected(token.text, at: token.position) }
        try checkParents(node)
        return node
    }

    private static let bindingPowers: [String: Int] = [
        ".": 75, "[": 80, "]": 0, "{": 70, "}": 0, "(": 80, ")": 0, ",": 0, "@": 80, "#": 80, ";": 0, ":": 0,
        "?": 20, "+": 50, "-": 50, "*": 60, "/": 60, "%": 60, "|": 0, "=": 40, "<": 40, ">": 40, "^": 40,
        "**": 60, "..": 0, ":=": 10, "!=": 40, "<=": 40, ">=": 40, "~>": 40, "and": 30, "or": 25, "in": 40,
        "&": 50, "!": 0,
    ]

    var current: JSONataToken { tokens[min(index, tokens.count - 1)] }

    func isOperator(_ text: String) -> Bool { current.kind == .operator && current.text == text }

    mutating func advance() -> JSONataToken {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    mutating func expect(_ text: String) throws(JSONataError) {
        let token = current
        guard token.kind == .operator, token.text == text else {
            if token.kind == .end {
                throw .syntax("S0203", "Expected \"\(text)\" before end of expression", at: token.position)
            }
            throw .syntax("S0202", "Expected \"\(text)\", got \"\(token.text)\"", at: token.position)
        }
        index += 1
    }

    private var leftBindingPower: Int {
        let token = current
        guard token.kind == .operator else { return 0 }
        return Self.bindingPowers[token.text] ?? 0
    }

    mutating func expression(_ rightBindingPower: Int) throws(JSONataError) -> JSONataNode {
        guard depth < Self.maxDepth else {
            throw .syntax("S0215", "Expression nested too deeply (more than \(Self.maxDepth) levels)", at: current.position)
        }
        depth += 1
        defer { depth -= 1 }
        var left = try nud(advance())
        while rightBindingPower < leftBindingPower {
            left = try led(advance(), left)
        }
        return left
    }

    // MARK: prefix

    private mutating func nud(_ token: JSONataToken) throws(JSONataError) -> JSONataNode {
        let at = token.position
        switch token.kind {
        case .end:
            throw .syntax("S0207", "Unexpected end of expression", at: at)
        case .string: return JSONataNode(.string(token.text), at: at)
        case .number: return JSONataNode(.number(token.number), at: at)
        case .value:
            switch token.text {
            case "true": return JSONataNode(.bool(true), at: at)
            case "false": return JSONataNode(.bool(false), at: at)
            default: return JSONataNode(.null, at: at)
            }
        case .regex: return JSONataNode(.regex(pattern: token.text, flags: token.regexFlags), at: at)
        case .variable: return JSONataNode(.variable(token.text), at: at)
        case .name:
            if (token.text == "function" || token.text == "λ"), isOperator("(") { return try lambda(at: at) }
            return JSONataNode(.path([JSONataNode(.name(token.text), at: at)]), at: at)
        case .operator:
            return try prefixOperator(token)
        }
    }

    private mutating func prefixOperator(_ token: JSONataToken) throws(JSONataError) -> JSONataNode {
        let at = token.position
        switch token.text {
        case "and", "or", "in":
            return JSONataNode(.path([JSONataNode(.name(token.text), at: at)]), at: at)
        case "-":
            let operand = try expression(70)
            if case .number(let n) = operand.kind, operand.predicates.isEmpty { return JSONataNode(.number(-n), at: at) }
            return JSONataNode(.negate(operand), at: at)
        case "*": return JSONataNode(.path([JSONataNode(.wildcard, at: at)]), at: at)
        case "**": return JSONataNode(.path([JSONataNode(.descendant, at: at)]), at: at)
        case "(":
            var items: [JSONataNode] = []
            while !isOperator(")") {
                items.append(try expression(0))
                guard isOperator(";") else { break }
                _ = advance()
            }
            try expect(")")
            return JSONataNode(.block(items), at: at)
        case "[":
            var items: [JSONataNode] = []
            if !isOperator("]") {
                while true {
                    var item = try expression(0)
                    if isOperator("..") {
                        let rangeAt = advance().position
                        item = JSONataNode(.binary("..", item, try expression(0)), at: rangeAt)
                    }
                    items.append(item)
                    guard isOperator(",") else { break }
                    _ = advance()
                }
            }
            try expect("]")
            return JSONataNode(.array(items), at: at)
        case "{":
            return JSONataNode(.object(try pairs()), at: at)
        case "%":
            return JSONataNode(.path([JSONataNode(.parent, at: at)]), at: at)
        case "|":
            let pattern = try expression(0)
            try expect("|")
            let update = try expression(0)
            var delete: JSONataNode?
            if isOperator(",") {
                _ = advance()
                delete = try expression(0)
            }
            try expect("|")
            return JSONataNode(.transform(pattern: pattern, update: update, delete: delete), at: at)
        default:
            throw .syntax("S0211", "The symbol \(JSONataValue.quoted(token.text)) cannot be used as a unary operator", at: at)
        }
    }

    mutating func pairs() throws(JSONataError) -> [JSONataNode.Pair] {
        var pairs: [JSONataNode.Pair] = []
        if !isOperator("}") {
            while true {
                let key = try expression(0)
                try expect(":")
                pairs.append(JSONataNode.Pair(key: key, value: try expression(0)))
                guard isOperator(",") else { break }
                _ = advance()
            }
        }
        try expect("}")
        return pairs
    }

    private mutating func lambda(at: Int) throws(JSONataError) -> JSONataNode {
        try expect("(")
        var parameters: [String] = []
        while !isOperator(")") {
            let token = advance()
            guard token.kind == .variable else {
                throw .syntax("S0208", "Parameter \(JSONataValue.quoted(token.text)) of function definition must be a variable name (start with $)", at: token.position)
            }
            parameters.append(token.text)
            guard isOperator(",") else { break }
            _ = advance()
        }
        try expect(")")
        var signature: JSONataSignature?
        if isOperator("<") {
            let start = current.position
            var depth = 0
            var end = start
            repeat {
                let token = advance()
                if token.kind == .end { throw .syntax("S0203", "Expected \">\" before end of expression", at: token.position) }
                if token.kind == .operator, token.text == "<" { depth += 1 }
                if token.kind == .operator, token.text == ">" {
                    depth -= 1
                    end = token.position
                }
            } while depth > 0
            signature = try JSONataSignature(String(source[start...min(end, source.count - 1)]).filter { !$0.isWhitespace })
        }
        try expect("{")
        let body = try expression(0)
        try expect("}")
        return JSONataNode(.lambda(parameters: parameters, body: body, signature: signature), at: at)
    }
}
