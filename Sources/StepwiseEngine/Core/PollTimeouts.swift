import Foundation
import Synchronization

/// The time limits of parked `GetActivityTask` polls, kept by one timer: a task sleeping until the earliest limit,
/// which ends the polls due then and sleeps again until the next.
///
/// Why not a timer per poll: a poll is answered within microseconds when tasks come back to back, and each poll's
/// timer (a task, a `Task.sleep`) cost a wake-up of the timer thread when it was set and a thread 60 seconds later
/// (a cancelled sleep still fires). With the limits in deadline order, the timer is set again only when a poll's limit
/// comes before the one it sleeps until, about once a minute with every poll's limit 60 seconds from its start.
///
/// `Sendable`: its state lives in a `Mutex`.
final class PollTimeouts: Sendable {
    private struct Entry {
        var deadline: Date
        var id: Int
        var slot: PollerSlot
    }

    private struct State {
        /// Sorted by deadline, then poll id.
        var entries: [Entry] = []
        /// What the timer sleeps until (nil: no timer).
        var armed: Date?
        var timer: Task<Void, Never>?
        /// Increases with each timer: a timer that was replaced does nothing when it wakes.
        var generation = 0
    }

    private let state = Mutex(State())
    private let clock: any EngineClock

    init(clock: any EngineClock) {
        self.clock = clock
    }

    /// Ends poll `id` (resumes its parked continuation with nothing) once `deadline` passes, unless it is removed
    /// first.
    func add(id: Int, slot: PollerSlot, deadline: Date) {
        let replaced: Task<Void, Never>? = state.withLock { state in
            state.entries.insert(Entry(deadline: deadline, id: id, slot: slot), at: Self.position(deadline, id, in: state.entries))
            guard state.armed.map({ deadline < $0 }) ?? true else { return nil }
            let old = state.timer
            arm(deadline, &state)
            return old
        }
        replaced?.cancel()
    }

    /// Forgets poll `id` (answered, cancelled or ended by its limit). Its timer, if it was the earliest, still wakes
    /// and sleeps again until the next limit.
    func remove(id: Int, deadline: Date) {
        state.withLock { state in
            let index = Self.position(deadline, id, in: state.entries)
            if index > 0, state.entries[index - 1].id == id { state.entries.remove(at: index - 1) }
        }
    }

    /// Polls waiting for their limit (for tests).
    var count: Int { state.withLock { $0.entries.count } }

    /// The index after every entry ordered before or at (deadline, id).
    private static func position(_ deadline: Date, _ id: Int, in entries: [Entry]) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            let entry = entries[middle]
            if entry.deadline < deadline || (entry.deadline == deadline && entry.id <= id) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    /// Starts a timer for `deadline` (under the lock: whoever adds an earlier limit sees it and replaces it).
    private func arm(_ deadline: Date, _ state: inout State) {
        state.generation += 1
        let generation = state.generation
        let clock = self.clock
        state.armed = deadline
        state.timer = Task {
            do {
                try await clock.sleep(until: deadline)
            } catch {
                return
            }
            self.fire(generation)
        }
    }

    private func fire(_ generation: Int) {
        let now = clock.now
        let due: [PollerSlot] = state.withLock { state in
            guard state.generation == generation else { return [] }
            let count = state.entries.prefix { $0.deadline <= now }.count
            let due = state.entries.prefix(count).map(\.slot)
            state.entries.removeFirst(count)
            if let next = state.entries.first {
                arm(next.deadline, &state)
            } else {
                state.armed = nil
                state.timer = nil
            }
            return due
        }
        for slot in due { slot.cancel()?.resume(returning: .nothing) }
    }
}
