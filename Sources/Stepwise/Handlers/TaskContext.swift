/// What a running handler knows about its task, and how it reports progress.
///
/// The worker runtime creates contexts; tests create one with ``testing(activityName:taskToken:heartbeat:)``.
/// A handler whose task timed out or whose execution stopped is cancelled: long work should check
/// `Task.isCancelled` or call cancellable APIs. `Sendable`: a value.
public struct TaskContext: Sendable {
    /// The activity the task came from.
    public var activityName: String
    /// The token the worker answers the task with.
    public var taskToken: String
    private let sendHeartbeat: @Sendable () async throws -> Void

    /// Creates a context whose ``heartbeat()`` calls `heartbeat`.
    public init(activityName: String, taskToken: String, heartbeat: @escaping @Sendable () async throws -> Void) {
        self.activityName = activityName
        self.taskToken = taskToken
        self.sendHeartbeat = heartbeat
    }

    /// Tells the engine the task is still running (`SendTaskHeartbeat`), so a step with `HeartbeatSeconds`
    /// does not time out.
    ///
    /// ``ActivityWorker`` also sends heartbeats by itself while a handler runs (a third of the handler's declared
    /// ``TaskHandler/heartbeat``), so call this only for finer control, such as after each item of a long batch.
    /// When the answer says the task is gone, the worker cancels the handler's Swift task as well.
    /// - Throws: `StepFunctionsError` `TaskTimedOut` when the task timed out or its execution stopped (the
    ///   embedded engine answers this for both; AWS does not document which it sends for a stopped execution),
    ///   `TaskDoesNotExist` or `InvalidToken`; or a transport error.
    public func heartbeat() async throws { try await sendHeartbeat() }

    /// A context for unit tests of a handler: no engine, heartbeats go to `heartbeat` (by default nowhere).
    public static func testing(
        activityName: String = "test", taskToken: String = "test-task-token",
        heartbeat: @escaping @Sendable () async throws -> Void = {}
    ) -> TaskContext {
        TaskContext(activityName: activityName, taskToken: taskToken, heartbeat: heartbeat)
    }
}
