import Foundation
import OrderedCollections
import StatesLanguage

// Task payloads are converted between Swift values and the parsed JSON tree (`JSONValue`) directly: a task's input
// is parsed once (by the worker, from the wire text) and decoded from that tree; a handler's output is encoded into
// a tree and written once (to the wire). Before, each side went through text a second time (tree → bytes →
// JSONDecoder, and JSONEncoder → bytes → tree). The decoding side is `StatesLanguage`'s `JSONTreeDecoder` (the engine
// reads its saved state with it too); the encoding side is here.
//
// The conventions are `JSONEncoder`'s and `JSONDecoder`'s with `.iso8601` dates, which these replace: dates are
// ISO 8601 internet date-times (`Date.ISO8601FormatStyle()`), `Data` is Base64, `URL` its absolute string, a
// `Decimal` a number, non-finite floating-point numbers cannot be encoded, dictionaries keyed by `String` or `Int`
// are objects, a `nil` optional property is left out, and objects' keys are sorted when encoded. A `JSONValue` in a
// decoded value keeps the members of its objects in the order of the input.

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

    mutating func superEncoder() -> any Encoder { superEncoder(key: TreeCodingKey.super.stringValue, TreeCodingKey.super) }

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
    private var nextPath: [any CodingKey] { codingPath + [TreeCodingKey(intValue: count)] }

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
