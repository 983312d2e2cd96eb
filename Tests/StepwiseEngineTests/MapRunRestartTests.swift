import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// A Map Run is stored with the transitions that change it: it survives a restart, and a running one can still be
/// updated and finishes with its counts.
@Suite("Engine: Map Runs across a restart")
struct MapRunRestartTests {
    @Test("a running Map Run is described, updated and finished by the engine opened next on the file")
    func survivesRestart() async throws {
        let path = temporaryDatabasePath()
        let first = try StepwiseEngine(location: .file(path), clock: ManualEngineClock())
        first.start()
        let activity = try await first.createActivity(name: "restart-items")
        let definition = """
            {"StartAt": "Map", "States": {"Map": {"Type": "Map", "MaxConcurrency": 1,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true}}},
              "End": true}}}
            """
        let machine = try await first.createStateMachine(name: "Restarted", definition: definition)
        let start = try await first.startExecution(stateMachineArn: machine.stateMachineArn, input: "[1, 2, 3]")
        let runs = try await first.listMapRuns(ListMapRunsInput(executionArn: start.executionArn))
        let arn = try #require(runs.mapRuns.first?.mapRunArn)
        await first.shutdown()

        let second = try StepwiseEngine(location: .file(path), clock: ManualEngineClock())
        second.start()
        var run = try await second.describeMapRun(DescribeMapRunInput(mapRunArn: arn))
        #expect(run.status == .running && run.executionCounts.running == 1 && run.executionCounts.pending == 2)
        _ = try await second.updateMapRun(UpdateMapRunInput(mapRunArn: arn, maxConcurrency: 3))
        for _ in 0..<3 {
            let task = try #require(try await second.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            try await second.sendTaskSuccess(taskToken: task.taskToken, output: task.input)
        }
        let done = try await second.awaitExecution(executionArn: start.executionArn)
        #expect(done.status == .succeeded)
        #expect(try json(done.output) == [1, 2, 3])
        run = try await second.describeMapRun(DescribeMapRunInput(mapRunArn: arn))
        #expect(run.status == .succeeded && run.maxConcurrency == 3 && run.itemCounts.succeeded == 3)
        await second.shutdown()
    }
}

/// A Map Run reading a JSONL object as its children start, with its results in its children's rows, goes on after a
/// restart from what the store has: the next item from the saved offset, the results of the children that ended
/// before it, no item run twice.
@Suite("Engine: a Map Run over a JSONL object across a restart")
struct MapRunCursorRestartTests {
    @Test("the items after the saved offset start after the restart; the result has every item once, in order")
    func cursorSurvivesRestart() async throws {
        let directory = try MapRunItemReaderTests.bucket(["items.jsonl": "{\"n\": 0}\n{\"n\": 1}\n{\"n\": 2}\n{\"n\": 3}\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = temporaryDatabasePath()
        let first = try StepwiseEngine(location: .file(path), clock: ManualEngineClock())
        first.start()
        try first.mapS3Bucket("items", toDirectory: directory)
        let activity = try await first.createActivity(name: "cursor-restart")
        let definition = """
            {"StartAt": "Map", "States": {"Map": {"Type": "Map", "MaxConcurrency": 1,
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                             "Parameters": {"Bucket": "items", "Key": "items.jsonl"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true}}},
              "End": true}}}
            """
        let machine = try await first.createStateMachine(name: "CursorRestart", definition: definition)
        let start = try await first.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
        var seen: [JSONValue] = []
        for _ in 0..<2 {
            let task = try #require(try await first.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            let item = try json(task.input)
            seen.append(item)
            try await first.sendTaskSuccess(taskToken: task.taskToken, output: #"{"done": \#(item["n"] ?? .null)}"#)
        }
        await first.shutdown()

        let second = try StepwiseEngine(location: .file(path), clock: ManualEngineClock())
        second.start()
        try second.mapS3Bucket("items", toDirectory: directory)
        for _ in 0..<2 {
            let task = try #require(try await second.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            let item = try json(task.input)
            seen.append(item)
            try await second.sendTaskSuccess(taskToken: task.taskToken, output: #"{"done": \#(item["n"] ?? .null)}"#)
        }
        let done = try await second.awaitExecution(executionArn: start.executionArn)
        #expect(done.status == .succeeded)
        #expect(seen == [["n": 0], ["n": 1], ["n": 2], ["n": 3]])
        #expect(try json(done.output) == [["done": 0], ["done": 1], ["done": 2], ["done": 3]])
        let runs = try await second.listMapRuns(ListMapRunsInput(executionArn: start.executionArn))
        let run = try await second.describeMapRun(DescribeMapRunInput(mapRunArn: try #require(runs.mapRuns.first?.mapRunArn)))
        #expect(run.status == .succeeded && run.executionCounts.succeeded == 4 && run.executionCounts.total == 4)
        await second.shutdown()
    }
}
