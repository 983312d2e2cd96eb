import OrderedCollections

/// Nesting depth, comparison, hashing and freeing without recursion.
///
/// A value can be nested far deeper than the native stack allows to recurse (a workflow can wrap its input a
/// few hundred levels deeper in every state), so everything here walks values with an explicit stack.
extension JSONValue {
    /// How deeply arrays and objects nest: 0 for a scalar, 1 for `[]` or `{"a": 1}`, 2 for `[[1]]`.
    public var nestingDepth: Int {
        guard isContainer else { return 0 }
        var deepest = 0
        var pending: [(JSONValue, Int)] = [(self, 0)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .array(let elements):
                deepest = max(deepest, depth + 1)
                for element in elements where element.isContainer { pending.append((element, depth + 1)) }
            case .object(let members):
                deepest = max(deepest, depth + 1)
                for member in members.values where member.isContainer { pending.append((member, depth + 1)) }
            default: break
            }
        }
        return deepest
    }

    /// Whether arrays and objects nest deeper than `limit` levels; stops at the first path that does.
    ///
    /// The engine calls this on every state's output and assigned variables with
    /// ``maximumNestingDepth``, the parser's own limit, so every value it stores can be read back.
    public func nestingDepth(exceeds limit: Int) -> Bool {
        guard isContainer else { return limit < 0 }
        var pending: [(JSONValue, Int)] = [(self, 0)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .array(let elements):
                if depth + 1 > limit { return true }
                for element in elements where element.isContainer { pending.append((element, depth + 1)) }
            case .object(let members):
                if depth + 1 > limit { return true }
                for member in members.values where member.isContainer { pending.append((member, depth + 1)) }
            default: break
            }
        }
        return false
    }

    /// Whether the value is an array or an object.
    public var isContainer: Bool {
        switch self {
        case .array, .object: true
        default: false
        }
    }

    /// Frees `value` one level at a time.
    ///
    /// Swift frees a nested value recursively (each array buffer releases its elements), so dropping a value
    /// tens of thousands of levels deep overflows the stack. Pass such a value here instead of letting it go
    /// out of scope: its containers are taken apart from the outside in, each release freeing one level.
    public static func dismantle(_ value: consuming JSONValue) {
        var pending: [JSONValue] = []
        pending.append(consume value)
        while let next = pending.popLast() {
            switch next {
            case .array(let elements):
                for element in elements where element.isContainer { pending.append(element) }
            case .object(let members):
                for member in members.values where member.isContainer { pending.append(member) }
            default: break
            }
            // `next` (and with it this level's buffer) is released here; its children are still held by
            // `pending`, so the release does not descend.
        }
    }

    /// JSON equality as the States Language compares values: numbers compare by value, so `1` equals `1.0`;
    /// objects compare by members regardless of order.
    public func jsonEquals(_ other: JSONValue) -> Bool {
        if !isContainer || !other.isContainer { return Self.scalarJSONEquals(self, other) }
        var pending: [(JSONValue, JSONValue)] = [(self, other)]
        while let (a, b) = pending.popLast() {
            switch (a, b) {
            case (.null, .null): continue
            case (.bool(let x), .bool(let y)): if x != y { return false }
            case (.int(let x), .int(let y)): if x != y { return false }
            case (.int, .double), (.double, .int), (.double, .double): if a.doubleValue != b.doubleValue { return false }
            case (.string(let x), .string(let y)): if !Self.sameText(x, y) { return false }
            case (.array(let x), .array(let y)):
                guard x.count == y.count else { return false }
                for pair in zip(x, y) { pending.append(pair) }
            case (.object(let x), .object(let y)):
                guard x.count == y.count else { return false }
                for (key, value) in x {
                    guard let member = y[key] else { return false }
                    pending.append((value, member))
                }
            default: return false
            }
        }
        return true
    }
}

