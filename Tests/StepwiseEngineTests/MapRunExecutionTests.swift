import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// A Distributed Map's child workflows are executions, as the API reference documents them: `ListExecutions` with a
/// `mapRunArn` lists them, `DescribeExecution` (with `mapRunArn`) and `GetExecutionHistory` answer for them, EXPRESS
/// children included, and their context object names the child execution and the Map Run's state machine.
@Suite("Engine: Map Run child executions")
struct MapRunExecutionTests {
    static func definition(_ type: String = "STANDARD", processor: String? = nil, start: String = "Echo", fields: String = "")
        -> String
    {
        let states = processor ?? #""Echo": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "machine.$": "$$.StateMachine.Id", "value.$": "$"}, "End": true}"#
        return """
            {"StartAt": "Map", "States": {"Map": {"Type": "Map", "Label": "Kids", \(fields)
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "\(type)"},
                                "StartAt": "\(start)", "States": {\(states)}},
              "End": true}}}
            """
    }

    static func children(_ engine: StepwiseEngine, _ mapRunArn: String, status: StepFunctionsAPI.ExecutionStatus? = nil)
        async throws -> [ExecutionListItem]
    {
        var items: [ExecutionListItem] = []
        var token: String?
        repeat {
            let page = try await engine.listExecutions(
                ListExecutionsInput(statusFilter: status, maxResults: 2, nextToken: token, mapRunArn: mapRunArn))
            items += page.executions
            token = page.nextToken
        } while token != nil
        return items
    }

    @Test("STANDARD children: listed by their Map Run (paged, newest first), described with mapRunArn, with their own history")
    func standardChildren() async throws {
        try await withTestEngine { engine, _ in
            let result = try await engine.runToCompletion(definition: Self.definition(), input: "[10, 20, 30]", machineName: "Family")
            #expect(result.status == .succeeded)
            let mapRunArn = try await MapRunTests.mapRunArn(engine, result.executionArn)
            let children = try await Self.children(engine, mapRunArn)
            #expect(children.count == 3)
            #expect(Set(children.map(\.executionArn)).count == 3)
            for child in children {
                #expect(child.executionArn.hasPrefix("arn:aws:states:us-east-1:123456789012:execution:Family/Kids:"))
                #expect(child.executionArn.hasSuffix(":" + child.name))
                #expect(child.stateMachineArn == "arn:aws:states:us-east-1:123456789012:stateMachine:Family/Kids")
                #expect(child.mapRunArn == mapRunArn && child.itemCount == 1 && child.status == .succeeded)
                #expect(child.stopDate != nil)
            }
            // Newest first: the last item's child is listed first.
            let first = try await engine.describeExecution(DescribeExecutionInput(executionArn: children[0].executionArn))
            #expect(first.input == "30")
            #expect(first.mapRunArn == mapRunArn)
            #expect(first.stateMachineArn == children[0].stateMachineArn)
            let output = try #require(first.output.flatMap { try? JSONValue(parsing: $0) })
            // The context object names the child execution and its state machine.
            #expect(output["id"]?.stringValue == children[0].executionArn)
            #expect(output["name"]?.stringValue == children[0].name)
            #expect(output["machine"]?.stringValue == children[0].stateMachineArn)
            #expect(output["value"] == .int(30))

            let history = try engine.allHistory(executionArn: children[0].executionArn)
            #expect(history.map(\.type.rawValue) == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
            #expect(history.map(\.id) == [1, 2, 3, 4])
            #expect(history.map(\.previousEventId) == [0, 0, 2, 3])  // the first state chained to 0, as AWS does
            // The parent's history holds the Map Run, not its children's states.
            let parent = try engine.allHistory(executionArn: result.executionArn).map(\.type.rawValue)
            #expect(!parent.contains("PassStateEntered"))
            #expect(parent.contains("MapRunSucceeded"))
            // A machine's executions do not include the Map Run's children.
            let machineArn = try #require(children.first.map { _ in result.stateMachineArn })
            let listed = try await engine.listExecutions(ListExecutionsInput(stateMachineArn: machineArn))
            #expect(listed.executions.map(\.executionArn) == [result.executionArn])
        }
    }

