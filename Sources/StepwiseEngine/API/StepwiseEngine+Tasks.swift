import StepFunctionsAPI
import Foundation
import StatesLanguage

extension StepwiseEngine {
    /// `GetActivityTask`: long-polls the activity's queue for up to `timeout` (AWS: 60 seconds) and
    /// returns a task, or nil when none arrived.
    ///
    /// Cancel-safe: a poll that is cancelled (or times out) before a task was handed to it takes no task;
    /// a task handed to it is always returned.
    /// - Throws: `ActivityDoesNotExist`.
    package func getActivityTask(
        activityArn: String, workerName: String? = nil, timeout: Duration = .seconds(60)
    ) async throws(StepFunctionsError) -> ActivityTask? {
        let task = try await pollActivityTask(activityArn: activityArn, workerName: workerName, timeout: timeout)
        // A clock moved by hand: the task's ActivityStarted (and the heartbeat timer it arms) is durable before the
        // worker has it, so a test advancing the clock next times the task out as it should.
        if let task, clock.settlesBeforeAnswering,
            let arn = state.withLock({ $0.tasks[task.taskToken]?.record.executionArn })
        {
            await settle(arn)
        }
        return task
    }

    private func pollActivityTask(
        activityArn: String, workerName: String?, timeout: Duration
    ) async throws(StepFunctionsError) -> ActivityTask? {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let deadline = clock.now.addingTimeInterval(seconds)
        let (immediate, id): (ActivityTask?, Int) = try state.withLock { state throws(StepFunctionsError) in
            guard state.activities[activityArn] != nil else {
                throw .activityDoesNotExist(activityArn)
            }
            state.nextPollerId += 1
            let id = state.nextPollerId
            while let token = state.queues[activityArn]?.popFirst() {
                guard let entry = state.tasks[token], entry.record.status == .queued else { continue }
                Self.startTask(token: token, workerName: workerName, state: &state, engine: self)
                return (ActivityTask(taskToken: token, input: entry.record.input), id)
            }
            return (nil, id)
        }
        if let immediate { return immediate }
        return await withTaskGroup(of: ActivityTask?.self) { group in
            group.addTask { await self.park(id: id, activityArn: activityArn, workerName: workerName) }
            group.addTask {
                try? await self.clock.sleep(until: deadline)
                return nil
            }
            // The first child to finish is either the parked poll with its task or the time limit.
            var received: ActivityTask? = await group.next() ?? nil
            group.cancelAll()
            // The parked poll may have been handed a task as the time limit passed: never drop it.
            for await result in group where result != nil { received = result }
            // A cancelled poll leaves its entry for this (its cancellation handler must not take the engine lock).
            state.withLock { state in
                state.pollers[activityArn]?[id] = nil
                if state.pollers[activityArn]?.isEmpty == true { state.pollers[activityArn] = nil }
            }
            return received
        }
    }

