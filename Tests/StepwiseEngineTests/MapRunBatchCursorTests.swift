import OrderedCollections
import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// An `ItemBatcher` over a JSONL or CSV object read as the children start (developer guide, "ItemBatcher (Map)"):
/// each child gets `{"Items": [...], "BatchInput": ...}` built from the cursor, at most `MaxItemsPerBatch` items and
/// `MaxInputBytesPerBatch` bytes, and the batches are the ones a whole-list batcher would build.
@Suite("Engine: a Map Run builds its batches from a cursor")
struct MapRunBatchCursorTests {
    static func definition(_ format: String, batcher: String, config: String = "", extra: String = "") -> String {
        """
        {"StartAt": "Map", "States": {"Map": {"Type": "Map", \(extra)
          "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "\(format)"\(config)},
                         "Parameters": {"Bucket": "items", "Key": "object"}},
          "ItemBatcher": \(batcher),
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                            "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}},
          "End": true}}}
        """
    }

    @Test("more items than MaxConcurrency: every batch runs, in order, with its BatchInput; the Map Run counts items")
    func batchesBeyondConcurrency() async throws {
        let lines = (0..<50).map { #"{"n": \#($0)}"# }.joined(separator: "\n")
        let directory = try MapRunItemReaderTests.bucket(["object": lines])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let definition = Self.definition(
            "JSONL", batcher: #"{"MaxItemsPerBatch": 3, "BatchInput": {"run.$": "$.run"}}"#, extra: #""MaxConcurrency": 2,"#)
        try await withTestEngine { engine, _ in
            try engine.mapS3Bucket("items", toDirectory: directory)
            let machine = try await engine.createStateMachine(name: "Batched", definition: definition)
            let start = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"run": "r1"}"#)
            let done = try await engine.awaitExecution(executionArn: start.executionArn)
            #expect(done.status == .succeeded)
            var expected: [JSONValue] = []
            for first in stride(from: 0, to: 50, by: 3) {
                let items = (first..<min(first + 3, 50)).map { JSONValue.object(["n": .int($0)]) }
                expected.append(["BatchInput": ["run": "r1"], "Items": .array(items)])
            }
            #expect(try json(done.output) == .array(expected))
            let runs = try await engine.listMapRuns(ListMapRunsInput(executionArn: start.executionArn))
            let arn = try #require(runs.mapRuns.first?.mapRunArn)
            let run = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: arn))
            #expect(run.itemCounts.total == 50 && run.itemCounts.succeeded == 50)
            #expect(run.executionCounts.total == 17 && run.executionCounts.succeeded == 17)
        }
    }

    @Test("MaxInputBytesPerBatch splits where the whole-list batcher does; ItemSelector sees each item's index")
    func bytesAndSelector() async throws {
        let lines = (0..<40).map { #"{"n": \#($0), "pad": "\#(String(repeating: "p", count: $0 % 7))"}"# }
        let batcher = #"{"MaxInputBytesPerBatch": 120, "MaxItemsPerBatch": 5}"#
        let selector = #""ItemSelector": {"i.$": "$$.Map.Item.Index", "pad.$": "$$.Map.Item.Value.pad"},"#
        let lazy = try await MapRunItemCursorTests.run(
            Self.definition("JSONL", batcher: batcher, extra: selector), object: lines.joined(separator: "\n"))
        // The same items from the input, batched from the whole list.
        let held = """
            {"StartAt": "Map", "States": {"Map": {"Type": "Map", \(selector) "ItemBatcher": \(batcher),
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}},
              "End": true}}}
            """
        let whole = try await withTestEngine { engine, _ in
            try await engine.runToCompletion(definition: held, input: "[" + lines.joined(separator: ",") + "]")
        }
        #expect(lazy.status == .succeeded && whole.status == .succeeded)
        #expect(try json(lazy.output) == json(whole.output))
        guard case .array(let batches) = try json(lazy.output) else {
            Issue.record("no batches")
            return
        }
        #expect(batches.count > 8)
        for batch in batches { #expect(batch.jsonString().utf8.count <= 120) }
        #expect(batches.first?["Items"]?[0] == ["pad": "", "i": 0])  // `.$` fields in AWS's order (TemplateMemberOrder)
    }

    @Test("CSV with MaxItems: the batches hold only the first MaxItems rows")
    func csvWithMaxItems() async throws {
        let csv = "a,b\n" + (0..<10).map { "\($0),x\($0)" }.joined(separator: "\n")
        let result = try await MapRunItemCursorTests.run(
            Self.definition("CSV", batcher: #"{"MaxItemsPerBatch": 2}"#, config: #", "CSVHeaderLocation": "FIRST_ROW", "MaxItems": 5"#),
            object: csv)
        #expect(result.status == .succeeded)
        let row = { (index: Int) -> JSONValue in ["a": .string("\(index)"), "b": .string("x\(index)")] }
        #expect(try json(result.output) == [
            ["Items": [row(0), row(1)]], ["Items": [row(2), row(3)]], ["Items": [row(4)]],
        ])
    }

    @Test("an item larger than MaxInputBytesPerBatch fails the Map before any child starts")
    func itemTooLarge() async throws {
        let lines = [#"{"n": 1}"#, #"{"n": 2, "pad": "\#(String(repeating: "p", count: 200))"}"#]
        let result = try await MapRunItemCursorTests.run(
            Self.definition("JSONL", batcher: #"{"MaxInputBytesPerBatch": 100}"#), object: lines.joined(separator: "\n"))
        #expect(result.status == .failed && result.error == "States.Runtime")
        #expect(result.cause?.contains("MaxInputBytesPerBatch") == true)
    }

    @Test("the batch position survives a restart: the batches after it are read from the saved offset")
    func batchesAcrossRestart() async throws {
        let lines = (0..<7).map { #"{"n": \#($0)}"# }.joined(separator: "\n")
        let directory = try MapRunItemReaderTests.bucket(["items.jsonl": lines])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = temporaryDatabasePath()
        let first = try StepwiseEngine(location: .file(path), clock: ManualEngineClock())
        first.start()
        try first.mapS3Bucket("items", toDirectory: directory)
        let activity = try await first.createActivity(name: "batch-restart")
        let definition = """
            {"StartAt": "Map", "States": {"Map": {"Type": "Map", "MaxConcurrency": 1,
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                             "Parameters": {"Bucket": "items", "Key": "items.jsonl"}},
              "ItemBatcher": {"MaxItemsPerBatch": 3},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true}}},
              "End": true}}}
            """
        let machine = try await first.createStateMachine(name: "BatchRestart", definition: definition)
        let start = try await first.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
        var seen: [JSONValue] = []
        let task = try #require(try await first.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
        seen.append(try json(task.input))
        try await first.sendTaskSuccess(taskToken: task.taskToken, output: "1")
        await first.shutdown()

        let second = try StepwiseEngine(location: .file(path), clock: ManualEngineClock())
        second.start()
        try second.mapS3Bucket("items", toDirectory: directory)
        for _ in 0..<2 {
            let task = try #require(try await second.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            seen.append(try json(task.input))
            try await second.sendTaskSuccess(taskToken: task.taskToken, output: "1")
        }
        let done = try await second.awaitExecution(executionArn: start.executionArn)
        #expect(done.status == .succeeded)
        let batch = { (range: Range<Int>) -> JSONValue in ["Items": .array(range.map { ["n": .int($0)] })] }
        #expect(seen == [batch(0..<3), batch(3..<6), batch(6..<7)])
        let runs = try await second.listMapRuns(ListMapRunsInput(executionArn: start.executionArn))
        let run = try await second.describeMapRun(DescribeMapRunInput(mapRunArn: try #require(runs.mapRuns.first?.mapRunArn)))
        #expect(run.itemCounts.total == 7 && run.itemCounts.succeeded == 7 && run.executionCounts.total == 3)
        await second.shutdown()
    }
}
