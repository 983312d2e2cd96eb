/// Paths with variable bindings on their steps (`loans@$l.books@$b[$l.isbn = $b.isbn]`, `Order#$i`): JSONata
/// evaluates them as a stream of tuples, each item with the variables bound along its way.
extension JSONataEvaluator {
    struct Tuple {
        var value: JSONataValue
        var environment: JSONataEnvironment
    }

    func evaluateTuplePath(_ node: JSONataNode, steps: [JSONataNode], input: JSONataValue?, environment: JSONataEnvironment) throws(JSONataError) -> JSONataValue? {
        var tuples: [Tuple]
        if case .array(let a)? = input, !a.outerWrapper {
            tuples = a.items.map { Tuple(value: $0, environment: environment) }
        } else if case .array(let a)? = input, let first = a.items.first {
            tuples = [Tuple(value: first, environment: environment)]
        } else {
            tuples = input.map { [Tuple(value: $0, environment: environment)] } ?? []
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
            return try evaluateGroup(group, input: result, environment: environment, position: node.position)
        }
        return result
    }

    private func evaluateTupleStep(_ step: JSONataNode, _ input: [Tuple]) throws(JSONataError) -> [Tuple] {
        if case .sort(let terms) = step.kind {
            var sorted = try sortTuples(input, terms: terms, at: step.position)
            // `^(...)#$i`: each item's position in the sorted sequence
            if let name = step.indexBinding {
                sorted = sorted.enumerated().map { index, tuple in
                    let scope = JSONataEnvironment(parent: tuple.environment)
                    scope.bind(name, .number(Double(index)))
                    return Tuple(value: tuple.value, environment: scope)
                }
            }
            for stage in step.stages { sorted = try filterTuples(sorted, stage) }
            return sorted
        }
        var output: [Tuple] = []
        for tuple in input {
            guard let value = try evaluate(step, input: tuple.value, environment: tuple.environment) else { continue }
            let items: [JSONataValue]
            if case .array(let a) = value { items = a.items } else { items = [value] }
            for (index, item) in items.enumerated() {
                let scope = JSONataEnvironment(parent: tuple.environment)
                var next = Tuple(value: item, environment: scope)
                if let focus = step.focus {
                    scope.bind(focus, item)
                    next.value = tuple.value
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
                return Tuple(value: tuple.value, environment: scope)
            }
        }
        var kept: [Tuple] = []
        for (position, tuple) in tuples.enumerated() {
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
        for tuple in tuples {
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
                case (.string(let x), .string(let y)): order = x < y ? -1 : x > y ? 1 : 0
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
