public import Foundation

/// A parsed JSONata expression (JSONata 2.0, as AWS Step Functions runs it), ready to evaluate many times.
///
/// ```swift
/// let total = try JSONataExpression(parsing: "$sum($states.input.items.price)")
/// let value = try total.evaluate(input: .null, bindings: ["states": ["input": input]])
/// ```
public struct JSONataExpression: Sendable {
    /// The expression's text.
    public let text: String
    let root: JSONataNode
    /// Whether the expression uses the parent operator `%` (paths then track each item's ancestors).
    let usesParent: Bool

    /// Parses `text`; syntax errors carry JSONata's codes (`S0201`, `S0202`, ...).
    public init(parsing text: String) throws(JSONataError) {
        self.text = text
        root = try JSONataParser.parse(text)
        usesParent = (try? JSONataLexer.tokenize(text))?.contains { $0.kind == .operator && $0.text == "%" } ?? false
    }

    /// Evaluates the expression.
    /// - Parameters:
    ///   - input: the context value (`$` and `$$`).
    ///   - bindings: variables, by name without `$` (e.g. `states` for `$states`).
    /// - Returns: the value, or nil when the expression evaluates to JSONata's `undefined`.
    /// - Throws: `States.QueryEvaluationError` with JSONata's error code and message as the cause.
    public func evaluate(input: JSONValue, bindings: [String: JSONValue]) throws(StatesError) -> JSONValue? {
        do {
            return try evaluateJSONata(input: input, bindings: bindings)
        } catch {
            throw error.statesError
        }
    }

    /// Evaluates the expression, with JSONata's own error, an injectable instant for `$now()`/`$millis()`
    /// and a random source (values in 0..<1) for `$random()`, `$shuffle()` and `$uuid()`.
    public func evaluateJSONata(
        input: JSONValue, bindings: [String: JSONValue], now: Date = Date(),
        random: @escaping () -> Double = { Double.random(in: 0..<1) }
    ) throws(JSONataError) -> JSONValue? {
        try evaluate(input: JSONataValue(input), converted: bindings.mapValues(JSONataValue.init), now: now, random: random)
    }

    /// Evaluates with bindings already converted (templates convert `$states` and the variables once).
    func evaluate(
        input: JSONataValue, converted bindings: [String: JSONataValue], now: Date = Date(),
        random: @escaping () -> Double = { Double.random(in: 0..<1) }, stepLimit: Int = JSONataEvaluator.maxSteps,
        memoryLimit: Int = JSONataEvaluator.maxMemory, timeLimit: Duration = JSONataEvaluator.maxDuration,
        depthLimit: Int = JSONataEvaluator.maxEvaluationDepth
    ) throws(JSONataError) -> JSONValue? {
        let (evaluator, result) = try run(
            input: input, converted: bindings, now: now, random: random, stepLimit: stepLimit, memoryLimit: memoryLimit,
            timeLimit: timeLimit, depthLimit: depthLimit)
        return try evaluator.json(of: result)
    }

    /// What a field's expression gave: a JSON value, nothing (`undefined`), or a function, which AWS refuses as "an
    /// unsupported result type" (LocalStack's test_base_scenarios.snapshot.json,
    /// test_map_state_items_eval_jsonata_fail[function], recorded against AWS).
    enum FieldResult {
        case value(JSONValue)
        case undefined
        case function
    }

    /// Evaluates a field's expression, telling a function result apart from `undefined`.
    func evaluateField(input: JSONataValue, converted bindings: [String: JSONataValue]) throws(JSONataError) -> FieldResult {
        let (evaluator, result) = try run(input: input, converted: bindings)
        if result?.isFunction == true { return .function }
        guard let value = try evaluator.json(of: result) else { return .undefined }
        return .value(value)
    }

    private func run(
        input: JSONataValue, converted bindings: [String: JSONataValue], now: Date = Date(),
        random: @escaping () -> Double = { Double.random(in: 0..<1) }, stepLimit: Int = JSONataEvaluator.maxSteps,
        memoryLimit: Int = JSONataEvaluator.maxMemory, timeLimit: Duration = JSONataEvaluator.maxDuration,
        depthLimit: Int = JSONataEvaluator.maxEvaluationDepth
    ) throws(JSONataError) -> (JSONataEvaluator, JSONataValue?) {
        let environment = JSONataEnvironment(parent: nil)
        var context = input
        if case .array(let items) = context {
            var wrapper = JSONataArray([.array(items)], sequence: true)
            wrapper.outerWrapper = true
            context = .array(wrapper)
        }
        environment.bind("$", input)
        for (name, value) in bindings { environment.bind(name, value) }
        let evaluator = JSONataEvaluator(now: now, random: random)
        evaluator.trackParents = usesParent
        evaluator.stepLimit = stepLimit
        evaluator.memoryLimit = memoryLimit
        evaluator.deadline = .now + timeLimit
        evaluator.depthLimit = depthLimit
        return (evaluator, try evaluator.evaluate(root, input: context, environment: environment))
    }
}
