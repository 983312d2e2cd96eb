/// Filter expressions: `[?(@.price < 10 && @.category == 'fiction')]`, `[?(@.isbn)]`, `[?(!@.isbn)]`.
extension JSONPathParser {
    mutating func parseOr() throws(JSONPathError) -> FilterExpression {
        var expression = try parseAnd()
        skipSpaces()
        while current == UInt8(ascii: "|") && peek() == UInt8(ascii: "|") {
            position += 2
            expression = .or(expression, try parseAnd())
            skipSpaces()
        }
        return expression
    }

    private mutating func parseAnd() throws(JSONPathError) -> FilterExpression {
        var expression = try parseUnary()
        skipSpaces()
        while current == UInt8(ascii: "&") && peek() == UInt8(ascii: "&") {
            position += 2
            expression = .and(expression, try parseUnary())
            skipSpaces()
        }
        return expression
    }

    private mutating func parseUnary() throws(JSONPathError) -> FilterExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw error("the filter expression nests more than \(Self.maximumDepth) levels deep")
        }
        skipSpaces()
        if current == UInt8(ascii: "!") && peek() != UInt8(ascii: "=") {
            position += 1
            return .not(try parseUnary())
        }
        if current == UInt8(ascii: "(") {
            position += 1
            let inner = try parseOr()
            skipSpaces()
            guard current == UInt8(ascii: ")") else { throw error("expected ')' in the filter expression") }
            position += 1
            return inner
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(JSONPathError) -> FilterExpression {
        let lhs = try parseOperand()
        skipSpaces()
        guard let op = parseOperator() else {
            guard lhs.isPath else { throw error("expected a comparison operator after a literal") }
            return .exists(lhs)
        }
        skipSpaces()
        let rhs = try parseOperand()
        if case .regex = rhs, op != .matches { throw error("a regular expression needs the '=~' operator") }
        if op == .matches, case .regex = rhs {} else if op == .matches {
            throw error("'=~' needs a regular expression such as /abc/i")
        }
        return .compare(lhs, op, rhs)
    }

    private mutating func parseOperator() -> FilterOperator? {
        for op in FilterOperator.allCases {
            let word = Array(op.rawValue.utf8)
            guard position + word.count <= bytes.count, Array(bytes[position..<position + word.count]) == word else {
                continue
            }
            if let first = word.first, JSONPathParser.isVariableStart(first) {
                // A word operator must stand alone: `in` is not the start of `index`.
                if let next = peek(word.count), JSONPathParser.isVariableCharacter(next) { continue }
            }
            position += word.count
            return op
        }
        return nil
    }

    private mutating func parseOperand() throws(JSONPathError) -> FilterOperand {
        skipSpaces()
        guard let byte = current else { throw error("expected a value in the filter expression") }
        switch byte {
        case UInt8(ascii: "@"):
            position += 1
            return .current(PathBody(segments: try parseSegments(inFilter: true)))
        case UInt8(ascii: "$"):
            position += 1
            return .document(PathBody(segments: try parseSegments(inFilter: true)))
        case UInt8(ascii: "/"):
            return try parseRegex()
        default:
            return .literal(try parseLiteral())
        }
    }

    private mutating func parseLiteral() throws(JSONPathError) -> JSONValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw error("the filter expression nests more than \(Self.maximumDepth) levels deep")
        }
        guard let byte = current else { throw error("expected a value in the filter expression") }
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try parseQuoted())
        case UInt8(ascii: "["):
            position += 1
            var items: [JSONValue] = []
            skipSpaces()
            if current == UInt8(ascii: "]") {
                position += 1
                return .array(items)
            }
            while true {
                skipSpaces()
                items.append(try parseLiteral())
                skipSpaces()
                if current == UInt8(ascii: ",") {
                    position += 1
                } else if current == UInt8(ascii: "]") {
                    position += 1
                    return .array(items)
                } else {
                    throw error("expected ',' or ']' in a list")
                }
            }
        case let byte where JSONPathParser.isDigit(byte) || byte == UInt8(ascii: "-"):
            let start = position
            position += 1
            while let byte = current,
                JSONPathParser.isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                    || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            {
                position += 1
            }
            let literal = String(decoding: bytes[start..<position], as: UTF8.self)
            if let int = Int(literal) { return .int(int) }
            if let double = Double(literal), double.isFinite { return .double(double) }
            throw error("invalid number '\(literal)'", at: start)
        default:
            for (word, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)] {
                let w = Array(word.utf8)
                if position + w.count <= bytes.count, Array(bytes[position..<position + w.count]) == w {
                    position += w.count
                    return value
                }
            }
            throw error("unexpected '\(JSONPathParser.character(at: position, in: bytes))' in the filter expression")
        }
    }

    private mutating func parseRegex() throws(JSONPathError) -> FilterOperand {
        let start = position
        position += 1
        var pattern: [UInt8] = []
        while let byte = current, byte != UInt8(ascii: "/") {
            pattern.append(byte)
            position += 1
            if byte == UInt8(ascii: "\\"), let escaped = current {
                pattern.append(escaped)
                position += 1
            }
        }
        guard current == UInt8(ascii: "/") else { throw error("unterminated regular expression", at: start) }
        position += 1
        var caseInsensitive = false
        while let byte = current, JSONPathParser.isVariableStart(byte) {
            if byte == UInt8(ascii: "i") { caseInsensitive = true }
            position += 1
        }
        return .regex(pattern: String(decoding: pattern, as: UTF8.self), caseInsensitive: caseInsensitive)
    }
}
