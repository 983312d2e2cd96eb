import Foundation

/// The `States.QueryEvaluationError`s of JSONata fields, worded as AWS words them.
///
/// AWS names the expression (trimmed, without `{%` `%}`) and the field it was written in, relative to the state,
/// with `/` before each object key and `[i]` for each array index (`Output`, `Arguments/Input/id`, `Items`).
/// Recorded from AWS: "The JSONata expression '$states.input.id' specified for the field 'Arguments/Input/id'
/// returned nothing (undefined)." The engine adds AWS's state prefix ("An error occurred while executing the
/// state ...") with ``StatesError/inState(_:enteredAtEventID:)``.
public enum JSONataFailure {
    /// How every cause made here starts.
    public static let causeStart = "The JSONata expression '"

    /// `'<expression>' specified for the field '<field>'`, or just the expression when the field is unknown.
    static func subject(_ source: String, field: String?) -> String {
        let expression = source.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let field else { return "The JSONata expression '\(expression)'" }
        return "The JSONata expression '\(expression)' specified for the field '\(field)'"
    }

    /// An expression that evaluated to nothing (JSONata's `undefined`).
    public static func undefined(_ source: String, field: String?) -> StatesError {
        located(StatesError(StatesError.Name.queryEvaluationError, cause: "\(subject(source, field: field)) returned nothing (undefined)."), field)
    }

    /// An expression that evaluated to a function, which no field takes. Recorded against AWS (LocalStack's
    /// test_base_scenarios.snapshot.json, test_map_state_items_eval_jsonata_fail[function]): "The JSONata expression
    /// '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type."
    public static func unsupportedType(_ source: String, field: String?) -> StatesError {
        located(StatesError(StatesError.Name.queryEvaluationError, cause: "\(subject(source, field: field)) returned an unsupported result type."), field)
    }

    /// The error with the field as its `location` (for the `EvaluationFailed` event).
    static func located(_ error: StatesError, _ field: String?) -> StatesError {
        var error = error
        error.location = field
        return error
    }

    /// An expression that raised a JSONata error (`T2001`, `D3001`, ...). Recorded from AWS for `T0410`:
    /// "... threw an error during evaluation. T0410: Argument 2 of function "and" does not match function
    /// signature"; the other codes are assumed to read the same way. The evaluation bounds have no code and follow a
    /// colon (recorded: "... threw an error during evaluation: Stack overflow error: Check for non-terminating
    /// recursive function. Consider rewriting as tail-recursive.").
    public static func evaluation(_ source: String, field: String?, _ error: JSONataError) -> StatesError {
        if error.code == JSONataError.internalErrorCode {
            // AWS's answer when its evaluator's host fails (a `$base64decode` of what is not base64): no JSONata
            // message, a fresh identifier instead (floci-io/floci#2736, measured against AWS).
            return located(StatesError(
                StatesError.Name.queryEvaluationError,
                cause: "\(subject(source, field: field)) threw an internal error during evaluation. \(UUID().uuidString.lowercased())"), field)
        }
        let detail = error.isEvaluationBound ? ": \(error.message)" : ". \(error.description)"
        return located(StatesError(
            StatesError.Name.queryEvaluationError,
            cause: "\(subject(source, field: field)) threw an error during evaluation\(detail)"), field)
    }

    /// An expression whose value has the wrong type for its field (Map `Items` that is not an array, a
    /// `Condition` that is not a boolean, ...). AWS's wording for `Items`: "... returned an unexpected result
    /// type. Expected 'array', but was 'object' for value: {...}"; other fields are assumed to read the same way.
    /// - Parameters:
    ///   - expected: JSONata's type name (`array`, `boolean`, `number`, `string`) or `integer`.
    public static func unexpectedType(_ source: String, field: String?, expected: String, value: JSONValue) -> StatesError {
        located(StatesError(
            StatesError.Name.queryEvaluationError,
            cause: "\(subject(source, field: field)) returned an unexpected result type. Expected '\(expected)', but was "
                + "'\(value.typeName)' for value: \(value.jsonString())"), field)
    }

    /// A numeric field (`MaxConcurrency`, `ToleratedFailureCount`, `Seconds`, ...) whose expression evaluated to a
    /// number outside the field's range. The wording is a guess (AWS's is not published).
    public static func outOfRange(_ source: String, field: String?, requirement: String, value: JSONValue) -> StatesError {
        located(StatesError(
            StatesError.Name.queryEvaluationError,
            cause: "\(subject(source, field: field)) returned an invalid value. Expected \(requirement), but was \(value.jsonString())"), field)
    }

    /// A numeric field's value as a number at or above `minimum` (`Seconds`, `ToleratedFailurePercentage`, ...).
    public static func number(_ value: JSONValue, expression: String, field: String, minimum: Double) throws(StatesError) -> Double {
        guard let number = value.doubleValue, number.isFinite else {
            throw unexpectedType(expression, field: field, expected: "number", value: value)
        }
        guard number >= minimum else {
            throw outOfRange(expression, field: field, requirement: "a number of at least \(minimum == minimum.rounded() ? String(Int(minimum)) : String(minimum))", value: value)
        }
        return number
    }

    /// A numeric field's value as an integer at or above `minimum` (`MaxConcurrency`, `TimeoutSeconds`, ...).
    public static func integer(_ value: JSONValue, expression: String, field: String, minimum: Int) throws(StatesError) -> Int {
        guard let number = value.doubleValue, number.isFinite, number == number.rounded(), abs(number) < 9.0e15 else {
            throw unexpectedType(expression, field: field, expected: "integer", value: value)
        }
        guard Int(number) >= minimum else {
            throw outOfRange(expression, field: field, requirement: "an integer of at least \(minimum)", value: value)
        }
        return Int(number)
    }
}
