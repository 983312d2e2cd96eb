import Foundation
import Synchronization

/// Asynchronous invocations (`InvocationType: Event`), as Lambda documents them: the event is queued and the call
/// answers at once; a function error is retried twice (after ``LocalLambda/eventRetryDelays``); an event that cannot
/// run (throttled by reserved concurrency, or the local Lambda not listening yet) is retried with backoff until it
/// is ``LocalLambda/maximumEventAge`` old, then dropped. The queue is in memory: events still queued when the local
/// Lambda stops are lost (Lambda's own queue is durable; this emulation says so instead of pretending).
extension LocalLambda {
    /// Lambda's limit on an asynchronous request payload: 1 MB.
    public static let maxEventPayloadBytes = 1024 * 1024

    struct QueuedEvent {
        var function: String
        var task: Task<Void, Never>?
    }

    /// What became of the asynchronous invocations of one function so far.
    public struct EventStatistics: Sendable, Equatable {
        /// Events queued or waiting for a retry.
        public var pending: Int
        /// Events whose function succeeded.
        public var succeeded: Int
        /// Events dropped after their retries or their maximum age (Lambda would send them to a dead-letter queue or
        /// an on-failure destination).
        public var dropped: Int

        public init(pending: Int, succeeded: Int, dropped: Int) {
            self.pending = pending
            self.succeeded = succeeded
            self.dropped = dropped
        }
    }

    /// Queues an asynchronous invocation and answers its request id at once.
    /// - Throws: ``LocalLambdaError`` when the event is refused before it is queued: a missing function
    ///   (`ResourceNotFoundException`) or a payload over 1 MB (`RequestTooLargeException`).
    @discardableResult
    public func invokeEvent(functionName: String, payload: [UInt8]) throws(LocalLambdaError) -> String {
        guard payload.count <= Self.maxEventPayloadBytes else {
            // The wording follows the synchronous limit's message with the asynchronous size (a guess).
            throw LocalLambdaError(
                code: "RequestTooLargeException",
                message: "Request must be smaller than \(Self.maxEventPayloadBytes) bytes for the InvokeFunction operation", httpStatus: 413)
        }
        guard let name = LocalFunction.name(from: functionName), function(named: name) != nil else {
            throw .notFound(LocalFunction.name(from: functionName) ?? functionName, account: account, region: region)
        }
        let id = UUID().uuidString.lowercased()
        state.withLock { state in
            state.events[id] = QueuedEvent(function: name)
            // Created under the lock, so the task's own removal of its entry always comes after this insertion.
            state.events[id]?.task = Task { await self.deliver(event: id, function: name, payload: payload) }
        }
        return id
    }

    /// The asynchronous invocations of `name` so far.
    public func eventStatistics(of name: String) -> EventStatistics {
        state.withLock { state in
            let key = LocalFunction.name(from: name) ?? name
            let entry = state.functions[key]
            return EventStatistics(
                pending: state.events.values.filter { $0.function == key }.count,
                succeeded: entry?.eventsSucceeded ?? 0, dropped: entry?.eventsDropped ?? 0)
        }
    }

    /// Runs one event to its end: success, its retries spent, its age reached, its function deleted, or the local
    /// Lambda stopped (the task is cancelled).
    func deliver(event id: String, function name: String, payload: [UInt8]) async {
        let clock = ContinuousClock()
        let queued = clock.now
        var failures = 0
        var backoff = Duration.seconds(1)
        var succeeded = false
        defer {
            state.withLock { state in
                state.events[id] = nil
                if succeeded {
                    state.functions[name]?.eventsSucceeded += 1
                } else {
                    state.functions[name]?.eventsDropped += 1
                }
            }
        }
        while !Task.isCancelled {
            let delay: Duration
            do {
                let result = try await invoke(functionName: name, payload: payload)
                if result.functionError == nil {
                    succeeded = true
                    return
                }
                failures += 1
                guard failures <= eventRetryDelays.count else { return }
                delay = eventRetryDelays[failures - 1]
            } catch {
                // A deleted function drops its events; anything else that kept it from running is retried.
                if error.code == "ResourceNotFoundException" { return }
                guard queued.duration(to: clock.now) + backoff <= maximumEventAge else { return }
                delay = backoff
                backoff = min(backoff * 2, .seconds(300))
            }
            do { try await Task.sleep(for: delay) } catch { return }
        }
    }

    /// Cancels every queued event (the local Lambda stopped).
    func cancelEvents() {
        let tasks = state.withLock { state in state.events.values.compactMap(\.task) }
        for task in tasks { task.cancel() }
    }
}
