import OrderedCollections

/// Paths with variable bindings on their steps (`loans@$l.books@$b[$l.isbn = $b.isbn]`, `Order#$i`): JSONata
/// evaluates them as a stream of tuples, each item with the variables bound along its way.
extension JSONataEvaluator {
    struct Tuple {
        var value: JSONataValue
        var environment: JSONataEnvironment
        /// The ancestors of `value`, innermost last (only tracked when the expression uses `%`).
        var chain: [JSONataValue] = []
    }

    func evaluateTuplePath(_ node: JSONataNode, steps: [JSONataNode], input: JSONataValue?, environment: JSONataEnvironment) throws(JSONataError) -> JSONataValue? {
        var tuples: [Tuple]
        let chain = trackParents ? ancestors : []
        if case .array(let a)? = input, !a.outerWrapper {
            tuples = a.items.map { Tuple(value: $0, environment: environment, chain: chain) }
        } else if case .array(let a)? = input, let first = a.items.first {
            tuples = [Tuple(value: first, environment: environment, chain: chain)]
        } else {
            tuples = input.map { [Tuple(value: $0, environment: environment, chain: chain)] } ?? []
        }
        for step in steps {
            tuples = try evaluateTupleStep(step, tuples)
            if tuples.isEmpty { return nil }
        }
        var result: JSONataValue = .sequence(tuples.map(\.value))
        if node.keepArray, case .array(var array) = result {
            array.keepSingleton = true
            result = .array(array)
        }
        if let group = node.group {
            return try evaluateTupleGroup(group, tuples, names: Self.boundNames(steps), environment: environment, position: node.position)
        }
        return result
    }

