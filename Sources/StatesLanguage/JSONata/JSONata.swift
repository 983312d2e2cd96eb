import Foundation
public import OrderedCollections

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
    ///   - field: the field's name in the state (`Output`, `Arguments`, `Choices[1]/Output`), which AWS names in
    ///     the cause of a failure together with the path inside the field (`Arguments/Input/id`, `Output/a[0]`).
    /// - Throws: `States.QueryEvaluationError` when an expression fails or evaluates to nothing (undefined).
    public static func evaluateTemplate(
        _ value: JSONValue, states: JSONValue, variables: JSONObject, field: String? = nil
    ) throws(StatesError) -> JSONValue {
        var bindings = Bindings(states: states, variables: variables)
        return try evaluateTemplate(value, bindings: &bindings, field: field)
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

    static func evaluateTemplate(_ value: JSONValue, bindings: inout Bindings, field: String?) throws(StatesError) -> JSONValue {
        switch value {
        case .string(let text):
            guard let source = expressionText(text) else { return value }
            let expression = try cachedExpression(source)
            let evaluated: JSONataExpression.FieldResult
            do {
                evaluated = try expression.evaluateField(input: .null, converted: bindings.values())
            } catch {
                throw JSONataFailure.evaluation(source, field: field, error)
            }
            switch evaluated {
            case .value(let result): return result
            case .undefined: throw JSONataFailure.undefined(source, field: field)
            case .function: throw JSONataFailure.unsupportedType(source, field: field)
            }
        case .array(let items):
            var result: [JSONValue] = []
            result.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                result.append(try evaluateTemplate(item, bindings: &bindings, field: field.map { "\($0)[\(index)]" }))
            }
            return .array(result)
        case .object(let members):
            var result = JSONObject(minimumCapacity: members.count)
            for (key, member) in members {
                result[key] = try evaluateTemplate(member, bindings: &bindings, field: field.map { "\($0)/\(key)" })
            }
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
        try condition(expression, scope, field: "Condition")
    }

    /// The JSONata hook for a Choice rule's `Condition`, naming the field in failures as AWS does
    /// (`Choices[1]/Condition`); a value that is not a boolean fails here.
    public static func condition(field: String) -> @Sendable (String, EvaluationScope) throws(StatesError) -> JSONValue {
        { (expression: String, scope: EvaluationScope) throws(StatesError) -> JSONValue in
            let value = try condition(expression, scope, field: field)
            guard case .bool = value else {
                throw JSONataFailure.unexpectedType(expressionText(expression) ?? expression, field: field, expected: "boolean", value: value)
            }
            return value
        }
    }

    static func condition(_ expression: String, _ scope: EvaluationScope, field: String) throws(StatesError) -> JSONValue {
        guard let source = expressionText(expression) else { return .string(expression) }
        var bindings: [String: JSONValue] = [:]
        for (name, value) in scope.variables { bindings[name] = value }
        bindings["states"] = ["input": scope.input, "context": scope.context]
        let expression = try cachedExpression(source)
        let evaluated: JSONValue?
        do {
            evaluated = try expression.evaluateJSONata(input: .null, bindings: bindings)
        } catch {
            throw JSONataFailure.evaluation(source, field: field, error)
        }
        guard let result = evaluated else { throw JSONataFailure.undefined(source, field: field) }
        return result
    }
}
