import DequeModule
import Foundation
import Synchronization

/// The server's long polls that carry a client-chosen poll id (``ActivityPollWithdrawal``), so that a withdrawal can
/// end one: its signal fires and `LongPoll.race` ends the poll as its time limit does.
///
/// Keys are the poll id scoped by the access key that signed the request when authentication is on (one caller
/// cannot withdraw another's polls), else the id alone. A withdrawal that finds no parked poll is remembered for a
/// while (``withdrawnMemory``, at most ``withdrawnCapacity`` ids): its poll may still be on the way (the client
/// withdrew as it sent it, or retries it), and then answers "no task" at once instead of being held for a minute.
final class ParkedPolls: Sendable {
    struct Key: Hashable, Sendable {
        var scope: String
        var pollId: String
    }

    private struct State {
        var parked: [Key: [ObjectIdentifier: OneShotSignal]] = [:]
        /// Withdrawals, oldest first, and the same as a set.
        var withdrawnOrder: Deque<(key: Key, at: ContinuousClock.Instant)> = []
        var withdrawn: Set<Key> = []
    }

    private let state = Mutex(State())
    /// How long a withdrawal is remembered: longer than a poll's retries take to arrive.
    let withdrawnMemory: Duration
    /// The most withdrawals remembered, so that withdrawals of made-up ids cannot grow the server without bound.
    let withdrawnCapacity: Int

    init(withdrawnMemory: Duration = .seconds(120), withdrawnCapacity: Int = 10_000) {
        self.withdrawnMemory = withdrawnMemory
        self.withdrawnCapacity = withdrawnCapacity
    }

    /// Registers a poll; the returned signal fires when it is withdrawn (already fired when it was withdrawn before
    /// it arrived). Call ``remove(_:signal:)`` when the poll has ended.
    func register(_ key: Key) -> OneShotSignal {
        let signal = OneShotSignal()
        let withdrawn = state.withLock { state in
            forgetOld(&state)
            if state.withdrawn.contains(key) { return true }
            state.parked[key, default: [:]][ObjectIdentifier(signal)] = signal
            return false
        }
        if withdrawn { signal.fire() }
        return signal
    }

    /// Forgets a poll that has ended.
    func remove(_ key: Key, signal: OneShotSignal) {
        state.withLock { state in
            state.parked[key]?[ObjectIdentifier(signal)] = nil
            if state.parked[key]?.isEmpty == true { state.parked[key] = nil }
        }
    }

    /// Withdraws the polls registered under `key` (normally one) and remembers the withdrawal for a later arrival.
    /// Returns how many parked polls it ended.
    @discardableResult
    func withdraw(_ key: Key) -> Int {
        let signals = state.withLock { state -> [OneShotSignal] in
            forgetOld(&state)
            if state.withdrawn.insert(key).inserted {
                state.withdrawnOrder.append((key, .now))
                if state.withdrawn.count > withdrawnCapacity { dropOldest(&state) }
            }
            return state.parked.removeValue(forKey: key).map { Array($0.values) } ?? []
        }
        for signal in signals { signal.fire() }
        return signals.count
    }

    /// The number of withdrawals remembered (tests).
    var withdrawnCount: Int { state.withLock { $0.withdrawn.count } }

    /// The number of polls registered (tests).
    var parkedCount: Int { state.withLock { $0.parked.values.reduce(0) { $0 + $1.count } } }

    private func forgetOld(_ state: inout State) {
        let cutoff = ContinuousClock.now - withdrawnMemory
        while let oldest = state.withdrawnOrder.first, oldest.at < cutoff { dropOldest(&state) }
    }

    private func dropOldest(_ state: inout State) {
        if let oldest = state.withdrawnOrder.popFirst() { state.withdrawn.remove(oldest.key) }
    }
}
