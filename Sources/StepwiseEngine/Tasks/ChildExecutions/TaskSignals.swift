import Foundation
import Synchronization

/// Wakes an integration call that waits on the engine (a `states:startExecution.sync` task waiting for its child):
/// when its task ends without it (the parent stopped, failed elsewhere or timed out) or when the execution it watches
/// stops.
///
/// The driver reports every transition's ended tasks and stopped executions (``transitioned(_:endedTasks:completed:)``,
/// under the engine's lock); this type takes only its own lock, never the engine's.
///
/// `Sendable`: its state is in a `Mutex`.
final class TaskSignals: Sendable {
    /// Why a wait ended.
    enum Reason: Sendable, Equatable {
        /// The watched execution stopped.
        case executionStopped
        /// The task ended without this call answering it.
        case taskEnded
        /// The waiting task was cancelled (the engine is shutting down).
        case cancelled
    }

    private enum Entry {
        case pending(Reason?)
        case waiting(CheckedContinuation<Reason, Never>)
    }

    private struct Signals {
        var entries: [String: Entry] = [:]
        /// Watched execution ARN → the task token waiting for it.
        var watchers: [String: String] = [:]
    }

    private let signals = Mutex(Signals())

    init() {}

    /// Starts watching `token`: a signal from now on is kept until ``wait(token:)`` takes it.
    func watch(token: String) {
        signals.withLock { $0.entries[token] = .pending(nil) }
    }

    /// Also wakes `token` when `executionArn` stops.
    func link(executionArn: String, to token: String) {
        signals.withLock { $0.watchers[executionArn] = token }
    }

    /// Stops watching `token` (a call that ends without waiting).
    func forget(token: String) {
        signals.withLock { signals in
            signals.entries[token] = nil
            signals.watchers = signals.watchers.filter { $0.value != token }
        }
    }

    func signal(token: String, _ reason: Reason) {
        let continuation: CheckedContinuation<Reason, Never>? = signals.withLock { signals in
            switch signals.entries[token] {
            case .pending(nil)?:
                signals.entries[token] = .pending(reason)
                return nil
            case .waiting(let continuation)?:
                signals.entries[token] = nil
                signals.watchers = signals.watchers.filter { $0.value != token }
                return continuation
            default:
                return nil
            }
        }
        continuation?.resume(returning: reason)
    }

    /// One transition of `executionArn`: the tasks it ended and whether the execution stopped.
    func transitioned(_ executionArn: String, endedTasks: [String], completed: Bool) {
        let (tokens, watcher): ([String], String?) = signals.withLock { signals in
            guard !signals.entries.isEmpty else { return ([], nil) }
            let watched = endedTasks.filter { signals.entries[$0] != nil }
            return (watched, completed ? signals.watchers.removeValue(forKey: executionArn) : nil)
        }
        for token in tokens { signal(token: token, .taskEnded) }
        if let watcher { signal(token: watcher, .executionStopped) }
    }

    /// Waits for the first signal of `token` (``watch(token:)`` first); `.cancelled` when the calling task is
    /// cancelled or `token` is not watched.
    func wait(token: String) async -> Reason {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Reason, Never>) in
                let now: Reason? = signals.withLock { signals in
                    switch signals.entries[token] {
                    case .pending(let reason?)?:
                        signals.entries[token] = nil
                        signals.watchers = signals.watchers.filter { $0.value != token }
                        return reason
                    case .pending(nil)?:
                        signals.entries[token] = .waiting(continuation)
                        return nil
                    default:
                        return .cancelled
                    }
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            signal(token: token, .cancelled)
        }
    }
}
