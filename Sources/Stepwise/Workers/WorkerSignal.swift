import Synchronization

/// A one-shot event: ``fire()`` once, and every ``wait()`` (before or after) returns.
///
/// `Sendable`: its state lives in a `Mutex`; waiters are resumed outside the lock.
final class WorkerSignal: Sendable {
    private struct State {
        var fired = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var actions: [Int: @Sendable () -> Void] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    init() {}

    /// Whether ``fire()`` was called.
    var isFired: Bool { state.withLock { $0.fired } }

    /// Fires the event; later calls do nothing.
    func fire() {
        let (waiters, actions) = state.withLock { state -> ([CheckedContinuation<Void, Never>], [@Sendable () -> Void]) in
            guard !state.fired else { return ([], []) }
            state.fired = true
            defer {
                state.waiters = [:]
                state.actions = [:]
            }
            return (Array(state.waiters.values), Array(state.actions.values))
        }
        // Actions first: they run before `fire()` returns (a cancelled poll is out of the backend by then).
        for action in actions { action() }
        for waiter in waiters { waiter.resume() }
    }

    /// Runs `action` on the thread that calls ``fire()``, before it returns (at once when it already fired).
    /// - Returns: a key for ``removeAction(_:)``.
    @discardableResult
    func onFire(_ action: @escaping @Sendable () -> Void) -> Int {
        let id: Int? = state.withLock { state in
            guard !state.fired else { return nil }
            state.nextID += 1
            state.actions[state.nextID] = action
            return state.nextID
        }
        guard let id else {
            action()
            return 0
        }
        return id
    }

    /// Forgets an action ``onFire(_:)`` registered (it has not run, or has run already).
    func removeAction(_ id: Int) {
        _ = state.withLock { $0.actions.removeValue(forKey: id) }
    }

    /// Returns when the event fires, or at once when the calling task is cancelled.
    func wait() async {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state in
                    if state.fired || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
