import Foundation
import NIOCore
import ServiceLifecycle
import StepFunctionsAPI
import Synchronization

/// Runs long polls (`GetActivityTask`) so that they end with their connection, their time limit and the server:
/// - when the client disconnects, the backend call is cancelled (a backend must then not hand out a task: the
///   client that would have received it is gone);
/// - after `timeout` (AWS holds a poll for at most 60 seconds) the call is cancelled and answers "no task" (`{}`),
///   unless the backend still returns a task;
/// - on graceful shutdown the poll is cancelled and answers "no task" (`{}`), as AWS answers an empty poll;
/// - when its client withdraws it (``ActivityPollWithdrawal``, `withdrawn` fires) it ends as after its time limit:
///   the answer is the task the backend returns despite the cancellation, or "no task"; the client, still reading,
///   gets either, so a task is in the answer or still queued;
/// - a task the backend handed out as the client went away (the close and the hand-off crossed) cannot reach that
///   client: it is given back (`undelivered`, ``redeliver(_:to:)``) instead of being written to a dead connection,
///   where it was lost and its execution waited for ever.
enum LongPoll {
    static let emptyResponse = Array("{}".utf8)

    private enum Outcome: Sendable {
        case response([UInt8])
        case disconnected
        case timedOut
        /// The poll was withdrawn by its client: it ends as on its time limit.
        case withdrawn
        /// A child that ended because the race was over.
        case ended
    }

    static func run(
        on channel: any Channel, timeout: Duration, withdrawn: OneShotSignal? = nil,
        undelivered: @escaping @Sendable ([UInt8]) async -> Void = { _ in },
        _ operation: @escaping @Sendable () async throws -> [UInt8]
    ) async throws -> [UInt8] {
        do {
            return try await cancelWhenGracefulShutdown {
                try await race(channel, timeout: timeout, withdrawn: withdrawn, undelivered: undelivered, operation)
            }
        } catch is CancellationError where channel.isActive && !Task.isCancelled {
            return emptyResponse
        }
    }

    /// Runs `operation`, cancelling it if `channel` closes, `timeout` passes or `withdrawn` fires first. After a
    /// timeout or a withdrawal the answer is the operation's own (if it finished despite the cancellation) or
    /// "no task".
    ///
    /// A response that arrives once the client is gone (its close, or the channel's, seen first) goes to
    /// `undelivered`, and the client is answered nothing (the connection is closing).
    static func race(
        _ channel: any Channel, timeout: Duration, withdrawn: OneShotSignal? = nil,
        undelivered: @escaping @Sendable ([UInt8]) async -> Void = { _ in },
        _ operation: @escaping @Sendable () async throws -> [UInt8]
    ) async throws -> [UInt8] {
        let closed = OneShotSignal()
        return try await withThrowingTaskGroup(of: Outcome.self) { group in
            group.addTask { .response(try await operation()) }
            group.addTask {
                await waitForClose(channel, closed: closed)
                return .disconnected
            }
            group.addTask {
                // Never throws: the only error the group yields is the operation's, so the race never ends on
                // another child's cancellation while the operation may still return a task (which would be
                // discarded with the group, lost).
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? .ended : .timedOut
            }
            if let withdrawn {
                group.addTask {
                    // `withdrawn` has this one waiter; the race's end (cancellation) releases it too.
                    await withTaskCancellationHandler {
                        await withCheckedContinuation { withdrawn.wait($0) }
                    } onCancel: {
                        withdrawn.fire()
                    }
                    return Task.isCancelled ? .ended : .withdrawn
                }
            }
            // Set once the poll is to end as on its time limit (timeout, withdrawal).
            var timedOut = false
            while true {
                let outcome: Outcome?
                do {
                    outcome = try await group.next()
                } catch is CancellationError where timedOut {
                    return emptyResponse
                }
                switch outcome {
                case .response(let bytes):
                    group.cancelAll()
                    if closed.isFired {
                        await undelivered(bytes)
                        throw CancellationError()
                    }
                    return bytes
                case .timedOut, .withdrawn:
                    timedOut = true
                    group.cancelAll()
                case .ended:
                    continue
                case .disconnected:
                    group.cancelAll()
                case nil:
                    throw CancellationError()
                }
            }
        }
    }

    /// Returns when the client closes its side of the connection (the server allows half-closure, so this is an
    /// `inputClosed` event, not a closed channel), the channel closes, or the calling task is cancelled.
    /// `closed`, when given, fires on the close only (not when the calling task is cancelled).
    static func waitForClose(_ channel: any Channel, closed: OneShotSignal? = nil) async {
        let signal = OneShotSignal()
        let name = "stepwise.long-poll.\(ObjectIdentifier(signal).hashValue)"
        let installed = channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(InputClosedHandler(signal: signal, closed: closed), name: name, position: .first)
        }
        channel.closeFuture.whenComplete { _ in
            closed?.fire()
            signal.fire()
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { signal.wait($0) }
        } onCancel: {
            signal.fire()
        }
        installed.whenSuccess { _ = channel.pipeline.removeHandler(name: name) }
    }

    /// Gives a task answer that could not be delivered back to the backend (a `GetActivityTask` output with a token).
    static func redeliver(_ bytes: [UInt8], to backend: some StepFunctionsBackend) async {
        guard let output = try? JSONDecoder().decode(GetActivityTaskOutput.self, from: Data(bytes)),
            let token = output.taskToken, !token.isEmpty
        else { return }
        await backend.redeliverActivityTask(taskToken: token)
    }
}

/// Fires a signal when the remote peer closes its output (the request's client went away).
final class InputClosedHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    let signal: OneShotSignal
    let closed: OneShotSignal?

    init(signal: OneShotSignal, closed: OneShotSignal? = nil) {
        self.signal = signal
        self.closed = closed
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            closed?.fire()
            signal.fire()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed?.fire()
        signal.fire()
        context.fireChannelInactive()
    }
}

/// A signal that resumes its one waiter once, whether it fires before or after the waiter arrives.
final class OneShotSignal: Sendable {
    private let state = Mutex<(fired: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    func wait(_ continuation: CheckedContinuation<Void, Never>) {
        let fired = state.withLock { state -> Bool in
            if !state.fired { state.waiter = continuation }
            return state.fired
        }
        if fired { continuation.resume() }
    }

    /// Whether it has fired.
    var isFired: Bool { state.withLock { $0.fired } }

    func fire() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.fired else { return nil }
            state.fired = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
