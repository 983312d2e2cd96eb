import StepFunctionsAPI

extension ActivityWorker {
    /// What one `GetActivityTask` brought.
    enum PollResult: Sendable {
        case task(token: String, input: String)
        case empty
        case failed(any Error)
    }

    /// One slot: poll while free, run what comes, until polling stops. A slot never holds more than one task,
    /// so a placement never takes more tasks than it has slots.
    func serveSlot(_ handler: AnyTaskHandler, activityArn: String) async {
        var backoff = Backoff(configuration)
        while !stopPolling.isFired {
            switch await poll(activityArn) {
            case .task(let token, let input):
                backoff.reset()
                if stopHandlers.isFired {
                    // A poll that was not cancelled brought a task after an immediate shutdown: hand it back.
                    await deliver(.failure(shutdownFailure(before: true)), taskToken: token, activityName: handler.activityName)
                } else {
                    await runTask(handler, taskToken: token, input: input)
                }
            case .empty:
                backoff.reset()
            case .failed(let error):
                if stopPolling.isFired { return }
                let delay = backoff.next()
                logger.warning(
                    "GetActivityTask failed; backing off",
                    metadata: ["activity": "\(handler.activityName)", "error": "\(error)", "delay": "\(delay)"])
                await pause(delay)
            }
        }
    }

    /// One `GetActivityTask`. When cancelling a poll is safe, shutdown cancels it at once (a task it was handed
    /// anyway is still returned), and so does ``Configuration/pollRefreshInterval``; otherwise it runs to its end even when the calling task is cancelled, so a
    /// task handed to it is never lost (the stale-poller rule).
    func poll(_ activityArn: String) async -> PollResult {
        let input = GetActivityTaskInput(activityArn: activityArn, workerName: configuration.workerName)
        let backend = self.backend
        guard backend.activityPollCancellationIsSafe else {
            // An unstructured task does not inherit cancellation; it is awaited here, so it never outlives the slot.
            return await Task { await Self.pollOnce(backend, input) }.value
        }
        return await withTaskGroup(of: PollResult?.self) { group in
            group.addTask { await Self.pollOnce(backend, input) }
            group.addTask {
                await self.stopPolling.wait()
                return nil
            }
            if let refresh = configuration.pollRefreshInterval {
                group.addTask {
                    try? await Task.sleep(for: refresh)
                    return nil
                }
            }
            var result = await group.next() ?? nil
            group.cancelAll()
            for await late in group {
                if case .task? = late { result = late }
            }
            if case .failed(let error)? = result, stopPolling.isFired || error is CancellationError { return .empty }
            return result ?? .empty
        }
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
