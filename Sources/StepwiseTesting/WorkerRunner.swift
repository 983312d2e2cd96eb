import StatesLanguage
import Stepwise
public import StepwiseEngine
import Synchronization

/// The `ActivityWorker`s a test kit scope started, run until the scope shuts them down.
///
/// `Sendable`: its list lives in a `Mutex`. Each worker runs in a task this runner owns and awaits in
/// ``shutdown(_:)``, the way ``StepwiseEngine/start()`` owns the engine's loops, so none outlives its scope.
final class WorkerRunner: Sendable {
    private struct State {
        var running: [(worker: ActivityWorker, task: Task<Void, Never>)] = []
        var closed = false
    }

    private let state = Mutex(State())

    /// Starts `worker`; after ``shutdown(_:)`` it is shut down at once instead.
    func start(_ worker: ActivityWorker) {
        let started = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.running.append((worker, Task { try? await worker.run() }))
            return true
        }
        if !started { worker.shutdown(.immediate) }
    }

    /// Shuts every worker down with `mode` and waits until each has returned.
    func shutdown(_ mode: ActivityWorker.ShutdownMode) async {
        let running = state.withLock { state in
            state.closed = true
            defer { state.running = [] }
            return state.running
        }
        for entry in running { entry.worker.shutdown(mode) }
        for entry in running { await entry.task.value }
    }
}

/// What a raw test handler answers (see ``StepwiseEngine/handleHere(activityName:slots:_:)``). `Sendable`: a value.
public enum TestTaskResult: Sendable, Hashable {
    /// The task succeeded with this output JSON text.
    case success(String)
    /// The task failed with an ASL error name and cause.
    case failure(error: String, cause: String)
}

/// A raw test handler: the task's input JSON text and its token in, a result out.
public typealias TestTaskHandler = @Sendable (_ input: String, _ taskToken: String) async -> TestTaskResult

/// The scope ``withTestEngine(clock:_:)`` opens: the workers ``StepwiseEngine/handleHere(activityName:slots:_:)``
/// starts in it.
enum TestEngineScope {
    @TaskLocal static var workers: WorkerRunner?
}

/// ``StepwiseEngine/handleHere(activityName:slots:_:)`` was called outside ``withTestEngine(clock:_:)``.
public struct TestEngineScopeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String {
        "handleHere(activityName:) runs its worker in the scope of withTestEngine { } or withTestWorkers { }: call it inside one"
    }
}

extension StepwiseEngine {
    /// Serves the activity `activityName` (created if missing) with a raw JSON closure, through an
    /// `ActivityWorker` in this process, the way a user places a handler here. The worker runs until the enclosing
    /// ``withTestEngine(clock:_:)`` (or ``withTestWorkers(_:)``) scope ends, then shuts down immediately.
    ///
    /// - Parameters:
    ///   - activityName: the activity; its ARN is what a Task state names as `Resource`.
    ///   - slots: how many tasks run at once.
    ///   - handler: the task's input and token in, its result out.
    /// - Returns: the activity's ARN.
    /// - Throws: ``TestEngineScopeError`` outside a scope; the engine's error when the activity cannot be created.
    @discardableResult
    public func handleHere(activityName: String, slots: Int = 64, _ handler: @escaping TestTaskHandler) async throws -> String {
        guard let workers = TestEngineScope.workers else { throw TestEngineScopeError() }
        let arn = try await createActivity(name: activityName).activityArn
        let raw = AnyTaskHandler(TaskDefaults(activityName: activityName)) { input, context in
            switch await handler(input.jsonString(), context.taskToken) {
            case .success(let output): return try JSONValue(parsing: output)
            case .failure(let error, let cause): throw TaskFailure(error: error, cause: cause)
            }
        }
        let worker = ActivityWorker(
            backend: self, placements: [Placement(raw, slots: slots)],
            configuration: .init(workerName: "stepwise-test-\(activityName)", livenessInterval: nil))
        workers.start(worker)
        return arn
    }
}

/// Runs `body` in a scope where ``StepwiseEngine/handleHere(activityName:slots:_:)`` may start workers, and shuts
/// them down (immediately) when it ends. ``withTestEngine(clock:_:)`` opens one itself; use this one around an
/// engine of your own (a file, a restart).
public func withTestWorkers<T>(_ body: () async throws -> T) async throws -> T {
    let workers = WorkerRunner()
    do {
        let value = try await TestEngineScope.$workers.withValue(workers) { try await body() }
        await workers.shutdown(.immediate)
        return value
    } catch {
        await workers.shutdown(.immediate)
        throw error
    }
}
