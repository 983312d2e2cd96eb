import Foundation
import OrderedCollections

/// Evaluates a parsed JSONata expression with JSONata's sequence semantics.
final class JSONataEvaluator {
    let now: Date
    var randomSource: () -> Double
    /// How deeply the evaluation in progress is nested (see `maxEvaluationDepth`).
    var depth = 0
    /// A hard bound on nested evaluation; the stack guard usually stops deep recursion first.
    private static let maxDepth = 20_000
    /// How deeply evaluations may nest, counted as JSONata counts them (one level per node evaluated inside
    /// another, a function's body one level inside its call, a tail call none): AWS fails an expression past a
    /// depth of 100 with "Stack overflow error" (a 200-term `1+1+…+1`, a non-tail recursion about 30 calls deep),
    /// as measured against AWS in floci-io/floci#2737.
    static let maxEvaluationDepth = 100
    /// This evaluation's depth limit (tests change it).
    var depthLimit = JSONataEvaluator.maxEvaluationDepth
    /// Past this depth every evaluation checks the stack that is left.
    private static let stackCheckDepth = 48
    /// The lowest address this thread's stack may reach, plus the reserve (found on first deep evaluation).
    private var stackFloor: UInt?
    /// Evaluation steps taken (nodes evaluated plus work charged by built-ins), against `maxSteps`.
    private var steps = 0
    /// The work one evaluation may do: far beyond what a state's expression needs, small enough that one
    /// expression cannot hold its state for minutes.
    static let maxSteps = 10_000_000
    /// This evaluation's limit (tests lower it).
    var stepLimit = JSONataEvaluator.maxSteps
    /// Bytes of values built so far (strings, array and object slots), against `memoryLimit`. It counts what is
    /// built, not what is still alive: a bound on the memory one evaluation can hold, and on its copying.
    private var allocated = 0
    /// The values one evaluation may build: far beyond what a state's expression over a 256 KiB input needs,
    /// small enough that one expression cannot take the server's memory (`$a & $a` or `$append($a, $a)` in a
    /// `$reduce` double their value at each step).
    static let maxMemory = 128 << 20
    /// This evaluation's memory limit, in bytes (tests lower it).
    var memoryLimit = JSONataEvaluator.maxMemory
    /// The longest one evaluation may run: a backstop for work no step counts (a built-in's inner loops).
    static let maxDuration = Duration.seconds(60)
    /// When this evaluation must have finished.
    var deadline = ContinuousClock.now + JSONataEvaluator.maxDuration
    /// The step count at which the clock is read next (every `clockInterval` steps: reading it is not free).
    private var nextClockCheck = JSONataEvaluator.clockInterval
    private static let clockInterval = 4_096
    /// Whether paths track each item's ancestors (only when the expression uses `%`).
    var trackParents = false
    /// The ancestors of the current context item, innermost last (for `%`).
    var ancestors: [JSONataValue] = []
    /// The ancestors of each item of a group-by's group while its value is evaluated: the first path evaluated
    /// takes them (and uses them when it starts with `%` and runs over those items).
    var groupChains: [[JSONataValue]]?

    /// `$now()`/`$millis()`: one instant for the whole evaluation, as JSONata does.
    var nowMillis: Int64 { Int64((now.timeIntervalSince1970 * 1000).rounded(.down)) }

    init(now: Date, random: @escaping () -> Double) {
        self.now = now
        self.randomSource = random
    }

    // MARK: entry

    /// U1001 when the recursion is too deep for the thread's stack (or deeper than `maxDepth`).
    func checkStack(at position: Int) throws(JSONataError) {
        if stackFloor == nil {
            stackFloor = (JSONataStackGuard.stackLimit() ?? 0) + JSONataStackGuard.reserve
        }
        if depth > Self.maxDepth || JSONataStackGuard.currentAddress() < stackFloor ?? 0 {
            throw .stackOverflow(at: position)
        }
    }

    /// One level deeper (the caller steps back out): U1001 past the depth limit or the stack's.
    func enterNested(at position: Int) throws(JSONataError) {
        depth += 1
        if depth > depthLimit {
            depth -= 1
            throw .stackOverflow(at: position)
        }
        if depth > Self.stackCheckDepth {
            do throws(JSONataError) { try checkStack(at: position) } catch {
                depth -= 1
                throw error
            }
        }
    }

