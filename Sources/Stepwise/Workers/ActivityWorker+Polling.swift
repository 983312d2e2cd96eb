import Logging
import StepFunctionsAPI
import Synchronization

extension ActivityWorker {
    /// What one `GetActivityTask` brought.
    enum PollResult: Sendable {
        case task(token: String, input: String)
        case empty
        case failed(any Error)
    }

    /// A poller of one placement: waits for a free slot (shared with the placement's other pollers), polls, and
    /// runs what comes in a child task holding that slot, until polling stops; then waits for its running handlers.
    func serve(_ handler: AnyTaskHandler, activityArn: String, slots: Slots) async {
        var backoff = Backoff(configuration)
        let watch = PollWatch()
        let refresher = configuration.pollRefreshInterval.map { interval in Task { await watch.refresh(every: interval) } }
        defer {
            watch.stop()
            refresher?.cancel()
        }
        await withDiscardingTaskGroup { group in
            while !stopPolling.isFired {
                await slots.acquire()
                if stopPolling.isFired {
                    await slots.release()
                    break
                }
                switch await poll(activityArn, watch: watch) {
                case .task(let token, let input):
                    backoff.reset()
                    taskObserver?.taken()
                    group.addTask {
                        defer { self.taskObserver?.finished() }
                        if self.stopHandlers.isFired {
                            // A poll that was not cancelled brought a task after an immediate shutdown: hand it back.
                            await self.deliver(
                                .failure(self.shutdownFailure(before: true)), taskToken: token, activityName: handler.activityName)
                        } else {
                            await self.runTask(handler, taskToken: token, input: input)
                        }
                        await slots.release()
                    }
                case .empty:
                    backoff.reset()
                    await slots.release()
                case .failed(let error):
                    await slots.release()
                    if stopPolling.isFired { break }
                    let delay = backoff.next()
                    logger.warning(
                        "GetActivityTask failed; backing off",
                        metadata: ["activity": "\(handler.activityName)", "error": "\(error)", "delay": "\(delay)"])
                    await pause(delay)
                }
            }
        }
    }

    /// One `GetActivityTask`. When cancelling a poll is safe, shutdown cancels it at once (a task it was handed
    /// anyway is still returned: against `stepwise serve` the client withdraws the poll and reads its answer), and so
    /// does ``Configuration/pollRefreshInterval``; otherwise it runs to its end even when the calling task is
    /// cancelled, so a task handed to it is never lost (the stale-poller rule). A task returned after shutdown began
    /// is run by ``serve(_:activityArn:slots:)`` (handed back with `SendTaskFailure` after an immediate shutdown).
    func poll(_ activityArn: String, watch: PollWatch) async -> PollResult {
        let input = GetActivityTaskInput(activityArn: activityArn, workerName: configuration.workerName)
        let backend = self.backend
        guard configuration.activityPollCancellationIsSafe ?? backend.activityPollCancellationIsSafe else {
            // An unstructured task does not inherit cancellation; it is awaited here, so it never outlives the slot.
            return await Task { await Self.pollOnce(backend, input) }.value
        }
        // The poll is cancelled by `shutdown` itself, on its thread (`onFire`): when `shutdown` returns, the backend
        // no longer holds this poll, so a task scheduled afterwards waits in its queue for another worker.
        let pollTask = Task { await Self.pollOnce(backend, input) }
        let stopKey = stopPolling.onFire { pollTask.cancel() }
        watch.begin(pollTask)
        // A task handed to the poll before its cancellation took effect is still returned (never dropped).
        let result = await withTaskCancellationHandler {
            await pollTask.value
        } onCancel: {
            pollTask.cancel()
        }
        stopPolling.removeAction(stopKey)
        watch.end()
        if case .failed(let error) = result, stopPolling.isFired || error is CancellationError { return .empty }
        return result
    }

    private static func pollOnce(_ backend: any StepFunctionsBackend, _ input: GetActivityTaskInput) async -> PollResult {
        do {
            let output = try await backend.getActivityTask(input)
            guard let token = output.taskToken, !token.isEmpty else { return .empty }
            return .task(token: token, input: output.input ?? "{}")
        } catch {
            return .failed(error)
        }
    }
}

/// Hooks told about each task a worker takes: ``taken`` when its poll returns it, ``finished`` once it has run and
/// its result has been reported (or given up). `Sendable`: two `Sendable` closures.
package struct TaskObserver: Sendable {
    package var taken: @Sendable () -> Void
    package var finished: @Sendable () -> Void

    package init(taken: @escaping @Sendable () -> Void, finished: @escaping @Sendable () -> Void) {
        self.taken = taken
        self.finished = finished
    }
}

/// The poll a poller has out, and the loop that cancels it once it is ``ActivityWorker/Configuration/pollRefreshInterval``
/// old (``refresh(every:)``): one sleeping task per poller, instead of a timer of each poll (a task and a wake-up of the
/// timer thread on every poll, and a cancelled sleep still fires later). `Sendable`: its state lives in a `Mutex`.
final class PollWatch: Sendable {
    private struct State {
        var poll: Task<ActivityWorker.PollResult, Never>?
        var since = ContinuousClock.now
        var stopped = false
        /// The refresh loop's current sleep (cancelled by ``stop()``).
        var sleeper: Task<Void, Never>?
    }

    private let state = Mutex(State())

    /// A poll was sent.
    func begin(_ poll: Task<ActivityWorker.PollResult, Never>) {
        let now = ContinuousClock.now
        state.withLock { state in
            state.poll = poll
            state.since = now
        }
    }

    /// The poll returned.
    func end() {
        state.withLock { $0.poll = nil }
    }

    /// Ends ``refresh(every:)``.
    func stop() {
        let sleeper: Task<Void, Never>? = state.withLock { state in
            state.stopped = true
            return state.sleeper
        }
        sleeper?.cancel()
    }

    /// Cancels each poll once it is `interval` old, until ``stop()``: wakes when the current poll (or, with none
    /// out, the next one at the earliest) is due.
    func refresh(every interval: Duration) async {
        while true {
            let now = ContinuousClock.now
            let sleeper: Task<Void, Never>? = state.withLock { state in
                guard !state.stopped else { return nil }
                if let poll = state.poll, now - state.since >= interval {
                    poll.cancel()
                    state.poll = nil
                }
                let due = state.poll == nil ? now + interval : state.since + interval
                let sleeper = Task { _ = try? await Task.sleep(until: due, clock: .continuous) }
                state.sleeper = sleeper
                return sleeper
            }
            guard let sleeper else { return }
            await sleeper.value
        }
    }
}
