import Foundation
import StepFunctionsAPI
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

/// A JSONata field that fails to evaluate is recorded as AWS records it: an `EvaluationFailed` event (error, cause,
/// the field as location, the state) before the failure goes on.
@Suite("Engine: EvaluationFailed for a JSONata field that fails")
struct EvaluationFailedTests {
    /// Recorded against AWS (LocalStack's test_math_operations_jsonata test_math_random_seeded): a Pass state whose
    /// `Output/FunctionResult` calls an undefined function records PassStateEntered, EvaluationFailed (previous
    /// event 0, the one before PassStateEntered) and ExecutionFailed (previous event the EvaluationFailed).
    @Test("an uncaught JSONata error in a Pass state's Output: EvaluationFailed, then ExecutionFailed")
    func passOutputError() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "State_0", "States": {"State_0": {"QueryLanguage": "JSONata", "Type": "Pass",
                  "Output": {"FunctionResult": "{% $randomSeeded($states.input.FunctionInput.fst) %}"}, "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: #"{"FunctionInput": "fst"}"#)
            let cause = "An error occurred while executing the state 'State_0' (entered at the event id #2). The JSONata "
                + "expression '$randomSeeded($states.input.FunctionInput.fst)' specified for the field "
                + "'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function"
            #expect(result.status == .failed && result.error == "States.QueryEvaluationError" && result.cause == cause)
            let events = try engine.allHistory(executionArn: result.executionArn)
            #expect(types(events) == ["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"])
            let failed = try #require(events.first { $0.type.rawValue == "EvaluationFailed" })
            #expect(failed.previousEventId == 0)
            #expect(failed.details?["error"] == "States.QueryEvaluationError")
            #expect(failed.details?["cause"] == .string(cause))
            #expect(failed.details?["location"] == "Output/FunctionResult")
            #expect(failed.details?["state"] == "State_0")
            #expect(events.last?.previousEventId == failed.id)
        }
    }

    /// Recorded against AWS (LocalStack's test_assign_reference_variables test_undefined_reference: BASE_UNDEFINED_OUTPUT,
    /// BASE_UNDEFINED_OUTPUT_FIELD, BASE_UNDEFINED_ASSIGN, BASE_UNDEFINED_ARGUMENTS, BASE_UNDEFINED_ARGUMENTS_FIELD): an
    /// undefined variable in Output, Assign or a Task's Arguments records EvaluationFailed with that field as location,
    /// then ExecutionFailed (no TaskScheduled for the Task).
    @Test(arguments: [
        (#""Type": "Pass", "Output": "{% $doesNotExist %}""#, "PassStateEntered", "Output"),
        (#""Type": "Pass", "Output": {"result": "{% $doesNotExist %}"}"#, "PassStateEntered", "Output/result"),
        (#""Type": "Pass", "Assign": {"result": "{% $doesNotExist %}"}"#, "PassStateEntered", "Assign/result"),
        (#""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": "{% $doesNotExist %}""#,
         "TaskStateEntered", "Arguments"),
        (#""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "{% $doesNotExist %}"}"#,
         "TaskStateEntered", "Arguments/FunctionName"),
    ])
    func undefinedVariable(state: String, entered: String, location: String) async throws {
        try await withTestEngine { engine, _ in
            let definition = #"{"QueryLanguage": "JSONata", "StartAt": "State0", "States": {"State0": {"# + state + #", "End": true}}}"#
            let result = try await engine.runToCompletion(definition: definition, input: "{}")
            let cause = "An error occurred while executing the state 'State0' (entered at the event id #2). The JSONata "
                + "expression '$doesNotExist' specified for the field '\(location)' returned nothing (undefined)."
            #expect(result.error == "States.QueryEvaluationError" && result.cause == cause)
            let events = try engine.allHistory(executionArn: result.executionArn)
            #expect(types(events) == ["ExecutionStarted", entered, "EvaluationFailed", "ExecutionFailed"])
            #expect(events[2].details?["location"] == .string(location))
            #expect(events[2].previousEventId == 0 && events[3].previousEventId == 3)
        }
    }

    @Test("a JSONPath failure records no EvaluationFailed")
    func jsonPathFailureHasNone() async throws {
        try await withTestEngine { engine, _ in
            let definition = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.missing", "End": true}}}"#
            let result = try await engine.runToCompletion(definition: definition, input: "{}")
            #expect(result.status == .failed)
            let events = try engine.allHistory(executionArn: result.executionArn)
            #expect(types(events) == ["ExecutionStarted", "PassStateEntered", "ExecutionFailed"])
        }
    }
}