    /// Charges `work` steps to the evaluation's budget (U1003 when exhausted).
    func charge(_ work: Int, at position: Int) throws(JSONataError) {
        steps += work
        if steps > stepLimit {
            // this evaluator's own code for its work bound, which stands in for AWS's time bound (and is
            // worded as AWS words that one): JSONata itself has no work limit
            throw JSONataError(code: "U1003", message: JSONataError.timeoutMessage, position: position)
        }
        if steps >= nextClockCheck {
            nextClockCheck = steps + Self.clockInterval
            if ContinuousClock.now > deadline {
                // JSONata's own code and words for an evaluation that runs out of time
                throw JSONataError(code: "U1001", message: JSONataError.timeoutMessage, position: position)
            }
        }
    }

    /// Charges `bytes` of new values to the evaluation's memory budget (U1005 when exhausted), before they are built.
    func allocate(bytes: Int, at position: Int) throws(JSONataError) {
        allocated += bytes
        if allocated > memoryLimit { throw memoryExceeded(at: position) }
    }

    /// Charges `count` new array or object slots (U1005 past AWS's bound on one value, ``maxValueSlots``).
    func allocate(slots count: Int, at position: Int) throws(JSONataError) {
        if count > Self.maxValueSlots { throw memoryExceeded(at: position) }
        try allocate(bytes: count * JSONataValue.slotSize, at: position)
    }

    /// Charges a new string of `units` UTF-16 code units (U1005 past AWS's bound on one value, ``maxStringUnits``).
    func allocate(stringUnits units: Int, at position: Int) throws(JSONataError) {
        if units > Self.maxStringUnits { throw memoryExceeded(at: position) }
        try allocate(bytes: units, at: position)
    }

    /// AWS bounds the size of one value an expression builds, whatever else it holds, at about 10 MiB as a JVM
    /// holds it: 12 bytes per array item, 2 per character. Measured against AWS (floci-io/floci#2737, TestState in
    /// us-east-1): `[1..873782] ~> $count()` evaluates and `[1..873783] ~> $count()` fails with "Expression
    /// evaluation memory limit exceeded", as do `$sum([1..900000])` and a string doubled to 2^23 characters (2^22
    /// evaluates).
    static let maxValueSlots = 873_782
    static let maxStringUnits = 5_242_872

    /// Charges a value a built-in returned: its string's bytes or its container's slots (not what they share).
    func allocate(for value: JSONataValue?, at position: Int) throws(JSONataError) {
        switch value {
        case .string(let s)?: try allocate(stringUnits: s.utf16.count, at: position)
        case .array(let a)?: try allocate(slots: a.items.count, at: position)
        case .object(let o)?: try allocate(slots: o.count * 2, at: position)
        default: break
        }
    }

    /// The memory this evaluation may still use.
    var memoryLeft: Int { max(memoryLimit - allocated, 0) }

    /// U1005 when `value` written out (or converted to JSON) would take more memory than the evaluation has left,
    /// counting parts that are shared each time they appear; otherwise charges nothing (the caller charges what
    /// it builds).
    func checkExpandedSize(of value: JSONataValue?, at position: Int) throws(JSONataError) {
        guard let value, value.isContainer, value.expandedSize(exceeds: memoryLeft) else { return }
        throw memoryExceeded(at: position)
    }

    /// U1005: this evaluator's own code (JSONata itself has no memory limit), with AWS's words for its own
    /// memory bound (recorded: "... threw an error during evaluation: Expression evaluation memory limit exceeded:
    /// Check for excessive memory usage").
    func memoryExceeded(at position: Int) -> JSONataError {
        JSONataError(code: "U1005", message: "Expression evaluation memory limit exceeded: Check for excessive memory usage", position: position)
    }

    /// `value` as JSON, converted within the memory the evaluation has left (U1005 past it): the JSON form is built
    /// whole, and a value holding one part many times (`[1..1000].[$big]`) would be far larger than the value.
    func json(of value: JSONataValue?) throws(JSONataError) -> JSONValue? {
        guard let value, value.isContainer else { return value?.json }
        guard let converted = JSONataValue.convertContainer(value, budget: memoryLeft) else { throw memoryExceeded(at: 0) }
        return converted
    }

    /// `value` as the `&` operator and `$string` write it, measured against the memory budget before it is written.
    func stringified(_ value: JSONataValue?, at position: Int) throws(JSONataError) -> String {
        guard let value else { return "" }
        try checkExpandedSize(of: value, at: position)
        return value.stringified
    }

