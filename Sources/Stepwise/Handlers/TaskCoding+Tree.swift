import Foundation
import OrderedCollections
import StatesLanguage

// Task payloads are converted between Swift values and the parsed JSON tree (`JSONValue`) directly: a task's input
// is parsed once (by the worker, from the wire text) and decoded from that tree; a handler's output is encoded into
// a tree and written once (to the wire). Before, each side went through text a second time (tree → bytes →
// JSONDecoder, and JSONEncoder → bytes → tree).
//
// The conventions are `JSONEncoder`'s and `JSONDecoder`'s with `.iso8601` dates, which these replace: dates are
// ISO 8601 internet date-times (`Date.ISO8601FormatStyle()`), `Data` is Base64, `URL` its absolute string, a
// `Decimal` a number, non-finite floating-point numbers cannot be encoded, dictionaries keyed by `String` or `Int`
// are objects, a `nil` optional property is left out, and objects' keys are sorted.

/// Decodes a `Decodable` value from a `JSONValue` tree.
struct JSONTreeDecoder {
    func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try TreeDecoder(value: value, codingPath: []).decodeValue(type)
    }
}

/// Encodes an `Encodable` value as a `JSONValue` tree.
struct JSONTreeEncoder {
    func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = TreeEncoder(codingPath: [])
        guard let tree = try root.box(value) else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        return tree.value
    }
}

// MARK: - Decoding

private struct TreeKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
    static let `super` = TreeKey(stringValue: "super")
}

private struct TreeDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else { throw mismatch([String: Any].self, value) }
        return KeyedDecodingContainer(KeyedTreeDecoding<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else { throw mismatch([Any].self, value) }
        return UnkeyedTreeDecoding(array: array, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func mismatch(_ type: Any.Type, _ value: JSONValue) -> DecodingError {
        let found = value.isNull ? "null" : value.typeName
        if value.isNull {
            return .valueNotFound(
                type, .init(codingPath: codingPath, debugDescription: "Expected \(type) value but found null instead."))
        }
        return .typeMismatch(
            type, .init(codingPath: codingPath, debugDescription: "Expected to decode \(type) but found \(found) instead."))
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if let special = try special(type) { return special }
        return try T(from: self)
    }

    /// The values JSONDecoder reads in a form of their own rather than through their `Decodable` conformance (nil
    /// for any other type).
    private func special<T: Decodable>(_ type: T.Type) throws -> T? {
        if type == Date.self {
            let text = try decode(String.self)
            guard let date = try? Date.ISO8601FormatStyle().parse(text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: codingPath, debugDescription: "Expected date string to be ISO8601-formatted."))
            }
            return date as? T
        }
        if type == Data.self {
            let text = try decode(String.self)
            guard let data = Data(base64Encoded: text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: codingPath, debugDescription: "Encountered Data is not valid Base64."))
            }
            return data as? T
        }
        if type == URL.self {
            let text = try decode(String.self)
            guard let url = URL(string: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "Invalid URL string."))
            }
            return url as? T
        }
        if type == Decimal.self {
            switch value {
            case .int(let int): return Decimal(int) as? T
            case .double(let double): return Decimal(double) as? T
            default: throw mismatch(Decimal.self, value)
            }
        }
        return nil
    }
}

extension TreeDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool { value.isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch(type, value) }
        return bool
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let string) = value else { throw mismatch(type, value) }
        return string
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case .int(let int): return Double(int)
        case .double(let double): return double
        default: throw mismatch(type, value)
        }
    }

    func decode(_ type: Float.Type) throws -> Float {
        let double = try decode(Double.self)
        guard double.isInfinite || abs(double) <= Double(Float.greatestFiniteMagnitude) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "Parsed JSON number \(double) does not fit in Float."))
        }
        return Float(double)
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }

    /// An integer of type `T`: from an integer that fits, or from a floating-point number with no fraction that fits
    /// (a number written `2.0` is the integer 2, as JSONDecoder reads it).
    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        switch value {
        case .int(let int):
            if let exact = T(exactly: int) { return exact }
        case .double(let double):
            if let exact = T(exactly: double) { return exact }
        default:
            throw mismatch(type, value)
        }
        throw DecodingError.dataCorrupted(
            .init(codingPath: codingPath, debugDescription: "Parsed JSON number <\(value.jsonString())> does not fit in \(type)."))
    }
}

private struct KeyedTreeDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func child(_ key: Key) throws -> TreeDecoder {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return TreeDecoder(value: value, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).value.isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try child(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).decode(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decodeValue(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        TreeDecoder(value: object[TreeKey.super.stringValue] ?? .null, codingPath: codingPath + [TreeKey.super])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        TreeDecoder(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedTreeDecoding: UnkeyedDecodingContainer {
    let array: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(array: [JSONValue], codingPath: [any CodingKey]) {
        self.array = array
        self.codingPath = codingPath
    }

    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    private mutating func next(_ type: Any.Type) throws -> TreeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type, .init(codingPath: codingPath + [TreeKey(intValue: currentIndex)], debugDescription: "Unkeyed container is at end."))
        }
        defer { currentIndex += 1 }
        return TreeDecoder(value: array[currentIndex], codingPath: codingPath + [TreeKey(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any?.self, .init(codingPath: codingPath + [TreeKey(intValue: currentIndex)], debugDescription: "Unkeyed container is at end."))
        }
        if array[currentIndex].isNull {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type).decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next(type).decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type).decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type).decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type).decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type).decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type).decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type).decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type).decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type).decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type).decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type).decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type).decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type).decode(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type).decodeValue(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next([String: Any].self).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next([Any].self).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next(Any.self) }
}

