import OrderedCollections

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

    /// Writes the value: the first ``recursionBudget`` levels of nesting by recursion (no container kept on a
    /// stack of our own, no copy of each container per member), anything deeper by ``writeIteratively(to:options:level:)``,
    /// so a value of any depth is written in bounded native stack space.
    package func write(to output: inout [UInt8], options: EncodingOptions, level: Int) {
        writeNested(to: &output, options: options, level: level, budget: Self.recursionBudget)
    }

    /// Levels of nesting written by recursion before the iterative writer takes over.
    static let recursionBudget = 32

    private func writeNested(to output: inout [UInt8], options: EncodingOptions, level: Int, budget: Int) {
        switch self {
        case .array(let elements) where !elements.isEmpty:
            guard budget > 0 else { return writeIteratively(to: &output, options: options, level: level) }
            output.append(UInt8(ascii: "["))
            for index in elements.indices {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(&output, options, level + 1)
                elements[index].writeNested(to: &output, options: options, level: level + 1, budget: budget - 1)
            }
            newline(&output, options, level)
            output.append(UInt8(ascii: "]"))
        case .object(let object) where !object.isEmpty:
            guard budget > 0 else { return writeIteratively(to: &output, options: options, level: level) }
            output.append(UInt8(ascii: "{"))
            let sorted = options.sortedKeys ? object.keys.indices.sorted { object.keys[$0] < object.keys[$1] } : nil
            for next in 0..<object.count {
                let position = sorted?[next] ?? next
                if next > 0 { output.append(UInt8(ascii: ",")) }
                newline(&output, options, level + 1)
                JSONValue.writeString(object.keys[position], to: &output)
                output.append(UInt8(ascii: ":"))
                if options.indent != nil { output.append(UInt8(ascii: " ")) }
                object.values[position].writeNested(to: &output, options: options, level: level + 1, budget: budget - 1)
            }
            newline(&output, options, level)
            output.append(UInt8(ascii: "}"))
        default:
            writeIteratively(to: &output, options: options, level: level)
        }
    }

    /// Writes the value without recursion: an explicit stack of open containers, so a value of any depth
    /// is written in constant native stack space.
    func writeIteratively(to output: inout [UInt8], options: EncodingOptions, level: Int) {
        enum Open {
            case array([JSONValue], next: Int)
            /// Members are written in the object's own order, or in `sorted` order (positions in the object).
            case object(JSONObject, sorted: [Int]?, next: Int)
        }
        var open: [Open] = []
        var pending: JSONValue? = self
        while true {
            if let value = pending {
                pending = nil
                switch value {
                case .null: output.append(contentsOf: "null".utf8)
                case .bool(let b): output.append(contentsOf: (b ? "true" : "false").utf8)
                case .int(let i): output.append(contentsOf: String(i).utf8)
                case .double(let d): output.append(contentsOf: JSONValue.format(d).utf8)
                case .string(let s): JSONValue.writeString(s, to: &output)
                case .array(let elements):
                    if elements.isEmpty {
                        output.append(contentsOf: "[]".utf8)
                    } else {
                        output.append(UInt8(ascii: "["))
                        open.append(.array(elements, next: 0))
                    }
                case .object(let object):
                    if object.isEmpty {
                        output.append(contentsOf: "{}".utf8)
                    } else {
                        output.append(UInt8(ascii: "{"))
                        let sorted = options.sortedKeys
                            ? object.keys.indices.sorted { object.keys[$0] < object.keys[$1] } : nil
                        open.append(.object(object, sorted: sorted, next: 0))
                    }
                }
            }
            // Continue the innermost open container: its next member, or its closing bracket.
            guard let top = open.popLast() else { return }
            let depth = level + open.count + 1
            switch top {
            case .array(let elements, let next):
                if next < elements.count {
                    if next > 0 { output.append(UInt8(ascii: ",")) }
                    newline(&output, options, depth)
                    open.append(.array(elements, next: next + 1))
                    pending = elements[next]
                } else {
                    newline(&output, options, depth - 1)
                    output.append(UInt8(ascii: "]"))
                }
            case .object(let object, let sorted, let next):
                if next < object.count {
                    // By position, not by key: no array of keys and no hash lookup per member.
                    let position = sorted?[next] ?? next
                    if next > 0 { output.append(UInt8(ascii: ",")) }
                    newline(&output, options, depth)
                    JSONValue.writeString(object.keys[position], to: &output)
                    output.append(UInt8(ascii: ":"))
                    if options.indent != nil { output.append(UInt8(ascii: " ")) }
                    open.append(.object(object, sorted: sorted, next: next + 1))
                    pending = object.values[position]
                } else {
                    newline(&output, options, depth - 1)
                    output.append(UInt8(ascii: "}"))
                }
            }
        }
    }

    private func newline(_ output: inout [UInt8], _ options: EncodingOptions, _ level: Int) {
        guard let indent = options.indent else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    /// Formats a double the shortest way that reads back to the same value; a whole number keeps a `.0`.
    /// Where Swift would write an exponent (`1e-07`, `1.2345678901234568e+20`), the number is written as
    /// JavaScript's `JSON.stringify` writes it (`1e-7`, `123456789012345680000`; exponents from 1e21 and
    /// below 1e-6), the form JSONata's results have.
    package static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        let text = d.description
        guard text.contains("e") else { return text }
        return javaScriptNumber(d)
    }

    /// A finite, non-zero number in JavaScript's `Number.prototype.toString` form: the shortest digits that
    /// read back to the same double, written in full from 1e-7 up to below 1e21 and with an exponent
    /// (`1e+21`, `1.5e-7`) outside that range.
    static func javaScriptNumber(_ n: Double) -> String {
        // shortest round-trip digits and exponent, then JavaScript's layout
        let description = abs(n).description  // e.g. "1.5e-07", "0.001", "123.45"
        var mantissa = description
        var exponent = 0
        if let e = description.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(description[..<e])
            exponent = Int(description[description.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = parts.first.map(String.init) ?? ""
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = intPart + fracPart
        var pointPosition = intPart.count + exponent  // digits before the decimal point
        while digits.hasPrefix("0"), digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0"), digits.count > 1 { digits.removeLast() }
        let sign = n < 0 ? "-" : ""
        let k = digits.count
        if k <= pointPosition, pointPosition <= 21 {
            return sign + digits + String(repeating: "0", count: pointPosition - k)
        }
        if 0 < pointPosition, pointPosition <= 21 {
            let i = digits.index(digits.startIndex, offsetBy: pointPosition)
            return sign + digits[..<i] + "." + digits[i...]
        }
        if -6 < pointPosition, pointPosition <= 0 {
            return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
        }
        let e = pointPosition - 1
        let expText = e < 0 ? "e-\(-e)" : "e+\(e)"
        if k == 1 { return sign + digits + expText }
        return sign + String(digits.prefix(1)) + "." + String(digits.dropFirst()) + expText
    }

    package static func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        // Runs of bytes that need no escape are copied at once; each escaped byte is written on its own.
        string.withUTF8 { bytes in
            var runStart = 0
            for (position, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                if runStart < position { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position])) }
                writeEscaped(byte, to: &output)
                runStart = position + 1
            }
            if runStart < bytes.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The escape of one byte that JSON text may not hold as it is (a quote, a backslash, a control character).
    private static func writeEscaped(_ byte: UInt8, to output: inout [UInt8]) {
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
}

extension JSONValue {
    /// How deep a coding path may get through `Codable` before encoding or decoding a value fails instead of
    /// recursing further. The path counts the enclosing types' levels too (a value inside an engine's saved
    /// state), so this leaves room above ``maximumNestingDepth``, the limit for the values themselves.
    public static let maximumCodableDepth = 2 * maximumNestingDepth
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        // Each nesting level is one more coding-path component: refuse a document nested deeper than
        // `maximumCodableDepth` before the decoder recurses further.
        guard decoder.codingPath.count <= JSONValue.maximumCodableDepth else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "The value nests arrays and objects deeper than \(JSONValue.maximumCodableDepth) levels"))
        }
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
        guard encoder.codingPath.count <= JSONValue.maximumCodableDepth else {
            throw EncodingError.invalidValue(self, .init(
                codingPath: encoder.codingPath,
                debugDescription: "The value nests arrays and objects deeper than \(JSONValue.maximumCodableDepth) levels"))
        }
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