    func evaluate(_ node: JSONataNode, input: JSONataValue?, environment: JSONataEnvironment) throws(JSONataError) -> JSONataValue? {
        try charge(1, at: node.position)
        try enterNested(at: node.position)
        defer { depth -= 1 }
        if trackParents, Self.filtersByParent(node) {
            return try evaluateTracked(node, input: input, environment: environment).value
        }
        let result = try evaluateKind(node, input: input, environment: environment)
        return try finish(node, result, environment: environment)
    }

    /// A parenthesised path with a predicate that uses `%` (`(Account.Order.Product)[%.OrderID = 'x']`): the
    /// predicate needs the parent of each item the path selected.
    private static func filtersByParent(_ node: JSONataNode) -> Bool {
        switch node.kind {
        case .path, .block: return node.predicates.contains(where: \.reachesParent) || node.stages.contains(where: \.reachesParent)
        default: return false
        }
    }

    /// Evaluates a path, or a block ending in one, with the ancestors of each item of its value (aligned with the
    /// items; nil when they are not known), its own predicates applied item by item with those ancestors.
    func evaluateTracked(
        _ node: JSONataNode, input: JSONataValue?, environment: JSONataEnvironment
    ) throws(JSONataError) -> (value: JSONataValue?, chains: [[JSONataValue]]?) {
        var value: JSONataValue?
        var chains: [[JSONataValue]]?
        switch node.kind {
        case .path(let steps) where !steps.contains(where: \.bindsVariables):
            (value, chains) = try evaluatePathTracked(node, steps: steps, input: input, environment: environment)
        case .block(let items):
            let scope = JSONataEnvironment(parent: environment)
            for item in items.dropLast() { _ = try evaluate(item, input: input, environment: scope) }
            if let last = items.last {
                try charge(1, at: last.position)
                (value, chains) = try evaluateTracked(last, input: input, environment: scope)
            }
        default:
            value = try evaluateKind(node, input: input, environment: environment)
        }
        for filter in node.predicates {
            if let known = chains {
                (value, chains) = try applyFilter(filter, to: value, chains: known, environment: environment)
            } else {
                value = try applyFilter(filter, to: value, environment: environment)
            }
        }
        var plain = node
        plain.predicates = []
        value = try finish(plain, value, environment: environment)
        if let known = chains, Self.items(of: value).count != known.count { chains = nil }
        return (value, chains)
    }

    private static func items(of value: JSONataValue?) -> [JSONataValue] {
        switch value {
        case nil: []
        case .array(let a)?: a.items
        case let value?: [value]
        }
    }

    /// A node's predicates, group-by and sequence rules applied to its raw value.
    func finish(_ node: JSONataNode, _ value: JSONataValue?, environment: JSONataEnvironment) throws(JSONataError) -> JSONataValue? {
        var result = value
        for filter in node.predicates {
            result = try applyFilter(filter, to: result, environment: environment)
        }
        if !node.isPath, let group = node.group {
            result = try evaluateGroup(group, input: result, environment: environment, position: node.position)
        }
        if case .array(var array)? = result, array.sequence {
            if node.keepArray { array.keepSingleton = true }
            if array.items.isEmpty { return nil }
            if array.items.count == 1, !array.keepSingleton { return array.items[0] }
            return .array(array)
        }
        return result
    }

