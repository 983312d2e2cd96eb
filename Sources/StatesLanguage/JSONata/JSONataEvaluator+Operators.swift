import Foundation
import OrderedCollections

extension JSONataEvaluator {
    func evaluateBinary(
        _ op: String, _ lhsNode: JSONataNode, _ rhsNode: JSONataNode, input: JSONataValue?, environment: JSONataEnvironment, at position: Int
    ) throws(JSONataError) -> JSONataValue? {
        let lhs = try evaluate(lhsNode, input: input, environment: environment)
        switch op {
        case "and":
            guard lhs?.truthy == true else { return .bool(false) }
            return .bool(try evaluate(rhsNode, input: input, environment: environment)?.truthy == true)
        case "or":
            if lhs?.truthy == true { return .bool(true) }
            return .bool(try evaluate(rhsNode, input: input, environment: environment)?.truthy == true)
        default: break
        }
        let rhs = try evaluate(rhsNode, input: input, environment: environment)
        switch op {
        case "+", "-", "*", "/", "%":
            return try arithmetic(op, lhs, rhs, at: position)
        case "=": return .bool(lhs != nil && rhs != nil && Self.deepEqual(lhs, rhs))
        case "!=": return .bool(lhs != nil && rhs != nil && !Self.deepEqual(lhs, rhs))
        case "<", "<=", ">", ">=":
            return try compare(op, lhs, rhs, at: position)
        case "&":
            // both sides are measured before anything is written: `$a & $a` in a loop doubles a string each time
            // (an infinite number is refused, as `$string` refuses it)
            if lhs?.number?.isFinite == false || rhs?.number?.isFinite == false {
                throw JSONataError(code: "D1001", message: "Number out of range: null", position: position)
            }
            let left = try stringified(lhs, at: position)
            let right = try stringified(rhs, at: position)
            try allocate(stringUnits: left.utf16.count + right.utf16.count, at: position)
            return .string(left + right)
        case "in":
            guard let lhs, let rhs else { return .bool(false) }
            let items = rhs.arrayItems ?? [rhs]
            return .bool(items.contains { Self.deepEqual($0, lhs) })
        case "..":
            return try range(lhs, rhs, at: position)
        default:
            throw JSONataError(code: "S0204", message: "Unknown operator: \"\(op)\"", position: position)
        }
    }

    private func arithmetic(_ op: String, _ lhs: JSONataValue?, _ rhs: JSONataValue?, at position: Int) throws(JSONataError) -> JSONataValue? {
        if let lhs, lhs.number == nil {
            throw JSONataError(code: "T2001", message: "The left side of the \"\(op)\" operator must evaluate to a number", position: position)
        }
        if let rhs, rhs.number == nil {
            throw JSONataError(code: "T2002", message: "The right side of the \"\(op)\" operator must evaluate to a number", position: position)
        }
        guard let l = lhs?.number, let r = rhs?.number else { return nil }
        let result: Double
        switch op {
        case "+": result = l + r
        case "-": result = l - r
        case "*": result = l * r
        case "/": result = l / r
        default: result = l.truncatingRemainder(dividingBy: r)
        }
        // An infinite result is a value, as on AWS, which writes it as the string "Infinity" or "-Infinity" (recorded
        // against AWS: `1/0`, `-1/0`, `1e308 * 10` evaluate; `[1/0]` is `["Infinity"]`, floci-io/floci#2783). It
        // stays a number for comparisons and further arithmetic; built-ins refuse it (D1001), as before. NaN has no
        // such record and stays an error.
        guard !result.isNaN else {
            throw JSONataError(code: "D1001", message: "Number out of range: null", position: position)
        }
        return .number(result)
    }

    private func compare(_ op: String, _ lhs: JSONataValue?, _ rhs: JSONataValue?, at position: Int) throws(JSONataError) -> JSONataValue? {
        func comparable(_ v: JSONataValue?) -> Bool { v == nil || v?.number != nil || v?.string != nil }
        guard comparable(lhs), comparable(rhs) else {
            throw JSONataError(code: "T2010", message: "The expressions either side of operator \"\(op)\" must evaluate to numeric or string values", position: position)
        }
        guard let lhs, let rhs else { return nil }  // `3 > $undefined` is undefined
        let ordering: Bool
        switch (lhs, rhs) {
        case (.number(let l), .number(let r)):
            ordering = op == "<" ? l < r : op == "<=" ? l <= r : op == ">" ? l > r : l >= r
        case (.string(let l), .string(let r)):
            let lu = Array(l.utf16), ru = Array(r.utf16)
            let less = lu.lexicographicallyPrecedes(ru), equal = lu == ru
            ordering = op == "<" ? less : op == "<=" ? (less || equal) : op == ">" ? !(less || equal) : !less
        default:
            throw JSONataError(code: "T2009", message: "The values \(lhs.messageForm) and \(rhs.messageForm) either side of operator \"\(op)\" must be of the same data type", position: position)
        }
        return .bool(ordering)
    }

