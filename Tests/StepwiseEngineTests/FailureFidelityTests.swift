import StepFunctionsAPI
import Foundation
import GRDB
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Synchronization
import Testing

/// Failures AWS reports in the history: a task on a missing activity, an execution that cannot be resumed, a
/// transition the store refuses. Each ends the history with a terminal event and never leaves a caller waiting.
@Suite("Engine: failures end histories and wake waiters")
struct FailureFidelityTests {
    @Test("a Task on an activity that does not exist: the execution fails with States.Runtime at once (no ActivityScheduleFailed, as AWS records it), which Catch does not handle")
    func missingActivity() async throws {
        try await withTestEngine { engine, _ in
            let missing = engine.names.activityArn("never-created")
            let definition = """
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "\(missing)", "End": true,
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]},
                  "Caught": {"Type": "Succeed"}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: "{}")
            #expect(result.status == .failed)
            #expect(result.error == "States.Runtime")
            let cause = "An error occurred while executing the state 'T' (entered at the event id #2). The activity \(missing) does not exist."
            #expect(result.cause == cause)
            let events = try engine.allHistory(executionArn: result.executionArn)
            #expect(types(events) == ["ExecutionStarted", "TaskStateEntered", "ExecutionFailed"])
            #expect(events[2].previousEventId == 2)
            #expect(events[2].details?["cause"] == .string(cause))
        }
    }

    @Test("an activity created after the machine is scheduled normally, whether a worker here or a poller serves it")
    func existingActivities() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "later")
            let handled = try await engine.handleHere(activityName: "handled-here") { input, _ in .success(input) }
            let definition = """
                {"StartAt": "H", "States": {
                  "H": {"Type": "Task", "Resource": "\(handled)", "Next": "A"},
                  "A": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "Both", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"n": 1}"#)
            let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            try await engine.sendTaskSuccess(taskToken: task.taskToken, output: task.input)
            let done = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == ["n": 1])
        }
    }

    @Test("an execution whose saved state cannot be read fails at start-up with an ExecutionFailed event")
    func unreadableStateAtRecovery() async throws {
        let path = temporaryDatabasePath()
        let first = try StepwiseEngine(location: .file(path), clock: ManualEngineClock())
        first.start()
        let machine = try await first.createStateMachine(
            name: "Waits", definition: #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 300, "End": true}}}"#)
        let run = try await first.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
        let before = try first.allHistory(executionArn: run.executionArn)
        await first.shutdown()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE execution SET runtime = X'00FF' WHERE arn = ?", arguments: [run.executionArn])
        }
        try queue.close()

        let second = try StepwiseEngine(location: .file(path), clock: ManualEngineClock())
        second.start()
        let failed = try await second.awaitExecution(executionArn: run.executionArn)
        #expect(failed.status == .failed && failed.error == "States.Runtime")
        #expect(failed.cause?.hasPrefix("The execution's saved state could not be read") == true)
        let events = try second.allHistory(executionArn: run.executionArn)
        #expect(events.count == before.count + 1)
        #expect(events.map(\.id) == Array(1...events.count))
        #expect(events.last?.type.rawValue == "ExecutionFailed")
        #expect(events.last?.previousEventId == before.count)
        #expect(events.last?.details?["error"] == "States.Runtime")
        await second.shutdown()
    }

    @Test("a transition the store refuses leaves the execution as stored (RUNNING); it goes on once the store accepts it")
    func refusedWrite() async throws {
        let path = temporaryDatabasePath()
        let clock = ManualEngineClock()
        let engine = try StepwiseEngine(location: .file(path), clock: clock)
        engine.start()
        let machine = try await engine.createStateMachine(
            name: "Refused", definition: #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}}"#)
        let other = try await engine.createStateMachine(
            name: "Fine", definition: #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
        // The disk refuses this execution's next events (as a full disk would), nothing else.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse BEFORE INSERT ON historyEvent
                WHEN NEW.executionArn = '\(run.executionArn)' AND NEW.type = 'WaitStateExited'
                BEGIN SELECT RAISE(ABORT, 'disk full'); END
                """)
        }
        async let awaited = engine.awaitExecution(executionArn: run.executionArn)
        clock.advance(by: .seconds(10))
        // Refused: the Wait's timer is armed again after the retry delay; nothing else changed.
        let retry = clock.now.addingTimeInterval(StepwiseEngine.storageRetryDelay)
        for _ in 0..<500 where clock.nextDeadline != retry { try await Task.sleep(for: .milliseconds(10)) }
        #expect(clock.nextDeadline == retry)
        #expect(try engine.describeExecution(executionArn: run.executionArn).status == .running)
        #expect(types(try engine.allHistory(executionArn: run.executionArn)) == ["ExecutionStarted", "WaitStateEntered"])
        // Other executions are not affected.
        let fine = try await engine.startExecution(stateMachineArn: other.stateMachineArn, input: "{}")
        #expect(try await engine.awaitExecution(executionArn: fine.executionArn).status == .succeeded)
        // The store accepts writes again: the execution goes on at the retry.
        try await queue.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
        try queue.close()
        clock.advance(by: .seconds(StepwiseEngine.storageRetryDelay))
        let result = try await awaited
        #expect(result.status == .succeeded)
        let events = try engine.allHistory(executionArn: run.executionArn)
        #expect(types(events) == ["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"])
        await engine.shutdown()
    }
}

@Suite("Engine: shutdown wakes waiters")
struct ShutdownWaiterTests {
    @Test("awaiting an execution that is still running when the engine shuts down ends with an error")
    func shutdownWakesWaiters() async throws {
        let engine = try StepwiseEngine.inMemory(clock: ManualEngineClock())
        engine.start()
        let machine = try await engine.createStateMachine(
            name: "Long", definition: #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}"#)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn)
        let waiting = Task { try await engine.awaitExecution(executionArn: run.executionArn) }
        try await Task.sleep(for: .milliseconds(50))
        await engine.shutdown()
        await #expect(throws: StepFunctionsError(.internalFailure, "The engine has shut down.")) { try await waiting.value }
    }
}

@Suite("Engine: awaiting after shutdown")
struct AwaitAfterShutdownTests {
    @Test("awaiting a RUNNING execution after the engine has shut down fails at once instead of waiting for ever")
    func awaitAfterShutdown() async throws {
        let engine = try StepwiseEngine.inMemory(clock: ManualEngineClock())
        let machine = try await engine.createStateMachine(
            name: "Long", definition: #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}"#)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn)
        await engine.shutdown()
        let outcome = Mutex<Result<DescribeExecutionOutput, StepFunctionsError>?>(nil)
        _ = Task {
            do throws(StepFunctionsError) {
                let description = try await engine.awaitExecution(executionArn: run.executionArn)
                outcome.withLock { $0 = .success(description) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
        }
        // Before the fix the caller waited for ever: give it two seconds.
        for _ in 0..<200 where outcome.withLock({ $0 == nil }) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(outcome.withLock { $0 } == .failure(StepFunctionsError(.internalFailure, "The engine has shut down.")))
        // The execution itself is untouched: still RUNNING, it resumes when the engine is opened again.
        #expect(try engine.describeExecution(executionArn: run.executionArn).status == .running)
    }
}