// MARK: - Encoding

/// A value being built: a leaf, or an object or array that containers (and nested encoders) fill in after they are
/// handed out, so it is a reference.
private final class TreeNode {
    enum Content {
        case leaf(JSONValue)
        case object([(String, TreeNode)])
        case array([TreeNode])
    }

    var content: Content

    init(_ content: Content) { self.content = content }

    /// The finished value; objects' keys sorted (JSONEncoder's `.sortedKeys`), the last value of a key written
    /// twice winning.
    var value: JSONValue {
        switch content {
        case .leaf(let value):
            return value
        case .array(let nodes):
            return .array(nodes.map(\.value))
        case .object(let fields):
            var latest: [String: TreeNode] = [:]
            for (key, node) in fields { latest[key] = node }
            var object = JSONObject()
            object.reserveCapacity(latest.count)
            for key in latest.keys.sorted() { object[key] = latest[key]?.value }
            return .object(object)
        }
    }

    func set(_ key: String, _ node: TreeNode) {
        guard case .object(var fields) = content else { return }
        content = .leaf(.null)  // releases the array so the append below does not copy it
        fields.append((key, node))
        content = .object(fields)
    }

    func append(_ node: TreeNode) {
        guard case .array(var nodes) = content else { return }
        content = .leaf(.null)
        nodes.append(node)
        content = .array(nodes)
    }

    var count: Int {
        switch content {
        case .leaf: 0
        case .object(let fields): fields.count
        case .array(let nodes): nodes.count
        }
    }
}

private final class TreeEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What this encoder was asked to produce (nil until a container or a single value is asked for).
    var node: TreeNode?

    init(codingPath: [any CodingKey], node: TreeNode? = nil) {
        self.codingPath = codingPath
        self.node = node
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object = target(.object([])) { if case .object = $0 { true } else { false } }
        return KeyedEncodingContainer(KeyedTreeEncoding<Key>(node: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array = target(.array([])) { if case .array = $0 { true } else { false } }
        return UnkeyedTreeEncoding(node: array, codingPath: codingPath)
    }

    /// The node a container fills: this encoder's own (made `empty` unless it already is of that kind, so a second
    /// container of the same kind adds to the first), created on first use.
    private func target(_ empty: TreeNode.Content, isKind: (TreeNode.Content) -> Bool) -> TreeNode {
        if let node {
            if !isKind(node.content) { node.content = empty }
            return node
        }
        let created = TreeNode(empty)
        node = created
        return created
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleTreeEncoding(encoder: self) }

    /// Encodes `value` into a node of its own (nil when it encoded nothing).
    func box<T: Encodable>(_ value: T) throws -> TreeNode? {
        if let leaf = try Self.special(value, codingPath: codingPath) { return TreeNode(.leaf(leaf)) }
        let encoder = TreeEncoder(codingPath: codingPath)
        try value.encode(to: encoder)
        return encoder.node
    }

    /// The values JSONEncoder writes in a form of their own rather than through their `Encodable` conformance.
    static func special<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> JSONValue? {
        switch value {
        case let date as Date: return .string(date.formatted(Date.ISO8601FormatStyle()))
        case let data as Data: return .string(data.base64EncodedString())
        case let url as URL: return .string(url.absoluteString)
        case let decimal as Decimal:
            let text = decimal.description
            return (try? JSONValue(parsing: text)) ?? .string(text)
        case let double as Double: return try number(double, value, codingPath)
        case let float as Float: return try number(float, codingPath)
        default: return nil
        }
    }

    static func number(_ double: Double, _ original: Any, _ codingPath: [any CodingKey]) throws -> JSONValue {
        guard double.isFinite else {
            throw EncodingError.invalidValue(
                original, .init(codingPath: codingPath, debugDescription: "Unable to encode \(double) directly in JSON."))
        }
        // JSON has one kind of number: a whole one is written as an integer (JSONEncoder writes `3` for 3.0), as the
        // text it replaced read back.
        if double.rounded() == double, let int = Int(exactly: double) { return .int(int) }
        return .double(double)
    }

    /// A `Float` as JSONEncoder writes it: its own shortest decimal form (0.1, not 0.10000000149011612).
    static func number(_ float: Float, _ codingPath: [any CodingKey]) throws -> JSONValue {
        guard float.isFinite else { return try number(Double(float), float, codingPath) }
        return try number(Double(float.description) ?? Double(float), float, codingPath)
    }

    static func integer<T: BinaryInteger>(_ value: T) -> JSONValue {
        if let int = Int(exactly: value) { return .int(int) }
        return .double(Double(value))
    }
}

private struct SingleTreeEncoding: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ value: JSONValue) {
        if let node = encoder.node { node.content = .leaf(value) } else { encoder.node = TreeNode(.leaf(value)) }
    }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(try TreeEncoder.number(value, value, codingPath)) }
    mutating func encode(_ value: Float) throws { set(try TreeEncoder.number(value, codingPath)) }
    mutating func encode(_ value: Int) throws { set(.int(value)) }
    mutating func encode(_ value: Int8) throws { set(TreeEncoder.integer(value)) }
    mutating func encode(_ value: Int16) throws { set(TreeEncoder.integer(value)) }
    mutating func encode(_ value: Int32) throws { set(TreeEncoder.integer(value)) }
    mutating func encode(_ value: Int64) throws { set(TreeEncoder.integer(value)) }
    mutating func encode(_ value: UInt) throws { set(TreeEncoder.integer(value)) }
    mutating func encode(_ value: UInt8) throws { set(TreeEncoder.integer(value)) }
    mutating func encode(_ value: UInt16) throws { set(TreeEncoder.integer(value)) }
    mutating func encode(_ value: UInt32) throws { set(TreeEncoder.integer(value)) }
    mutating func encode(_ value: UInt64) throws { set(TreeEncoder.integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let node = try encoder.box(value)
        set(node?.value ?? .object([:]))
    }
}

