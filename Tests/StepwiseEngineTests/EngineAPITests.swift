import StepFunctionsAPI
import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

@Suite("Engine: API operations and errors")
struct EngineAPITests {
    static let waitDefinition = """
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}
        """

    @Test func stateMachineLifecycle() async throws {
        try await withTestEngine { engine, _ in
            let created = try await engine.createStateMachine(name: "Flow", definition: Self.waitDefinition)
            #expect(created.stateMachineArn == "arn:aws:states:us-east-1:123456789012:stateMachine:Flow")
            // Same name, same definition: the existing machine.
            let again = try await engine.createStateMachine(name: "Flow", definition: Self.waitDefinition)
            #expect(again.stateMachineArn == created.stateMachineArn)
            #expect(await awsError {
                try await engine.createStateMachine(name: "Flow", definition: #"{"StartAt": "S", "States": {"S": {"Type": "Succeed"}}}"#)
            } == "StateMachineAlreadyExists")
            #expect(await awsError {
                try await engine.createStateMachine(name: "Bad", definition: #"{"StartAt": "Nope", "States": {}}"#)
            } == "InvalidDefinition")
            #expect(await awsError {
                try await engine.createStateMachine(name: "has space", definition: Self.waitDefinition)
            } == "InvalidName")
            try await engine.updateStateMachine(
                stateMachineArn: created.stateMachineArn, definition: #"{"StartAt": "S", "States": {"S": {"Type": "Succeed"}}}"#)
            let described = try engine.describeStateMachine(stateMachineArn: created.stateMachineArn)
            // A UUID, as AWS's revision ids are, and the same on every read.
            #expect(described.revisionId.map { UUID(uuidString: $0) != nil } == true)
            #expect(try engine.describeStateMachine(stateMachineArn: created.stateMachineArn).revisionId == described.revisionId)
            #expect(described.definition.contains("Succeed"))
            #expect(try engine.listStateMachines().stateMachines.map(\.name) == ["Flow"])
            try await engine.deleteStateMachine(stateMachineArn: created.stateMachineArn)
            #expect(await awsError {
                _ = try engine.describeStateMachine(stateMachineArn: created.stateMachineArn)
            } == "StateMachineDoesNotExist")
        }
    }

    @Test func executionNamesFollowAWSRules() async throws {
        try await withTestEngine { engine, clock in
            let machine = try await engine.createStateMachine(name: "Names", definition: Self.waitDefinition)
            let first = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "run", input: #"{"a": 1}"#)
            // Same name, running, same input: the same execution.
            let same = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "run", input: #"{"a": 1}"#)
            #expect(same.executionArn == first.executionArn)
            #expect(await awsError {
                try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "run", input: #"{"a": 2}"#)
            } == "ExecutionAlreadyExists")
            clock.advance(by: .seconds(60))
            _ = try await engine.awaitExecution(executionArn: first.executionArn)
            #expect(await awsError {
                try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "run", input: #"{"a": 1}"#)
            } == "ExecutionAlreadyExists")
            #expect(await awsError {
                try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{not json")
            } == "InvalidExecutionInput")
            #expect(await awsError {
                try await engine.startExecution(stateMachineArn: engine.names.stateMachineArn("Missing"))
            } == "StateMachineDoesNotExist")
        }
    }

    @Test(arguments: ["", String(repeating: "a", count: 81), "a b", "a/b", "x:y", "q?", "tab\tname", "brace{"])
    func invalidNames(_ name: String) {
        #expect(throws: StepFunctionsError.self) { try ResourceNames.validateName(name) }
    }

    @Test(arguments: ["a", "run-1_ok", String(repeating: "z", count: 80), "émoji-ok"])
    func validNames(_ name: String) throws {
        try ResourceNames.validateName(name)
    }

    @Test func stopListAndPaginate() async throws {
        try await withTestEngine { engine, _ in
            let machine = try await engine.createStateMachine(name: "Stop", definition: Self.waitDefinition)
            var arns: [String] = []
            for index in 0..<5 {
                arns.append(try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "e\(index)").executionArn)
            }
            try await engine.stopExecution(executionArn: arns[0], error: "User.Stop", cause: "by test")
            let stopped = try await engine.awaitExecution(executionArn: arns[0])
            #expect(stopped.status == .aborted)
            #expect(stopped.error == "User.Stop")
            #expect(types(try engine.allHistory(executionArn: arns[0])).last == "ExecutionAborted")
            let snapshot = try engine.describeStateMachineForExecution(executionArn: arns[1])
            #expect(snapshot.definition == Self.waitDefinition)
            #expect(snapshot.name == "Stop")
            let running = try engine.listExecutions(stateMachineArn: machine.stateMachineArn, statusFilter: .running)
            #expect(running.executions.count == 4)
            let page1 = try engine.listExecutions(stateMachineArn: machine.stateMachineArn, maxResults: 2)
            #expect(page1.executions.map(\.name) == ["e4", "e3"])
            let page2 = try engine.listExecutions(stateMachineArn: machine.stateMachineArn, maxResults: 2, nextToken: page1.nextToken)
            #expect(page2.executions.map(\.name) == ["e2", "e1"])
        }
    }

    @Test func historyReverseOrderAndPages() async throws {
        try await withTestEngine { engine, _ in
            let states = (0..<10).map { #""P\#($0)": {"Type": "Pass", \#($0 == 9 ? #""End": true"# : #""Next": "P\#($0 + 1)""#)}"# }
            let definition = #"{"StartAt": "P0", "States": {\#(states.joined(separator: ","))}}"#
            let result = try await engine.runToCompletion(definition: definition)
            let all = try engine.allHistory(executionArn: result.executionArn)
            #expect(all.count == 22)
            let first = try engine.getExecutionHistory(executionArn: result.executionArn, maxResults: 5, reverseOrder: true)
            #expect(first.events.map(\.id) == [22, 21, 20, 19, 18])
            let second = try engine.getExecutionHistory(
                executionArn: result.executionArn, maxResults: 5, reverseOrder: true, nextToken: first.nextToken)
            #expect(second.events.map(\.id) == [17, 16, 15, 14, 13])
            #expect(all.last?.executionSucceededEventDetails?.output == "{}")
        }
    }

    @Test func activitiesLifecycle() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "act")
            #expect(activity.activityArn == "arn:aws:states:us-east-1:123456789012:activity:act")
            #expect(try engine.describeActivity(activityArn: activity.activityArn).name == "act")
            #expect(try engine.listActivities().activities.count == 1)
            try await engine.deleteActivity(activityArn: activity.activityArn)
            #expect(await awsError {
                _ = try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .zero)
            } == "ActivityDoesNotExist")
        }
    }

    @Test("history events are the wire's typed events, read from the stored JSON; without execution data, no inputs or outputs")
    func historyIsTheWireShape() async throws {
        try await withTestEngine { engine, _ in
            let machine = try await engine.createStateMachine(
                name: "Typed", definition: #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"x": 1}, "End": true}}}"#)
            let run = try await engine.startExecution(
                StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "typed", input: #"{"in": true}"#))
            _ = try await engine.awaitExecution(executionArn: run.executionArn)
            let full = try await engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: run.executionArn))
            #expect(full.events.map(\.type) == [
                .executionStarted, .passStateEntered, .passStateExited, .executionSucceeded,
            ])
            #expect(full.events.map(\.id) == [1, 2, 3, 4])
            #expect(full.events.first?.executionStartedEventDetails?.input == #"{"in": true}"#)
            #expect(full.events[1].stateEnteredEventDetails?.name == "P")
            #expect(full.events[2].stateExitedEventDetails?.output == #"{"x":1}"#)
            #expect(full.events.last?.executionSucceededEventDetails?.output == #"{"x":1}"#)
            let bare = try await engine.getExecutionHistory(
                GetExecutionHistoryInput(executionArn: run.executionArn, includeExecutionData: false))
            #expect(bare.events.map(\.type) == full.events.map(\.type))
            #expect(bare.events.first?.executionStartedEventDetails?.input == nil)
            #expect(bare.events.first?.executionStartedEventDetails?.roleArn != nil)
            #expect(bare.events[1].stateEnteredEventDetails?.name == "P")
            #expect(bare.events[1].stateEnteredEventDetails?.input == nil)
            #expect(bare.events.last?.executionSucceededEventDetails?.output == nil)
            let described = try await engine.describeExecution(
                DescribeExecutionInput(executionArn: run.executionArn, includedData: .metadataOnly))
            #expect(described.status == .succeeded && described.input == nil && described.output == nil)
        }
    }
}
