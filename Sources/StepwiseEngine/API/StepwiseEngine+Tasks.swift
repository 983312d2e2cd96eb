import DequeModule
package import StepFunctionsAPI
import Foundation
import StatesLanguage
import Synchronization

extension StepwiseEngine {
    /// `GetActivityTask`: long-polls the activity's queue for up to `timeout` (AWS: 60 seconds) and
    /// returns a task, or nil when none arrived.
    ///
    /// A task is returned only once its start is durable: its `ActivityStarted` event and its started row (the
    /// worker's name, the heartbeat timer) are committed together, in a group commit shared with other transitions,
    /// before the poll answers. A crash before that commit leaves the task queued for the next poll after the
    /// restart; a store that refuses the start puts the task back and fails the poll with the store's error.
    ///
    /// Cancel-safe: a poll that is cancelled (or times out) before a task was handed to it takes no task;
    /// a task handed to it is always returned (once its start is durable).
    /// - Throws: `ActivityDoesNotExist`; an internal failure when the store refused the task's start or the engine
    ///   shut down meanwhile (the task stays queued).
    package func getActivityTask(
        activityArn: String, workerName: String? = nil, timeout: Duration = .seconds(60)
    ) async throws(StepFunctionsError) -> ActivityTask? {
        let task = try await pollActivityTask(activityArn: activityArn, workerName: workerName, timeout: timeout)
        // A clock moved by hand: whatever else the execution has queued is durable too before the worker has the task,
        // so a test advancing the clock next sees the execution as it is.
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
        while true {
            let id = try state.withLock { state throws(StepFunctionsError) in
                guard state.activities[activityArn] != nil else {
                    throw .activityDoesNotExist(activityArn)
                }
                state.nextPollerId += 1
                return state.nextPollerId
            }
            // A task already queued is started at once; the answer still waits for its start's commit. A poll cancelled
            // before it looks takes none (a worker shutting down cancels its polls, which may not have run yet).
            var outcome = await withCheckedContinuation { (continuation: CheckedContinuation<PollOutcome, Never>) in
                let started = state.withLock { state in
                    guard !Task.isCancelled else { return false }
                    return takeQueued(activityArn, poll: id, workerName: workerName, state: &state) {
                        continuation.resume(returning: $0)
                    }
                }
                if !started { continuation.resume(returning: .nothing) }
            }
            if case .nothing = outcome {
                outcome = await waitParked(id: id, activityArn: activityArn, workerName: workerName, deadline: deadline)
            }
            switch outcome {
            case .nothing:
                return nil
            case .handed(let task):
                return task
            case .notStarted(let token, let error?):
                putBack(token, poll: id)
                throw error
            case .notStarted(let token, nil):
                if let task = try await finishRecordedStart(token, poll: id) { return task }
                // The task ended before its start applied: look again while the poll has time.
                if Task.isCancelled || clock.now >= deadline { return nil }
            }
        }
    }

    /// Parks poll `id` until a task is handed to it or `deadline` passes.
    ///
    /// One continuation, not a task group: the time limit (``PollTimeouts``, one timer for every parked poll) cancels
    /// the parked poll as the caller's cancellation does, so a task handed to the poll as the limit passes is still
    /// returned (it waits for the task's start to be durable), and a poll answered in time waits for no timer.
    private func waitParked(id: Int, activityArn: String, workerName: String?, deadline: Date) async -> PollOutcome {
        let slot = PollerSlot()
        pollTimeouts.add(id: id, slot: slot, deadline: deadline)
        let received = await park(id: id, slot: slot, activityArn: activityArn, workerName: workerName)
        pollTimeouts.remove(id: id, deadline: deadline)
        // A cancelled poll leaves its entry for this (its cancellation handler must not take the engine lock).
        state.withLock { state in
            state.pollers[activityArn]?[id] = nil
            if state.pollers[activityArn]?.isEmpty == true { state.pollers[activityArn] = nil }
        }
        return received
    }

