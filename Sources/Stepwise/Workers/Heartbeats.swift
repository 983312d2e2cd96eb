import Synchronization

/// The automatic heartbeats of a worker's running tasks, sent by one loop (``run(send:)``) rather than by a timer of
/// each task: a task's run registers its token with its interval (``register(_:every:)``), and the loop sends each
/// heartbeat when it is due.
///
/// Why one loop: a timer per task (a `Task.sleep` in a task of its own) costs two tasks and a wake-up of the timer
/// thread for every task however short, and a cancelled sleep still fires later. The loop sleeps until the earliest
/// heartbeat due, at most the shortest interval registered so far, so a task that registers never needs to wake it
/// (unless its interval is the shortest yet).
///
/// `Sendable`: its state lives in a `Mutex`.
final class Heartbeats: Sendable {
    /// A task to keep alive.
    struct Beat: Sendable {
        let token: String
        let lease: TaskLease
    }

    private struct Entry {
        var beat: Beat
        var interval: Duration
        var due: ContinuousClock.Instant
        /// A heartbeat of this task is being sent (the next is due an interval after it returns).
        var sending = false
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var nextID = 0
        /// When the loop wakes next (nil: it sleeps until a task registers).
        var deadline: ContinuousClock.Instant?
        /// The loop's current sleep, cancelled to wake it early.
        var sleeper: Task<Void, Never>?
        /// The shortest interval registered so far: the longest the loop sleeps.
        var shortest: Duration?
        var stopped = false
    }

    private let state = Mutex(State())

    /// Sends `beat`'s heartbeats every `interval` until ``unregister(_:)``; returns the key for it.
    func register(_ beat: Beat, every interval: Duration) -> Int {
        let interval = max(interval, .milliseconds(1))
        let due = ContinuousClock.now + interval
        let (id, wake): (Int, Task<Void, Never>?) = state.withLock { state in
            state.nextID += 1
            state.entries[state.nextID] = Entry(beat: beat, interval: interval, due: due)
            state.shortest = min(state.shortest ?? interval, interval)
            return (state.nextID, Self.wakeIfLate(due, &state))
        }
        wake?.cancel()
        return id
    }

    /// Stops the heartbeats of a task (one being sent is not waited for).
    func unregister(_ id: Int) {
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
    }

    /// Ends ``run(send:)``; heartbeats being sent are cancelled (a backend that does not answer cannot hold up the
    /// worker's end).
    func stop() {
        let sleeper: Task<Void, Never>? = state.withLock { state in
            state.stopped = true
            return state.sleeper
        }
        sleeper?.cancel()
    }

    /// Sends the heartbeats as they fall due, each in a child task (`send` returns when it is sent, failed or
    /// cancelled), until ``stop()``.
    func run(send: @escaping @Sendable (Beat) async -> Void) async {
        await withDiscardingTaskGroup { group in
            while true {
                let now = ContinuousClock.now
                let step: (due: [(Int, Beat)], sleeper: Task<Void, Never>)? = state.withLock { state in
                    guard !state.stopped else { return nil }
                    var due: [(Int, Beat)] = []
                    for (id, entry) in state.entries where !entry.sending && entry.due <= now {
                        state.entries[id]?.sending = true
                        due.append((id, entry.beat))
                    }
                    let next = state.entries.values.lazy.filter { !$0.sending }.map(\.due).min()
                    let tick = state.shortest.map { now + $0 }
                    let deadline = [next, tick].compactMap { $0 }.min()
                    state.deadline = deadline
                    // Created under the lock, so that a task registering meanwhile sees the sleep it must cut short.
                    let sleeper = Task {
                        // Without a deadline the loop sleeps until a task registers (which cancels this sleep).
                        _ = try? await Task.sleep(until: deadline ?? now + .seconds(86_400), clock: .continuous)
                    }
                    state.sleeper = sleeper
                    return (due, sleeper)
                }
                guard let step else {
                    group.cancelAll()
                    return
                }
                for (id, beat) in step.due {
                    group.addTask {
                        await send(beat)
                        self.sent(id)
                    }
                }
                await step.sleeper.value
            }
        }
    }

    /// A heartbeat of task `id` was sent (or failed): the next is due an interval from now.
    private func sent(_ id: Int) {
        let now = ContinuousClock.now
        let wake: Task<Void, Never>? = state.withLock { state in
            guard var entry = state.entries[id] else { return nil }
            entry.sending = false
            entry.due = now + entry.interval
            state.entries[id] = entry
            return Self.wakeIfLate(entry.due, &state)
        }
        wake?.cancel()
    }

    /// The loop's sleep to cut short when it would wake after `due`.
    private static func wakeIfLate(_ due: ContinuousClock.Instant, _ state: inout State) -> Task<Void, Never>? {
        guard state.deadline.map({ due < $0 }) ?? true else { return nil }
        // Woken once: the loop sets a new deadline when it runs.
        state.deadline = .now
        return state.sleeper
    }
}
