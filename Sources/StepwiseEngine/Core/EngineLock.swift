import Foundation

/// The engine's lock: a value guarded by a plain `pthread_mutex_t`, with `Mutex`'s `withLock` shape.
///
/// Why not `Synchronization.Mutex`: on Linux its contended path spins before it sleeps, and the engine lock is
/// taken by more threads than there are cores (the evaluation threads, the cooperative pool's request and worker
/// tasks, the group committer's callbacks). On a 2-core machine `perf` showed 13.5 % of the engine's CPU time
/// spinning in `_MutexHandle.lockSlow` while the holder was descheduled; a normal pthread mutex sleeps in the
/// kernel at once, which is what an oversubscribed lock wants.
///
/// `@unchecked Sendable`: `value` is only reached inside `withLock`, which holds `mutex`.
final class EngineLock<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock.
    @inline(__always)
    func withLock<Result, E: Error>(_ body: (inout Value) throws(E) -> Result) throws(E) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
