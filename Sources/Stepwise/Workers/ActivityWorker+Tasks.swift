import StatesLanguage
import StepFunctionsAPI
import Logging

extension ActivityWorker {
    /// How a task's run ended: whichever came first of the handler, the task being lost, and shutdown.
    private enum Outcome: Sendable {
        case finished(Result<JSONValue, TaskFailure>)
        /// The backend answered a heartbeat with TaskTimedOut, TaskDoesNotExist or InvalidToken.
        case lost
        /// An immediate shutdown.
        case shutdown
        /// The heartbeat loop was cancelled from outside (the worker's own task was cancelled).
        case interrupted
    }

    /// Runs one task: the handler inside the middleware, with heartbeats, until it finishes, its task is lost,
    /// or an immediate shutdown; then reports the result.
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
        let interval = configuration.heartbeatInterval(for: handler.defaults)
        let middleware = self.middleware
        await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do throws(TaskFailure) {
                    return .finished(.success(try await handler.run(invocation, through: middleware)))
                } catch {
                    return .finished(.failure(error))
                }
            }
            group.addTask {
                await lease.lost.wait()
                return lease.lost.isFired ? .lost : .interrupted
            }
            group.addTask {
                await self.stopHandlers.wait()
                return self.stopHandlers.isFired ? .shutdown : .interrupted
            }
            if let interval {
                group.addTask { await self.keepAlive(taskToken, lease: lease, every: interval) }
            }
            let first = await group.next() ?? .interrupted
            // Cancels the handler unless it finished; the group then waits for it, after the result is reported.
            group.cancelAll()
            await settle(first, lease: lease, taskToken: taskToken, activityName: activityName)
        }
    }

    private func settle(_ outcome: Outcome, lease: TaskLease, taskToken: String, activityName: String) async {
        let metadata: Logger.Metadata = ["activity": "\(activityName)", "worker": "\(configuration.workerName)"]
        if lease.lost.isFired {
            logger.info("task timed out or its execution stopped; handler cancelled, nothing reported", metadata: metadata)
            return
        }
        switch outcome {
        case .finished(.failure(let failure)) where stopHandlers.isFired && failure.error == "CancellationError":
            await deliver(.failure(shutdownFailure(before: false)), taskToken: taskToken, activityName: activityName)
        case .finished(let result):
            await deliver(result, taskToken: taskToken, activityName: activityName)
        case .lost:
            logger.info("task timed out or its execution stopped; handler cancelled, nothing reported", metadata: metadata)
        case .shutdown, .interrupted:
            logger.notice("immediate shutdown: task reported as failed", metadata: metadata)
            await deliver(.failure(shutdownFailure(before: false)), taskToken: taskToken, activityName: activityName)
        }
    }

    /// The failure reported for a task an immediate shutdown interrupted (or that arrived after it).
    func shutdownFailure(before: Bool) -> TaskFailure {
        let when = before ? "before running the task" : "before the task finished"
        return TaskFailure(error: Self.shutdownError, cause: "The worker '\(configuration.workerName)' shut down \(when).")
    }

    /// Sends a heartbeat every `interval` until the task is lost (answers ``Outcome/lost``) or the loop is
    /// cancelled. Other errors (network, throttling) are logged and the loop goes on.
    private func keepAlive(_ taskToken: String, lease: TaskLease, every interval: Duration) async -> Outcome {
        while true {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return .interrupted
            }
            do {
                try await heartbeat(taskToken, lease: lease)
            } catch {
                if lease.lost.isFired { return .lost }
                if Task.isCancelled { return .interrupted }
                logger.warning("SendTaskHeartbeat failed; will try again", metadata: ["error": "\(error)"])
            }
        }
    }

    /// `SendTaskHeartbeat`; an answer saying the task is gone marks the lease lost (which cancels the handler).
    private func heartbeat(_ taskToken: String, lease: TaskLease) async throws {
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
