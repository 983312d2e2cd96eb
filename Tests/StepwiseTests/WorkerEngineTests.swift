import Foundation
import Logging
import ServiceLifecycle
import StatesLanguage
import Stepwise
import StepwiseEngine
import StepwiseTesting
import Synchronization
import Testing

/// The engine as a `Service` next to the workers placed in its process, and the engine's lock on its file.
@Suite("Worker and engine: services, restarts, one engine per file", .timeLimit(.minutes(3)))
struct WorkerEngineTests {
    static let echo = AnyTaskHandler(TaskDefaults(activityName: "echo")) { input, _ in input }

    static func machine(_ engine: StepwiseEngine) async throws -> String {
        let activity = try await engine.createActivity(name: "echo")
        let definition = """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true}}}
            """
        return try await engine.createStateMachine(name: "Echo", definition: definition).stateMachineArn
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(UUID().uuidString).sqlite").path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", ".owner"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test("the engine runs in a ServiceGroup with a worker; graceful shutdown stops both, then awaiting fails at once")
    func serviceGroup() async throws {
        let engine = try StepwiseEngine(location: .inMemory)
        let worker = ActivityWorker(
            backend: engine, placements: [Placement(Self.echo)], configuration: testWorkerConfiguration())
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: engine), .init(service: worker)], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Writes wait for the engine's loops: the machine is created once the group runs.
            let machine = try await Self.machine(engine)
            let run = try await engine.startExecution(stateMachineArn: machine, input: #"{"n": 1}"#)
            let done = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(done.status == .succeeded)
            #expect(done.output == #"{"n":1}"#)
            // The worker (last in the list) stops first, then the engine writes what is queued and returns.
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        // Stopped: a write is refused at once instead of waiting for loops that no longer run.
        let error = await #expect(throws: StepFunctionsError.self) { try await engine.createActivity(name: "late") }
        #expect(error?.message.contains("The engine has shut down.") == true)
    }

