import OrderedCollections

/// How deeply a JSONata value nests, checked without recursion.
///
/// Swift converts and frees nested values recursively, so a value tens of thousands of levels deep (built by
/// `$reduce` wrapping its accumulator, or a tail-recursive function wrapping its argument) would overflow the
/// stack. Only a function can repeat the wrapping, so the evaluator checks the values that cross a lambda's
/// boundary (its arguments and its result): no value grows far past ``JSONataValue/maximumNestingDepth``.
extension JSONataValue {
    /// The deepest a value may nest where the evaluator checks it: the States Language's own limit for
    /// values (``JSONValue/maximumNestingDepth``), so that anything an expression builds can also be output.
    static let maximumNestingDepth = JSONValue.maximumNestingDepth

    /// Whether arrays and objects nest deeper than `limit` levels; stops at the first path that does.
    func nestingDepth(exceeds limit: Int) -> Bool {
        guard isContainer else { return false }
        var pending: [(JSONataValue, Int)] = [(self, 0)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .array(let array):
                if depth + 1 > limit { return true }
                for item in array.items where item.isContainer { pending.append((item, depth + 1)) }
            case .object(let members):
                if depth + 1 > limit { return true }
                for member in members.values.elements where member.isContainer { pending.append((member, depth + 1)) }
            default: break
            }
        }
        return false
    }

    var isContainer: Bool {
        switch self {
        case .array, .object: true
        default: false
        }
    }
}

extension JSONataValue {
    /// The bytes one array or object slot takes (an object member counts as two: its key and its value).
    static let slotSize = MemoryLayout<JSONataValue>.stride
    /// What an array or object takes besides its slots (its storage's header, an object's key list), roughly.
    static let containerOverhead = 64

    /// Whether this value, written out or converted to JSON, takes more than `limit` bytes (an estimate that errs
    /// high: a slot per value, plus the bytes of strings and keys). Parts that are shared count each time they
    /// appear, as they are written: `[1..1000].[$big]` holds one `$big` a thousand times. Walks without recursion
    /// and stops once past the limit.
    func expandedSize(exceeds limit: Int) -> Bool {
        // Each value's slot is counted when it is pushed, so a large array past the limit is never copied here.
        var total = Self.slotSize
        var pending: [JSONataValue] = [self]
        while let value = pending.popLast() {
            switch value {
            case .string(let s): total += s.utf8.count
            case .array(let array):
                total += array.items.count * Self.slotSize
                if total > limit { return true }
                pending.append(contentsOf: array.items)
            case .object(let members):
                total += members.count * Self.slotSize
                for (key, member) in members {
                    total += key.utf8.count
                    pending.append(member)
                }
            default: break
            }
            if total > limit { return true }
        }
        return false
    }
}

extension JSONataError {
    /// A value nested deeper than ``JSONataValue/maximumNestingDepth``. The code is this evaluator's own:
    /// JSONata has no such limit (AWS fails such an execution too, with its JavaScript engine's stack).
    static func nestingTooDeep(at position: Int) -> JSONataError {
        JSONataError(
            code: "U1004",
            message: "The expression built a value nested deeper than \(JSONataValue.maximumNestingDepth) levels",
            position: position)
    }
}

extension JSONataValue {
    /// A container as JSON, converted with an explicit stack (not one native frame per level, which overflows
    /// the small stacks of the cooperative pool's threads long before the nesting limit).
    ///
    /// With a `budget` (bytes, counted as ``expandedSize(exceeds:)`` counts them: parts held many times by reference
    /// count each time they are written), nil when the JSON form would take more than that: the conversion stops
    /// there instead of building it.
    static func convertContainer(_ root: JSONataValue, budget: Int = .max) -> JSONValue? {
        struct Pending {
            var keys: [String]?
            var items: [JSONataValue]
            var next = 0
            var array: [JSONValue] = []
            var object = JSONObject()

            init(_ value: JSONataValue) {
                switch value {
                case .object(let members):
                    keys = Array(members.keys)
                    items = members.values.elements
                    object = JSONObject(minimumCapacity: items.count)
                case .array(let array):
                    items = array.items
                    self.array.reserveCapacity(items.count)
                default:
                    items = []
                }
            }

            /// Adds a converted child (nil: a function, dropped from objects and null in arrays).
            mutating func add(_ value: JSONValue?) {
                if let keys {
                    if let value { object[keys[next - 1]] = value }
                } else {
                    array.append(value ?? .null)
                }
            }

            var result: JSONValue { keys == nil ? .array(array) : .object(object) }
        }
        var spent = slotSize
        /// Counts a container's slots and keys before it is converted; false past the budget.
        func afford(_ pending: Pending) -> Bool {
            spent += pending.items.count * slotSize + (pending.keys?.reduce(0) { $0 + $1.utf8.count } ?? 0)
            return spent <= budget
        }
        let first = Pending(root)
        guard afford(first) else { return nil }
        var stack = [first]
        var finished: JSONValue?
        while var top = stack.popLast() {
            if let child = finished {
                top.add(child)
                finished = nil
            }
            var descended = false
            while top.next < top.items.count {
                let child = top.items[top.next]
                top.next += 1
                if child.isContainer {
                    let pending = Pending(child)
                    guard afford(pending) else { return nil }
                    stack.append(top)
                    stack.append(pending)
                    descended = true
                    break
                }
                if case .string(let text) = child {
                    spent += text.utf8.count
                    if spent > budget { return nil }
                }
                top.add(child.json)
            }
            if !descended { finished = top.result }
        }
        return finished ?? .null
    }
}
