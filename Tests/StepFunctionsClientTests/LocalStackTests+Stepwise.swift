import Foundation
import StepFunctionsAPI
import Stepwise
import Testing

@testable import StepFunctionsClient

// The Stepwise API (ensure, Execution handles) through the client against LocalStack: part of the LocalStack suite.
extension LocalStackTests {
    struct Counted: Codable, Sendable, Equatable { var n: Int }

    @Test("Stepwise ensureStateMachine: created, unchanged, updated; the execution's typed result and history")
    func stepwiseEnsure() async throws {
        let name = "stepwise-ensure-\(suffix)"
        let first = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"n":1},"Next":"B"},"B":{"Type":"Pass","End":true}}}"#
        let second = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"n":2},"End":true}}}"#
        let options = StateMachineOptions(roleArn: Self.roleArn)
        let created = try await client.ensureStateMachine(name: name, definition: first, options: options)
        #expect(created.change == .created)
        #expect(try await client.ensureStateMachine(name: name, definition: first, options: options).change == .unchanged)
        let started = try await client.startExecution(.init(stateMachineArn: created.stateMachineArn, input: "{}"))
        let execution = client.execution(started.executionArn, output: Counted.self)
        #expect(try await execution.result(maxPollInterval: .milliseconds(200)) == Counted(n: 1))
        let history = try await execution.history()
        #expect(history.first?.type == .executionStarted)
        #expect(history.last?.type == .executionSucceeded)
        #expect(try await execution.history(reverseOrder: true).map(\.id) == history.map(\.id).reversed())
        #expect(try await client.ensureStateMachine(name: name, definition: second, options: options).change == .updated)
        let again = try await client.startExecution(.init(stateMachineArn: created.stateMachineArn, input: "{}"))
        #expect(try await client.execution(again.executionArn, output: Counted.self).result(maxPollInterval: .milliseconds(200)) == Counted(n: 2))
        _ = try await client.deleteStateMachine(.init(stateMachineArn: created.stateMachineArn))
    }

    @Test("Stepwise stop and failure: ABORTED with error and cause, FAILED as a WorkflowFailure")
    func stepwiseStopAndFail() async throws {
        let options = StateMachineOptions(roleArn: Self.roleArn)
        let waits = try await client.ensureStateMachine(
            name: "stepwise-wait-\(suffix)", definition: #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":600,"End":true}}}"#,
            options: options)
        let started = try await client.startExecution(.init(stateMachineArn: waits.stateMachineArn, input: "{}"))
        let execution = client.execution(started.executionArn, output: Counted.self)
        try await execution.stop(error: "Operator.Stop", cause: "closing time")
        let aborted = await #expect(throws: WorkflowFailure.self) { try await execution.result(maxPollInterval: .milliseconds(200)) }
        #expect(aborted?.status == "ABORTED")
        let fails = try await client.ensureStateMachine(
            name: "stepwise-fail-\(suffix)",
            definition: #"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Oven.Broken","Cause":"too cold"}}}"#, options: options)
        let failed = try await client.startExecution(.init(stateMachineArn: fails.stateMachineArn, input: "{}"))
        let failure = await #expect(throws: WorkflowFailure.self) {
            try await client.execution(failed.executionArn, output: Counted.self).result(maxPollInterval: .milliseconds(200))
        }
        #expect(failure?.status == "FAILED")
        #expect(failure?.error == "Oven.Broken")
        #expect(failure?.cause == "too cold")
        _ = try await client.deleteStateMachine(.init(stateMachineArn: waits.stateMachineArn))
        _ = try await client.deleteStateMachine(.init(stateMachineArn: fails.stateMachineArn))
    }
}