    @Test("start after shutdown resumes work: the same engine runs new executions and finishes waiting ones")
    func restartAfterShutdown() async throws {
        let clock = ManualEngineClock()
        let engine = try StepwiseEngine(location: .inMemory, clock: clock)
        engine.start()
        let waiting = try await engine.createStateMachine(
            name: "Waits", definition: #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}"#)
        let paused = try await engine.startExecution(stateMachineArn: waiting.stateMachineArn)
        let machine = try await Self.machine(engine)
        await engine.shutdown()
        engine.start()
        let worker = ActivityWorker(
            backend: engine, placements: [Placement(Self.echo)], configuration: testWorkerConfiguration())
        let output = try await worker.serving {
            let run = try await engine.startExecution(stateMachineArn: machine, input: #"{"again": true}"#)
            return try await engine.awaitExecution(executionArn: run.executionArn).output
        }
        #expect(output == #"{"again":true}"#)
        while clock.nextDeadline == nil { try await Task.sleep(for: .milliseconds(1)) }
        clock.advance(by: .seconds(60))
        #expect(try await engine.awaitExecution(executionArn: paused.executionArn).status == .succeeded)
        await engine.shutdown()
    }

    @Test("a task a worker here had taken when its process stopped is handed out again when the file is reopened")
    func localTaskRequeuedAfterRestart() async throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let executionArn: String = try await {
            let engine = try StepwiseEngine(location: .file(path))
            engine.start()
            let machine = try await Self.machine(engine)
            let started = TestSignal()
            let stuck = AnyTaskHandler(TaskDefaults(activityName: "echo")) { input, _ in
                started.fire()
                try await Task.sleep(for: .seconds(3600))
                return input
            }
            let worker = ActivityWorker(
                backend: engine, placements: [Placement(stuck)],
                configuration: testWorkerConfiguration(liveness: nil))
            let run = try await engine.startExecution(stateMachineArn: machine, input: #"{"n": 7}"#)
            try await worker.serving {
                await started.wait()
                // The process "dies" here: the engine stops before the worker can report anything, and the
                // worker's report (a failure from the immediate shutdown) is refused.
                await engine.shutdown()
                worker.shutdown(.immediate)
            }
            return run.executionArn
        }()
        let engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let worker = ActivityWorker(
            backend: engine, placements: [Placement(Self.echo)], configuration: testWorkerConfiguration())
        let done = try await worker.serving { try await engine.awaitExecution(executionArn: executionArn) }
        #expect(done.status == .succeeded)
        #expect(done.output == #"{"n":7}"#)
        let types = try engine.allHistory(executionArn: executionArn).map(\.type.rawValue)
        // The task was started once as far as the execution knows: the second worker picks it up where it was.
        #expect(types.filter { $0 == "ActivityStarted" }.count == 1)
        #expect(types.last == "ExecutionSucceeded")
        await engine.shutdown()
    }

    @Test("a database file has one running engine at a time: a second open fails naming the owner; a stopped engine lets go")
    func oneEnginePerFile() async throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let pid = ProcessInfo.processInfo.processIdentifier
        let first = try StepwiseEngine(location: .file(path))
        first.start()
        first.advertise(endpoint: "http://127.0.0.1:9")
        let error = #expect(throws: DatabaseInUseError.self) { try StepwiseEngine(location: .file(path)) }
        #expect(error?.owner == DatabaseOwner(pid: pid, endpoint: "http://127.0.0.1:9"))
        #expect(error?.description.contains("process \(pid)") == true)
        #expect(error?.description.contains("http://127.0.0.1:9") == true)
        #expect(DatabaseOwner.current(ofDatabase: path) == DatabaseOwner(pid: pid, endpoint: "http://127.0.0.1:9"))
        await first.shutdown()
        #expect(DatabaseOwner.current(ofDatabase: path) == nil)
        do {
            // Stopped, the first engine let the file go: another opens it, and the first stays stopped meanwhile.
            let second = try StepwiseEngine(location: .file(path))
            #expect(DatabaseOwner.current(ofDatabase: path) == DatabaseOwner(pid: pid))
            first.start()
            let refused = await #expect(throws: StepFunctionsError.self) { try await first.createActivity(name: "refused") }
            #expect(refused?.message.contains("shut down") == true)
            _ = second
        }
        // The second engine is gone: the first takes the file back when it starts.
        first.start()
        #expect(DatabaseOwner.current(ofDatabase: path)?.pid == pid)
        _ = try await first.createActivity(name: "back")
        await first.shutdown()
    }
}

/// `worker.serving { }` from a plain `@main`'s `static func main()` (main-actor isolated): the body uses the caller's
/// non-`Sendable` state. This compiles only because `serving` runs its body in the caller's isolation.
@MainActor
enum ServingFromMain {
    static func main(backend: EngineBackend) async throws -> [String] {
        var seen: [String] = []  // non-Sendable, mutated inside the body
        let worker = ActivityWorker(backend: backend, placements: [], configuration: testWorkerConfiguration())
        let count = try await worker.serving {
            seen.append("served")
            return seen.count
        }
        seen.append("after \(count)")
        return seen
    }
}

@Suite("Activity worker: serving from the main actor")
struct WorkerServingIsolationTests {
    @Test("serving runs its body in the caller's isolation and returns its value")
    func fromMainActor() async throws {
        let backend = try EngineBackend.embedded(.inMemory)
        #expect(try await ServingFromMain.main(backend: backend) == ["served", "after 1"])
        await backend.shutdown()
    }
}

/// A one-shot signal for tests. A wait is bounded (like ``EventLog``'s): after `limit`, or when its test is cancelled,
/// it records an issue and returns, so that a signal that never fires fails its test instead of stalling the run.
final class TestSignal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [Int: CheckedContinuation<Bool, Never>], next: Int)>((false, [:], 0))

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    func wait(within limit: Duration = EventLog.defaultLimit, sourceLocation: SourceLocation = #_sourceLocation) async {
        let id = state.withLock { state in
            state.next += 1
            return state.next
        }
        let timer = Task {
            try? await Task.sleep(for: limit)
            self.giveUp(id)
        }
        let fired = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let now: Bool? = state.withLock { state in
                    if state.fired { return true }
                    if Task.isCancelled { return false }
                    state.waiters[id] = continuation
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            giveUp(id)
        }
        timer.cancel()
        if !fired { Issue.record("Gave up waiting for the signal after \(limit)", sourceLocation: sourceLocation) }
    }

    private func giveUp(_ id: Int) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: false)
    }
}
