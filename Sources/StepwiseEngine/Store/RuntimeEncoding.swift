import Foundation
import OrderedCollections
import StatesLanguage

/// Encodes an execution's saved state (``ExecutionRuntime``) as JSON text that `JSONDecoder` reads back to the same
/// value, several times faster than `JSONEncoder`: the group committer encodes a runtime for every transition that
/// leaves an execution running, on the writer thread every commit waits for.
///
/// What `JSONEncoder` (default strategies) would refuse is refused here too, with the same `EncodingError`: a
/// non-finite number, and a `JSONValue` nested deeper than ``JSONValue/maximumCodableDepth`` coding-path levels (which
/// `JSONDecoder` would refuse when the state is read back). The text differs from `JSONEncoder`'s only where both
/// read back the same: member order, whole doubles written `1.0`, `/` unescaped. Dates are written as
/// `JSONEncoder`'s default writes them, their own `Codable` form (seconds since 2001). Nothing here encodes `Data`
/// or `URL` values (which `JSONEncoder` writes in forms of its own): ``encode(_:)`` refuses them rather than writing
/// them differently.
enum RuntimeEncoding {
    /// An execution's state: written directly when ``RuntimeWriter`` can (the same bytes), else through the tree.
    static func encode(_ runtime: ExecutionRuntime) throws -> Data {
        if let bytes = RuntimeWriter.write(runtime) { return Data(bytes) }
        return try encodeTree(runtime)
    }

    /// Any `Encodable` value, through its `Codable` conformance.
    static func encodeTree<T: Encodable>(_ value: T) throws -> Data {
        let root = try TreeEncoder.node(for: value, parent: nil, key: nil)
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        root.write(to: &output)
        return Data(output)
    }
}

/// A JSON value under construction: containers are boxes, filled as `Codable` fills them (a container may be asked
/// for before its contents are encoded).
private enum Node {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case json(JSONValue)
    case box(Box)

    func write(to output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .uint(let value): output.append(contentsOf: String(value).utf8)
        case .double(let value): output.append(contentsOf: JSONValue.format(value).utf8)
        case .string(let value): JSONValue.writeString(value, to: &output)
        case .json(let value): value.write(to: &output, options: .compact, level: 0)
        case .box(let box): box.write(to: &output)
        }
    }
}

/// An object (keys and values in the order encoded), an array, or a single value's slot (a `superEncoder`, or an
/// encoder asked for a single value container).
private final class Box {
    enum Kind { case object, array, single }
    let kind: Kind
    var keys: [String] = []
    var values: [Node] = []

    init(_ kind: Kind) { self.kind = kind }

    func write(to output: inout [UInt8]) {
        switch kind {
        case .single:
            (values.last ?? .box(Box(.object))).write(to: &output)
        case .array:
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object:
            output.append(UInt8(ascii: "{"))
            for index in values.indices {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.writeString(keys[index], to: &output)
                output.append(UInt8(ascii: ":"))
                values[index].write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}

private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// A coding path, kept as a chain from the root and turned into an array only when asked for (an error, or a type that
/// reads its encoder's `codingPath`): most values never need it.
private final class PathNode {
    let parent: PathNode?
    let key: any CodingKey
    let count: Int

    init(parent: PathNode?, key: any CodingKey) {
        self.parent = parent
        self.key = key
        count = (parent?.count ?? 0) + 1
    }

    static func path(_ node: PathNode?) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var current = node
        while let node = current {
            keys.append(node.key)
            current = node.parent
        }
        return keys.reversed()
    }

    static func child(_ parent: PathNode?, _ key: (any CodingKey)?) -> PathNode? {
        key.map { PathNode(parent: parent, key: $0) } ?? parent
    }
}

private final class TreeEncoder: Encoder {
    let path: PathNode?
    var codingPath: [any CodingKey] { PathNode.path(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// The container this encoder's value went into (the first one asked for; asked again, the same one).
    var box: Box?

    init(path: PathNode?) {
        self.path = path
    }

    /// The node of one value, at `key` under `parent` (at `parent` itself without a key): scalars and `JSONValue`s
    /// directly, anything else through its `encode(to:)`.
    static func node<T: Encodable>(for value: T, parent: PathNode?, key: (any CodingKey)?) throws -> Node {
        // Compared by type, not cast: these are the values a runtime is made of.
        if T.self == JSONValue.self {
            let json = unsafeBitCast(value, to: JSONValue.self)
            try check(json, depth: (parent?.count ?? 0) + (key == nil ? 0 : 1)) { PathNode.child(parent, key) }
            return .json(json)
        }
        if T.self == JSONValue?.self {
            guard let json = unsafeBitCast(value, to: JSONValue?.self) else { return .null }
            try check(json, depth: (parent?.count ?? 0) + (key == nil ? 0 : 1)) { PathNode.child(parent, key) }
            return .json(json)
        }
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return .int(Int64(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Double.self { return try number(unsafeBitCast(value, to: Double.self)) { PathNode.child(parent, key) } }
        if T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
            // JSONEncoder writes these in forms of their own (base64, a string, a number): no saved state holds one.
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: PathNode.path(PathNode.child(parent, key)),
                debugDescription: "\(T.self) is not encoded in an execution's saved state"))
        }
        let encoder = TreeEncoder(path: PathNode.child(parent, key))
        try value.encode(to: encoder)
        // A value that encoded nothing is an empty object, as JSONEncoder writes a nested one.
        return .box(encoder.box ?? Box(.object))
    }

    static func number(_ value: Double, at path: () -> PathNode?) throws -> Node {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: PathNode.path(path()), debugDescription: "Unable to encode Double.\(value) directly in JSON."))
        }
        return .double(value)
    }

