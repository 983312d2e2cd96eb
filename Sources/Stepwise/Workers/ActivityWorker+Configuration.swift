import Foundation
public import Logging
import StepFunctionsAPI

extension ActivityWorker {
    /// How an ``ActivityWorker`` names itself, paces heartbeats and rides out backend errors. `Sendable`: a value.
    public struct Configuration: Sendable {
        /// The `workerName` sent with every `GetActivityTask` (AWS: 1 to 80 characters); it appears in the
        /// history's `ActivityStarted` events. By default `stepwise-<host>-<pid>`.
        public var workerName: String
        /// The share of a handler's declared heartbeat (``TaskDefaults/heartbeat``) after which the worker sends
        /// a heartbeat: by default a third, so two heartbeats may be lost before the task times out.
        public var heartbeatFraction: Double
        /// How often the worker sends a heartbeat for a handler that declares none, to learn that its task timed
        /// out or its execution stopped (and cancel the handler). `nil` sends none. By default 15 seconds.
        public var livenessInterval: Duration?
        /// The first delay after a failed `GetActivityTask` or `CreateActivity`; it doubles on each failure in a
        /// row up to ``maximumBackoff``, with jitter.
        public var initialBackoff: Duration
        /// The longest delay between attempts after backend errors.
        public var maximumBackoff: Duration
        /// How many times a result (`SendTaskSuccess` / `SendTaskFailure`) is tried before it is logged as lost.
        public var deliveryAttempts: Int
        /// When cancelling a poll is safe (``StepFunctionsBackend/activityPollCancellationIsSafe``), the longest a
        /// poll waits before the worker cancels it and polls again; a backstop against a poll that missed a
        /// task. `nil` waits as long as the backend's long poll. By default 5 seconds.
        public var pollRefreshInterval: Duration?
        /// Overrides the backend's ``StepFunctionsBackend/activityPollCancellationIsSafe`` when you know better
        /// (for example, a `StepFunctionsClient` pointed at `stepwise serve`, which drops a poll whose connection
        /// closes); `nil` asks the backend. When safe, shutdown cancels in-flight polls instead of waiting for them.
        public var activityPollCancellationIsSafe: Bool?
        /// Where the worker logs.
        public var logger: Logger

        public init(
            workerName: String = ActivityWorker.Configuration.defaultWorkerName, heartbeatFraction: Double = 1.0 / 3.0,
            livenessInterval: Duration? = .seconds(15), initialBackoff: Duration = .milliseconds(100),
            maximumBackoff: Duration = .seconds(10), deliveryAttempts: Int = 5,
            pollRefreshInterval: Duration? = .seconds(5), activityPollCancellationIsSafe: Bool? = nil,
            logger: Logger = Logger(label: "stepwise.worker")
        ) {
            self.workerName = String(workerName.prefix(80))
            self.heartbeatFraction = heartbeatFraction
            self.livenessInterval = livenessInterval
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
            self.deliveryAttempts = max(1, deliveryAttempts)
            self.pollRefreshInterval = pollRefreshInterval
            self.activityPollCancellationIsSafe = activityPollCancellationIsSafe
            self.logger = logger
        }

        /// `stepwise-<host>-<pid>`, at most 80 characters.
        public static var defaultWorkerName: String {
            let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
            return String("stepwise-\(host)-\(ProcessInfo.processInfo.processIdentifier)".prefix(80))
        }

        /// How often to send heartbeats for a handler with these defaults, or `nil` for none.
        func heartbeatInterval(for defaults: TaskDefaults) -> Duration? {
            if let heartbeat = defaults.heartbeat, heartbeat > .zero {
                return max(heartbeat * heartbeatFraction, .milliseconds(1))
            }
            return livenessInterval
        }
    }

    /// How an ``ActivityWorker`` stops.
    public enum ShutdownMode: Sendable, Hashable {
        /// Stop taking tasks, let the running handlers finish and report their results, then return.
        case graceful
        /// Stop taking tasks, cancel the running handlers and report each of their tasks as failed with
        /// ``ActivityWorker/shutdownError`` (`Stepwise.WorkerShutdown`), so no task waits for its timeout.
        case immediate
    }
}

/// An error of the worker runtime itself (not of a handler). `Sendable`: a value.
public struct WorkerError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Hashable { case alreadyStarted }
    private let code: Code

    /// ``ActivityWorker/run()`` was called a second time: a worker runs once.
    public static let alreadyStarted = WorkerError(code: .alreadyStarted)

    public var description: String {
        switch code {
        case .alreadyStarted: "the worker was already started: an ActivityWorker runs once"
        }
    }
}
