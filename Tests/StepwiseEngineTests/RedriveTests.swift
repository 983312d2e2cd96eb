import StepFunctionsAPI
import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Synchronization
import TestChildProcess
import Testing

/// Counts calls per input and fails each input's first `failures[input]` calls.
final class FlakyHandler: Sendable {
    let calls = Mutex<[String: Int]>([:])
    let failFirst: Set<String>
    let failAlways = Mutex(false)

    init(failFirst: Set<String>) { self.failFirst = failFirst }

    func count(_ input: String) -> Int { calls.withLock { $0[input] ?? 0 } }
    var total: Int { calls.withLock { $0.values.reduce(0, +) } }

    var handler: TestTaskHandler {
        { input, _ in
            let n = self.calls.withLock { calls in
                calls[input, default: 0] += 1
                return calls[input] ?? 0
            }
            if self.failAlways.withLock({ $0 }) || (n == 1 && self.failFirst.contains(input)) {
                return .failure(error: "Flaky.Error", cause: "failed on \(input)")
            }
            return .success(input)
        }
    }
}

@Suite("Engine: RedriveExecution")
struct RedriveTests {
    /// The activity the tests' Task states use, served through an ActivityWorker (`handleHere`).
    static let activity = "redrive-work"
    static let resource = "arn:aws:states:us-east-1:123456789012:activity:redrive-work"

    @Test func redriveResumesAtTheFailedStepAndKeepsWhatSucceeded() async throws {
        try await withTestEngine { engine, _ in
            let flaky = FlakyHandler(failFirst: [#"{"n":1}"#])
            try await engine.handleHere(activityName: Self.activity, flaky.handler)
            let definition = """
                {"StartAt": "First", "States": {
                  "First": {"Type": "Pass", "Result": {"n": 1}, "Next": "Call"},
                  "Call": {"Type": "Task", "Resource": "\(Self.resource)",
                           "Retry": [{"ErrorEquals": ["Flaky.Error"], "MaxAttempts": 0}], "Next": "Last"},
                  "Last": {"Type": "Pass", "End": true}}}
                """
            let failed = try await engine.runToCompletion(definition: definition, executionName: "run-1")
            #expect(failed.status == .failed)
            #expect(failed.error == "Flaky.Error")
            #expect(failed.redriveStatus == .redrivable)
            #expect(failed.redriveStatusReason == nil)
            #expect(failed.redriveCount == 0)

            let redriveDate = try await engine.redriveExecution(executionArn: failed.executionArn)
            let done = try await engine.awaitExecution(executionArn: failed.executionArn)
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == ["n": 1])
            #expect(done.error == nil)
            #expect(done.redriveCount == 1)
            #expect(done.redriveDate == redriveDate)
            #expect(done.redriveStatus == .notRedrivable)
            #expect(done.redriveStatusReason == "Execution is SUCCEEDED and cannot be redriven")
            #expect(flaky.total == 2)

            let events = try engine.allHistory(executionArn: failed.executionArn)
            let kinds = types(events)
            #expect(kinds.filter { $0 == "ExecutionStarted" }.count == 1)
            #expect(kinds.filter { $0 == "PassStateEntered" }.count == 2)  // First once, Last once
            #expect(kinds.filter { $0 == "TaskStateEntered" }.count == 2)
            let redriven = try #require(events.firstIndex { $0.type.rawValue == "ExecutionRedriven" })
            #expect(events[redriven].details?["redriveCount"] == 1)
            #expect(events[redriven - 1].type.rawValue == "ExecutionFailed")
            #expect(events[redriven].previousEventId == events[redriven - 1].id)
            #expect(events[redriven + 1].type.rawValue == "TaskStateEntered")
            #expect(events.map(\.id) == Array(1...events.count))

            // A succeeded execution is not redrivable.
            let error = await #expect(throws: StepFunctionsError.self) {
                try await engine.redriveExecution(executionArn: failed.executionArn)
            }
            #expect(error?.code.rawValue == "ExecutionNotRedrivable")
            #expect(error?.message == "Execution is SUCCEEDED and cannot be redriven")
        }
    }