    /// Refuses what `JSONValue.encode(to:)` refuses: a number that is not finite, and nesting past
    /// ``JSONValue/maximumCodableDepth`` levels of coding path (`depth` is the value's own).
    static func check(_ root: JSONValue, depth rootDepth: Int, at path: () -> PathNode?) throws {
        var stack: [(JSONValue, Int)] = [(root, rootDepth)]
        while let (value, depth) = stack.popLast() {
            guard depth <= JSONValue.maximumCodableDepth else {
                throw EncodingError.invalidValue(root, EncodingError.Context(
                    codingPath: PathNode.path(path()),
                    debugDescription: "The value nests arrays and objects deeper than \(JSONValue.maximumCodableDepth) levels"))
            }
            switch value {
            case .double(let number) where !number.isFinite:
                _ = try Self.number(number, at: path)
            case .array(let elements):
                for element in elements { stack.append((element, depth + 1)) }
            case .object(let object):
                for member in object.values { stack.append((member, depth + 1)) }
            default:
                break
            }
        }
    }

    private func take(_ kind: Box.Kind) -> Box {
        if let box, box.kind == kind { return box }
        let fresh = Box(kind)
        box = fresh
        return fresh
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(box: take(.object), path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(box: take(.array), path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(box: take(.single), path: path)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: Box
    let path: PathNode?
    var codingPath: [any CodingKey] { PathNode.path(path) }

    private func put(_ node: Node, _ key: Key) {
        box.keys.append(key.stringValue)
        box.values.append(node)
    }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        put(try TreeEncoder.number(value) { PathNode(parent: path, key: key) }, key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        put(try TreeEncoder.number(Double(value)) { PathNode(parent: path, key: key) }, key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.int(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(.uint(UInt64(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.uint(UInt64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.uint(UInt64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.uint(UInt64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.uint(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        put(try TreeEncoder.node(for: value, parent: path, key: key), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = Box(.object)
        put(.box(nested), key)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, path: PathNode(parent: path, key: key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = Box(.array)
        put(.box(nested), key)
        return UnkeyedContainer(box: nested, path: PathNode(parent: path, key: key))
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(named: "super", path: path)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(named: key.stringValue, path: PathNode(parent: path, key: key))
    }

    private func superEncoder(named name: String, path: PathNode?) -> any Encoder {
        let slot = Box(.single)
        box.keys.append(name)
        box.values.append(.box(slot))
        return SlotEncoder(slot: slot, path: path)
    }
}

/// What unkeyed and single value containers share: each scalar becomes one node (they differ in where it goes and
/// in the coding path of the next value).
private protocol ValueSink {
    func add(_ node: Node)
    /// The coding path of the next value (named in an error).
    var nextValuePath: PathNode? { get }
}

extension ValueSink {
    mutating func encodeNil() throws { add(.null) }
    mutating func encode(_ value: Bool) throws { add(.bool(value)) }
    mutating func encode(_ value: String) throws { add(.string(value)) }
    mutating func encode(_ value: Double) throws {
        let path = nextValuePath
        add(try TreeEncoder.number(value) { path })
    }
    mutating func encode(_ value: Float) throws { try encode(Double(value)) }
    mutating func encode(_ value: Int) throws { add(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { add(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { add(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { add(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { add(.int(value)) }
    mutating func encode(_ value: UInt) throws { add(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { add(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { add(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { add(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { add(.uint(value)) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer, ValueSink {
    let box: Box
    let path: PathNode?
    var codingPath: [any CodingKey] { PathNode.path(path) }
    var count: Int { box.values.count }

    private var nextKey: IndexKey { IndexKey(box.values.count) }
    private var nextPath: PathNode { PathNode(parent: path, key: nextKey) }

    func add(_ node: Node) { box.values.append(node) }
    var nextValuePath: PathNode? { nextPath }

    mutating func encode<T: Encodable>(_ value: T) throws {
        box.values.append(try TreeEncoder.node(for: value, parent: path, key: nextKey))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        let nested = Box(.object)
        box.values.append(.box(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, path: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        let nested = Box(.array)
        box.values.append(.box(nested))
        return UnkeyedContainer(box: nested, path: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        let slot = Box(.single)
        box.values.append(.box(slot))
        return SlotEncoder(slot: slot, path: path)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer, ValueSink {
    let box: Box
    let path: PathNode?
    var codingPath: [any CodingKey] { PathNode.path(path) }

    func add(_ node: Node) { box.values = [node] }
    var nextValuePath: PathNode? { path }

    mutating func encode<T: Encodable>(_ value: T) throws { add(try TreeEncoder.node(for: value, parent: path, key: nil)) }
}

/// The encoder a `superEncoder()` returns: whatever it encodes fills one slot of its parent container.
private final class SlotEncoder: Encoder {
    let slot: Box
    let path: PathNode?
    var codingPath: [any CodingKey] { PathNode.path(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(slot: Box, path: PathNode?) {
        self.slot = slot
        self.path = path
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let nested = Box(.object)
        slot.values = [.box(nested)]
        return KeyedEncodingContainer(KeyedContainer<Key>(box: nested, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = Box(.array)
        slot.values = [.box(nested)]
        return UnkeyedContainer(box: nested, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(box: slot, path: path)
    }
}
