import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

@Suite("Engine: JSONata Pass, Choice, Succeed and Fail states")
struct JSONataStateTests {
    @Test func passChoiceAndSucceedWithOutputAndAssign() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"QueryLanguage": "JSONata", "StartAt": "Total", "States": {
                  "Total": {"Type": "Pass", "Assign": {"count": "{% $count($states.input.items) %}"},
                            "Output": {"sum": "{% $sum($states.input.items) %}", "name": "{% $states.context.Execution.Name %}"},
                            "Next": "Big?"},
                  "Big?": {"Type": "Choice", "Choices": [
                      {"Condition": "{% $states.input.sum > 10 %}", "Next": "Done",
                       "Output": {"big": true, "sum": "{% $states.input.sum %}", "count": "{% $count %}"}}],
                    "Default": "Small"},
                  "Small": {"Type": "Fail", "Error": "{% 'Too.Small' %}", "Cause": "{% 'sum is ' & $string($states.input.sum) %}"},
                  "Done": {"Type": "Succeed", "Output": "{% $merge([$states.input, {'done': true}]) %}"}}}
                """
            let big = try await engine.runToCompletion(
                definition: definition, input: #"{"items": [5, 6, 7]}"#, machineName: "Big", executionName: "run-big")
            #expect(big.status == .succeeded, "\(big.error ?? "") \(big.cause ?? "")")
            #expect(try json(big.output) == ["big": true, "sum": 18, "count": 3, "done": true])
            let exited = try engine.allHistory(executionArn: big.executionArn).first { $0.type == "PassStateExited" }
            #expect(exited?.details?["assignedVariables"] == ["count": "3"])

            let machine = try engine.describeStateMachine(stateMachineArn: engine.listStateMachines().items[0].stateMachineArn)
            let small = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"items": [1, 2]}"#)
            let failed = try await engine.awaitExecution(executionArn: small.executionArn)
            #expect(failed.status == .failed)
            #expect(failed.error == "Too.Small")
            #expect(failed.cause == "sum is 3")
        }
    }

    @Test func expressionFailureIsAQueryEvaluationError() async throws {
        try await withTestEngine { engine, _ in
            let failed = try await engine.runToCompletion(definition: """
                {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
                  "P": {"Type": "Pass", "Output": "{% $states.input.missing %}", "End": true}}}
                """)
            #expect(failed.status == .failed)
            #expect(failed.error == "States.QueryEvaluationError")
        }
    }
}
