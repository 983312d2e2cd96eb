import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// Redriving a Map Run's children, as the developer guide's "Redriving Map Runs" page and the RedriveExecution API
/// reference describe it: a STANDARD child is redriven in place (same ARN, its history continuing with
/// `ExecutionRedriven`, `$$.Execution.RedriveCount` counting), an EXPRESS child is started anew (StartExecution: a
/// new ARN, while the failed one stays FAILED).
@Suite("Engine: redriven Map Run children")
struct MapRunChildRedriveTests {
    static func definition(_ type: String, activity: String) -> String {
        """
        {"StartAt": "Map", "States": {"Map": {"Type": "Map", "Label": "Kids",
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "\(type)"},
            "StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "\(activity)", "Next": "Count"},
              "Count": {"Type": "Pass", "Parameters": {"item.$": "$$.Execution.Input", "redrives.$": "$$.Execution.RedriveCount"}, "End": true}}},
          "End": true}}}
        """
    }

    /// Answers the two children's tasks of a Map over `[1, 2]`: item 1 succeeds, item 2 fails (`Flaky`), so the
    /// parent execution fails.
    static func failSecondItem(_ engine: StepwiseEngine, activityArn: String, parent: String) async throws {
        for _ in 0..<2 {
            let task = try #require(try await engine.getActivityTask(activityArn: activityArn, timeout: .seconds(60)))
            if task.input == "1" {
                try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "{}")
            } else {
                try await engine.sendTaskFailure(taskToken: task.taskToken, error: "Flaky", cause: "first try")
            }
        }
        #expect(try await engine.awaitExecution(executionArn: parent).status == .failed)
    }

    @Test("a STANDARD child is redriven in place: the same ARN, ExecutionRedriven in its history, RedriveCount 1")
    func standardInPlace() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "kid-work")
            let machine = try await engine.createStateMachine(
                name: "Family", definition: Self.definition("STANDARD", activity: activity.activityArn))
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "[1, 2]")
            try await Self.failSecondItem(engine, activityArn: activity.activityArn, parent: run.executionArn)
            let mapRunArn = try await MapRunTests.mapRunArn(engine, run.executionArn)
            let before = try await MapRunExecutionTests.children(engine, mapRunArn)
            let failed = try #require(before.first { $0.status == .failed })
            let failedHistory = try engine.allHistory(executionArn: failed.executionArn)
            #expect(failedHistory.last?.type.rawValue == "ExecutionFailed")

            _ = try await engine.redriveExecution(executionArn: run.executionArn)
            let again = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            #expect(again.input == "2")
            try await engine.sendTaskSuccess(taskToken: again.taskToken, output: "{}")
            let done = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == [["item": 1, "redrives": 0], ["item": 2, "redrives": 1]])

            let after = try await MapRunExecutionTests.children(engine, mapRunArn)
            #expect(Set(after.map(\.executionArn)) == Set(before.map(\.executionArn)))
            #expect(after.allSatisfy { $0.status == .succeeded })
            let history = try engine.allHistory(executionArn: failed.executionArn)
            let types = history.map(\.type.rawValue)
            #expect(Array(types.prefix(failedHistory.count)) == failedHistory.map(\.type.rawValue))
            #expect(types[failedHistory.count] == "ExecutionRedriven")
            #expect(history[failedHistory.count].details?["redriveCount"] == 1)
            #expect(types.last == "ExecutionSucceeded")
            #expect(history.map(\.id) == Array(1...history.count))
            #expect(history.map(\.previousEventId) == [0, 0] + Array(2..<history.count))  // the first state chained to 0
            let described = try await engine.describeExecution(DescribeExecutionInput(executionArn: failed.executionArn))
            #expect(described.status == .succeeded && described.stopDate != nil)
            // DescribeExecution's redriveCount and redriveDate, as for any redriven execution; the other child was not.
            #expect(described.redriveCount == 1 && described.redriveDate != nil)
            let succeeded = try #require(before.first { $0.status == .succeeded })
            let untouched = try await engine.describeExecution(DescribeExecutionInput(executionArn: succeeded.executionArn))
            #expect(untouched.redriveCount == 0 && untouched.redriveDate == nil)
            // ListExecutions of the Map Run with a redrive filter, and the count on each listed child.
            let redriven = try await engine.listExecutions(ListExecutionsInput(mapRunArn: mapRunArn, redriveFilter: .redriven))
            #expect(redriven.executions.map(\.executionArn) == [failed.executionArn])
            #expect(redriven.executions.first?.redriveCount == 1)
            let notRedriven = try await engine.listExecutions(ListExecutionsInput(mapRunArn: mapRunArn, redriveFilter: .notRedriven))
            #expect(notRedriven.executions.map(\.executionArn) == [succeeded.executionArn])
        }
    }

    @Test("the ResultWriter's records carry each child's RedriveCount (Transformation NONE)")
    func resultWriterRedriveCount() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-redrive-rw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withTestEngine { engine, _ in
            try engine.mapS3Bucket("out", toDirectory: directory.path)
            let activity = try await engine.createActivity(name: "kid-work")
            let definition = Self.definition("STANDARD", activity: activity.activityArn).replacingOccurrences(
                of: #""Label": "Kids","#,
                with: #""Label": "Kids", "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "r"}},"#)
            let machine = try await engine.createStateMachine(name: "Written", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "[1, 2]")
            try await Self.failSecondItem(engine, activityArn: activity.activityArn, parent: run.executionArn)
            _ = try await engine.redriveExecution(executionArn: run.executionArn)
            let again = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            try await engine.sendTaskSuccess(taskToken: again.taskToken, output: "{}")
            let done = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(done.status == .succeeded, "\(done.cause ?? "")")
            let key = try #require(try json(done.output)["ResultWriterDetails"]?["Key"]?.stringValue)
            let manifest = try JSONValue(parsing: String(contentsOf: directory.appendingPathComponent(key), encoding: .utf8))
            let file = try #require(manifest["ResultFiles"]?["SUCCEEDED"]?[0]?["Key"]?.stringValue)
            let records = try JSONValue(parsing: String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8))
            #expect(records.arrayValue?.map { $0["RedriveCount"] } == [0, 1])
        }
    }

    @Test("an EXPRESS child is started anew: a new express ARN of the Map Run, the failed one stays FAILED")
    func expressStartedAnew() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "kid-work")
            let machine = try await engine.createStateMachine(
                name: "Family", definition: Self.definition("EXPRESS", activity: activity.activityArn))
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "[1, 2]")
            try await Self.failSecondItem(engine, activityArn: activity.activityArn, parent: run.executionArn)
            let mapRunArn = try await MapRunTests.mapRunArn(engine, run.executionArn)
            let before = try await MapRunExecutionTests.children(engine, mapRunArn)
            let failed = try #require(before.first { $0.status == .failed })

            _ = try await engine.redriveExecution(executionArn: run.executionArn)
            let again = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            try await engine.sendTaskSuccess(taskToken: again.taskToken, output: "{}")
            let done = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == [["item": 1, "redrives": 0], ["item": 2, "redrives": 0]])

            let after = try await MapRunExecutionTests.children(engine, mapRunArn)
            #expect(after.count == 3)
            #expect(after.first { $0.executionArn == failed.executionArn }?.status == .failed)
            let rerun = try #require(after.first { !before.map(\.executionArn).contains($0.executionArn) })
            #expect(rerun.status == .succeeded)
            // express:<machine>/<label>:<map run id>:<execution id>
            let runId = try #require(mapRunArn.split(separator: ":").last)
            #expect(rerun.executionArn.hasPrefix("arn:aws:states:us-east-1:123456789012:express:Family/Kids:\(runId):"))
            #expect(rerun.executionArn.split(separator: ":").count == 9)
            let history = try engine.allHistory(executionArn: rerun.executionArn)
            #expect(history.first?.type.rawValue == "ExecutionStarted")
            #expect(history.first?.details?["input"] == "2")
        }
    }
}
