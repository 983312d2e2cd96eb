/// A Choice state's condition: a comparison of the value at `Variable`, a Boolean combination of rules,
/// or (JSONata) a `Condition` expression.
public indirect enum ChoiceRule: Sendable, Hashable {
    /// True when every rule is true (`And`).
    case and([ChoiceRule])
    /// True when any rule is true (`Or`).
    case or([ChoiceRule])
    /// True when the rule is false (`Not`).
    case not(ChoiceRule)
    /// A JSONPath comparison such as `{"Variable": "$.n", "NumericGreaterThan": 1}`.
    case comparison(ChoiceComparison)
    /// A JSONata `Condition`: an expression string such as `"{% $states.input.n > 1 %}"` (or a literal boolean).
    case condition(JSONValue)
}

/// One JSONPath comparison of a choice rule: `Variable`, an operator and its operand.
public struct ChoiceComparison: Sendable, Hashable {
    /// The path of the value to test (`$.x`, `$$.Execution.Id`, `$var.field`).
    public var variable: String
    public var `operator`: ComparisonOperator
    /// The operand: a string, number or boolean as the operator requires; for a `…Path` operator, the path
    /// (as a string) of the value to compare with.
    public var operand: JSONValue

    public init(variable: String, operator: ComparisonOperator, operand: JSONValue) {
        self.variable = variable
        self.operator = `operator`
        self.operand = operand
    }
}

/// Every comparison operator of a JSONPath choice rule, spelled as in ASL.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case booleanEquals = "BooleanEquals"
    case booleanEqualsPath = "BooleanEqualsPath"
    case isBoolean = "IsBoolean"
    case isNull = "IsNull"
    case isNumeric = "IsNumeric"
    case isPresent = "IsPresent"
    case isString = "IsString"
    case isTimestamp = "IsTimestamp"
    case numericEquals = "NumericEquals"
    case numericEqualsPath = "NumericEqualsPath"
    case numericGreaterThan = "NumericGreaterThan"
    case numericGreaterThanPath = "NumericGreaterThanPath"
    case numericGreaterThanEquals = "NumericGreaterThanEquals"
    case numericGreaterThanEqualsPath = "NumericGreaterThanEqualsPath"
    case numericLessThan = "NumericLessThan"
    case numericLessThanPath = "NumericLessThanPath"
    case numericLessThanEquals = "NumericLessThanEquals"
    case numericLessThanEqualsPath = "NumericLessThanEqualsPath"
    case stringEquals = "StringEquals"
    case stringEqualsPath = "StringEqualsPath"
    case stringGreaterThan = "StringGreaterThan"
    case stringGreaterThanPath = "StringGreaterThanPath"
    case stringGreaterThanEquals = "StringGreaterThanEquals"
    case stringGreaterThanEqualsPath = "StringGreaterThanEqualsPath"
    case stringLessThan = "StringLessThan"
    case stringLessThanPath = "StringLessThanPath"
    case stringLessThanEquals = "StringLessThanEquals"
    case stringLessThanEqualsPath = "StringLessThanEqualsPath"
    case stringMatches = "StringMatches"
    case timestampEquals = "TimestampEquals"
    case timestampEqualsPath = "TimestampEqualsPath"
    case timestampGreaterThan = "TimestampGreaterThan"
    case timestampGreaterThanPath = "TimestampGreaterThanPath"
    case timestampGreaterThanEquals = "TimestampGreaterThanEquals"
    case timestampGreaterThanEqualsPath = "TimestampGreaterThanEqualsPath"
    case timestampLessThan = "TimestampLessThan"
    case timestampLessThanPath = "TimestampLessThanPath"
    case timestampLessThanEquals = "TimestampLessThanEquals"
    case timestampLessThanEqualsPath = "TimestampLessThanEqualsPath"

    /// The kind of value an operator compares.
    public enum Kind: Sendable, Hashable { case string, numeric, boolean, timestamp, typeTest }

    /// The ordering a comparison operator tests.
    public enum Relation: Sendable, Hashable { case equals, lessThan, lessThanEquals, greaterThan, greaterThanEquals, matches }

    /// Whether the operand is a path to another value (`StringEqualsPath`, ...).
    public var isPathForm: Bool { rawValue.hasSuffix("Path") }

    public var kind: Kind {
        let name = rawValue
        if name.hasPrefix("String") { return .string }
        if name.hasPrefix("Numeric") { return .numeric }
        if name.hasPrefix("Timestamp") { return .timestamp }
        if name.hasPrefix("Boolean") { return .boolean }
        return .typeTest
    }

    /// The relation a comparison tests; `nil` for the type tests (`IsNull`, `IsPresent`, ...).
    public var relation: Relation? {
        if kind == .typeTest { return nil }
        if self == .stringMatches { return .matches }
        let name = isPathForm ? String(rawValue.dropLast(4)) : rawValue
        if name.hasSuffix("GreaterThanEquals") { return .greaterThanEquals }
        if name.hasSuffix("LessThanEquals") { return .lessThanEquals }
        if name.hasSuffix("GreaterThan") { return .greaterThan }
        if name.hasSuffix("LessThan") { return .lessThan }
        return .equals
    }

    /// Whether `value` has the JSON type this operator's operand must have in a definition.
    func acceptsOperand(_ value: JSONValue) -> Bool {
        if isPathForm { return value.stringValue != nil }
        switch kind {
        case .string, .timestamp: return value.stringValue != nil
        case .numeric: return value.isNumber
        case .boolean, .typeTest: return value.boolValue != nil
        }
    }

    var operandDescription: String {
        if isPathForm { return "a path string" }
        switch kind {
        case .string, .timestamp: return "a string"
        case .numeric: return "a number"
        case .boolean, .typeTest: return "a boolean"
        }
    }
}