    private func park(id: Int, activityArn: String, workerName: String?) async -> ActivityTask? {
        let slot = PollerSlot()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ActivityTask?, Never>) in
                // Under the same lock as the registration, take a task queued since the first look at the queue:
                // one queued in between would find no poller to wake and wait for the next poll.
                let answer: ActivityTask?? = state.withLock { state in
                    if Task.isCancelled { return .some(nil) }
                    while let token = state.queues[activityArn]?.popFirst() {
                        guard let entry = state.tasks[token], entry.record.status == .queued else { continue }
                        Self.startTask(token: token, workerName: workerName, state: &state, engine: self)
                        return .some(ActivityTask(taskToken: token, input: entry.record.input))
                    }
                    guard slot.park(continuation) else { return .some(nil) }
                    state.pollers[activityArn, default: [:]][id] = Poller(workerName: workerName, slot: slot)
                    return .none
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            // Never the engine lock here (see `PollerSlot`): the entry is removed by `getActivityTask` afterwards.
            slot.cancel()?.resume(returning: nil)
        }
    }

    /// `SendTaskSuccess`: the task's Task state continues with `output` (JSON text).
    ///
    /// - Throws: `InvalidToken`, `TaskDoesNotExist`, `TaskTimedOut` (already answered or timed out),
    ///   `InvalidOutput`.
    package func sendTaskSuccess(taskToken: String, output: String) async throws(StepFunctionsError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: output)
        } catch {
            throw .invalidOutput("Invalid Output: '\(error)'")
        }
        if output.utf8.count > Self.maxPayloadBytes {
            try await answer(
                taskToken,
                .taskFailed(
                    token: taskToken, error: StatesError.Name.dataLimitExceeded,
                    cause: "The state/task returned a result with a size exceeding the maximum number of bytes service limit."))
            return
        }
        try await answer(taskToken, .taskSucceeded(token: taskToken, output: value))
    }

    /// `SendTaskFailure`: the task fails with `error` and `cause` (then Retry/Catch apply).
    ///
    /// - Throws: `InvalidToken`, `TaskDoesNotExist`, `TaskTimedOut`.
    package func sendTaskFailure(taskToken: String, error: String? = nil, cause: String? = nil) async throws(StepFunctionsError) {
        try await answer(taskToken, .taskFailed(token: taskToken, error: error ?? "", cause: cause ?? ""))
    }

    /// `SendTaskHeartbeat`: restarts the task's heartbeat timeout.
    ///
    /// - Throws: `InvalidToken`, `TaskDoesNotExist`, `TaskTimedOut`.
    package func sendTaskHeartbeat(taskToken: String) async throws(StepFunctionsError) {
        try await answer(taskToken, .heartbeat(token: taskToken))
    }

    private func answer(_ token: String, _ input: RuntimeInput) async throws(StepFunctionsError) {
        guard let executionArn = TaskToken.executionArn(of: token) else { throw .invalidToken("Invalid token") }
        let outcome: Result<Void, StepFunctionsError>?? = await withCheckedContinuation { continuation in
            let immediate: Result<Void, StepFunctionsError>?? = state.withLock { state in
                guard let entry = state.tasks[token], entry.durable else {
                    // No such task: whether its execution exists decides the error (asked of the store below).
                    return .some(nil)
                }
                let applied = transition(
                    entry.record.executionArn, input, state: &state,
                    onDurable: { error in
                        continuation.resume(returning: .some(error.map { .failure(.storage("\($0)")) } ?? .success(())))
                    },
                    onIgnored: {
                        // Another answer or a timeout ended the task before this one was evaluated.
                        continuation.resume(
                            returning: .some(.failure(.taskTimedOut("Task Timed Out: 'Provided task does not exist anymore'"))))
                    })
                return applied ? nil : .some(.failure(.taskTimedOut("Task Timed Out: 'Provided task does not exist anymore'")))
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
        if case .some(.some(.failure(let error))) = outcome { throw error }
        if case .some(.none) = outcome {
            guard try executionRecord(executionArn) != nil else {
                throw .taskDoesNotExist("Task Does Not Exist: the token matches no task")
            }
            throw .taskTimedOut("Task Timed Out: 'Provided task does not exist anymore'")
        }
    }
}

extension StepwiseEngine {
    /// Declares that a worker named `name` polls this engine from the engine's own process (an `ActivityWorker`
    /// placed here): a task it takes dies with the process, so after a crash recovery queues it again instead of
    /// leaving it to its timeout. Balanced by ``detachLocalWorker(named:)``.
    package func attachLocalWorker(named name: String) {
        state.withLock { $0.localWorkers[name, default: 0] += 1 }
    }

    /// Ends an ``attachLocalWorker(named:)``.
    package func detachLocalWorker(named name: String) {
        state.withLock { state in
            let count = state.localWorkers[name, default: 0] - 1
            state.localWorkers[name] = count > 0 ? count : nil
        }
    }

    /// How many durable tasks wait in the queues of `resources` for a poller (the test bed's view of pending work).
    package func queuedTaskCount(resources: some Sequence<String>) -> Int {
        state.withLock { state in resources.reduce(0) { $0 + (state.queues[$1]?.count ?? 0) } }
    }
}

/// Task tokens: the execution ARN (so an unknown token can be told from a malformed one) and 128
/// random bits.
enum TaskToken {
    static func make(executionArn: String) -> String {
        let arn = Data(executionArn.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let random = (0..<2).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.joined(separator: "")
        return "swt1." + arn + "." + random
    }

    static func executionArn(of token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "swt1" else { return nil }
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let arn = String(data: data, encoding: .utf8) else { return nil }
        return arn
    }
}