    /// The variables a tuple path's steps bind (`@$x`, `#$i`), in order.
    private static func boundNames(_ steps: [JSONataNode]) -> [String] {
        var names: [String] = []
        for step in steps {
            if let focus = step.focus, !names.contains(focus) { names.append(focus) }
            if let index = step.indexBinding, !names.contains(index) { names.append(index) }
            for case .indexStage(let name) in step.stages.map(\.kind) where !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// A group-by (`{key: value}`) ending a tuple path (`loans@$l{$l.customer: $l.isbn}`, `books#$i{title: $i}`):
    /// each key is evaluated with its tuple's variables; each group's value is evaluated over the group's items
    /// with each variable bound to the values it had in the group's tuples, appended as `$append` does.
    private func evaluateTupleGroup(
        _ pairs: [JSONataNode.Pair], _ tuples: [Tuple], names: [String], environment: JSONataEnvironment, position: Int
    ) throws(JSONataError) -> JSONataValue? {
        var groups: OrderedDictionary<String, (tuples: [Tuple], pair: Int)> = [:]
        let saved = ancestors
        defer { ancestors = saved }
        for tuple in tuples {
            if trackParents { ancestors = tuple.chain }
            for (index, pair) in pairs.enumerated() {
                guard let key = try evaluate(pair.key, input: tuple.value, environment: tuple.environment) else { continue }
                guard case .string(let name) = key else {
                    throw JSONataError(code: "T1003", message: "Key in object structure must evaluate to a string; got: \(key.messageForm)", position: position)
                }
                if let existing = groups[name] {
                    guard existing.pair == index else {
                        throw JSONataError(code: "D1009", message: "Multiple key definitions evaluate to same key: \"\(name)\"", position: position)
                    }
                    groups[name]?.tuples.append(tuple)
                } else {
                    groups[name] = ([tuple], index)
                }
            }
        }
        if tuples.isEmpty {
            // no items: keys that do not depend on the input still make the object (as for a plain path)
            return try evaluateGroup(pairs, input: nil, environment: environment, position: position)
        }
        var result = OrderedDictionary<String, JSONataValue>()
        for (name, group) in groups {
            var context: JSONataValue?
            let scope = JSONataEnvironment(parent: environment)
            for variable in names {
                var merged: JSONataValue?
                for tuple in group.tuples { merged = Self.append(merged, tuple.environment.lookup(variable)) }
                scope.bind(variable, merged)
            }
            for tuple in group.tuples { context = Self.append(context, tuple.value) }
            // a `%` that starts a path in the value reaches each of the group's items' own parent
            if trackParents { groupChains = group.tuples.map(\.chain) }
            defer { groupChains = nil }
            if let value = try evaluate(pairs[group.pair].value, input: context, environment: scope) {
                result[name] = value
            }
        }
        return .object(result)
    }

    private func evaluateTupleStep(_ step: JSONataNode, _ input: [Tuple]) throws(JSONataError) -> [Tuple] {
        if case .sort(let terms) = step.kind {
            var sorted = try sortTuples(input, terms: terms, at: step.position)
            // `^(...)#$i`: each item's position in the sorted sequence
            if let name = step.indexBinding {
                sorted = sorted.enumerated().map { index, tuple in
                    let scope = JSONataEnvironment(parent: tuple.environment)
                    scope.bind(name, .number(Double(index)))
                    return Tuple(value: tuple.value, environment: scope, chain: tuple.chain)
                }
            }
            for stage in step.stages { sorted = try filterTuples(sorted, stage) }
            return sorted
        }
        var output: [Tuple] = []
        let saved = ancestors
        defer { ancestors = saved }
        var isParent = false
        if case .parent = step.kind { isParent = true }
        for tuple in input {
            if trackParents { ancestors = tuple.chain }
            guard let value = try evaluate(step, input: tuple.value, environment: tuple.environment) else { continue }
            let items: [JSONataValue]
            if case .array(let a) = value { items = a.items } else { items = [value] }
            for (index, item) in items.enumerated() {
                let scope = JSONataEnvironment(parent: tuple.environment)
                var next = Tuple(value: item, environment: scope)
                if trackParents { next.chain = isParent ? Array(tuple.chain.dropLast()) : tuple.chain + [tuple.value] }
                if let focus = step.focus {
                    scope.bind(focus, item)
                    next.value = tuple.value
                    next.chain = tuple.chain
                }
                if let name = step.indexBinding { scope.bind(name, .number(Double(index))) }
                output.append(next)
            }
        }
        for stage in step.stages { output = try filterTuples(output, stage) }
        return output
    }

    private func filterTuples(_ tuples: [Tuple], _ filter: JSONataNode) throws(JSONataError) -> [Tuple] {
        if case .indexStage(let name) = filter.kind {
            return tuples.enumerated().map { index, tuple in
                let scope = JSONataEnvironment(parent: tuple.environment)
                scope.bind(name, .number(Double(index)))
                return Tuple(value: tuple.value, environment: scope, chain: tuple.chain)
            }
        }
        var kept: [Tuple] = []
        let saved = ancestors
        defer { ancestors = saved }
        for (position, tuple) in tuples.enumerated() {
            if trackParents { ancestors = tuple.chain }
            let value = try evaluate(filter, input: tuple.value, environment: tuple.environment)
            var indexes: [Double]?
            if case .number(let n)? = value { indexes = [n] }
            if case .array(let a)? = value, !a.items.isEmpty, a.items.allSatisfy({ $0.number != nil }) { indexes = a.items.compactMap(\.number) }
            if let indexes {
                let hit = indexes.contains { n in
                    var index = Int(exactly: n.rounded(.down)) ?? Int.min
                    if index < 0, index != Int.min { index += tuples.count }
                    return index == position
                }
                if hit { kept.append(tuple) }
            } else if value?.truthy == true {
                kept.append(tuple)
            }
        }
        return kept
    }

    private func sortTuples(_ tuples: [Tuple], terms: [JSONataNode.SortTerm], at position: Int) throws(JSONataError) -> [Tuple] {
        var keyed: [(tuple: Tuple, keys: [JSONataValue?])] = []
        let saved = ancestors
        defer { ancestors = saved }
        for tuple in tuples {
            if trackParents { ancestors = tuple.chain }
            var keys: [JSONataValue?] = []
            for term in terms {
                let key = try evaluate(term.expression, input: tuple.value, environment: tuple.environment)
                if let key, key.number == nil, key.string == nil {
                    throw JSONataError(code: "T2008", message: "The expressions within an order-by clause must evaluate to numeric or string values", position: position)
                }
                keys.append(key)
            }
            keyed.append((tuple, keys))
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
                case (.string(let x), .string(let y)): order = JSONataEvaluator.compareCodeUnits(x, y)
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
        return sorted.map(\.tuple)
    }
}
