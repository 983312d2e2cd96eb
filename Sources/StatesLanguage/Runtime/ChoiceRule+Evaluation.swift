/// A choice rule with its paths compiled once, ready to evaluate many times.
///
/// Evaluation follows AWS Step Functions:
/// - A comparison whose value (or, for a `…Path` operator, the other value) has the wrong type for the
///   operator is false, not an error; so is a timestamp comparison on a string that is not an ASL timestamp.
/// - `IsPresent` is the only test that accepts a `Variable` that matches nothing. Any other rule whose
///   `Variable` (or `…Path` operand) matches nothing fails with `States.Runtime` and the cause
///   `Invalid path '<path>': The choice state's condition path references an invalid value.` (AWS prefixes
///   it with "An error occurred while executing the state '<name>' (entered at the event id #<n>). "; the
///   engine adds that prefix because it knows the state and event.)
/// - Strings compare by UTF-16 code units; numbers by value (integers exactly, otherwise as doubles);
///   timestamps as instants.
public struct CompiledChoiceRule: Sendable {
    indirect enum Node: Sendable {
        case and([Node])
        case or([Node])
        case not(Node)
        case comparison(Comparison)
        case condition(JSONValue)
    }

    struct Comparison: Sendable {
        let variable: JSONPath
        let `operator`: ComparisonOperator
        let operand: Operand
    }

    enum Operand: Sendable {
        case value(JSONValue)
        case path(JSONPath)
        case pattern(StringMatchPattern)
        case timestamp(ASLTimestamp?)
    }

    let node: Node

    /// Compiles a rule's paths.
    /// - Throws: `States.Runtime` when a `Variable` or `…Path` operand is not a valid JSONPath (the
    ///   validator rejects such definitions before they run).
    public init(_ rule: ChoiceRule) throws(StatesError) {
        node = try Self.compile(rule)
    }

    static func compile(_ rule: ChoiceRule) throws(StatesError) -> Node {
        switch rule {
        case .and(let rules):
            var nodes: [Node] = []
            for rule in rules { nodes.append(try compile(rule)) }
            return .and(nodes)
        case .or(let rules):
            var nodes: [Node] = []
            for rule in rules { nodes.append(try compile(rule)) }
            return .or(nodes)
        case .not(let rule):
            return .not(try compile(rule))
        case .condition(let condition):
            return .condition(condition)
        case .comparison(let comparison):
            let variable = try path(comparison.variable)
            let op = comparison.operator
            let operand: Operand
            if op.isPathForm {
                operand = .path(try path(comparison.operand.stringValue ?? ""))
            } else if op == .stringMatches {
                operand = .pattern(StringMatchPattern(comparison.operand.stringValue ?? ""))
            } else if op.kind == .timestamp {
                operand = .timestamp(comparison.operand.stringValue.flatMap(ASLTimestamp.init))
            } else {
                operand = .value(comparison.operand)
            }
            return .comparison(Comparison(variable: variable, operator: op, operand: operand))
        }
    }

    static func path(_ text: String) throws(StatesError) -> JSONPath {
        do {
            return try JSONPath(text)
        } catch {
            throw StatesError(StatesError.Name.runtime, cause: "Invalid path '\(text)': \(error.message)")
        }
    }

    /// Evaluates the rule.
    /// - Parameters:
    ///   - scope: the state's effective input (`$`), the context object (`$$`) and the variables.
    ///   - condition: evaluates a JSONata `Condition` expression string to its value; by default
    ///     `JSONata.condition` (the language core's JSONata evaluator, `$states.input`/`$states.context` and the
    ///     scope's variables bound).
    public func evaluate(
        in scope: EvaluationScope,
        condition: (String, EvaluationScope) throws(StatesError) -> JSONValue = JSONata.condition
    ) throws(StatesError) -> Bool {
        try Self.evaluate(node, in: scope, condition: condition)
    }

    /// A JSONata hook that refuses every expression (for callers that must not evaluate JSONata).
    public static func noJSONata(_ expression: String, _ scope: EvaluationScope) throws(StatesError) -> JSONValue {
        throw StatesError(
            StatesError.Name.queryEvaluationError,
            cause: "JSONata expressions cannot be evaluated here: \(expression)")
    }

    static func evaluate(
        _ node: Node, in scope: EvaluationScope,
        condition: (String, EvaluationScope) throws(StatesError) -> JSONValue
    ) throws(StatesError) -> Bool {
        switch node {
        case .and(let nodes):
            for node in nodes where try !evaluate(node, in: scope, condition: condition) { return false }
            return true
        case .or(let nodes):
            for node in nodes where try evaluate(node, in: scope, condition: condition) { return true }
            return false
        case .not(let node):
            return try !evaluate(node, in: scope, condition: condition)
        case .condition(let value):
            let result: JSONValue
            if case .string(let expression) = value { result = try condition(expression, scope) } else { result = value }
            guard case .bool(let flag) = result else {
                let source = value.stringValue.flatMap(JSONata.expressionText) ?? value.jsonString()
                throw JSONataFailure.unexpectedType(source, field: "Condition", expected: "boolean", value: result)
            }
            return flag
        case .comparison(let comparison):
            return try evaluate(comparison, in: scope)
        }
    }

