import OrderedCollections
import StatesLanguage

/// The engine's calls into the JSONPath data-flow core (`DataFlow`, `JSONPath`, `PayloadTemplate`,
/// `ChoiceRule`), in one place. Absent paths mean `$`; the `null` forms follow AWS: `InputPath: null`
/// gives `{}`, `OutputPath: null` sends `{}`, `ResultPath: null` keeps the input.
enum Flow {
    static func inputPath(_ path: NullablePath?, _ scope: EvaluationScope, machine: CompiledMachine) throws(StatesError)
        -> JSONValue
    {
        switch path {
        case nil: return scope.input
        case .null: return .object([:])
        case .path(let text):
            if text == "$" { return scope.input }
            return try DataFlow.applyInputPath(machine.path(text), to: scope)
        }
    }

    static func resultPath(
        _ path: NullablePath?, input: JSONValue, result: JSONValue, machine: CompiledMachine
    ) throws(StatesError) -> JSONValue {
        switch path {
        case nil: return result
        case .null: return input
        case .path(let text):
            if text == "$" { return result }
            return try DataFlow.applyResultPath(machine.path(text), input: input, result: result)
        }
    }

    static func outputPath(
        _ path: NullablePath?, _ value: JSONValue, _ scope: EvaluationScope, machine: CompiledMachine
    ) throws(StatesError) -> JSONValue {
        switch path {
        case nil: return value
        case .null: return .object([:])
        case .path(let text):
            if text == "$" { return value }
            return try DataFlow.applyOutputPath(
                machine.path(text), to: value, context: scope.context, variables: scope.variables)
        }
    }

    /// Evaluates a payload template (Parameters, ResultSelector, ItemSelector).
    static func template(
        _ template: JSONValue, _ scope: EvaluationScope, machine: CompiledMachine
    ) throws(StatesError) -> JSONValue {
        try machine.payloadTemplate(template).evaluate(in: scope)
    }

    /// Evaluates an optional payload template (nil when absent).
    static func template(
        _ template: JSONValue?, _ scope: EvaluationScope, machine: CompiledMachine
    ) throws(StatesError) -> JSONValue? {
        guard let template else { return nil }
        return try machine.payloadTemplate(template).evaluate(in: scope)
    }

    /// Evaluates an optional `Assign` (nil when absent).
    static func assign(_ assign: JSONValue?, _ scope: EvaluationScope, machine: CompiledMachine) throws(StatesError)
        -> JSONObject?
    {
        guard let assign else { return nil }
        return try machine.assignment(assign).evaluate(in: scope)
    }

    /// Evaluates `Assign` and returns the new variables.
    static func assign(_ assign: JSONValue, _ scope: EvaluationScope, machine: CompiledMachine) throws(StatesError)
        -> JSONObject
    {
        try machine.assignment(assign).evaluate(in: scope)
    }

    /// The value at a reference path (ItemsPath, SecondsPath, ErrorPath, ...), or nil when absent.
    static func value(at text: String, _ scope: EvaluationScope, machine: CompiledMachine) throws(StatesError)
        -> JSONValue?
    {
        try machine.path(text).evaluate(in: scope)
    }

    static func matches(_ rule: ChoiceRule, _ scope: EvaluationScope) throws(StatesError) -> Bool {
        try rule.evaluate(in: scope)
    }
}
