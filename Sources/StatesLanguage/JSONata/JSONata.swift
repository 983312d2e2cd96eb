import Foundation

/// Step Functions' use of JSONata: `{% expression %}` strings in a state's JSONata fields.
public enum JSONata {
    /// The expression inside a `{% ... %}` string, or nil when `text` is a literal string.
    public static func expressionText(_ text: String) -> String? {
        guard text.hasPrefix("{%"), text.hasSuffix("%}"), text.count >= 4 else { return nil }
        return String(text.dropFirst(2).dropLast(2))
    }

    /// Evaluates a JSONata field value (`Arguments`, `Output`, `Assign`, `Items`, ...): a `{% expr %}` string is
    /// an expression, other strings and scalars are literals, objects and arrays are evaluated member by member.
    /// - Parameters:
    ///   - states: the `$states` object (`input`, `context`, and `result` / `errorOutput` where AWS provides them).
    ///   - variables: the workflow variables, bound as `$name`.
    /// - Throws: `States.QueryEvaluationError` when an expression fails or evaluates to nothing (undefined).
    public static func evaluateTemplate(_ value: JSONValue, states: JSONValue, variables: JSONObject) throws(StatesError) -> JSONValue {
        var bindings = Bindings(states: states, variables: variables)
        return try evaluateTemplate(value, bindings: &bindings)
    }

    /// `$states` and the variables, converted to JSONata values on first use and then shared by every
    /// expression of the template.
    struct Bindings {
        let states: JSONValue
        let variables: JSONObject
        private var converted: [String: JSONataValue]?

        init(states: JSONValue, variables: JSONObject) {
            self.states = states
            self.variables = variables
        }

        mutating func values() -> [String: JSONataValue] {
            if let converted { return converted }
            var values: [String: JSONataValue] = [:]
            for (name, value) in variables { values[name] = JSONataValue(value) }
            values["states"] = JSONataValue(states)
            converted = values
            return values
        }
    }

    static func evaluateTemplate(_ value: JSONValue, bindings: inout Bindings) throws(StatesError) -> JSONValue {
        switch value {
        case .string(let text):
            guard let source = expressionText(text) else { return value }
            let expression = try cachedExpression(source)
            let evaluated: JSONValue?
            do {
                evaluated = try expression.evaluate(input: .null, converted: bindings.values())
            } catch {
                throw error.statesError
            }
            guard let result = evaluated else {
                throw StatesError(
                    StatesError.Name.queryEvaluationError,
                    cause: "The JSONata expression '\(source)' returned nothing (undefined).")
            }
            return result
        case .array(let items):
            var result: [JSONValue] = []
            result.reserveCapacity(items.count)
            for item in items { result.append(try evaluateTemplate(item, bindings: &bindings)) }
            return .array(result)
        case .object(let members):
            var result = JSONObject(minimumCapacity: members.count)
            for (key, member) in members { result[key] = try evaluateTemplate(member, bindings: &bindings) }
            return .object(result)
        default:
            return value
        }
    }

    /// Parses an expression, reporting a syntax error as `States.QueryEvaluationError`.
    static func cachedExpression(_ source: String) throws(StatesError) -> JSONataExpression {
        if let cached = JSONataCache.shared.expression(for: source) { return cached }
        do {
            let expression = try JSONataExpression(parsing: source)
            JSONataCache.shared.store(expression, for: source)
            return expression
        } catch {
            throw error.statesError
        }
    }

    /// The JSONata hook for `CompiledChoiceRule`: evaluates a `Condition` string (`{% ... %}`) with `$states`
    /// made from the scope's input and context and the scope's variables.
    public static func condition(_ expression: String, _ scope: EvaluationScope) throws(StatesError) -> JSONValue {
        guard let source = expressionText(expression) else { return .string(expression) }
        var bindings: [String: JSONValue] = [:]
        for (name, value) in scope.variables { bindings[name] = value }
        bindings["states"] = ["input": scope.input, "context": scope.context]
        guard let result = try cachedExpression(source).evaluate(input: .null, bindings: bindings) else {
            throw StatesError(
                StatesError.Name.queryEvaluationError,
                cause: "The JSONata expression '\(source)' returned nothing (undefined).")
        }
        return result
    }
}