    private func range(_ lhs: JSONataValue?, _ rhs: JSONataValue?, at position: Int) throws(JSONataError) -> JSONataValue? {
        if let lhs, lhs.number.map({ !$0.isFinite || $0 != $0.rounded() }) ?? true {
            throw JSONataError(code: "T2003", message: "The left side of the range operator (..) must evaluate to an integer", position: position)
        }
        if let rhs, rhs.number.map({ !$0.isFinite || $0 != $0.rounded() }) ?? true {
            throw JSONataError(code: "T2004", message: "The right side of the range operator (..) must evaluate to an integer", position: position)
        }
        guard let l = lhs?.number, let r = rhs?.number else { return nil }
        guard l <= r else { return .sequence([]) }
        let size = r - l + 1
        guard size <= 1e7 else {
            // the limit is 1e7 items; JSONata's message says 1e6, and it is quoted as JSONata words it
            throw JSONataError(code: "D2014", message: "The size of the sequence allocated by the range operator (..) must not exceed 1e6.  Attempted to allocate \(JSONataValue.formatNumber(size)).", position: position)
        }
        try charge(Int(size), at: position)
        try allocate(slots: Int(size), at: position)
        guard let lo = Int(exactly: l) else {
            throw JSONataError(code: "T2003", message: "The left side of the range operator (..) must evaluate to an integer", position: position)
        }
        guard let hi = Int(exactly: r) else {
            throw JSONataError(code: "T2004", message: "The right side of the range operator (..) must evaluate to an integer", position: position)
        }
        return .sequence((lo...hi).map { .number(Double($0)) })
    }

    /// Strings ordered as JavaScript orders them, by UTF-16 code units (-1, 0, 1). Swift's `<` compares
    /// canonical forms by scalar, which differs for text above U+FFFF against U+E000-U+FFFF and for
    /// canonically equivalent text ("e\u{301}" and "é" are different strings to JSONata).
    static func compareCodeUnits(_ x: String, _ y: String) -> Int {
        if x.utf8.elementsEqual(y.utf8) { return 0 }
        return x.utf16.lexicographicallyPrecedes(y.utf16) ? -1 : 1
    }

