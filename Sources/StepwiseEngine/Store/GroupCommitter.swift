import StepFunctionsAPI
import Foundation
import Synchronization

/// Group commit: batches submitted while a write is in flight are written together in the next
/// transaction, so many executions advancing at once share one disk flush.
///
/// Each batch carries an `onDurable` callback that runs after its transaction commits (or fails), in
/// submission order. Callers are acknowledged and effects (task dispatch, timers) are released only there.
/// `Sendable`: its queue lives in a `Mutex`.
final class GroupCommitter: Sendable {
    typealias Callback = @Sendable ((any Error)?) -> Void

    /// The store refused a batch (reported from the writer loop, never under the engine lock).
    struct WriteFailure: Error, CustomStringConvertible {
        var underlying: any Error
        /// The batch's execution state could not be encoded (the store was never asked): only that execution fails,
        /// and the caller that submitted the transition is not told of an error (the execution stops FAILED).
        var encoding = false
        var description: String { "\(underlying)" }
    }

    private struct Pending {
        var batch: WriteBatch
        var onDurable: Callback?
        /// The batch's execution state could not be encoded (it is written without it).
        var encodingFailure: WriteFailure?
    }

    private struct State {
        var queue: [Pending] = []
        /// The writer thread sleeps on `wake` for batches (set under the lock before it sleeps; whoever clears it
        /// signals `wake`, so no wake-up is lost).
        var sleeping = false
        /// A group is being written, by the writer thread or by a leader (``lead()``): one at a time, in order.
        var writing = false
        var closed = false
        /// The writer loop is running (``run()``): batches submitted now will be written.
        var running = false
        /// Evaluation threads about to submit batches the writer waits for (see ``submit(_:hold:release:)``).
        var holds = 0
        /// The longest the writer waits for them (``defaultLinger``; tests set it).
        var linger = GroupCommitter.defaultLinger
    }

    private let store: EngineStore
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    /// Batches accepted, and batches whose transaction ended (committed or failed), for ``waitForSubmitted()``.
    /// Taken inside `state`'s lock when both are needed, never the other way round.
    private let progress = Mutex((submitted: 0, finished: 0))
    /// Upper bound of batches per transaction (keeps a transaction's size and latency bounded).
    private let maxGroup = 4096

    /// Told of each transaction that committed (metrics and spans).
    private let instrumentation: EngineInstrumentation?

    init(store: EngineStore, instrumentation: EngineInstrumentation? = nil) {
        self.store = store
        self.instrumentation = instrumentation
    }

    /// A batch and what runs once it is committed (or failed).
    struct Submission: Sendable {
        var batch: WriteBatch
        var onDurable: Callback?
    }

    /// Queues a batch; `onDurable` runs once it is committed.
    func submit(_ batch: WriteBatch, onDurable: Callback? = nil) {
        submit([Submission(batch: batch, onDurable: onDurable)])
    }

    /// Queues batches together, in order: the writer takes them into the same transaction (unless the group is
    /// full), so none of them waits for a flush of its own.
    ///
    /// `hold`: more batches follow in a moment (an evaluation thread is running an execution's first states after its
    /// start): the writer waits for them, at most ``defaultLinger``, before it writes what is queued. `release`: these are
    /// the batches a hold waited for (there may be none).
    ///
    /// `lead`: the caller calls ``lead()`` as soon as it holds no lock, and writes the queue itself if the writer is
    /// idle; the writer thread is not woken now.
    func submit(_ submissions: [Submission], hold: Bool = false, release: Bool = false, lead: Bool = false) {
        guard !submissions.isEmpty || hold || release else { return }
        let (accepted, wakeWriter): (Bool, Bool) = state.withLock { state in
            if hold { state.holds += 1 }
            if release { state.holds -= 1 }
            // After shutdown nothing more is written: the caller learns it at once instead of waiting forever.
            guard !state.closed else { return (false, false) }
            for submission in submissions {
                state.queue.append(Pending(batch: submission.batch, onDurable: submission.onDurable))
            }
            progress.withLock { $0.submitted += submissions.count }
            // Whoever is writing takes the queue when its group is done.
            let wakeWriter = state.sleeping && !state.writing && !lead
            if wakeWriter { state.sleeping = false }
            return (true, wakeWriter)
        }
        if !accepted {
            for submission in submissions { submission.onDurable?(StepFunctionsError.storage("The engine has shut down.")) }
        }
        if wakeWriter { wake.signal() }
    }

    /// The longest the writer waits for the batches of a hold (``submit(_:hold:release:)``) before writing what is
    /// queued: a start whose first states take longer is answered after its own commit, without them.
    static let defaultLinger = Duration.microseconds(500)

    /// Sets how long the writer waits for the batches of a hold (for tests: a long wait makes a group's content
    /// certain on a slow build).
    func setLinger(_ linger: Duration) {
        state.withLock { $0.linger = linger }
    }

