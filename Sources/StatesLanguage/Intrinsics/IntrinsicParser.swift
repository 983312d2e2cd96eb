/// Parses `States.Name(arg, ...)` with string literals (`'...'` with backslash escapes such as `\'`, `\{`, `\}`, `\\`),
/// numbers, `true`, `false`, `null`, paths (`$.x`, `$$.x`, `$var`) and nested invocations.
struct IntrinsicParser {
    private let text: String
    private let bytes: [UInt8]
    private var position = 0
    private var callCount = 0

    init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func error(_ message: String) -> IntrinsicFunctionError {
        IntrinsicFunctionError(message: "Invalid intrinsic function '\(text)': \(message)")
    }

    private func errorHere(_ message: String) -> IntrinsicFunctionError {
        position >= bytes.count ? error("\(message) at the end") : error("\(message) at character \(position + 1)")
    }

    mutating func parseExpression() throws(IntrinsicFunctionError) -> IntrinsicCall {
        skipSpaces()
        let call = try parseCall(depth: 1)
        skipSpaces()
        guard position == bytes.count else { throw errorHere("unexpected text after the closing ')'") }
        return call
    }

    private mutating func parseCall(depth: Int) throws(IntrinsicFunctionError) -> IntrinsicCall {
        callCount += 1
        guard callCount <= IntrinsicExpression.maximumNesting else {
            throw error("more than \(IntrinsicExpression.maximumNesting) intrinsic functions in one field")
        }
        let start = position
        while let byte = current, byte == UInt8(ascii: ".") || Self.isNameCharacter(byte) { position += 1 }
        let name = String(decoding: bytes[start..<position], as: UTF8.self)
        guard !name.isEmpty else { throw errorHere("expected an intrinsic function name such as States.Format") }
        guard let function = IntrinsicFunction(rawValue: name) else {
            throw error("'\(name)' is not an intrinsic function")
        }
        skipSpaces()
        guard current == UInt8(ascii: "(") else { throw errorHere("expected '(' after \(name)") }
        position += 1
        var arguments: [IntrinsicArgument] = []
        skipSpaces()
        if current == UInt8(ascii: ")") {
            position += 1
        } else {
            while true {
                skipSpaces()
                arguments.append(try parseArgument(depth: depth))
                skipSpaces()
                if current == UInt8(ascii: ",") {
                    position += 1
                } else if current == UInt8(ascii: ")") {
                    position += 1
                    break
                } else {
                    throw errorHere("expected ',' or ')' in the arguments of \(name)")
                }
            }
        }
        guard function.arity.contains(arguments.count) else {
            throw error("\(name) takes \(function.arityDescription) but was given \(arguments.count)")
        }
        if let problem = function.checkLiterals(arguments) { throw error(problem) }
        return IntrinsicCall(function: function, arguments: arguments)
    }