    static func deepEqual(_ lhs: JSONataValue?, _ rhs: JSONataValue?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): return true
        case (.null?, .null?): return true
        case (.bool(let l)?, .bool(let r)?): return l == r
        case (.number(let l)?, .number(let r)?): return l == r
        case (.string(let l)?, .string(let r)?): return l.utf8.elementsEqual(r.utf8)  // not canonical equivalence
        case (.array(let l)?, .array(let r)?):
            return l.items.count == r.items.count && zip(l.items, r.items).allSatisfy { deepEqual($0, $1) }
        case (.object(let l)?, .object(let r)?):
            return l.count == r.count && l.allSatisfy { key, value in r[key].map { deepEqual(value, $0) } ?? false }
        default: return false
        }
    }

    // MARK: object constructors and group-by

    /// A group-by or object constructor over `input`'s items. With `chains` (the ancestors of each item, from
    /// a path that tracks them for `%`), each key is evaluated with its item's ancestors and each value with
    /// those of its group's items (`Account.Order.Product{%.OrderID: SKU}`).
    func evaluateGroup(
        _ pairs: [JSONataNode.Pair], input: JSONataValue?, environment: JSONataEnvironment, position: Int, chains: [[JSONataValue]]? = nil
    ) throws(JSONataError) -> JSONataValue? {
        var items: [JSONataValue?]
        switch input {
        case .array(let a)?: items = a.items
        case let value?: items = [value]
        case nil: items = []
        }
        let itemChains = trackParents && chains?.count == items.count && !items.isEmpty ? chains : nil
        if items.isEmpty { items = [nil] }
        var groups: OrderedDictionary<String, (data: JSONataValue?, pair: Int, chains: [[JSONataValue]])> = [:]
        let saved = ancestors
        defer { ancestors = saved }
        for (offset, item) in items.enumerated() {
            let chain = itemChains?[offset]
            if let chain { ancestors = chain }
            for (index, pair) in pairs.enumerated() {
                let key = try evaluate(pair.key, input: item, environment: environment)
                guard let key else { continue }
                guard case .string(let name) = key else {
                    throw JSONataError(code: "T1003", message: "Key in object structure must evaluate to a string; got: \(key.messageForm)", position: position)
                }
                if let existing = groups[name] {
                    guard existing.pair == index else {
                        throw JSONataError(code: "D1009", message: "Multiple key definitions evaluate to same key: \"\(name)\"", position: position)
                    }
                    groups[name] = (Self.append(existing.data, item), index, existing.chains + (chain.map { [$0] } ?? []))
                } else {
                    groups[name] = (item, index, chain.map { [$0] } ?? [])
                }
            }
        }
        ancestors = saved
        var result = OrderedDictionary<String, JSONataValue>()
        for (name, group) in groups {
            // a `%` that starts a path in the value reaches each of the group's items' own parent (an object
            // constructor without tracked items leaves the ones an enclosing group-by set to its values)
            if itemChains != nil { groupChains = group.chains }
            let value = try evaluate(pairs[group.pair].value, input: group.data, environment: environment)
            if itemChains != nil { groupChains = nil }
            if let value { result[name] = value }
        }
        if result.count * 2 > Self.maxValueSlots { throw memoryExceeded(at: position) }
        try allocate(bytes: JSONataValue.containerOverhead + result.count * 2 * JSONataValue.slotSize, at: position)
        return .object(result)
    }

    /// `$append` semantics: undefined operands vanish, non-arrays become one-item sequences.
    static func append(_ lhs: JSONataValue?, _ rhs: JSONataValue?) -> JSONataValue? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        var left: JSONataArray
        if case .array(let a) = lhs { left = a } else { left = JSONataArray([lhs], sequence: true) }
        if case .array(let b) = rhs { left.items.append(contentsOf: b.items) } else { left.items.append(rhs) }
        return .array(left)
    }

    // MARK: order-by

    func sort(_ input: JSONataValue?, terms: [JSONataNode.SortTerm], environment: JSONataEnvironment, at position: Int) throws(JSONataError) -> JSONataValue? {
        guard let input else { return nil }
        let items = input.arrayItems ?? [input]
        var keyed: [(item: JSONataValue, keys: [JSONataValue?])] = []
        for item in items {
            var keys: [JSONataValue?] = []
            for term in terms {
                let key = try evaluate(term.expression, input: item, environment: environment)
                if let key, key.number == nil, key.string == nil {
                    throw JSONataError(code: "T2008", message: "The expressions within an order-by clause must evaluate to numeric or string values", position: position)
                }
                keys.append(key)
            }
            keyed.append((item, keys))
        }
        var failure: JSONataError?
        let sorted = Self.stableSorted(keyed) { a, b in
            for (index, term) in terms.enumerated() {
                let (l, r) = (a.keys[index], b.keys[index])
                guard let l else { if r == nil { continue } else { return false } }
                guard let r else { return true }
                var order: Int
                switch (l, r) {
                case (.number(let x), .number(let y)): order = x < y ? -1 : x > y ? 1 : 0
                case (.string(let x), .string(let y)): order = Self.compareCodeUnits(x, y)
                default:
                    failure = JSONataError(code: "T2007", message: "Type mismatch when comparing values \(l.messageForm) and \(r.messageForm) in order-by clause", position: position)
                    return false
                }
                if term.descending { order = -order }
                if order != 0 { return order < 0 }
            }
            return false
        }
        if let failure { throw failure }
        return .sequence(sorted.map(\.item))
    }

    /// A stable sort (merge sort) with a `less` predicate.
    static func stableSorted<T>(_ items: [T], by less: (T, T) -> Bool) -> [T] {
        guard items.count > 1 else { return items }
        let middle = items.count / 2
        let left = stableSorted(Array(items[..<middle]), by: less)
        let right = stableSorted(Array(items[middle...]), by: less)
        var merged: [T] = []
        merged.reserveCapacity(items.count)
        var (i, j) = (0, 0)
        while i < left.count, j < right.count {
            if less(right[j], left[i]) {
                merged.append(right[j])
                j += 1
            } else {
                merged.append(left[i])
                i += 1
            }
        }
        merged.append(contentsOf: left[i...])
        merged.append(contentsOf: right[j...])
        return merged
    }

    static func compileRegex(_ pattern: String, flags: String, at position: Int) throws(JSONataError) -> JSONataRegex {
        do {
            let regex = try SafeRegex(pattern, ignoreCase: flags.contains("i"), multiline: flags.contains("m"))
            return JSONataRegex(pattern: pattern, flags: flags, regex: regex)
        } catch {
            throw JSONataError(code: "S0303", message: "The regular expression is not valid: /\(pattern)/ (\(error.reason))", position: position)
        }
    }
}