    private func park(id: Int, slot: PollerSlot, activityArn: String, workerName: String?) async -> PollOutcome {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<PollOutcome, Never>) in
                // Under the same lock as the registration, take a task queued since the first look at the queue:
                // one queued in between would find no poller to wake and wait for the next poll.
                let parked: Bool = state.withLock { state in
                    if Task.isCancelled { return false }
                    if takeQueued(activityArn, poll: id, workerName: workerName, state: &state, answer: { continuation.resume(returning: $0) }) {
                        return true
                    }
                    guard slot.park(continuation) else { return false }
                    state.pollers[activityArn, default: [:]][id] = Poller(workerName: workerName, slot: slot)
                    return true
                }
                if !parked { continuation.resume(returning: .nothing) }
            }
        } onCancel: {
            // Never the engine lock here (see `PollerSlot`): the entry is removed by `getActivityTask` afterwards.
            slot.cancel()?.resume(returning: .nothing)
        }
    }

    /// Starts the oldest startable task queued on `activityArn` for poll `poll` (`answer` is told once its start is
    /// durable); false when there is none. Entries no longer queued are dropped from the queue; a task that cannot
    /// start now (its execution takes no input, the engine stopped) is left where it is.
    private func takeQueued(
        _ activityArn: String, poll: Int, workerName: String?, state: inout EngineState,
        answer: @escaping @Sendable (PollOutcome) -> Void
    ) -> Bool {
        guard var queue = state.queues[activityArn] else { return false }
        defer { state.queues[activityArn] = queue.isEmpty ? nil : queue }
        var index = queue.startIndex
        while index < queue.endIndex {
            let token = queue[index]
            guard let entry = state.tasks[token], entry.record.status == .queued else {
                queue.remove(at: index)
                continue
            }
            guard Self.canStart(entry.record, state: state) else {
                // The engine stopped: nothing starts. An execution not taking input now: its next task may.
                if state.loopsStopped || state.evaluationStopped { return false }
                index += 1
                continue
            }
            queue.remove(at: index)
            state.queues[activityArn] = queue
            return Self.startTask(token: token, poll: poll, workerName: workerName, state: &state, engine: self, answer: answer)
        }
        return false
    }

    /// A task handed to poll `poll` whose start was not recorded goes back to its queue (or to a parked poll).
    private func putBack(_ token: String, poll: Int) {
        state.withLock { state in
            guard var entry = state.tasks[token], entry.startingPoll == poll, entry.record.status == .started else { return }
            entry.record.status = .queued
            entry.record.workerName = nil
            entry.startingPoll = nil
            state.tasks[token] = entry
            dispatch(token: token, state: &state)
        }
    }

    /// A task handed to poll `poll` whose start transition did not apply: when the task still waits (its
    /// `ActivityStarted` was recorded for an earlier worker: one whose poll's client was gone, or a worker of this
    /// process before a restart), its started row alone is written and the task returned once that is durable. Nil
    /// when the task ended meanwhile.
    private func finishRecordedStart(_ token: String, poll: Int) async throws(StepFunctionsError) -> ActivityTask? {
        let outcome: PollOutcome = await withCheckedContinuation { continuation in
            let submitted = state.withLock { state in
                guard let entry = state.tasks[token], entry.startingPoll == poll, entry.record.status == .started else {
                    return false
                }
                let task = ActivityTask(taskToken: token, input: entry.record.input)
                committer.submit(WriteBatch(tasks: [entry.record])) { error in
                    guard let error else { return continuation.resume(returning: .handed(task)) }
                    let failure = (error as? StepFunctionsError) ?? .storage("\(error)")
                    continuation.resume(returning: .notStarted(token: token, error: failure))
                }
                return true
            }
            if !submitted { continuation.resume(returning: .nothing) }
        }
        switch outcome {
        case .handed(let task):
            state.withLock { state in
                if state.tasks[token]?.startingPoll == poll { state.tasks[token]?.startingPoll = nil }
            }
            return task
        case .notStarted(_, let error?):
            putBack(token, poll: poll)
            throw error
        default:
            return nil
        }
    }

    /// The cause of a task result over the payload quota; a Task state's failure names its resource instead
    /// (``Interpreter``'s `taskFailed`).
    static let resultTooLargeCause = "The state/task returned a result with a size exceeding the maximum number of bytes service limit."

    /// `SendTaskSuccess`: the task's Task state continues with `output` (JSON text).
    ///
    /// - Throws: `InvalidToken`, `TaskDoesNotExist`, `TaskTimedOut` (already answered or timed out),
    ///   `InvalidOutput`.
    package func sendTaskSuccess(taskToken: String, output: String) async throws(StepFunctionsError) {
        // A result over the quota fails the task before it is read as JSON: AWS answers States.DataLimitExceeded for
        // a Lambda function's 257 KB result that is not JSON (LocalStack's test_states_errors.snapshot.json,
        // test_task_lambda_data_limit_exceeded_on_large_utf8_response). (The API refuses such an output earlier.)
        if output.utf8.count > Self.maxPayloadBytes {
            try await answer(
                taskToken,
                .taskFailed(token: taskToken, error: StatesError.Name.dataLimitExceeded, cause: Self.resultTooLargeCause))
            return
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: output)
        } catch {
            throw .invalidOutput("Invalid Output: '\(error)'")
        }
        try await answer(taskToken, .taskSucceeded(token: taskToken, output: value))
    }

    /// `SendTaskFailure`: the task fails with `error` and `cause` (then Retry/Catch apply).
    ///
    /// - Throws: `InvalidToken`, `TaskDoesNotExist`, `TaskTimedOut`.
    package func sendTaskFailure(taskToken: String, error: String? = nil, cause: String? = nil) async throws(StepFunctionsError) {
        try await answer(taskToken, .taskFailed(token: taskToken, error: error, cause: cause))
    }

    /// `SendTaskHeartbeat`: restarts the task's heartbeat timeout.
    ///
    /// - Throws: `InvalidToken`, `TaskDoesNotExist`, `TaskTimedOut`.
    package func sendTaskHeartbeat(taskToken: String) async throws(StepFunctionsError) {
        try await answer(taskToken, .heartbeat(token: taskToken))
    }

    /// Records that the call of a `.waitForTaskToken` or `.sync` task went out and what the service answered
    /// (`TaskSubmitted`); nothing when the task already ended.
    func recordSubmitted(taskToken: String, output: String) async {
        try? await answer(taskToken, .taskSubmitted(token: taskToken, output: output))
    }

    private func answer(_ token: String, _ input: RuntimeInput) async throws(StepFunctionsError) {
        guard let executionArn = TaskToken.executionArn(of: token) else { throw .invalidToken("Invalid Token: 'Invalid token'") }
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
/// random bits: `swt1.` + the ARN in unpadded base64url + `.` + the bits in hex.
enum TaskToken {
    /// The base64url alphabet (RFC 4648 §5).
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    /// Each byte's value in ``alphabet``, 255 for bytes outside it.
    private static let values: [UInt8] = {
        var values = [UInt8](repeating: 255, count: 256)
        for (value, byte) in alphabet.enumerated() { values[Int(byte)] = UInt8(value) }
        return values
    }()

    static func make(executionArn: String) -> String {
        // One pass over the ARN's bytes (a token is made per task scheduled, on the evaluation thread).
        let arn = Array(executionArn.utf8)
        var token: [UInt8] = Array("swt1.".utf8)
        token.reserveCapacity(5 + (arn.count * 4 + 2) / 3 + 1 + 32)
        var index = 0
        while index + 3 <= arn.count {
            let bits = UInt32(arn[index]) << 16 | UInt32(arn[index + 1]) << 8 | UInt32(arn[index + 2])
            for shift in [18, 12, 6, 0] as [UInt32] { token.append(alphabet[Int(bits >> shift & 63)]) }
            index += 3
        }
        if arn.count - index == 1 {
            let bits = UInt32(arn[index]) << 16
            token.append(alphabet[Int(bits >> 18 & 63)])
            token.append(alphabet[Int(bits >> 12 & 63)])
        } else if arn.count - index == 2 {
            let bits = UInt32(arn[index]) << 16 | UInt32(arn[index + 1]) << 8
            token.append(alphabet[Int(bits >> 18 & 63)])
            token.append(alphabet[Int(bits >> 12 & 63)])
            token.append(alphabet[Int(bits >> 6 & 63)])
        }
        token.append(UInt8(ascii: "."))
        var text = String(decoding: token, as: UTF8.self)
        text += String(UInt64.random(in: .min ... .max), radix: 16)
        text += String(UInt64.random(in: .min ... .max), radix: 16)
        return text
    }

    static func executionArn(of token: String) -> String? {
        var utf8 = token.utf8[...]
        guard utf8.starts(with: "swt1.".utf8) else { return nil }
        utf8 = utf8.dropFirst(5)
        guard let dot = utf8.firstIndex(of: UInt8(ascii: ".")),
            !utf8[utf8.index(after: dot)...].contains(UInt8(ascii: "."))
        else { return nil }
        let encoded = utf8[..<dot]
        // Unpadded base64url: a length of 1 modulo 4 cannot be the end of a byte.
        guard encoded.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count * 3 / 4)
        var bits: UInt32 = 0
        var count = 0
        for byte in encoded {
            let value = values[Int(byte)]
            guard value != 255 else { return nil }
            bits = bits << 6 | UInt32(value)
            count += 1
            if count == 4 {
                bytes.append(UInt8(truncatingIfNeeded: bits >> 16))
                bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
                bytes.append(UInt8(truncatingIfNeeded: bits))
                bits = 0
                count = 0
            }
        }
        if count == 2 {
            guard bits & 0xF == 0 else { return nil }
            bytes.append(UInt8(truncatingIfNeeded: bits >> 4))
        } else if count == 3 {
            guard bits & 0x3 == 0 else { return nil }
            bytes.append(UInt8(truncatingIfNeeded: bits >> 10))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 2))
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