    /// Queues a batch and returns once it is durable.
    func commit(_ batch: WriteBatch) async throws {
        let error: (any Error)? = await withCheckedContinuation { continuation in
            submit(batch) { error in continuation.resume(returning: error) }
        }
        if let error { throw error }
    }

    /// Returns once every batch submitted before it is committed (an empty batch through the loop, which writes in
    /// order); at once when the writer loop is not running, for then nothing queued would be written meanwhile (an
    /// engine opened only to read, or stopped).
    func barrier() async {
        guard state.withLock({ $0.running && !$0.closed }) else { return }
        try? await commit(WriteBatch())
    }

    /// The writer loop: runs until cancelled, then drains what is queued.
    ///
    /// It runs on a thread of its own, which blocks for each transaction's disk flush: a commit is then one wake-up
    /// of that thread, not three hops (the loop's task, GRDB's writer queue, and back), and the flush never holds a
    /// thread of Swift's cooperative pool.
    func run() async {
        state.withLock { $0.running = true }
        defer { state.withLock { $0.running = false } }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
                let thread = Thread { [self] in
                    writeLoop()
                    finished.resume()
                }
                thread.name = "stepwise-group-commit"
                thread.start()
            }
        } onCancel: {
            close()
        }
    }

    /// A group that wrote at least this many bytes of encoded runtimes is followed by a trim of the allocator
    /// (``MemoryTrim``): a wide Map's parent runtime, encoded and freed once per group, is what leaves most of the
    /// writer's arena free but resident.
    static let trimAfterRuntimeBytes = 1 << 20

    private func writeLoop() {
        // The group is freed when `write` returns (nothing here keeps it): the trim comes after.
        while let runtimeBytes = nextGroup().map({ write($0) }) {
            state.withLock { $0.writing = false }
            if runtimeBytes >= Self.trimAfterRuntimeBytes { MemoryTrim.afterLargeFree() }
        }
    }

    /// Writes what is queued on the calling thread when the writer thread is idle (asleep, no group in flight, no
    /// hold out), and otherwise makes sure the writer takes it. For a thread that submitted with `lead` (an evaluation
    /// thread, holding no lock: the group's callbacks take the engine lock).
    ///
    /// A lone transition (a start, a task's result, one execution advancing at a time) is then written by the thread
    /// that evaluated it, with no hand-off to the writer thread: waking a sleeping thread costs tens of microseconds
    /// on a virtual machine, which is what the activity round trip is made of. Under load the writer is busy and takes
    /// the queue after its group, as before.
    func lead() {
        let (taken, wakeWriter): ([Pending]?, Bool) = state.withLock { state in
            // A group in flight: whoever writes it takes the queue next.
            guard !state.queue.isEmpty, !state.writing else { return (nil, false) }
            if state.running, !state.closed, state.holds == 0, state.sleeping {
                return (takeGroup(&state), false)
            }
            let wakeWriter = state.sleeping
            state.sleeping = false
            return (nil, wakeWriter)
        }
        if wakeWriter { wake.signal() }
        guard let taken else { return }
        let runtimeBytes = write(taken)
        // What was queued meanwhile (or a close that waits for this group) is the writer thread's.
        let wakeAfter: Bool = state.withLock { state in
            state.writing = false
            let wakeWriter = state.sleeping && (!state.queue.isEmpty || state.closed)
            if wakeWriter { state.sleeping = false }
            return wakeWriter
        }
        if wakeAfter { wake.signal() }
        if runtimeBytes >= Self.trimAfterRuntimeBytes { MemoryTrim.afterLargeFree() }
    }

    /// Writes one group and tells its callers; returns the bytes of runtime state it encoded.
    private func write(_ original: [Pending]) -> Int {
        var group = original
        encodeRuntimes(&group)
        let runtimeBytes = group.reduce(0) { total, pending in
            pending.batch.executions.reduce(total) { $0 + ($1.record.runtime?.count ?? 0) }
        }
        var error: (any Error)?
        do {
            let started = ContinuousClock.now
            try store.commitNow(group.map(\.batch))
            if let instrumentation, instrumentation.isEnabled {
                let elapsed = (ContinuousClock.now - started).components
                instrumentation.committed(
                    group.map(\.batch), duration: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
            }
        } catch let failure {
            error = WriteFailure(underlying: failure)
        }
        if error != nil, group.count > 1 {
            // One bad batch must not fail the unrelated ones grouped with it: retry each alone,
            // so every caller learns its own outcome.
            for (position, pending) in group.enumerated() {
                do {
                    // Alone, a batch carries its own runtime (in the group only each execution's last was encoded);
                    // one whose runtime could not be encoded goes without it.
                    let batch = pending.encodingFailure == nil ? original[position].batch : pending.batch
                    try store.commitNow([batch])
                    instrumentation?.committed([batch], duration: nil)
                    pending.onDurable?(pending.encodingFailure)
                } catch let failure {
                    pending.onDurable?(WriteFailure(underlying: failure))
                }
            }
            progress.withLock { $0.finished += group.count }
            return runtimeBytes
        }
        for pending in group { pending.onDurable?(error ?? pending.encodingFailure) }
        progress.withLock { $0.finished += group.count }
        return runtimeBytes
    }

    /// Blocks the calling thread until every batch submitted before the call has been written (or refused), or the
    /// committer has stopped: a read of the store then sees every transition applied so far. For an evaluation
    /// thread (never under the engine lock, which the writer's callbacks take); polls every half millisecond.
    func waitForSubmitted() {
        let target = progress.withLock { $0.submitted }
        while progress.withLock({ $0.finished }) < target, !state.withLock({ $0.closed && $0.queue.isEmpty }) {
            Thread.sleep(forTimeInterval: 0.0005)
        }
    }

    /// Encodes the runtime state of each execution in the group (here, on the writer loop, not under the engine
    /// lock). A batch whose state cannot be encoded (a non-finite number, say) is
    /// written without it (its events and row, still RUNNING) and reported as an encoding failure, so that only its
    /// execution fails (after those events) and the unrelated batches grouped with it commit as usual.
    ///
    /// Only the last state of each execution in the group is encoded: the store keeps only that one (a Map's many
    /// transitions in one group cost one encoding of its runtime, not one each).
    private func encodeRuntimes(_ group: inout [Pending]) {
        var encoded: Set<String> = []
        for position in group.indices.reversed() {
            for index in group[position].batch.executions.indices.reversed() {
                // The store writes the last row of each execution in the group: an earlier state is never encoded,
                // even when the last row has none (the execution ended, or its runtime came encoded already).
                let last = encoded.insert(group[position].batch.executions[index].record.arn).inserted
                guard let runtime = group[position].batch.executions[index].runtime else { continue }
                group[position].batch.executions[index].runtime = nil
                guard last else { continue }
                do {
                    group[position].batch.executions[index].record.runtime = try RuntimeEncoding.encode(runtime)
                } catch {
                    group[position].batch.executions[index].record.runtime = nil
                    group[position].encodingFailure = WriteFailure(underlying: error, encoding: true)
                }
            }
        }
    }

    /// The next group to write, waiting for one; nil once closed and drained. While a hold is out (an execution's first
    /// states are being evaluated after its queued start), it waits for them up to ``defaultLinger``.
    private func nextGroup() -> [Pending]? {
        // Set when the writer first waits for a hold; it does not wait past it, whatever holds come after.
        var lingerDeadline: DispatchTime?
        while true {
            let (taken, linger): ([Pending]?, Duration?) = state.withLock { state in
                // A leader's group in flight (``lead()``): it wakes the writer when done, if anything is left.
                guard !state.writing else {
                    state.sleeping = true
                    return (nil, nil)
                }
                guard !state.queue.isEmpty else {
                    if state.closed { return ([], nil) }
                    state.sleeping = true
                    return (nil, nil)
                }
                if state.holds > 0, !state.closed, lingerDeadline.map({ DispatchTime.now() < $0 }) ?? true {
                    state.sleeping = true
                    return (nil, state.linger)
                }
                return (takeGroup(&state), nil)
            }
            if let taken { return taken.isEmpty ? nil : taken }
            if let linger {
                let deadline = lingerDeadline ?? DispatchTime.now() + .nanoseconds(Int(linger / .nanoseconds(1)))
                lingerDeadline = deadline
                _ = wake.wait(timeout: deadline)
            } else {
                // A hold's linger is over once the queue is empty (a leader wrote it): the next hold gets its own.
                lingerDeadline = nil
                wake.wait()
            }
        }
    }

    /// Takes the next group from the queue for the caller to write (the writer thread or a leader): the queue's head,
    /// up to ``maxGroup`` batches; no one else writes until it is done.
    private func takeGroup(_ state: inout State) -> [Pending] {
        let count = min(state.queue.count, maxGroup)
        let group = Array(state.queue.prefix(count))
        state.queue.removeFirst(count)
        state.writing = true
        return group
    }

    /// The writer thread waits for work, with nothing queued or being written (for tests).
    var writerIsAsleep: Bool {
        state.withLock { $0.sleeping && !$0.writing && $0.queue.isEmpty && $0.running }
    }

    /// Accepts batches again after ``close()``, for a writer loop that starts again (the engine restarted).
    func reopen() {
        state.withLock { $0.closed = false }
    }

    /// Stops the loop once the queue is drained.
    func close() {
        let wakeWriter: Bool = state.withLock { state in
            state.closed = true
            defer { state.sleeping = false }
            return state.sleeping
        }
        if wakeWriter { wake.signal() }
    }
}