    private mutating func parseArgument(depth: Int) throws(IntrinsicFunctionError) -> IntrinsicArgument {
        guard let byte = current else { throw errorHere("expected an argument") }
        switch byte {
        case UInt8(ascii: "'"):
            return try parseString()
        case UInt8(ascii: "$"):
            return .path(try parsePath())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .literal(try parseNumber(), formatSegments: nil)
        default:
            for (word, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)]
            where matchesWord(word) {
                position += word.utf8.count
                return .literal(value, formatSegments: nil)
            }
            if bytes[position...].starts(with: "States.".utf8) {
                return .call(try parseCall(depth: depth + 1))
            }
            throw errorHere("expected a string, number, boolean, null, path or intrinsic function")
        }
    }

    private func matchesWord(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard bytes[position...].starts(with: w) else { return false }
        let after = position + w.count
        return after >= bytes.count || !Self.isNameCharacter(bytes[after])
    }

    /// A single-quoted literal. Keeps the text split at unescaped `{}` for `States.Format`.
    private mutating func parseString() throws(IntrinsicFunctionError) -> IntrinsicArgument {
        let start = position
        position += 1
        var value: [UInt8] = []
        var segments: [String] = []
        var segment: [UInt8] = []
        var loneBrace = false
        while let byte = current {
            position += 1
            switch byte {
            case UInt8(ascii: "'"):
                segments.append(String(decoding: segment, as: UTF8.self))
                // no segments at all: the text has a `{` that opens no `{}` (see `IntrinsicArgument.literal`)
                return .literal(.string(String(decoding: value, as: UTF8.self)), formatSegments: loneBrace ? [] : segments)
            case UInt8(ascii: "\\"):
                guard let escaped = current else {
                    position -= 1
                    throw errorHere("an open escape '\\' with nothing after it")
                }
                position += 1
                let character = Self.unescaped(escaped)
                value.append(character)
                segment.append(character)
            case UInt8(ascii: "{") where current == UInt8(ascii: "}"):
                position += 1
                value.append(contentsOf: "{}".utf8)
                segments.append(String(decoding: segment, as: UTF8.self))
                segment.removeAll(keepingCapacity: true)
            default:
                if byte == UInt8(ascii: "{") { loneBrace = true }
                value.append(byte)
                segment.append(byte)
            }
        }
        position = start
        throw errorHere("unterminated string literal")
    }

    /// What `\c` stands for inside a literal: the control characters of `\n`, `\t`, `\r`, `\b` and `\f`, else `c`
    /// itself. AWS accepts any escape, not only the documented `\'`, `\{`, `\}` and `\\`: recorded against AWS
    /// (LocalStack's test_json_manipulation test_json_merge_escaped_argument, `'{\"constant_in_literal\": \"false\"}'`
    /// is the JSON text `{"constant_in_literal": "false"}`; test_generic test_escape_sequence,
    /// `States.StringSplit('Hello\nWorld', '\n')` is `["Hello", "World"]`).
    private static func unescaped(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "n"): UInt8(ascii: "\n")
        case UInt8(ascii: "t"): UInt8(ascii: "\t")
        case UInt8(ascii: "r"): UInt8(ascii: "\r")
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        default: byte
        }
    }

    private mutating func parseNumber() throws(IntrinsicFunctionError) -> JSONValue {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        while let byte = current,
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+")
                || (byte == UInt8(ascii: "-") && position > start && (bytes[position - 1] | 0x20) == UInt8(ascii: "e"))
        {
            position += 1
        }
        let literal = String(decoding: bytes[start..<position], as: UTF8.self)
        if let value = try? JSONValue(parsing: literal), value.isNumber { return value }
        position = start
        throw errorHere("invalid number '\(literal)'")
    }

    /// A path runs to the next `,` or `)` outside brackets, quotes and parentheses.
    private mutating func parsePath() throws(IntrinsicFunctionError) -> JSONPath {
        let start = position
        var depth = 0
        var quote: UInt8?
        scan: while let byte = current {
            if let open = quote {
                if byte == UInt8(ascii: "\\") { position += 2; continue }
                if byte == open { quote = nil }
            } else {
                switch byte {
                case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = byte
                case UInt8(ascii: "["), UInt8(ascii: "("): depth += 1
                case UInt8(ascii: "]"): depth -= 1
                case UInt8(ascii: ")"):
                    if depth == 0 { break scan }
                    depth -= 1
                case UInt8(ascii: ","), UInt8(ascii: " "), 0x09, 0x0A, 0x0D:
                    if depth == 0 { break scan }
                default: break
                }
            }
            position += 1
        }
        let pathText = String(decoding: bytes[start..<min(position, bytes.count)], as: UTF8.self)
        do {
            return try JSONPath(pathText)
        } catch {
            throw self.error(error.message)
        }
    }

    private mutating func skipSpaces() {
        while let byte = current, byte == UInt8(ascii: " ") || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    private static func isNameCharacter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }
}
