import StatesLanguage
import StepFunctionsAPI
import Logging
import Synchronization

extension ActivityWorker {
    /// How a task's run ended: whichever came first of the handler, the task being lost, and shutdown.
    private enum Outcome: Sendable {
        case finished(Result<JSONValue, TaskFailure>)
        /// The backend answered a heartbeat with TaskTimedOut, TaskDoesNotExist or InvalidToken.
        case lost
        /// An immediate shutdown.
        case shutdown
        /// The task running this one was cancelled from outside (the worker's own task was cancelled).
        case interrupted
    }

    /// Runs one task: the handler inside the middleware, with heartbeats, until it finishes, its task is lost,
    /// or an immediate shutdown; then reports the result.
    ///
    /// The handler runs in a task of its own; its end, the task being lost and an immediate shutdown each try to decide
    /// the outcome, and the first one does (no task waits on each of them). A handler that finishes first reports its
    /// result from its own task, which nothing cancels then; otherwise the handler is cancelled and this task reports,
    /// then waits for it to end.
    func runTask(_ handler: AnyTaskHandler, taskToken: String, input: String) async {
        let activityName = handler.activityName
        let json: JSONValue
        do {
            json = try JSONValue(parsing: input)
        } catch {
            let failure = TaskFailure(.runtime, cause: "The task input is not JSON: \(error)")
            await deliver(.failure(failure), taskToken: taskToken, activityName: activityName)
            return
        }
        let lease = TaskLease()
        let context = TaskContext(activityName: activityName, taskToken: taskToken) {
            try await self.heartbeat(taskToken, lease: lease)
        }
        let invocation = TaskInvocation(input: json, context: context, defaults: handler.defaults)
        let middleware = self.middleware
        let outcome = FirstOutcome<Outcome>()
        let run = Task {
            let result: Result<JSONValue, TaskFailure>
            do throws(TaskFailure) {
                result = .success(try await handler.run(invocation, through: middleware))
            } catch {
                result = .failure(error)
            }
            guard outcome.decide(.finished(result)) else { return }
            await self.settle(.finished(result), lease: lease, taskToken: taskToken, activityName: activityName, shielded: false)
        }
        let beat = configuration.heartbeatInterval(for: handler.defaults).map {
            heartbeats.register(Heartbeats.Beat(token: taskToken, lease: lease), every: $0)
        }
        let lostKey = lease.lost.onFire { outcome.decide(.lost) }
        let stopKey = stopHandlers.onFire { outcome.decide(.shutdown) }
        let first = await withTaskCancellationHandler {
            await outcome.value
        } onCancel: {
            outcome.decide(.interrupted)
        }
        lease.lost.removeAction(lostKey)
        stopHandlers.removeAction(stopKey)
        if let beat { heartbeats.unregister(beat) }
        if case .finished = first {
            // Reported by the handler's task.
        } else {
            run.cancel()
            await settle(first, lease: lease, taskToken: taskToken, activityName: activityName, shielded: true)
        }
        await run.value
    }

    /// Reports an outcome (`shielded`: from a task that may be cancelled, which must not stop the report).
    private func settle(
        _ outcome: Outcome, lease: TaskLease, taskToken: String, activityName: String, shielded: Bool
    ) async {
        let metadata: Logger.Metadata = ["activity": "\(activityName)", "worker": "\(configuration.workerName)"]
        if lease.lost.isFired {
            logger.info("task timed out or its execution stopped; handler cancelled, nothing reported", metadata: metadata)
            return
        }
        switch outcome {
        case .finished(.failure(let failure)) where stopHandlers.isFired && failure.error == "CancellationError":
            await deliver(
                .failure(shutdownFailure(before: false)), taskToken: taskToken, activityName: activityName, shielded: shielded)
        case .finished(let result):
            await deliver(result, taskToken: taskToken, activityName: activityName, shielded: shielded)
        case .lost:
            logger.info("task timed out or its execution stopped; handler cancelled, nothing reported", metadata: metadata)
        case .shutdown, .interrupted:
            logger.notice("immediate shutdown: task reported as failed", metadata: metadata)
            await deliver(
                .failure(shutdownFailure(before: false)), taskToken: taskToken, activityName: activityName, shielded: shielded)
        }
    }

    /// The failure reported for a task an immediate shutdown interrupted (or that arrived after it).
    func shutdownFailure(before: Bool) -> TaskFailure {
        let when = before ? "before running the task" : "before the task finished"
        return TaskFailure(error: Self.shutdownError, cause: "The worker '\(configuration.workerName)' shut down \(when).")
    }

    /// One automatic heartbeat (from ``Heartbeats``): an answer saying the task is gone marks its lease lost, which
    /// decides the task's outcome; other errors (network, throttling) are logged and the next heartbeat goes on time.
    func beat(_ beat: Heartbeats.Beat) async {
        do {
            try await heartbeat(beat.token, lease: beat.lease)
        } catch {
            if beat.lease.lost.isFired { return }
            logger.warning("SendTaskHeartbeat failed; will try again", metadata: ["error": "\(error)"])
        }
    }

    /// `SendTaskHeartbeat`; an answer saying the task is gone marks the lease lost (which cancels the handler).
    func heartbeat(_ taskToken: String, lease: TaskLease) async throws {
        do {
            _ = try await backend.sendTaskHeartbeat(SendTaskHeartbeatInput(taskToken: taskToken))
        } catch {
            if Self.taskIsGone(error) { lease.lost.fire() }
            throw error
        }
    }

    /// Whether `error` says the task no longer exists for this worker: it timed out, its execution stopped, or
    /// the token is not valid.
    static func taskIsGone(_ error: any Error) -> Bool {
        guard let error = error as? StepFunctionsError else { return false }
        return [.taskTimedOut, .taskDoesNotExist, .invalidToken].contains(error.code)
    }
}

/// Whether a running task is still this worker's: `lost` fires when the backend says it is not.
final class TaskLease: Sendable {
    let lost = WorkerSignal()
}

/// The first of several values offered (``decide(_:)``), awaited once (``value``). `Sendable`: a `Mutex`.
final class FirstOutcome<Value: Sendable>: Sendable {
    private let state = Mutex<(value: Value?, waiter: CheckedContinuation<Value, Never>?)>((nil, nil))

    /// Offers `value`; true when it is the first (later offers are dropped).
    @discardableResult
    func decide(_ value: Value) -> Bool {
        let (first, waiter): (Bool, CheckedContinuation<Value, Never>?) = state.withLock { state in
            guard state.value == nil else { return (false, nil) }
            state.value = value
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.resume(returning: value)
        return first
    }

    /// The first value offered, once there is one.
    var value: Value {
        get async {
            await withCheckedContinuation { continuation in
                let decided: Value? = state.withLock { state in
                    if let value = state.value { return value }
                    state.waiter = continuation
                    return nil
                }
                if let decided { continuation.resume(returning: decided) }
            }
        }
    }
}
