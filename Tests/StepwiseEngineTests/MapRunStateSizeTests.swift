import Foundation
import GRDB
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// A Distributed Map's saved state does not grow with its items (issue 14, "Scale without stalls"): the items of a
/// JSONL or CSV object stay in the file (the Map keeps a byte offset), and the children's results are their rows,
/// read in item order when the Map Run ends.
@Suite("Engine: a Map Run's saved state is bounded")
struct MapRunStateSizeTests {
    /// Every item but the last succeeds at once (in the transition that starts it); the last waits on an activity.
    static func definition(items: Int, activity: String) -> String {
        """
        {"StartAt": "Map", "States": {"Map": {"Type": "Map",
          "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                         "Parameters": {"Bucket": "items", "Key": "items.jsonl"}},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Route", "States": {
              "Route": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": \(items - 1), "Next": "Done"}],
                        "Default": "Work"},
              "Done": {"Type": "Pass", "Result": {"ok": true}, "End": true},
              "Work": {"Type": "Task", "Resource": "\(activity)", "End": true}}},
          "End": true}}}
        """
    }

    /// The size of the parent's saved runtime once every item but the last has succeeded, and how many of its Map
    /// Run's children the store has rows for (with their item index).
    static func savedState(items: Int) async throws -> (runtimeBytes: Int, childRows: Int) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-size-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let lines = (0..<items).map { #"{"n": \#($0), "pad": "an item of a few dozen bytes"}"# }.joined(separator: "\n")
        try Data(lines.utf8).write(to: directory.appendingPathComponent("items.jsonl"))
        let path = temporaryDatabasePath("size")
        let engine = try StepwiseEngine(location: .file(path), clock: ManualEngineClock())
        engine.start()
        try engine.mapS3Bucket("items", toDirectory: directory.path)
        let activity = try await engine.createActivity(name: "last-item")
        let machine = try await engine.createStateMachine(
            name: "Sized", definition: definition(items: items, activity: activity.activityArn))
        let start = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
        // The last item's task is handed out once the transition that started it (the others' ends) is durable.
        let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(120)))
        #expect(try json(task.input) == ["n": .int(items - 1), "pad": "an item of a few dozen bytes"])
        let runs = try await engine.listMapRuns(ListMapRunsInput(executionArn: start.executionArn))
        let arn = try #require(runs.mapRuns.first?.mapRunArn)
        let run = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: arn))
        #expect(run.executionCounts.succeeded == items - 1 && run.executionCounts.running == 1)
        #expect(run.itemCounts.total == items)
        await engine.shutdown()

        let database = try DatabaseQueue(path: path)
        return try await database.read { db in
            let bytes = try Int.fetchOne(
                db, sql: "SELECT length(runtime) FROM execution WHERE arn = ?", arguments: [start.executionArn]) ?? 0
            let rows = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM mapRunExecution WHERE mapRunArn = ? AND itemIndex IS NOT NULL",
                arguments: [arn]) ?? 0
            return (bytes, rows)
        }
    }

    @Test("the parent's saved runtime is the same size for 20 items and for 10,000 (no item, no result in it)")
    func runtimeDoesNotGrowWithItems() async throws {
        let small = try await Self.savedState(items: 20)
        let large = try await Self.savedState(items: 10_000)
        #expect(small.childRows == 20 && large.childRows == 10_000)
        #expect(small.runtimeBytes > 0)
        // A few digits more in the counters and the cursor's offset; an item or a result per item would be
        // hundreds of kilobytes.
        print("saved runtime: 20 items \(small.runtimeBytes) bytes, 10,000 items \(large.runtimeBytes) bytes")
        #expect(large.runtimeBytes <= small.runtimeBytes + 256, "20 items: \(small.runtimeBytes) bytes, 10,000: \(large.runtimeBytes)")
    }
}
