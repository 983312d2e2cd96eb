import Foundation

extension StepwiseEngine {
    /// `GetActivityTask` for the HTTP server: long-polls the activity's queue for up to `timeout` and returns a
    /// task, or nil when none arrived.
    ///
    /// Same contract as ``getActivityTask(activityArn:workerName:timeout:)``, and keeps a task that is handed to
    /// the parked poll before the time limit passes (the first child result of the race is the task itself).
    /// Cancel-safe: a poll cancelled before a task was handed to it takes no task.
    /// - Throws: `ActivityDoesNotExist`.
    public func pollActivityTask(
        activityArn: String, workerName: String? = nil, timeout: Duration = .seconds(60)
    ) async throws(EngineError) -> ActivityTask? {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let deadline = clock.now.addingTimeInterval(seconds)
        let (immediate, id): (ActivityTask?, Int) = try state.withLock { state throws(EngineError) in
            guard state.activities[activityArn] != nil else {
                throw .activityDoesNotExist("Activity Does Not Exist: '\(activityArn)'")
            }
            state.nextPollerId += 1
            let id = state.nextPollerId
            while let token = state.queues[activityArn]?.popFirst() {
                guard let entry = state.tasks[token], entry.record.status == "queued" else { continue }
                _ = Self.startTask(token: token, workerName: workerName, handler: nil, state: &state, engine: self)
                return (ActivityTask(taskToken: token, input: entry.record.input), id)
            }
            return (nil, id)
        }
        if let immediate { return immediate }
        return await withTaskGroup(of: ActivityTask?.self) { group in
            group.addTask { await self.parkPoll(id: id, activityArn: activityArn, workerName: workerName) }
            group.addTask {
                try? await self.clock.sleep(until: deadline)
                return nil
            }
            var received: ActivityTask? = await group.next() ?? nil
            group.cancelAll()
            // The parked poll may have been handed a task as the time limit passed: never drop it.
            for await result in group where result != nil { received = result }
            return received
        }
    }

    private func parkPoll(id: Int, activityArn: String, workerName: String?) async -> ActivityTask? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ActivityTask?, Never>) in
                let cancelled = state.withLock { state in
                    if Task.isCancelled { return true }
                    state.pollers[activityArn, default: [:]][id] = Poller(workerName: workerName, continuation: continuation)
                    return false
                }
                if cancelled { continuation.resume(returning: nil) }
            }
        } onCancel: {
            let poller = state.withLock { $0.pollers[activityArn]?.removeValue(forKey: id) }
            poller?.continuation.resume(returning: nil)
        }
    }
}
