import Foundation
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Synchronization
import Testing

/// A wait for an execution never outlives its caller: a cancelled `awaitExecution` returns at once. Before, it waited
/// until the execution stopped, whatever happened to its caller, so a test whose execution never finished could not be
/// stopped by its time limit and held up the whole test run (the suite stalls seen under load).
@Suite("Engine: awaiting an execution ends with its caller")
struct AwaitCancellationTests {
    /// An execution that waits on an activity nobody polls: it runs until it is stopped.
    static func waitingExecution(_ engine: StepwiseEngine, name: String) async throws -> String {
        let activity = try await engine.createActivity(name: "nobody-polls-\(name)")
        let definition = #"{"StartAt": "W", "States": {"W": {"Type": "Task", "Resource": "\#(activity.activityArn)", "End": true}}}"#
        let machine = try await engine.createStateMachine(name: "Waits-\(name)", definition: definition)
        return try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: name).executionArn
    }

    /// Waits until the engine holds `count` callers awaiting `arn`; false after 30 s. It looks every millisecond rather
    /// than spinning on `Task.yield()`: a spin holds a thread of the cooperative pool, and under a loaded test run the
    /// waits it was looking for did not register within 10 s (seen once in CI).
    static func awaited(_ engine: StepwiseEngine, _ arn: String, by count: Int) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let snapshot = engine.debugSnapshot
            if snapshot.contains("execution \(arn): RUNNING") && snapshot.contains("awaited by \(count)") { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return false
    }

    @Test("a caller cancelled while it waits gets the execution as it is (RUNNING) at once; other waiters go on")
    func cancelledWhileWaiting() async throws {
        try await withTestEngine { engine, _ in
            let arn = try await Self.waitingExecution(engine, name: "while")
            let cancelled = Task { try await engine.awaitExecution(executionArn: arn) }
            let other = Task { try await engine.awaitExecution(executionArn: arn) }
            #expect(await Self.awaited(engine, arn, by: 2))
            cancelled.cancel()
            let answer = try #require(await outcome(of: cancelled, within: .seconds(60)), "the cancelled wait did not return")
            #expect(try answer.get().status == .running)
            #expect(await Self.awaited(engine, arn, by: 1))
            // The other caller still waits, and is answered when the execution stops.
            _ = try await engine.stopExecution(executionArn: arn, error: "Stopped", cause: "by the test")
            let stopped = try #require(await outcome(of: other, within: .seconds(60)), "the remaining wait was not answered")
            #expect(try stopped.get().status == .aborted)
        }
    }

    @Test("a caller already cancelled does not wait at all")
    func cancelledBeforeWaiting() async throws {
        try await withTestEngine { engine, _ in
            let arn = try await Self.waitingExecution(engine, name: "before")
            let gate = Mutex(false)
            let cancelled = Task {
                // Spins until cancelled, so that the wait starts already cancelled.
                while !Task.isCancelled { await Task.yield() }
                gate.withLock { $0 = true }
                return try await engine.awaitExecution(executionArn: arn)
            }
            cancelled.cancel()
            let answer = try #require(await outcome(of: cancelled, within: .seconds(60)), "the cancelled wait did not return")
            #expect(gate.withLock { $0 })
            #expect(try answer.get().status == .running)
            #expect(engine.debugSnapshot.contains("awaited by 0"))
        }
    }

    @Test("through the backend protocol (what Stepwise's execute uses) a cancelled wait throws CancellationError")
    func backendWaitThrowsCancellation() async throws {
        try await withTestEngine { engine, _ in
            let arn = try await Self.waitingExecution(engine, name: "backend")
            let cancelled = Task { try await engine.awaitExecution(executionArn: arn, maxInterval: .seconds(1)) }
            #expect(await Self.awaited(engine, arn, by: 1))
            cancelled.cancel()
            let answer = try #require(await outcome(of: cancelled, within: .seconds(60)), "the cancelled wait did not return")
            #expect(throws: CancellationError.self) { try answer.get() }
        }
    }
}

/// `task`'s result, or nil when it has not finished within `limit` (the task is then left running: the test fails).
private func outcome<T: Sendable>(of task: Task<T, any Error>, within limit: Duration) async -> Result<T, any Error>? {
    let answer = FirstAnswer<Result<T, any Error>?>()
    return await withCheckedContinuation { continuation in
        answer.set(continuation)
        Task {
            let result = await task.result
            answer.resume(returning: result)
        }
        Task {
            try? await Task.sleep(for: limit)
            answer.resume(returning: nil)
        }
    }
}

/// Resumes a continuation with the first of several answers. `Sendable`: its state lives in a `Mutex`.
private final class FirstAnswer<Value: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<Value, Never>?>(nil)

    func set(_ continuation: CheckedContinuation<Value, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(returning value: Value) {
        continuation.withLock { $0.take() }?.resume(returning: value)
    }
}
