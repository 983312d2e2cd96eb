/// Compiles JSONPath text (Jayway syntax as AWS Step Functions accepts it) into a ``PathBody``.
struct JSONPathParser {
    private let text: String
    let bytes: [UInt8]
    var position = 0
    /// How deeply the filter expression being parsed nests (`!`, `(`, list literals, inner filters).
    var depth = 0
    /// Past this nesting the path is rejected, so hostile input cannot overflow the stack.
    static let maximumDepth = 256

    init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    var current: UInt8? { position < bytes.count ? bytes[position] : nil }
    func peek(_ offset: Int = 1) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONPathError {
        let where_ = offset ?? position
        if where_ >= bytes.count {
            return JSONPathError(message: "Invalid JSONPath '\(text)': \(message) at the end of the path")
        }
        return JSONPathError(message: "Invalid JSONPath '\(text)': \(message) at character \(where_ + 1)")
    }

    mutating func parsePath() throws(JSONPathError) -> (JSONPath.Root, PathBody) {
        guard current == UInt8(ascii: "$") else {
            throw bytes.isEmpty
                ? JSONPathError(message: "Invalid JSONPath '': a path must start with '$'")
                : error("a path must start with '$'", at: 0)
        }
        position += 1
        let root: JSONPath.Root
        if current == UInt8(ascii: "$") {
            position += 1
            root = .context
        } else if let byte = current, Self.isVariableStart(byte) {
            let start = position
            while let byte = current, Self.isVariableCharacter(byte) { position += 1 }
            root = .variable(String(decoding: bytes[start..<position], as: UTF8.self))
        } else {
            root = .input
        }
        let segments = try parseSegments(inFilter: false)
        if position < bytes.count {
            throw error("unexpected '\(Self.character(at: position, in: bytes))'")
        }
        return (root, PathBody(segments: segments))
    }

    /// Parses `.name`, `..name`, `[...]` steps until something that cannot continue a path.
    mutating func parseSegments(inFilter: Bool) throws(JSONPathError) -> [PathSegment] {
        var segments: [PathSegment] = []
        while let byte = current {
            switch byte {
            case UInt8(ascii: "."):
                let deep = peek() == UInt8(ascii: ".")
                position += deep ? 2 : 1
                if current == UInt8(ascii: "*") {
                    position += 1
                    segments.append(PathSegment(selector: .wildcard, isDeepScan: deep))
                } else if current == UInt8(ascii: "[") {
                    position += 1
                    segments.append(PathSegment(selector: try parseBracket(), isDeepScan: deep))
                } else {
                    let name = try parseName()
                    segments.append(PathSegment(selector: .member(name), isDeepScan: deep))
                }
            case UInt8(ascii: "["):
                position += 1
                segments.append(PathSegment(selector: try parseBracket(), isDeepScan: false))
            default:
                if inFilter { return segments }
                throw error("unexpected '\(Self.character(at: position, in: bytes))'")
            }
        }
        return segments
    }

    private mutating func parseName() throws(JSONPathError) -> String {
        let start = position
        while let byte = current, !Self.endsName(byte) { position += 1 }
        guard position > start else {
            if current == nil { throw error("expected a member name after '.'") }
            throw error("expected a member name, found '\(Self.character(at: position, in: bytes))'")
        }
        if current == UInt8(ascii: "(") {
            throw error("functions such as \(String(decoding: bytes[start..<position], as: UTF8.self))() are not supported")
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Parses the inside of `[...]`, after the `[`, up to and including the `]`.
    private mutating func parseBracket() throws(JSONPathError) -> PathSelector {
        skipSpaces()
        let selector: PathSelector
        switch current {
        case UInt8(ascii: "*"):
            position += 1
            selector = .wildcard
        case UInt8(ascii: "?"):
            position += 1
            skipSpaces()
            selector = .filter(try parseOr())
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            var names = [try parseQuoted()]
            skipSpaces()
            while current == UInt8(ascii: ",") {
                position += 1
                skipSpaces()
                guard current == UInt8(ascii: "'") || current == UInt8(ascii: "\"") else {
                    throw error("expected a quoted member name")
                }
                names.append(try parseQuoted())
                skipSpaces()
            }
            selector = names.count == 1 ? .member(names[0]) : .members(names)
        case UInt8(ascii: ":"):
            selector = try parseSlice(start: nil)
        case let byte? where Self.isDigit(byte) || byte == UInt8(ascii: "-"):
            let first = try parseInteger()
            skipSpaces()
            if current == UInt8(ascii: ":") {
                selector = try parseSlice(start: first)
            } else if current == UInt8(ascii: ",") {
                var indexes = [first]
                while current == UInt8(ascii: ",") {
                    position += 1
                    skipSpaces()
                    indexes.append(try parseInteger())
                    skipSpaces()
                }
                selector = .indexes(indexes)
            } else {
                selector = .index(first)
            }
        case nil:
            throw error("unclosed '['")
        default:
            throw error("expected '*', '?', a quoted name, an index or a slice after '['")
        }
        skipSpaces()
        guard current == UInt8(ascii: "]") else {
            throw current == nil ? error("expected ']'") : error("expected ']', found '\(Self.character(at: position, in: bytes))'")
        }
        position += 1
        return selector
    }

    private mutating func parseSlice(start: Int?) throws(JSONPathError) -> PathSelector {
        position += 1  // ':'
        skipSpaces()
        var end: Int?
        if let byte = current, Self.isDigit(byte) || byte == UInt8(ascii: "-") {
            end = try parseInteger()
            skipSpaces()
        }
        if current == UInt8(ascii: ":") { throw error("slice steps are not supported") }
        return .slice(start: start, end: end)
    }

    mutating func parseInteger() throws(JSONPathError) -> Int {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        while let byte = current, Self.isDigit(byte) { position += 1 }
        guard let value = Int(String(decoding: bytes[start..<position], as: UTF8.self)) else {
            throw error("expected an integer", at: start)
        }
        return value
    }

    /// A single- or double-quoted string with backslash escapes, after which the position is past the quote.
    mutating func parseQuoted() throws(JSONPathError) -> String {
        guard let quote = current else { throw error("expected a quoted string") }
        let start = position
        position += 1
        var result: [UInt8] = []
        while let byte = current {
            position += 1
            if byte == quote { return String(decoding: result, as: UTF8.self) }
            if byte == UInt8(ascii: "\\"), let escaped = current {
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "r"): result.append(0x0D)
                default: result.append(escaped)
                }
            } else {
                result.append(byte)
            }
        }
        throw error("unterminated string", at: start)
    }

    mutating func skipSpaces() {
        while let byte = current, byte == UInt8(ascii: " ") || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            position += 1
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isVariableStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    static func isVariableCharacter(_ byte: UInt8) -> Bool { isVariableStart(byte) || isDigit(byte) }

    /// Characters that end a member name in dot notation.
    static func endsName(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "("), UInt8(ascii: ")"),
            UInt8(ascii: " "), 0x09, 0x0A, 0x0D, UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: ","),
            UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "!"), UInt8(ascii: "&"),
            UInt8(ascii: "|"), UInt8(ascii: "~"), UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "@"):
            true
        default:
            false
        }
    }

    static func character(at offset: Int, in bytes: [UInt8]) -> String {
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: bytes[offset..<min(end, bytes.count)], as: UTF8.self)
    }

}