extension JSONValue {
    /// Structural equality: the same cases with equal payloads, object members in the same order (so `1` and
    /// `1.0` differ here; ``jsonEquals(_:)`` is the States Language comparison).
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        if !lhs.isContainer || !rhs.isContainer { return scalarEquals(lhs, rhs) }  // no allocation for scalars
        var pending: [(JSONValue, JSONValue)] = [(lhs, rhs)]
        while let (a, b) = pending.popLast() {
            switch (a, b) {
            case (.null, .null): continue
            case (.bool(let x), .bool(let y)): if x != y { return false }
            case (.int(let x), .int(let y)): if x != y { return false }
            case (.double(let x), .double(let y)): if x != y { return false }
            case (.string(let x), .string(let y)): if !Self.sameText(x, y) { return false }
            case (.array(let x), .array(let y)):
                guard x.count == y.count else { return false }
                for pair in zip(x, y) { pending.append(pair) }
            case (.object(let x), .object(let y)):
                guard x.count == y.count else { return false }
                for (left, right) in zip(x, y) {
                    guard left.key == right.key else { return false }
                    pending.append((left.value, right.value))
                }
            default: return false
            }
        }
        return true
    }

    /// Hashes the value's structure (case, counts, keys and scalars in order), consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        if !isContainer {
            Self.hashScalar(self, into: &hasher)
            return
        }
        var pending: [JSONValue] = [self]
        while let value = pending.popLast() {
            switch value {
            case .null, .bool, .int, .double, .string: Self.hashScalar(value, into: &hasher)
            case .array(let elements):
                hasher.combine(5 as UInt8)
                hasher.combine(elements.count)
                pending.append(contentsOf: elements.reversed())
            case .object(let members):
                hasher.combine(6 as UInt8)
                hasher.combine(members.count)
                for key in members.keys { hasher.combine(key) }
                pending.append(contentsOf: members.values.reversed())
            }
        }
    }
}

extension StatesError {
    /// `States.Runtime` for a value that nests arrays and objects deeper than ``JSONValue/maximumNestingDepth``
    /// (the parser's limit, so that every value a state outputs can be stored and read back). AWS documents
    /// no nesting limit and no error for it; the name is the one AWS uses for other data-flow failures.
    public static func nestingTooDeep(limit: Int = JSONValue.maximumNestingDepth) -> StatesError {
        StatesError(
            StatesError.Name.runtime,
            cause: "The value nests arrays and objects deeper than the maximum of \(limit) levels")
    }
}

extension JSONValue {
    /// `==` when at least one side is not a container (a container never equals a scalar).
    fileprivate static func scalarEquals(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.double(let x), .double(let y)): x == y
        case (.string(let x), .string(let y)): sameText(x, y)
        default: false
        }
    }

    /// Strings equal as JSON (and AWS's Java runtime) has them: the same code points. Swift's `==` calls canonically
    /// equivalent strings equal ("é" and "e" with a combining accent), which would make `States.ArrayContains` find,
    /// and `States.ArrayUnique` drop, a string that is not there. (Hashing stays Swift's: equal here is equal there.)
    static func sameText(_ x: String, _ y: String) -> Bool {
        x.utf8.elementsEqual(y.utf8)
    }

    /// `jsonEquals` when at least one side is not a container.
    fileprivate static func scalarJSONEquals(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): x == y
        case (.int, .double), (.double, .int), (.double, .double): a.doubleValue == b.doubleValue
        default: scalarEquals(a, b)
        }
    }

    fileprivate static func hashScalar(_ value: JSONValue, into hasher: inout Hasher) {
        switch value {
        case .null: hasher.combine(0 as UInt8)
        case .bool(let b): hasher.combine(1 as UInt8); hasher.combine(b)
        case .int(let i): hasher.combine(2 as UInt8); hasher.combine(i)
        case .double(let d): hasher.combine(3 as UInt8); hasher.combine(d)
        case .string(let s): hasher.combine(4 as UInt8); hasher.combine(s)
        case .array, .object: break  // containers are hashed by the caller's walk
        }
    }
}