    private func evaluateKind(_ node: JSONataNode, input: JSONataValue?, environment: JSONataEnvironment) throws(JSONataError) -> JSONataValue? {
        switch node.kind {
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .name(let name): return Self.lookup(input, name)
        case .variable(let name):
            if name.isEmpty {
                if case .array(let a)? = input, a.outerWrapper, let first = a.items.first { return first }
                return input
            }
            if let value = environment.lookup(name) { return value }
            return JSONataBuiltins.isBuiltin(name) ? .function(.builtin(name)) : nil
        case .regex(let pattern, let flags): return .regex(try Self.compileRegex(pattern, flags: flags, at: node.position))
        case .wildcard: return Self.wildcard(input)
        case .descendant: return Self.descendants(input)
        case .path(let steps): return try evaluatePath(node, steps: steps, input: input, environment: environment)
        case .binary(let op, let lhs, let rhs):
            return try evaluateBinary(op, lhs, rhs, input: input, environment: environment, at: node.position)
        case .negate(let operand):
            guard let value = try evaluate(operand, input: input, environment: environment) else { return nil }
            guard case .number(let n) = value else {
                throw JSONataError(code: "D1002", message: "Cannot negate a non-numeric value: \(value.messageForm)", position: node.position)
            }
            return .number(-n)
        case .array(let items):
            var result: [JSONataValue] = []
            var copied = 0
            for item in items {
                guard let value = try evaluate(item, input: input, environment: environment) else { continue }
                if item.isArrayConstructor {
                    result.append(value)
                } else if case .array(let a) = value {
                    // charged before the copy: `[$a, $a]` in a loop doubles an array
                    try allocate(slots: a.items.count, at: node.position)
                    copied += a.items.count
                    result.append(contentsOf: a.items)
                } else {
                    result.append(value)
                }
            }
            // the whole array is one value, however it was put together (`[1..500000, 1..500000]`)
            if result.count > Self.maxValueSlots { throw memoryExceeded(at: node.position) }
            try allocate(bytes: JSONataValue.containerOverhead + (result.count - copied) * JSONataValue.slotSize, at: node.position)
            var array = JSONataArray(result)
            array.cons = node.consArray
            return .array(array)
        case .object(let pairs):
            return try evaluateGroup(pairs, input: input, environment: environment, position: node.position)
        case .block(let items):
            let scope = JSONataEnvironment(parent: environment)
            var result: JSONataValue?
            for item in items { result = try evaluate(item, input: input, environment: scope) }
            return result
        case .bind(let name, let valueNode):
            let value = try evaluate(valueNode, input: input, environment: environment)
            environment.bind(name, value)
            return value
        case .condition(let test, let then, let otherwise):
            let condition = try evaluate(test, input: input, environment: environment)
            if condition?.truthy == true { return try evaluate(then, input: input, environment: environment) }
            guard let otherwise else { return nil }
            return try evaluate(otherwise, input: input, environment: environment)
        case .call(let procedureNode, let argumentNodes):
            return try evaluateCall(procedureNode, argumentNodes, prefix: [], input: input, environment: environment, at: node.position)
        case .placeholder:
            return nil
        case .lambda(let parameters, let body, let signature):
            return .function(.lambda(JSONataLambda(parameters: parameters, body: body, signature: signature, environment: environment, input: input)))
        case .parent:
            return ancestors.last
        case .transform(let pattern, let update, let delete):
            return .function(.transform(JSONataTransform(pattern: pattern, update: update, delete: delete, environment: environment, position: node.position)))
        case .apply(let lhs, let rhs):
            return try evaluateApply(lhs, rhs, input: input, environment: environment, at: node.position)
        case .sort(let terms):
            return try sort(input, terms: terms, environment: environment, at: node.position)
        case .indexStage:
            return input  // only ever a stage of a tuple path, where the tuple filter binds it
        }
    }

    // MARK: paths

    private func evaluatePath(_ node: JSONataNode, steps: [JSONataNode], input: JSONataValue?, environment: JSONataEnvironment) throws(JSONataError) -> JSONataValue? {
        if steps.contains(where: \.bindsVariables) {
            return try evaluateTuplePath(node, steps: steps, input: input, environment: environment)
        }
        return try evaluatePathTracked(node, steps: steps, input: input, environment: environment).value
    }

    /// A path without variable bindings; with `trackParents`, also the ancestors of each item of its value.
    private func evaluatePathTracked(
        _ node: JSONataNode, steps: [JSONataNode], input: JSONataValue?, environment: JSONataEnvironment
    ) throws(JSONataError) -> (value: JSONataValue?, chains: [[JSONataValue]]?) {
        var sequence: [JSONataValue]
        if case .array(let a)? = input, !Self.isVariable(steps.first) {
            sequence = a.items
        } else {
            sequence = input.map { [$0] } ?? []
        }
        var chains: [[JSONataValue]]? = trackParents ? Array(repeating: ancestors, count: sequence.count) : nil
        if let pending = groupChains {
            groupChains = nil
            if case .parent? = steps.first?.kind, pending.count == sequence.count { chains = pending }
        }
        // a path whose later steps reach their parents runs as a tuple stream in JSONata: constructed arrays spread
        let spreadsArrays = trackParents && steps.dropFirst().contains(where: \.reachesParent)
        var result: JSONataValue?
        for (i, step) in steps.enumerated() {
            if i == 0, step.consArray {
                result = try evaluate(step, input: .sequence(sequence), environment: environment)
                chains = nil
            } else {
                (result, chains) = try evaluateStep(
                    step, sequence, chains: chains, environment: environment, isLast: i == steps.count - 1, spreadsArrays: spreadsArrays && i > 0)
            }
            guard let value = result else { break }
            if case .array(let a) = value {
                if a.items.isEmpty { break }
                sequence = a.items
            } else {
                sequence = [value]
            }
            if trackParents, chains?.count != sequence.count { chains = Array(repeating: ancestors, count: sequence.count) }
        }
        if node.keepArray, let value = result {
            var array: JSONataArray
            if case .array(let a) = value { array = a } else { array = JSONataArray([value], sequence: true) }
            if array.cons, !array.sequence { array = JSONataArray([value], sequence: true) }
            array.keepSingleton = true
            result = .array(array)
        }
        if let group = node.group {
            result = try evaluateGroup(group, input: result, environment: environment, position: node.position, chains: chains)
            chains = nil
        }
        if let known = chains, Self.items(of: result).count != known.count { chains = nil }
        return (result, chains)
    }

