import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// Map Runs of a Distributed Map: DescribeMapRun, ListMapRuns and UpdateMapRun, from the API reference and the
/// "Examining Map Runs" page of the developer guide.
@Suite("Engine: Map Runs")
struct MapRunTests {
    static func definition(_ fields: String, processor: String = #""Echo": {"Type": "Pass", "End": true}"#, start: String = "Echo")
        -> String
    {
        """
        {"StartAt": "Map", "States": {"Map": {"Type": "Map", \(fields)
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                            "StartAt": "\(start)", "States": {\(processor)}},
          "End": true}}}
        """
    }

    static func work(_ activityArn: String) -> String {
        #""Work": {"Type": "Task", "Resource": "\#(activityArn)", "End": true}"#
    }

    /// The ARN of the execution's (first) Map Run, from its MapRunStarted event.
    /// StartExecution answers before the first states run: this polls (briefly, on real time) for the event.
    static func mapRunArn(_ engine: StepwiseEngine, _ executionArn: String) async throws -> String {
        var started = try engine.allHistory(executionArn: executionArn).first { $0.type.rawValue == "MapRunStarted" }
        for _ in 0..<2500 where started == nil {
            try await Task.sleep(for: .milliseconds(2))
            started = try engine.allHistory(executionArn: executionArn).first { $0.type.rawValue == "MapRunStarted" }
        }
        let event = try #require(started)
        return try #require(event.details?["mapRunArn"]?.stringValue)
    }

    /// Polls DescribeMapRun (briefly, on real time) until `condition` holds.
    static func describe(
        _ engine: StepwiseEngine, _ arn: String, until condition: (DescribeMapRunOutput) -> Bool
    ) async throws -> DescribeMapRunOutput {
        // A bound on a hang, not an assertion: starting 10,000 children took more than the 4 s this waited before on a
        // loaded machine (the full suite beside other builds).
        let deadline = ContinuousClock.now + .seconds(60)
        var described = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: arn))
        while !condition(described), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(2))
            described = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: arn))
        }
        return described
    }

    static func code(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as StepFunctionsError {
            return error.code.rawValue
        } catch {
            return "\(error)"
        }
    }

    @Test("a finished Map Run: SUCCEEDED, every item and child counted, settings as defined, listed by its execution")
    func succeeded() async throws {
        try await withTestEngine { engine, _ in
            let definition = Self.definition(#""MaxConcurrency": 2, "ToleratedFailureCount": 3, "Label": "Checks","#)
            let result = try await engine.runToCompletion(definition: definition, input: "[1, 2, 3]", machineName: "Facts")
            #expect(result.status == .succeeded)
            let arn = try await Self.mapRunArn(engine, result.executionArn)
            #expect(arn.hasPrefix("arn:aws:states:us-east-1:123456789012:mapRun:Facts/Checks:"))
            let run = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: arn))
            #expect(run.status == .succeeded)
            #expect(run.executionArn == result.executionArn)
            #expect(run.maxConcurrency == 2 && run.toleratedFailureCount == 3 && run.toleratedFailurePercentage == 0)
            #expect(run.stopDate != nil)
            // Without a ResultWriter, AWS counts the results as written (recorded: resultsWritten equal to succeeded).
            #expect(run.itemCounts == MapRunCounts(succeeded: 3, total: 3, resultsWritten: 3, failuresNotRedrivable: 0, pendingRedrive: 0))
            #expect(run.executionCounts == run.itemCounts)
            let list = try await engine.listMapRuns(ListMapRunsInput(executionArn: result.executionArn))
            #expect(list.mapRuns.map(\.mapRunArn) == [arn])
            #expect(list.mapRuns.first?.stateMachineArn == "arn:aws:states:us-east-1:123456789012:stateMachine:Facts/Checks")
            #expect(list.nextToken == nil)
        }
    }

    @Test("with ItemBatcher, item counts count items and execution counts count batches")
    func batches() async throws {
        try await withTestEngine { engine, _ in
            let definition = Self.definition(#""ItemBatcher": {"MaxItemsPerBatch": 2},"#)
            let result = try await engine.runToCompletion(definition: definition, input: "[1, 2, 3, 4, 5]")
            let run = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: try await Self.mapRunArn(engine, result.executionArn)))
            #expect(run.itemCounts.total == 5 && run.itemCounts.succeeded == 5)
            #expect(run.executionCounts.total == 3 && run.executionCounts.succeeded == 3)
            // Not set: AWS reports 0 for the concurrency and both thresholds.
            #expect(run.maxConcurrency == 0 && run.toleratedFailureCount == 0 && run.toleratedFailurePercentage == 0)
        }
    }

    @Test("a running Map Run shows running and pending children; UpdateMapRun raises MaxConcurrency at once")
    func updateConcurrency() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "items")
            let definition = Self.definition(#""MaxConcurrency": 1,"#, processor: Self.work(activity.activityArn), start: "Work")
            let machine = try await engine.createStateMachine(name: "Slow", definition: definition)
            let start = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "[1, 2, 3, 4]")
            let arn = try await Self.mapRunArn(engine, start.executionArn)
            var run = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: arn))
            #expect(run.status == .running && run.stopDate == nil)
            #expect(run.itemCounts.running == 1 && run.itemCounts.pending == 3 && run.itemCounts.total == 4)

            _ = try await engine.updateMapRun(UpdateMapRunInput(mapRunArn: arn, maxConcurrency: 3))
            run = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: arn))
            #expect(run.maxConcurrency == 3)
            #expect(run.executionCounts.running == 3 && run.executionCounts.pending == 1)
            var inputs: [String] = []
            for _ in 0..<4 {
                let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
                inputs.append(task.input)
                try await engine.sendTaskSuccess(taskToken: task.taskToken, output: task.input)
            }
            #expect(inputs.sorted() == ["1", "2", "3", "4"])
            #expect(try await engine.awaitExecution(executionArn: start.executionArn).status == .succeeded)
            run = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: arn))
            #expect(run.status == .succeeded && run.itemCounts.succeeded == 4)
            // A completed Map Run cannot be updated.
            #expect(await Self.code { _ = try await engine.updateMapRun(UpdateMapRunInput(mapRunArn: arn, maxConcurrency: 5)) }
                == "ValidationException")
        }
    }

    @Test("UpdateMapRun's ToleratedFailureCount applies to the next failure")
    func updateToleratedFailures() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "flaky")
            let definition = Self.definition(#""MaxConcurrency": 1,"#, processor: Self.work(activity.activityArn), start: "Work")
            let machine = try await engine.createStateMachine(name: "Tolerant", definition: definition)
            let start = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "[1, 2]")
            let arn = try await Self.mapRunArn(engine, start.executionArn)
            _ = try await engine.updateMapRun(UpdateMapRunInput(mapRunArn: arn, toleratedFailureCount: 1))
            let first = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            try await engine.sendTaskFailure(taskToken: first.taskToken, error: "Flaky", cause: "once")
            let second = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            try await engine.sendTaskSuccess(taskToken: second.taskToken, output: "2")
            let done = try await engine.awaitExecution(executionArn: start.executionArn)
            #expect(done.status == .succeeded)
            let run = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: arn))
            #expect(run.status == .succeeded && run.toleratedFailureCount == 1)
            #expect(run.itemCounts.failed == 1 && run.itemCounts.succeeded == 1)
        }
    }

    @Test("a Map Run beyond its tolerated failures is FAILED; the children still running count as aborted")
    func failed() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "failing")
            let definition = Self.definition(#""MaxConcurrency": 2,"#, processor: Self.work(activity.activityArn), start: "Work")
            let machine = try await engine.createStateMachine(name: "Failing", definition: definition)
            let start = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "[1, 2, 3]")
            let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            try await engine.sendTaskFailure(taskToken: task.taskToken, error: "Broken", cause: "no")
            #expect(try await engine.awaitExecution(executionArn: start.executionArn).status == .failed)
            let run = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: try await Self.mapRunArn(engine, start.executionArn)))
            #expect(run.status == .failed && run.stopDate != nil)
            #expect(run.itemCounts.failed == 1 && run.itemCounts.aborted == 1 && run.itemCounts.pending == 1)
            #expect(run.itemCounts.running == 0)
        }
    }

    @Test("a Distributed Map in a Parallel branch stopped by the other branch's failure: its Map Run and children are ABORTED")
    func abortedWithItsBranch() async throws {
        try await withTestEngine { engine, clock in
            let activity = try await engine.createActivity(name: "branch")
            let definition = """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "Map", "States": {"Map": {"Type": "Map", "End": true,
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "Work", "States": {\(Self.work(activity.activityArn))}}}}},
                  {"StartAt": "G", "States": {"G": {"Type": "Wait", "Seconds": 1, "Next": "F"},
                                              "F": {"Type": "Fail", "Error": "Boom"}}}]}}}
                """
            let machine = try await engine.createStateMachine(name: "BranchStopped", definition: definition)
            let start = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "[1, 2]")
            let arn = try await Self.mapRunArn(engine, start.executionArn)
            _ = try await Self.describe(engine, arn) { $0.executionCounts.running == 2 }
            clock.advance(by: .seconds(1))
            let done = try await engine.awaitExecution(executionArn: start.executionArn)
            #expect(done.status == .failed && done.error == "Boom")
            let run = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: arn))
            #expect(run.status == .aborted && run.stopDate != nil)
            #expect(run.executionCounts.aborted == 2 && run.executionCounts.running == 0)
            let names = try engine.allHistory(executionArn: start.executionArn).map(\.type.rawValue)
            #expect(names.filter { $0 == "MapRunAborted" }.count == 1)
            #expect(names.filter { $0 == "MapStateAborted" }.count == 1)
        }
    }

    @Test("StopExecution aborts the Map Run")
    func aborted() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "stopped")
            let definition = Self.definition("", processor: Self.work(activity.activityArn), start: "Work")
            let machine = try await engine.createStateMachine(name: "Stopped", definition: definition)
            let start = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "[1, 2]")
            try await engine.stopExecution(executionArn: start.executionArn)
            let run = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: try await Self.mapRunArn(engine, start.executionArn)))
            #expect(run.status == .aborted)
            #expect(run.executionCounts.aborted == 2 && run.executionCounts.running == 0)
        }
    }

    @Test("without MaxConcurrency at most 10,000 children run at once; the rest start as others end")
    func defaultConcurrency() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "wide")
            let definition = Self.definition("", processor: Self.work(activity.activityArn), start: "Work")
            let machine = try await engine.createStateMachine(name: "Wide", definition: definition)
            let items = JSONValue.array((0..<10_003).map { .int($0) })
            let start = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: items.jsonString())
            let arn = try await Self.mapRunArn(engine, start.executionArn)
            let run = try await Self.describe(engine, arn) { $0.executionCounts.running == 10_000 }
            #expect(run.executionCounts.running == 10_000 && run.executionCounts.pending == 3)
            let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "0")
            let after = try await Self.describe(engine, arn) { $0.executionCounts.succeeded == 1 }
            #expect(after.executionCounts.running == 10_000 && after.executionCounts.pending == 2)
            try await engine.stopExecution(executionArn: start.executionArn)
        }
    }

    @Test("ListMapRuns pages by maxResults; the errors AWS documents")
    func listAndErrors() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "A", "States": {
                  "A": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "ResultPath": null, "Next": "B"},
                  "B": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        "StartAt": "Q", "States": {"Q": {"Type": "Pass", "End": true}}}, "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: "[1]")
            let first = try await engine.listMapRuns(ListMapRunsInput(executionArn: result.executionArn, maxResults: 1))
            let token = try #require(first.nextToken)
            let second = try await engine.listMapRuns(ListMapRunsInput(executionArn: result.executionArn, maxResults: 1, nextToken: token))
            #expect(second.nextToken == nil)
            #expect(first.mapRuns.first?.stateMachineArn.hasSuffix(":stateMachine:Test/A") == true)
            #expect(second.mapRuns.first?.stateMachineArn.hasSuffix(":stateMachine:Test/B") == true)

            let unknownRun = "arn:aws:states:us-east-1:123456789012:mapRun:Test/A:00000000-0000-0000-0000-000000000000"
            #expect(await Self.code { _ = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: unknownRun)) } == "ResourceNotFound")
            #expect(await Self.code { _ = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: result.executionArn)) } == "InvalidArn")
            #expect(await Self.code { _ = try await engine.updateMapRun(UpdateMapRunInput(mapRunArn: unknownRun, maxConcurrency: 1)) }
                == "ResourceNotFound")
            #expect(await Self.code { _ = try await engine.updateMapRun(UpdateMapRunInput(mapRunArn: unknownRun)) } == "ValidationException")
            #expect(await Self.code {
                _ = try await engine.updateMapRun(UpdateMapRunInput(mapRunArn: unknownRun, toleratedFailurePercentage: 101))
            } == "ValidationException")
            let unknownExecution = result.executionArn + "x"
            #expect(await Self.code { _ = try await engine.listMapRuns(ListMapRunsInput(executionArn: unknownExecution)) }
                == "ExecutionDoesNotExist")
            #expect(await Self.code {
                _ = try await engine.listMapRuns(ListMapRunsInput(executionArn: result.executionArn, nextToken: "bogus"))
            } == "InvalidToken")
        }
    }
}