    static func invalidPath(_ path: JSONPath) -> StatesError {
        StatesError(
            StatesError.Name.runtime,
            cause: "Invalid path '\(path.description)': The choice state's condition path references an invalid value.")
    }

    static func evaluate(_ comparison: Comparison, in scope: EvaluationScope) throws(StatesError) -> Bool {
        let op = comparison.operator
        let value = comparison.variable.evaluate(in: scope)
        if op == .isPresent {
            return (value != nil) == (expectedFlag(comparison.operand))
        }
        guard let value else { throw invalidPath(comparison.variable) }
        switch op.kind {
        case .typeTest:
            let flag = expectedFlag(comparison.operand)
            switch op {
            case .isNull: return value.isNull == flag
            case .isNumeric: return value.isNumber == flag
            case .isString: return (value.stringValue != nil) == flag
            case .isBoolean: return (value.boolValue != nil) == flag
            default: return (value.stringValue.flatMap(ASLTimestamp.init) != nil) == flag  // IsTimestamp
            }
        case .string, .numeric, .boolean, .timestamp:
            let other: JSONValue
            switch comparison.operand {
            case .pattern(let pattern):
                guard case .string(let text) = value else { return false }
                return pattern.matches(text)
            case .timestamp(let timestamp):
                guard let timestamp, let left = value.stringValue.flatMap(ASLTimestamp.init) else { return false }
                return compare(left, timestamp, op.relation)
            case .value(let literal):
                other = literal
            case .path(let path):
                guard let resolved = path.evaluate(in: scope) else { throw invalidPath(path) }
                other = resolved
            }
            return compare(value, other, kind: op.kind, relation: op.relation)
        }
    }

    static func expectedFlag(_ operand: Operand) -> Bool {
        if case .value(.bool(let flag)) = operand { return flag }
        return true
    }

    static func compare(_ left: JSONValue, _ right: JSONValue, kind: ComparisonOperator.Kind, relation: ComparisonOperator.Relation?) -> Bool {
        switch kind {
        case .string:
            guard case .string(let a) = left, case .string(let b) = right else { return false }
            if relation == .equals { return a.utf16.elementsEqual(b.utf16) }
            let less = a.utf16.lexicographicallyPrecedes(b.utf16)
            let equal = !less && a.utf16.elementsEqual(b.utf16)
            return order(less: less, equal: equal, relation)
        case .numeric:
            guard left.isNumber, right.isNumber else { return false }
            let (less, equal) = numericOrder(left, right)
            return order(less: less, equal: equal, relation)
        case .boolean:
            guard case .bool(let a) = left, case .bool(let b) = right else { return false }
            return a == b
        case .timestamp:
            guard let a = left.stringValue.flatMap(ASLTimestamp.init), let b = right.stringValue.flatMap(ASLTimestamp.init)
            else { return false }
            return compare(a, b, relation)
        case .typeTest:
            return false
        }
    }

    static func compare(_ a: ASLTimestamp, _ b: ASLTimestamp, _ relation: ComparisonOperator.Relation?) -> Bool {
        order(less: a < b, equal: a == b, relation)
    }

    static func numericOrder(_ left: JSONValue, _ right: JSONValue) -> (less: Bool, equal: Bool) {
        if case .int(let a) = left, case .int(let b) = right { return (a < b, a == b) }
        let a = left.doubleValue ?? .nan
        let b = right.doubleValue ?? .nan
        return (a < b, a == b)
    }

    static func order(less: Bool, equal: Bool, _ relation: ComparisonOperator.Relation?) -> Bool {
        switch relation {
        case .equals: equal
        case .lessThan: less
        case .lessThanEquals: less || equal
        case .greaterThan: !less && !equal
        case .greaterThanEquals: !less
        case .matches, nil: false
        }
    }
}

extension ChoiceRule {
    /// Evaluates the rule (compiling its paths first; use ``CompiledChoiceRule`` to compile once).
    public func evaluate(in scope: EvaluationScope) throws(StatesError) -> Bool {
        try CompiledChoiceRule(self).evaluate(in: scope)
    }

    /// Evaluates the rule with a JSONata hook for its `Condition` (e.g. ``JSONata/condition(field:)``).
    public func evaluate(
        in scope: EvaluationScope, condition: (String, EvaluationScope) throws(StatesError) -> JSONValue
    ) throws(StatesError) -> Bool {
        try CompiledChoiceRule(self).evaluate(in: scope, condition: condition)
    }
}