    private static func isVariable(_ node: JSONataNode?) -> Bool {
        if case .variable? = node?.kind { return true }
        return false
    }

    /// One step over each item of the sequence; with `chains` (the ancestors of each item), also the ancestors
    /// of each result.
    private func evaluateStep(
        _ step: JSONataNode, _ input: [JSONataValue], chains: [[JSONataValue]]?, environment: JSONataEnvironment, isLast: Bool,
        spreadsArrays: Bool = false
    ) throws(JSONataError) -> (JSONataValue?, [[JSONataValue]]?) {
        if case .sort(let terms) = step.kind {
            var result = try sort(.sequence(input), terms: terms, environment: environment, at: step.position)
            for stage in step.stages { result = try applyFilter(stage, to: result, environment: environment) }
            return (result, nil)
        }
        let saved = ancestors
        defer { ancestors = saved }
        var isParent = false
        if case .parent = step.kind { isParent = true }
        var results: [JSONataValue] = []
        var resultChains: [[JSONataValue]] = []
        /// The ancestors of each item of a result, where a tracked step knew them item by item.
        var itemChainsByResult: [Int: [[JSONataValue]]] = [:]
        for (index, item) in input.enumerated() {
            var chain: [JSONataValue] = []
            if let chains {
                ancestors = chains[index]
                chain = isParent ? Array(chains[index].dropLast()) : chains[index] + [item]
            }
            if chains != nil, Self.filtersByParent(step) {
                // `Account.(Order.Product)[%.OrderID = 'x']`: each selected item is filtered with its own parent
                var (value, itemChains) = try evaluateTracked(step, input: item, environment: environment)
                ancestors = chain
                for stage in step.stages {
                    if let known = itemChains {
                        (value, itemChains) = try applyFilter(stage, to: value, chains: known, environment: environment)
                    } else {
                        value = try applyFilter(stage, to: value, environment: environment)
                    }
                }
                if let value {
                    results.append(value)
                    resultChains.append(chain)
                    if let itemChains { itemChainsByResult[results.count - 1] = itemChains }
                }
                continue
            }
            var value = try evaluate(step, input: item, environment: environment)
            if chains != nil { ancestors = chain }
            for stage in step.stages { value = try applyFilter(stage, to: value, environment: environment) }
            if let value {
                results.append(value)
                if chains != nil { resultChains.append(chain) }
            }
        }
        if isLast, !spreadsArrays, results.count == 1, case .array(let a) = results[0], !a.sequence { return (results[0], nil) }
        var total = 0
        for value in results {
            if case .array(let a) = value, !a.cons || spreadsArrays { total += a.items.count } else { total += 1 }
        }
        try allocate(slots: total, at: step.position)
        var flattened: [JSONataValue] = []
        flattened.reserveCapacity(total)
        var flattenedChains: [[JSONataValue]] = []
        for (index, value) in results.enumerated() {
            if case .array(let a) = value, !a.cons || spreadsArrays {
                flattened.append(contentsOf: a.items)
                if let known = itemChainsByResult[index], known.count == a.items.count {
                    flattenedChains.append(contentsOf: known)
                } else if chains != nil {
                    flattenedChains.append(contentsOf: repeatElement(resultChains[index], count: a.items.count))
                }
            } else {
                flattened.append(value)
                if let known = itemChainsByResult[index], known.count == 1 {
                    flattenedChains.append(known[0])
                } else if chains != nil {
                    flattenedChains.append(resultChains[index])
                }
            }
        }
        return (.sequence(flattened), chains == nil ? nil : flattenedChains)
    }

