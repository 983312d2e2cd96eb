public import Foundation
import StatesLanguage

/// A Choice condition on a value of type `Root`, built from typed ``Field`` references; lowers to an ASL
/// choice rule.
///
/// ```swift
/// When(Pizza.Fields.temperature < 60 && !Pizza.Fields.toppings.isPresent()) { Invoke(Reheat.self) }
/// ```
///
/// Every ASL comparison is available: `==` `!=` `<` `<=` `>` `>=` against a literal or another field (the
/// `...Path` operators), ``Field/matches(_:)`` (`StringMatches`), the type tests (`IsPresent`, `IsNull`,
/// `IsString`, `IsNumeric`, `IsBoolean`, `IsTimestamp`), and `&&` / `||` / `!` (`And`, `Or`, `Not`).
public struct Condition<Root>: Sendable, Hashable {
    /// The ASL rule.
    public var rule: ChoiceRule
    let problems: [String]

    /// Untyped: any ASL choice rule.
    public init(rule: ChoiceRule) {
        self.rule = rule
        problems = []
    }

    init(rule: ChoiceRule, problems: [String]) {
        self.rule = rule
        self.problems = problems
    }

    public static func && (lhs: Condition, rhs: Condition) -> Condition {
        var rules: [ChoiceRule] = []
        for side in [lhs.rule, rhs.rule] {
            if case .and(let inner) = side { rules += inner } else { rules.append(side) }
        }
        return Condition(rule: .and(rules), problems: lhs.problems + rhs.problems)
    }

    public static func || (lhs: Condition, rhs: Condition) -> Condition {
        var rules: [ChoiceRule] = []
        for side in [lhs.rule, rhs.rule] {
            if case .or(let inner) = side { rules += inner } else { rules.append(side) }
        }
        return Condition(rule: .or(rules), problems: lhs.problems + rhs.problems)
    }

    public static prefix func ! (condition: Condition) -> Condition {
        if case .not(let inner) = condition.rule { return Condition(rule: inner, problems: condition.problems) }
        return Condition(rule: .not(condition.rule), problems: condition.problems)
    }
}

/// A Swift type a Choice can compare: its ASL comparison family and its value as an operand.
public protocol ChoiceComparable: Sendable {
    /// `String`, `Numeric`, `Boolean` or `Timestamp`: the prefix of the ASL operator names.
    static var comparisonFamily: String { get }
    /// The value as the operand of a comparison.
    var choiceOperand: JSONValue { get }
}

/// A ``ChoiceComparable`` type with an order (`<`, `<=`, `>`, `>=`): strings, numbers and timestamps.
public protocol ChoiceOrderable: ChoiceComparable {}

extension String: ChoiceOrderable {
    public static var comparisonFamily: String { "String" }
    public var choiceOperand: JSONValue { .string(self) }
}

extension Bool: ChoiceComparable {
    public static var comparisonFamily: String { "Boolean" }
    public var choiceOperand: JSONValue { .bool(self) }
}

extension Int: ChoiceOrderable {
    public static var comparisonFamily: String { "Numeric" }
    public var choiceOperand: JSONValue { .int(self) }
}

extension Int64: ChoiceOrderable {
    public static var comparisonFamily: String { "Numeric" }
    public var choiceOperand: JSONValue { .int(Int(self)) }
}

extension Int32: ChoiceOrderable {
    public static var comparisonFamily: String { "Numeric" }
    public var choiceOperand: JSONValue { .int(Int(self)) }
}

extension UInt: ChoiceOrderable {
    public static var comparisonFamily: String { "Numeric" }
    public var choiceOperand: JSONValue { self <= UInt(Int.max) ? .int(Int(self)) : .double(Double(self)) }
}

extension Double: ChoiceOrderable {
    public static var comparisonFamily: String { "Numeric" }
    public var choiceOperand: JSONValue { .double(self) }
}

extension Float: ChoiceOrderable {
    public static var comparisonFamily: String { "Numeric" }
    public var choiceOperand: JSONValue { .double(Double(self)) }
}

extension Date: ChoiceOrderable {
    public static var comparisonFamily: String { "Timestamp" }
    /// The date as an RFC 3339 timestamp in UTC, as ``TaskCoding`` encodes dates.
    public var choiceOperand: JSONValue {
        var style = Date.ISO8601FormatStyle()
        style.timeZone = TimeZone(secondsFromGMT: 0) ?? style.timeZone
        return .string(self.formatted(style))
    }
}

extension Optional: ChoiceComparable where Wrapped: ChoiceComparable {
    public static var comparisonFamily: String { Wrapped.comparisonFamily }
    public var choiceOperand: JSONValue { self?.choiceOperand ?? .null }
}

