import Foundation
import StepFunctionsAPI
@testable import StepwiseEngine
import Testing

import StepwiseServer

@Suite("StepwiseEngine as StepFunctionsBackend: the Step Functions API on the embedded engine")
struct EngineBackendTests {
    static let definition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"done":true},"End":true}}}"#
    static let role = "arn:aws:iam::123456789012:role/R"

    private func withBackend(_ body: (StepwiseEngine) async throws -> Void) async throws {
        let engine = try StepwiseEngine(location: .inMemory, activityPollTimeout: .milliseconds(200))
        engine.start()
        try await body(engine)
        await engine.shutdown()
    }

    @Test("a Pass machine runs to SUCCEEDED and DescribeExecution reports AWS's members")
    func runsAnExecution() async throws {
        try await withBackend { backend in
            let machine = try await backend.createStateMachine(
                .init(name: "M", definition: Self.definition, roleArn: Self.role))
            let started = try await backend.startExecution(.init(stateMachineArn: machine.stateMachineArn, input: #"{"x":1}"#))
            _ = try await backend.awaitExecution(executionArn: started.executionArn)
            let described = try await backend.describeExecution(.init(executionArn: started.executionArn))
            #expect(described.status == .succeeded)
            #expect(described.output == #"{"done":true}"#)
            #expect(described.inputDetails?.included == true)
            #expect(described.redriveCount == 0)
            let metadataOnly = try await backend.describeExecution(
                .init(executionArn: started.executionArn, includedData: .metadataOnly))
            #expect(metadataOnly.input == nil && metadataOnly.output == nil)
            let history = try await backend.getExecutionHistory(
                .init(executionArn: started.executionArn, includeExecutionData: false))
            #expect(history.events.map(\.type.rawValue) == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
            #expect(history.events.first?.executionStartedEventDetails?.input == nil)
        }
    }

    @Test(
        "engine errors become AWS's errors",
        arguments: [
            ("arn:aws:states:us-east-1:123456789012:stateMachine:Missing", "StateMachineDoesNotExist"),
        ])
    func mapsErrors(arn: String, code: String) async throws {
        try await withBackend { backend in
            await #expect(throws: StepFunctionsError(StepFunctionsError.Code(rawValue: code), "State Machine Does Not Exist: '\(arn)'")) {
                _ = try await backend.describeStateMachine(.init(stateMachineArn: arn))
            }
        }
    }

    @Test("a failed execution is redriven by the engine: it then succeeds, with redriveCount 1 and ExecutionRedriven")
    func redrivesAFailedExecution() async throws {
        try await withBackend { backend in
            let activity = try await backend.createActivity(.init(name: "Flaky"))
            let definition = #"{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"\#(activity.activityArn)","End":true}}}"#
            let machine = try await backend.createStateMachine(.init(name: "R", definition: definition, roleArn: Self.role))
            let started = try await backend.startExecution(.init(stateMachineArn: machine.stateMachineArn))
            let first = try #require(try await backend.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            _ = try await backend.sendTaskFailure(.init(taskToken: first.taskToken, error: "Transient"))
            _ = try await backend.awaitExecution(executionArn: started.executionArn)
            let failed = try await backend.describeExecution(.init(executionArn: started.executionArn))
            #expect(failed.status == .failed && failed.redriveStatus == .redrivable)
            _ = try await backend.redriveExecution(.init(executionArn: started.executionArn))
            let second = try #require(try await backend.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            _ = try await backend.sendTaskSuccess(.init(taskToken: second.taskToken, output: "{}"))
            _ = try await backend.awaitExecution(executionArn: started.executionArn)
            let described = try await backend.describeExecution(.init(executionArn: started.executionArn))
            #expect(described.status == .succeeded && described.redriveCount == 1 && described.redriveDate != nil)
            let history = try await backend.getExecutionHistory(.init(executionArn: started.executionArn))
            #expect(history.events.map(\.type.rawValue).contains("ExecutionRedriven"))
        }
    }

    @Test("ListExecutions with redriveFilter honours maxResults and nextToken")
    func redriveFilterPages() async throws {
        try await withBackend { backend in
            let machine = try await backend.createStateMachine(.init(name: "Paged", definition: Self.definition, roleArn: Self.role))
            var arns: [String] = []
            for _ in 0..<3 {
                let started = try await backend.startExecution(.init(stateMachineArn: machine.stateMachineArn))
                _ = try await backend.awaitExecution(executionArn: started.executionArn)
                arns.append(started.executionArn)
            }
            let first = try await backend.listExecutions(
                .init(stateMachineArn: machine.stateMachineArn, maxResults: 2, redriveFilter: .notRedriven))
            #expect(first.executions.count == 2)
            let token = try #require(first.nextToken)
            let second = try await backend.listExecutions(
                .init(stateMachineArn: machine.stateMachineArn, maxResults: 2, nextToken: token, redriveFilter: .notRedriven))
            #expect(second.executions.count == 1 && second.nextToken == nil)
            #expect(Set((first.executions + second.executions).map(\.executionArn)) == Set(arns))
            let redriven = try await backend.listExecutions(
                .init(stateMachineArn: machine.stateMachineArn, maxResults: 2, redriveFilter: .redriven))
            #expect(redriven.executions.isEmpty && redriven.nextToken == nil)
            await #expect(throws: StepFunctionsError(.invalidToken, "Invalid Token: 'bogus'")) {
                _ = try await backend.listExecutions(
                    .init(stateMachineArn: machine.stateMachineArn, nextToken: "bogus", redriveFilter: .notRedriven))
            }
        }
    }

    @Test("types and tags are the engine's: EXPRESS machines run synchronously, STANDARD ones are refused")
    func typesAndTags() async throws {
        try await withBackend { backend in
            let express = try await backend.createStateMachine(
                .init(name: "E", definition: Self.definition, roleArn: Self.role, type: .express, tags: [.init(key: "a", value: "1")]))
            #expect(try await backend.describeStateMachine(.init(stateMachineArn: express.stateMachineArn)).type == .express)
            _ = try await backend.tagResource(.init(resourceArn: express.stateMachineArn, tags: [.init(key: "b", value: "2")]))
            _ = try await backend.untagResource(.init(resourceArn: express.stateMachineArn, tagKeys: ["a"]))
            let tags = try await backend.listTagsForResource(.init(resourceArn: express.stateMachineArn)).tags
            #expect(tags == [.init(key: "b", value: "2")])
            let result = try await backend.startSyncExecution(.init(stateMachineArn: express.stateMachineArn))
            #expect(result.status == .succeeded && result.output == #"{"done":true}"#)
            let standard = try await backend.createStateMachine(.init(name: "S", definition: Self.definition, roleArn: Self.role))
            await #expect(throws: StepFunctionsError.self) {
                _ = try await backend.startSyncExecution(.init(stateMachineArn: standard.stateMachineArn))
            }
        }
    }

    @Test("an empty poll answers no task after the poll timeout")
    func emptyPoll() async throws {
        try await withBackend { backend in
            let activity = try await backend.createActivity(.init(name: "A"))
            let output = try await backend.getActivityTask(.init(activityArn: activity.activityArn))
            #expect(output.taskToken == nil)
        }
    }

    @Test("an invalid definition is InvalidDefinition with the validator's diagnostics")
    func invalidDefinition() async throws {
        try await withBackend { backend in
            let error = await #expect(throws: StepFunctionsError.self) {
                _ = try await backend.createStateMachine(.init(name: "Bad", definition: #"{"StartAt":"A"}"#, roleArn: Self.role))
            }
            #expect(error?.code == .invalidDefinition)
            #expect(error?.message.contains("SCHEMA_VALIDATION_FAILED") == true)
        }
    }
}