    @Test("EXPRESS children are described and have a history (the documented exception for Map Run children)")
    func expressChildren() async throws {
        try await withTestEngine { engine, _ in
            let result = try await engine.runToCompletion(definition: Self.definition("EXPRESS"), input: "[1, 2]", machineName: "Quick")
            #expect(result.status == .succeeded)
            let mapRunArn = try await MapRunTests.mapRunArn(engine, result.executionArn)
            let children = try await Self.children(engine, mapRunArn)
            #expect(children.count == 2)
            let child = try #require(children.first)
            #expect(child.executionArn.hasPrefix("arn:aws:states:us-east-1:123456789012:express:Quick/Kids:"))
            let described = try await engine.describeExecution(DescribeExecutionInput(executionArn: child.executionArn))
            #expect(described.status == .succeeded && described.mapRunArn == mapRunArn)
            let history = try await engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: child.executionArn))
            #expect(history.events.first?.type.rawValue == "ExecutionStarted")
            #expect(history.events.last?.type.rawValue == "ExecutionSucceeded")
        }
    }

    @Test("a failed child is FAILED with its error and cause; the status filter finds it")
    func failedChild() async throws {
        try await withTestEngine { engine, _ in
            let processor = #""Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "Bad"}], "Default": "Good"}, "Good": {"Type": "Succeed"}, "Bad": {"Type": "Fail", "Error": "Odd.Item", "Cause": "two"}"#
            let definition = Self.definition(processor: processor, start: "Check", fields: #""ToleratedFailureCount": 1,"#)
            let result = try await engine.runToCompletion(definition: definition, input: "[1, 2, 3]", machineName: "Mixed")
            #expect(result.status == .succeeded)
            let mapRunArn = try await MapRunTests.mapRunArn(engine, result.executionArn)
            let failed = try await Self.children(engine, mapRunArn, status: .failed)
            #expect(failed.count == 1)
            let child = try await engine.describeExecution(DescribeExecutionInput(executionArn: try #require(failed.first).executionArn))
            #expect(child.status == .failed && child.error == "Odd.Item" && child.cause == "two" && child.input == "2")
            let history = try engine.allHistory(executionArn: child.executionArn).map(\.type.rawValue)
            #expect(history.first == "ExecutionStarted" && history.last == "ExecutionFailed")
            #expect(try await Self.children(engine, mapRunArn, status: .succeeded).count == 2)
        }
    }

    @Test("stopping the parent aborts its running children")
    func abortedChildren() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "held")
            let definition = Self.definition(processor: MapRunTests.work(activity.activityArn), start: "Work")
            let machine = try await engine.createStateMachine(name: "Held", definition: definition)
            let start = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "[1, 2]")
            let mapRunArn = try await MapRunTests.mapRunArn(engine, start.executionArn)
            _ = try await MapRunTests.describe(engine, mapRunArn) { $0.executionCounts.running == 2 }
            let running = try await Self.children(engine, mapRunArn)
            #expect(running.map(\.status) == [.running, .running])
            try await engine.stopExecution(executionArn: start.executionArn)
            let children = try await Self.children(engine, mapRunArn)
            #expect(children.map(\.status) == [.aborted, .aborted])
            let history = try engine.allHistory(executionArn: try #require(children.first).executionArn).map(\.type.rawValue)
            #expect(history.first == "ExecutionStarted" && history.last == "ExecutionAborted")
        }
    }

    @Test("the errors: an unknown Map Run, a bad token, an unknown child, both ARNs at once")
    func errors() async throws {
        try await withTestEngine { engine, _ in
            let unknown = "arn:aws:states:us-east-1:123456789012:mapRun:None/Label:00000000-0000-0000-0000-000000000000"
            #expect(await MapRunTests.code { _ = try await engine.listExecutions(ListExecutionsInput(mapRunArn: unknown)) } == "ResourceNotFound")
            let result = try await engine.runToCompletion(definition: Self.definition(), input: "[1]", machineName: "Errs")
            let mapRunArn = try await MapRunTests.mapRunArn(engine, result.executionArn)
            #expect(await MapRunTests.code {
                _ = try await engine.listExecutions(ListExecutionsInput(nextToken: "nope", mapRunArn: mapRunArn))
            } == "InvalidToken")
            #expect(await MapRunTests.code {
                _ = try await engine.listExecutions(ListExecutionsInput(stateMachineArn: result.stateMachineArn, mapRunArn: mapRunArn))
            } == "ValidationException")
            let missing = "arn:aws:states:us-east-1:123456789012:execution:Errs/Kids:00000000-0000-0000-0000-000000000000"
            #expect(await MapRunTests.code { _ = try await engine.describeExecution(DescribeExecutionInput(executionArn: missing)) }
                == "ExecutionDoesNotExist")
        }
    }
}