extension Optional: ChoiceOrderable where Wrapped: ChoiceOrderable {}

extension Field {
    func compare(_ relation: String, _ operand: JSONValue, family: String, path: Bool = false) -> Condition<Root> {
        let name = family + relation + (path ? "Path" : "")
        // Every family/relation pair used here names an ASL operator; `Equals` is the fallback that cannot occur.
        let op = ComparisonOperator(rawValue: name) ?? .stringEquals
        return Condition(
            rule: .comparison(ChoiceComparison(variable: self.path, operator: op, operand: operand)),
            problems: problem.map { [$0] } ?? [])
    }

    func typeTest(_ op: ComparisonOperator, _ expected: Bool) -> Condition<Root> {
        Condition(
            rule: .comparison(ChoiceComparison(variable: path, operator: op, operand: .bool(expected))),
            problems: problem.map { [$0] } ?? [])
    }

    /// `IsPresent`: whether the field exists in the input.
    public func isPresent(_ expected: Bool = true) -> Condition<Root> { typeTest(.isPresent, expected) }
    /// `IsNull`: whether the field is JSON `null`.
    public func isNull(_ expected: Bool = true) -> Condition<Root> { typeTest(.isNull, expected) }
    /// `IsString`.
    public func isString(_ expected: Bool = true) -> Condition<Root> { typeTest(.isString, expected) }
    /// `IsNumeric`.
    public func isNumeric(_ expected: Bool = true) -> Condition<Root> { typeTest(.isNumeric, expected) }
    /// `IsBoolean`.
    public func isBoolean(_ expected: Bool = true) -> Condition<Root> { typeTest(.isBoolean, expected) }
    /// `IsTimestamp`.
    public func isTimestamp(_ expected: Bool = true) -> Condition<Root> { typeTest(.isTimestamp, expected) }
}

extension Field where Value: ChoiceComparable {
    public static func == (lhs: Field, rhs: Value) -> Condition<Root> {
        lhs.compare("Equals", rhs.choiceOperand, family: Value.comparisonFamily)
    }
    public static func != (lhs: Field, rhs: Value) -> Condition<Root> { !(lhs == rhs) }
    public static func == (lhs: Field, rhs: Field) -> Condition<Root> {
        lhs.compare("Equals", .string(rhs.path), family: Value.comparisonFamily, path: true)
    }
    public static func != (lhs: Field, rhs: Field) -> Condition<Root> { !(lhs == rhs) }
}

extension Field where Value: ChoiceOrderable {
    public static func < (lhs: Field, rhs: Value) -> Condition<Root> {
        lhs.compare("LessThan", rhs.choiceOperand, family: Value.comparisonFamily)
    }
    public static func <= (lhs: Field, rhs: Value) -> Condition<Root> {
        lhs.compare("LessThanEquals", rhs.choiceOperand, family: Value.comparisonFamily)
    }
    public static func > (lhs: Field, rhs: Value) -> Condition<Root> {
        lhs.compare("GreaterThan", rhs.choiceOperand, family: Value.comparisonFamily)
    }
    public static func >= (lhs: Field, rhs: Value) -> Condition<Root> {
        lhs.compare("GreaterThanEquals", rhs.choiceOperand, family: Value.comparisonFamily)
    }
    public static func < (lhs: Field, rhs: Field) -> Condition<Root> {
        lhs.compare("LessThan", .string(rhs.path), family: Value.comparisonFamily, path: true)
    }
    public static func <= (lhs: Field, rhs: Field) -> Condition<Root> {
        lhs.compare("LessThanEquals", .string(rhs.path), family: Value.comparisonFamily, path: true)
    }
    public static func > (lhs: Field, rhs: Field) -> Condition<Root> {
        lhs.compare("GreaterThan", .string(rhs.path), family: Value.comparisonFamily, path: true)
    }
    public static func >= (lhs: Field, rhs: Field) -> Condition<Root> {
        lhs.compare("GreaterThanEquals", .string(rhs.path), family: Value.comparisonFamily, path: true)
    }
}

extension Field where Value == String {
    /// `StringMatches`: the string matches a pattern where `*` matches any run of characters (`\*` a literal `*`).
    public func matches(_ pattern: String) -> Condition<Root> {
        compare("Matches", .string(pattern), family: "String")
    }
}

extension Field where Value == String? {
    /// `StringMatches` on an optional string.
    public func matches(_ pattern: String) -> Condition<Root> {
        compare("Matches", .string(pattern), family: "String")
    }
}
