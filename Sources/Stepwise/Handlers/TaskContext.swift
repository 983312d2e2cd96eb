/// What a running handler knows about its task, and how it reports progress.
///
/// The worker runtime creates contexts; tests create one with ``testing(activityName:taskToken:heartbeat:)``.
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
    /// does not time out. The worker also sends heartbeats automatically while a handler runs.
    /// - Throws: when the engine no longer accepts the task (it timed out, or its execution stopped).
    public func heartbeat() async throws { try await sendHeartbeat() }

    /// A context for unit tests of a handler: no engine, heartbeats go to `heartbeat` (by default nowhere).
    public static func testing(
        activityName: String = "test", taskToken: String = "test-task-token",
        heartbeat: @escaping @Sendable () async throws -> Void = {}
    ) -> TaskContext {
        TaskContext(activityName: activityName, taskToken: taskToken, heartbeat: heartbeat)
    }
}
