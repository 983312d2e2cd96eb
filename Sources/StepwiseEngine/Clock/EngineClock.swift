public import Foundation

/// The source of time for an engine: wall-clock time for timestamps and timer due dates, and a way to
/// wait until a due date.
///
/// Inject ``SystemEngineClock`` in production and a manual clock (from `StepwiseTesting`) in tests, so a
/// two-minute `Wait` or a one-hour task timeout takes no real time.
public protocol EngineClock: Sendable {
    /// The current time.
    var now: Date { get }
    /// Suspends until ``now`` is at or after `deadline`.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled first.
    func sleep(until deadline: Date) async throws
    /// Whether StartExecution and RedriveExecution answer only once the states they let run are durable (default
    /// false: they answer once the start is durable, and the states run right after). A clock that tests move by
    /// hand says true, so that a test advancing it next finds the timers those states armed.
    var settlesBeforeAnswering: Bool { get }
}

extension EngineClock {
    public var settlesBeforeAnswering: Bool { false }
}

/// The real clock: `Date()` and `Task.sleep`.
public struct SystemEngineClock: EngineClock {
    public init() {}

    public var now: Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let interval = deadline.timeIntervalSinceNow
        if interval > 0 {
            try await Task.sleep(for: .nanoseconds(Int64(min(interval, 86_400 * 365) * 1e9)))
        } else {
            try Task.checkCancellation()
        }
    }
}
