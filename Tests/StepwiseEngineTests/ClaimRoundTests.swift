import Foundation
import GRDB
import MetricsTestKit
import StepFunctionsAPI
@testable import StepwiseEngine
import StepwiseTesting
import Testing

/// A start, its first states and the start of the task they schedule for a parked poll are three transitions, each
/// with its own events and answer, written in one transaction (one flush); the rest keep their own.
@Suite("Engine: a claim's transitions commit together")
struct ClaimRoundTests {
    /// A Pass, then a Task on RESOURCE (the instrumentation tests' machine).
    static let definition = InstrumentationTests.definition

    /// The number of transitions (batches) of each group commit since `from`.
    private func commits(_ metrics: TestMetrics, from: Int) throws -> [Int] {
        Array(try metrics.expectRecorder("stepwise_store_commit_batch_size").values.dropFirst(from).map { Int($0) })
    }

    private func commitCount(_ metrics: TestMetrics) -> Int {
        (try? metrics.expectRecorder("stepwise_store_commit_batch_size").values.count) ?? 0
    }

    private func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(condition())
    }

    /// An engine that counts its commits (waiting, however slow this build, for the rest of a claim after its start's
    /// batch), with an activity and a machine whose second state runs it.
    private func taskEngine(_ name: String) async throws -> (StepwiseEngine, TestMetrics, activityArn: String, machineArn: String) {
        let metrics = TestMetrics()
        let engine = try StepwiseEngine(location: .inMemory, metrics: metrics)
        engine.setCommitLinger(.seconds(30))
        engine.start()
        let activity = try await engine.createActivity(name: "work")
        let machine = try await engine.createStateMachine(
            name: name, definition: Self.definition.replacingOccurrences(of: "RESOURCE", with: activity.activityArn))
        return (engine, metrics, activity.activityArn, machine.stateMachineArn)
    }

    @Test("with a poll parked: start, first states and the task's start are one transaction of three batches")
    func parkedPollFoldsTheStart() async throws {
        let (engine, metrics, activityArn, machineArn) = try await taskEngine("Folded")
        let poll = Task { try await engine.getActivityTask(activityArn: activityArn, workerName: "w") }
        try await waitUntil { engine.parkedPollCount(activityArn: activityArn) == 1 }
        let before = commitCount(metrics)

        let run = try await engine.startExecution(stateMachineArn: machineArn, input: #"{"n": 1}"#)
        let task = try #require(try await poll.value)
        #expect(try commits(metrics, from: before) == [3])
        #expect(task.input == #"{"n":1}"#)
        let history = try engine.allHistory(executionArn: run.executionArn)
        #expect(types(history) == [
            "ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered", "ActivityScheduled",
            "ActivityStarted",
        ])
        #expect(history.map(\.id) == Array(1...history.count))
        let started = try #require(history.last?.activityStartedEventDetails)
        #expect(started.workerName == "w")

        try await engine.sendTaskSuccess(taskToken: task.taskToken, output: #"{"done": true}"#)
        let result = try await engine.awaitExecution(executionArn: run.executionArn)
        #expect(result.status == .succeeded)
        #expect(result.output == #"{"done":true}"#)
        await engine.shutdown()
    }

    @Test("with no poll parked: start and first states are one transaction; the task waits, and a poll starts it in its own")
    func noPollLeavesTheTaskQueued() async throws {
        let (engine, metrics, activityArn, machineArn) = try await taskEngine("Queued")
        let before = commitCount(metrics)

        let run = try await engine.startExecution(stateMachineArn: machineArn, input: "{}")
        try await waitUntil { engine.activityQueues()[activityArn]?.depth == 1 }
        #expect(try commits(metrics, from: before) == [2])
        #expect(types(try engine.allHistory(executionArn: run.executionArn)) == [
            "ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered", "ActivityScheduled",
        ])

        let task = try #require(try await engine.getActivityTask(activityArn: activityArn, workerName: "w"))
        #expect(try commits(metrics, from: before) == [2, 1])
        try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "{}")
        #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .succeeded)
        await engine.shutdown()
    }

    @Test("a short workflow ends in its start's transaction: one commit, two batches, answered once it is durable")
    func shortWorkflowEndsWithItsStart() async throws {
        let metrics = TestMetrics()
        let engine = try StepwiseEngine(location: .inMemory, metrics: metrics)
        // However slow this build, the writer waits for the rest of the claim after the start's batch.
        engine.setCommitLinger(.seconds(30))
        engine.start()
        let machine = try await engine.createStateMachine(
            name: "Short", definition: #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 7, "End": true}}}"#)
        let before = commitCount(metrics)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
        // StartExecution answered once its batch was durable, and the first states' batch was in the same commit.
        #expect(try engine.describeExecution(executionArn: run.executionArn).status == .succeeded)
        #expect(try commits(metrics, from: before) == [2])
        await engine.shutdown()
    }

    @Test("StartExecution is answered once its own event is durable, while slow first states still run")
    func startDoesNotWaitForSlowFirstStates() async throws {
        let engine = try StepwiseEngine(location: .inMemory)
        engine.start()
        // A first state that takes a while (seconds in a debug build): the writer waits 0.5 ms for it, then commits the
        // start alone.
        let slow = #"{"QueryLanguage": "JSONata", "StartAt": "Sort", "States": {"Sort": {"Type": "Pass", "#
            + #""Output": "{% $count($sort([1..40000], function($a, $b) { $a < $b })) %}", "End": true}}}"#
        let machine = try await engine.createStateMachine(name: "Slow", definition: slow)
        let started = ContinuousClock.now
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
        let answered = ContinuousClock.now - started
        let history = try engine.allHistory(executionArn: run.executionArn)
        let result = try await engine.awaitExecution(executionArn: run.executionArn)
        let total = ContinuousClock.now - started
        #expect(result.status == .succeeded)
        // The state took long enough to tell the two apart, and the start was answered before it ended.
        if total > .milliseconds(200) {
            #expect(types(history) == ["ExecutionStarted"])
            #expect(answered < total / 2)
        }
        await engine.shutdown()
    }

    @Test("first states past the start's budget run in a next claim; the history has no gap")
    func firstStatesPastTheBudget() async throws {
        let engine = try StepwiseEngine(location: .inMemory)
        engine.start()
        let count = StepwiseEngine.firstStatesBudget * 3 + 5
        let chain = (0..<count).map { index in
            #""P\#(index)": {"Type": "Pass", \#(index == count - 1 ? #""End": true"# : #""Next": "P\#(index + 1)""#)}"#
        }
        let machine = try await engine.createStateMachine(
            name: "Long", definition: #"{"StartAt": "P0", "States": {\#(chain.joined(separator: ", "))}}"#)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"k": 2}"#)
        // Answered with at most the budget's states run: the execution is still running or just done.
        let result = try await engine.awaitExecution(executionArn: run.executionArn)
        #expect(result.status == .succeeded)
        // Passed on unchanged by every Pass state, across claims: the text it was given (see `Frame.inputText`).
        #expect(result.output == #"{"k": 2}"#)
        let history = try engine.allHistory(executionArn: run.executionArn)
        #expect(history.count == 2 + 2 * count)
        #expect(history.map(\.id) == Array(1...history.count))
        await engine.shutdown()
    }
}

/// GRDB turns `synchronous` to NORMAL when it sets WAL mode up: in WAL mode that flushes only at checkpoints, and a
/// power cut could lose commits already answered.
@Suite("Store: every commit is flushed")
struct SynchronousTests {
    private func synchronous(_ engine: StepwiseEngine) throws -> Int? {
        try engine.store.writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
    }

    @Test("a file store's writer runs with synchronous=FULL (2), or NORMAL (1) when asked")
    func writerConnectionIsFull() throws {
        let full = try StepwiseEngine(location: .file(temporaryDatabasePath()))
        #expect(try synchronous(full) == 2)
        let normal = try StepwiseEngine(location: .file(temporaryDatabasePath()), synchronousFull: false)
        #expect(try synchronous(normal) == 1)
    }
}
