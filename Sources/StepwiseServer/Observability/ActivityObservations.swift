public import Foundation
import Synchronization

/// What the server saw of activity polls: when each activity was last polled, and by which workers.
///
/// The backend protocol does not tell who polls, so the server records it as `GetActivityTask` calls pass.
public final class ActivityObservations: Sendable {
    /// One activity's polls.
    public struct Polls: Sendable {
        public var lastPoll: Date
        /// Worker names (as sent in `workerName`; `(unnamed)` when none) and when each last polled.
        public var workers: [String: Date]
    }

    private let state = Mutex<[String: Polls]>([:])

    public init() {}

    /// Records a poll of `activityArn` by `workerName` at `date`.
    public func recordPoll(activityArn: String, workerName: String?, at date: Date = Date()) {
        state.withLock { polls in
            var entry = polls[activityArn] ?? Polls(lastPoll: date, workers: [:])
            entry.lastPoll = date
            entry.workers[workerName ?? "(unnamed)"] = date
            // Keep the 50 most recent workers per activity.
            if entry.workers.count > 50, let oldest = entry.workers.min(by: { $0.value < $1.value })?.key {
                entry.workers[oldest] = nil
            }
            polls[activityArn] = entry
        }
    }

    /// The polls of `activityArn`, if any was seen.
    public func polls(of activityArn: String) -> Polls? {
        state.withLock { $0[activityArn] }
    }
}
