extension JSONValue {
    /// How to write JSON text.
    public struct EncodingOptions: Sendable, Hashable {
        /// Indent nested values by this many spaces; `nil` writes compact JSON with no whitespace.
        public var indent: Int?
        /// Write object members sorted by key instead of in their own order.
        public var sortedKeys: Bool

        public init(indent: Int? = nil, sortedKeys: Bool = false) {
            self.indent = indent
            self.sortedKeys = sortedKeys
        }

        public static let compact = EncodingOptions()
        public static let pretty = EncodingOptions(indent: 2)
    }

    /// The JSON text of the value. The same value always gives the same text.
    public func jsonString(_ options: EncodingOptions = .compact) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        write(to: &output, options: options, level: 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// The UTF-8 bytes of ``jsonString(_:)``.
    public func jsonBytes(_ options: EncodingOptions = .compact) -> [UInt8] {
        var output: [UInt8] = []
        write(to: &output, options: options, level: 0)
        return output
    }

    /// The size in bytes of the compact UTF-8 encoding, as AWS counts payload sizes.
    public var encodedSize: Int { jsonBytes().count }

    func write(to output: inout [UInt8], options: EncodingOptions, level: Int) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let b): output.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): output.append(contentsOf: String(i).utf8)
        case .double(let d): output.append(contentsOf: JSONValue.format(d).utf8)
        case .string(let s): JSONValue.writeString(s, to: &output)
        case .array(let elements):
            guard !elements.isEmpty else { output.append(contentsOf: "[]".utf8); return }
            output.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                newline(&output, options, level + 1)
                element.write(to: &output, options: options, level: level + 1)
            }
            newline(&output, options, level)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else { output.append(contentsOf: "{}".utf8); return }
            output.append(UInt8(ascii: "{"))
            let keys = options.sortedKeys ? object.keys.sorted() : Array(object.keys)
            for (i, key) in keys.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                newline(&output, options, level + 1)
                JSONValue.writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                if options.indent != nil { output.append(UInt8(ascii: " ")) }
                object[key]!.write(to: &output, options: options, level: level + 1)
            }
            newline(&output, options, level)
            output.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ output: inout [UInt8], _ options: EncodingOptions, _ level: Int) {
        guard let indent = options.indent else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    /// Formats a double the shortest way that reads back to the same value; a whole number keeps a `.0`.
    static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        return d.description
    }

    static func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x08: output.append(contentsOf: #"\b"#.utf8)
            case 0x0C: output.append(contentsOf: #"\f"#.utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                output.append(contentsOf: "\\u00".utf8)
                if hex.count < 2 { output.append(UInt8(ascii: "0")) }
                output.append(contentsOf: hex.utf8)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? container.decode(Int.self) {
            self = .int(i)
        } else if let d = try? container.decode(Double.self) {
            self = .double(d)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else if let o = try? container.decode([String: JSONValue].self) {
            // Foundation's decoders do not expose member order; sort for a stable result.
            var object = JSONObject()
            for key in o.keys.sorted() { object[key] = o[key] }
            self = .object(object)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .int(let i):
            var c = encoder.singleValueContainer()
            try c.encode(i)
        case .double(let d):
            var c = encoder.singleValueContainer()
            try c.encode(d)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let a):
            var c = encoder.unkeyedContainer()
            for element in a { try c.encode(element) }
        case .object(let o):
            var c = encoder.container(keyedBy: JSONKey.self)
            for (key, value) in o { try c.encode(value, forKey: JSONKey(key)) }
        }
    }
}

struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