    @Test func parallelRedriveRerunsOnlyTheFailedBranch() async throws {
        try await withTestEngine { engine, clock in
            let flaky = FlakyHandler(failFirst: [#"{"v":"b"}"#])
            try await engine.handleHere(activityName: Self.activity, flaky.handler)
            let definition = """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "\(Self.resource)", "Parameters": {"v": "a"}, "End": true}}},
                  {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "Next": "B"},
                    "B": {"Type": "Task", "Resource": "\(Self.resource)", "Parameters": {"v": "b"}, "End": true}}}
                ]}}}
                """
            let machine = try await engine.createStateMachine(name: "P", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn)
            // Branch A succeeds before branch B fails.
            #expect(try await eventually {
                try engine.allHistory(executionArn: run.executionArn).contains { $0.type.rawValue == "ActivitySucceeded" }
            })
            clock.advance(by: .seconds(10))
            let failed = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(failed.status == .failed)
            try await engine.redriveExecution(executionArn: failed.executionArn)
            let done = try await engine.awaitExecution(executionArn: failed.executionArn)
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == [["v": "a"], ["v": "b"]])
            #expect(flaky.count(#"{"v":"a"}"#) == 1)
            #expect(flaky.count(#"{"v":"b"}"#) == 2)
        }
    }

    @Test func mapRedriveRerunsOnlyTheFailedIterations() async throws {
        try await withTestEngine { engine, _ in
            let flaky = FlakyHandler(failFirst: ["2", "4"])
            try await engine.handleHere(activityName: Self.activity, flaky.handler)
            let definition = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "MaxConcurrency": 1,
                  "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\(Self.resource)", "End": true}}}}}}
                """
            let failed = try await engine.runToCompletion(definition: definition, input: "[1, 2, 3, 4]")
            #expect(failed.status == .failed)
            #expect(flaky.total == 2)  // 1 succeeded, 2 failed; 3 and 4 never started
            try await engine.redriveExecution(executionArn: failed.executionArn)
            let again = try await engine.awaitExecution(executionArn: failed.executionArn)
            #expect(again.status == .failed)  // 4 fails on its first run
            #expect(again.redriveStatus == .redrivable)
            try await engine.redriveExecution(executionArn: failed.executionArn)
            let done = try await engine.awaitExecution(executionArn: failed.executionArn)
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == [1, 2, 3, 4])
            #expect(done.redriveCount == 2)
            #expect(flaky.count("1") == 1)
            #expect(flaky.count("2") == 2)
            #expect(flaky.count("3") == 1)
            #expect(flaky.count("4") == 2)
            let counts = try engine.allHistory(executionArn: failed.executionArn)
                .filter { $0.type.rawValue == "ExecutionRedriven" }.map { $0.details?["redriveCount"] }
            #expect(counts == [1, 2])
        }
    }

    @Test func abortedExecutionRedrivesItsPendingTask() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "work")
            let machine = try await engine.createStateMachine(
                name: "A", definition: EngineTaskTests.taskDefinition(activity.activityArn))
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"k": 1}"#)
            try await engine.stopExecution(executionArn: run.executionArn, error: "Stop", cause: "by test")
            let stopped = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(stopped.status == .aborted)
            #expect(stopped.redriveStatus == .redrivable)
            try await engine.redriveExecution(executionArn: run.executionArn, clientToken: "t-1")
            // The same client token again answers the same redrive instead of failing (RUNNING).
            try await engine.redriveExecution(executionArn: run.executionArn, clientToken: "t-1")
            let running = try engine.describeExecution(executionArn: run.executionArn)
            #expect(running.status == .running)
            #expect(running.redriveCount == 1)
            #expect(running.redriveStatusReason == "Execution is RUNNING and cannot be redriven")
            #expect(await awsError { try await engine.redriveExecution(executionArn: run.executionArn) }
                == "ExecutionNotRedrivable")
            let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            #expect(try json(task.input) == ["k": 1])
            try await engine.sendTaskSuccess(taskToken: task.taskToken, output: #"{"ok": true}"#)
            let done = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == ["ok": true])
        }
    }

    @Test func redrivePeriodIsFourteenDays() async throws {
        let clock = ManualEngineClock()
        try await withTestEngine(clock: clock) { engine, clock in
            let failed = try await engine.runToCompletion(
                definition: #"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "c"}}}"#)
            #expect(failed.status == .failed)
            clock.advance(by: .seconds(14 * 24 * 3600 + 1))
            let later = try engine.describeExecution(executionArn: failed.executionArn)
            #expect(later.redriveStatus == .notRedrivable)
            #expect(later.redriveStatusReason == "Execution redrivable period exceeded")
            #expect(await awsError { try await engine.redriveExecution(executionArn: failed.executionArn) }
                == "ExecutionNotRedrivable")
            #expect(await awsError { try await engine.redriveExecution(executionArn: failed.executionArn + "x") }
                == "ExecutionDoesNotExist")
        }
    }

    @Test func redriveAfterRestartReadsThePositionFromTheStore() async throws {
        let path = temporaryDatabasePath()
        let arn: String
        arn = try await withTestWorkers {
            let engine = try StepwiseEngine(location: .file(path))
            engine.start()
            try await engine.handleHere(activityName: Self.activity) { _, _ in .failure(error: "Boom", cause: "") }
            let failed = try await engine.runToCompletion(
                definition: """
                    {"StartAt": "One", "States": {
                      "One": {"Type": "Pass", "Result": 1, "ResultPath": "$.one", "Next": "Two"},
                      "Two": {"Type": "Task", "Resource": "\(Self.resource)", "End": true}}}
                    """)
            #expect(failed.status == .failed)
            await engine.shutdown()
            return failed.executionArn
        }
        try await withTestWorkers {
            let engine = try StepwiseEngine(location: .file(path))
            engine.start()
            try await engine.handleHere(activityName: Self.activity) { input, _ in .success(input) }
            try await engine.redriveExecution(executionArn: arn)
            let done = try await engine.awaitExecution(executionArn: arn)
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == ["one": 1])
            #expect(done.redriveCount == 1)
            await engine.shutdown()
        }
    }

    @Test func unreadableStopPositionIsAStorageErrorNotAFreshStart() async throws {
        let sqlite = "/usr/bin/sqlite3"
        try #require(FileManager.default.isExecutableFile(atPath: sqlite), "these tests corrupt the database with the sqlite3 program (scripts/test.sh installs it)")
        let path = temporaryDatabasePath()
        let arn: String
        arn = try await withTestWorkers {
            let engine = try StepwiseEngine(location: .file(path))
            engine.start()
            try await engine.handleHere(activityName: Self.activity) { _, _ in .failure(error: "Boom", cause: "") }
            let failed = try await engine.runToCompletion(
                definition: """
                    {"StartAt": "Two", "States": {"Two": {"Type": "Task", "Resource": "\(Self.resource)", "End": true}}}
                    """)
            await engine.shutdown()
            return failed.executionArn
        }
        let update = try await ChildProcess.run(sqlite, arguments: ["-cmd", ".timeout 10000", path, "UPDATE execution SET runtime = X'7B6E6F7421' WHERE arn = '\(arn)'"])
        #expect(update.status == 0, "\(update.error)")
        let engine = try StepwiseEngine(location: .file(path))
        engine.start()
        await #expect(throws: (any Error).self) { try await engine.redriveExecution(executionArn: arn) }
        await engine.shutdown()
    }

    @Test func unreadableRunningStateFailsThatExecutionAndTheRestRecover() async throws {
        let sqlite = "/usr/bin/sqlite3"
        try #require(FileManager.default.isExecutableFile(atPath: sqlite), "these tests corrupt the database with the sqlite3 program (scripts/test.sh installs it)")
        let path = temporaryDatabasePath()
        let broken: String
        let healthy: String
        do {
            let engine = try StepwiseEngine(location: .file(path))
            engine.start()
            let activity = try await engine.createActivity(name: "work")
            let machine = try await engine.createStateMachine(
                name: "A", definition: EngineTaskTests.taskDefinition(activity.activityArn))
            broken = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}").executionArn
            healthy = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}").executionArn
            try await Task.sleep(for: .milliseconds(200))
            await engine.shutdown()
        }
        let update = try await ChildProcess.run(sqlite, arguments: ["-cmd", ".timeout 10000", path, "UPDATE execution SET runtime = X'7B6E6F7421' WHERE arn = '\(broken)'"])
        #expect(update.status == 0, "\(update.error)")
        let engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let failed = try engine.describeExecution(executionArn: broken)
        #expect(failed.status == .failed)
        #expect(failed.error == "States.Runtime")
        #expect(try engine.describeExecution(executionArn: healthy).status == .running)
        await engine.shutdown()
    }
}

@Suite("Engine: StopExecution records the aborted states")
struct AbortedStateTests {
    /// AWS records only ExecutionAborted, chained to 0, for the states still running (floci-io/floci#2965, measured in
    /// us-east-1: a stopped Wait reads ExecutionStarted, WaitStateEntered, ExecutionAborted with previousEventId 0).
    @Test func stopRecordsOnlyExecutionAbortedChainedToZero() async throws {
        try await withTestEngine { engine, _ in
            let machine = try await engine.createStateMachine(name: "Stopped", definition: """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                  "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}}}}
                """)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "[1, 2]")
            try await engine.stopExecution(executionArn: run.executionArn, error: "E", cause: "C")
            let events = try engine.allHistory(executionArn: run.executionArn)
            #expect(!types(events).contains { $0.hasSuffix("Aborted") && $0 != "ExecutionAborted" })
            let last = try #require(events.last)
            #expect(last.type.rawValue == "ExecutionAborted" && last.previousEventId == 0)
            #expect(last.details?["error"] == "E")
            #expect(last.details?["cause"] == "C")
        }
    }

    // Recorded against AWS (LocalStack's test_sfn_api.snapshot.json, test_stop_execution; floci-io/floci#2965): a
    // machine stopped in its own Wait records no WaitStateAborted, and ExecutionAborted follows no event.
    @Test func stopInTheMachinesWaitRecordsOnlyExecutionAborted() async throws {
        try await withTestEngine { engine, _ in
            let machine = try await engine.createStateMachine(name: "StoppedWait", definition: """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}
                """)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
            try await engine.stopExecution(executionArn: run.executionArn)
            let events = try engine.allHistory(executionArn: run.executionArn)
            #expect(types(events) == ["ExecutionStarted", "WaitStateEntered", "ExecutionAborted"])
            #expect(events.map(\.previousEventId) == [0, 0, 0])
        }
    }
}