private struct KeyedTreeEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: TreeNode
    let codingPath: [any CodingKey]

    private func put(_ value: JSONValue, _ key: Key) { node.set(key.stringValue, TreeNode(.leaf(value))) }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        put(try TreeEncoder.number(value, value, codingPath + [key]), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        put(try TreeEncoder.number(value, codingPath + [key]), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.int(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(TreeEncoder.integer(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(TreeEncoder.integer(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(TreeEncoder.integer(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(TreeEncoder.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(TreeEncoder.integer(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(TreeEncoder.integer(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(TreeEncoder.integer(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(TreeEncoder.integer(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(TreeEncoder.integer(value), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let encoder = TreeEncoder(codingPath: codingPath + [key])
        node.set(key.stringValue, try encoder.box(value) ?? TreeNode(.object([])))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = TreeNode(.object([]))
        node.set(key.stringValue, child)
        return KeyedEncodingContainer(KeyedTreeEncoding<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = TreeNode(.array([]))
        node.set(key.stringValue, child)
        return UnkeyedTreeEncoding(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(key: TreeKey.super.stringValue, TreeKey.super) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(key: key.stringValue, key) }

    private func superEncoder(key: String, _ codingKey: any CodingKey) -> any Encoder {
        let child = TreeNode(.object([]))
        node.set(key, child)
        return TreeEncoder(codingPath: codingPath + [codingKey], node: child)
    }
}

private struct UnkeyedTreeEncoding: UnkeyedEncodingContainer {
    let node: TreeNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    private func add(_ value: JSONValue) { node.append(TreeNode(.leaf(value))) }
    private var nextPath: [any CodingKey] { codingPath + [TreeKey(intValue: count)] }

    mutating func encodeNil() throws { add(.null) }
    mutating func encode(_ value: Bool) throws { add(.bool(value)) }
    mutating func encode(_ value: String) throws { add(.string(value)) }
    mutating func encode(_ value: Double) throws { add(try TreeEncoder.number(value, value, nextPath)) }
    mutating func encode(_ value: Float) throws { add(try TreeEncoder.number(value, nextPath)) }
    mutating func encode(_ value: Int) throws { add(.int(value)) }
    mutating func encode(_ value: Int8) throws { add(TreeEncoder.integer(value)) }
    mutating func encode(_ value: Int16) throws { add(TreeEncoder.integer(value)) }
    mutating func encode(_ value: Int32) throws { add(TreeEncoder.integer(value)) }
    mutating func encode(_ value: Int64) throws { add(TreeEncoder.integer(value)) }
    mutating func encode(_ value: UInt) throws { add(TreeEncoder.integer(value)) }
    mutating func encode(_ value: UInt8) throws { add(TreeEncoder.integer(value)) }
    mutating func encode(_ value: UInt16) throws { add(TreeEncoder.integer(value)) }
    mutating func encode(_ value: UInt32) throws { add(TreeEncoder.integer(value)) }
    mutating func encode(_ value: UInt64) throws { add(TreeEncoder.integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let encoder = TreeEncoder(codingPath: nextPath)
        node.append(try encoder.box(value) ?? TreeNode(.object([])))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = TreeNode(.object([]))
        let path = nextPath
        node.append(child)
        return KeyedEncodingContainer(KeyedTreeEncoding<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = TreeNode(.array([]))
        let path = nextPath
        node.append(child)
        return UnkeyedTreeEncoding(node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let child = TreeNode(.object([]))
        let path = nextPath
        node.append(child)
        return TreeEncoder(codingPath: path, node: child)
    }
}