    static func lookup(_ input: JSONataValue?, _ key: String) -> JSONataValue? {
        switch input {
        case .array(let a)?:
            var result: [JSONataValue] = []
            for item in a.items {
                guard let value = lookup(item, key) else { continue }
                if case .array(let inner) = value { result.append(contentsOf: inner.items) } else { result.append(value) }
            }
            return .sequence(result)
        case .object(let o)?:
            return o[key]
        default:
            return nil
        }
    }

    private static func wildcard(_ input: JSONataValue?) -> JSONataValue? {
        var value = input
        if case .array(let a)? = value, a.outerWrapper, let first = a.items.first { value = first }
        guard case .object(let o)? = value else { return .sequence([]) }
        var results: [JSONataValue] = []
        for (_, member) in o {
            if case .array = member { results.append(contentsOf: flatten(member)) } else { results.append(member) }
        }
        return .sequence(results)
    }

    static func flatten(_ value: JSONataValue) -> [JSONataValue] {
        guard case .array(let a) = value else { return [value] }
        return a.items.flatMap(flatten)
    }

    private static func descendants(_ input: JSONataValue?) -> JSONataValue? {
        guard let input else { return nil }
        var results: [JSONataValue] = []
        func recurse(_ value: JSONataValue) {
            switch value {
            case .array(let a): a.items.forEach(recurse)
            case .object(let o):
                results.append(value)
                o.values.forEach(recurse)
            default: results.append(value)
            }
        }
        recurse(input)
        return results.count == 1 ? results[0] : .sequence(results)
    }

    // MARK: filters

    /// `applyFilter` with the ancestors of each item (`chains`, aligned with the items): a `%` in the predicate
    /// reaches each item's own parent. Returns the kept items with their ancestors.
    func applyFilter(
        _ filter: JSONataNode, to input: JSONataValue?, chains: [[JSONataValue]], environment: JSONataEnvironment
    ) throws(JSONataError) -> (JSONataValue?, [[JSONataValue]]?) {
        let items = Self.items(of: input)
        guard items.count == chains.count else { return (try applyFilter(filter, to: input, environment: environment), nil) }
        if case .number(let n) = filter.kind, filter.predicates.isEmpty {
            guard var index = Int(exactly: n.rounded(.down)) else { return (.sequence([]), []) }
            if index < 0 { index += items.count }
            guard items.indices.contains(index) else { return (.sequence([]), []) }
            if case .array = items[index] { return (items[index], nil) }
            return (.sequence([items[index]]), [chains[index]])
        }
        let saved = ancestors
        defer { ancestors = saved }
        var results: [JSONataValue] = []
        var kept: [[JSONataValue]] = []
        for (position, item) in items.enumerated() {
            ancestors = chains[position]
            let value = try evaluate(filter, input: item, environment: environment)
            for _ in 0..<Self.timesSelected(by: value, position: position, count: items.count) {
                results.append(item)
                kept.append(chains[position])
            }
        }
        return (.sequence(results), kept)
    }

    /// How many times a predicate's value keeps the item at `position` of `count`: once for each number in it that
    /// names that position (rounded down; negative ones count from the end), or once when it is not numeric and
    /// is truthy.
    static func timesSelected(by value: JSONataValue?, position: Int, count: Int) -> Int {
        var indexes: [Double]?
        if case .number(let n)? = value { indexes = [n] }
        if case .array(let a)? = value, !a.items.isEmpty, a.items.allSatisfy({ $0.number != nil }) {
            indexes = a.items.compactMap(\.number)
        }
        guard let indexes else { return value?.truthy == true ? 1 : 0 }
        return indexes.count { n in
            guard var index = Int(exactly: n.rounded(.down)) else { return false }
            if index < 0 { index += count }
            return index == position
        }
    }

    func applyFilter(_ filter: JSONataNode, to input: JSONataValue?, environment: JSONataEnvironment) throws(JSONataError) -> JSONataValue? {
        let items: [JSONataValue]
        switch input {
        case nil: items = []
        case .array(let a)?: items = a.items
        case let value?: items = [value]
        }
        var results: [JSONataValue] = []
        if case .number(let n) = filter.kind, filter.predicates.isEmpty {
            guard var index = Int(exactly: n.rounded(.down)) else { return .sequence([]) }
            if index < 0 { index += items.count }
            guard items.indices.contains(index) else { return .sequence([]) }
            if case .array = items[index] { return items[index] }
            return .sequence([items[index]])
        }
        for (position, item) in items.enumerated() {
            let value = try evaluate(filter, input: item, environment: environment)
            for _ in 0..<Self.timesSelected(by: value, position: position, count: items.count) { results.append(item) }
        }
        return .sequence(results)
    }
}
