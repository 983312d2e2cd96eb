/// An execution that did not succeed: its status and its ASL error name and cause, as `DescribeExecution` gives them.
public struct WorkflowFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The execution's ARN.
    public var executionArn: String
    /// `FAILED`, `TIMED_OUT` or `ABORTED`.
    public var status: String
    /// The ASL error name (`States.Timeout`, `States.TaskFailed`, a handler's error name, ...); empty when the
    /// execution ended without one (a `StopExecution` without an error).
    public var error: String
    /// The cause, empty when there is none.
    public var cause: String

    /// A failure with these fields.
    public init(executionArn: String = "", status: String, error: String, cause: String) {
        self.executionArn = executionArn
        self.status = status
        self.error = error
        self.cause = cause
    }

    public var description: String { "execution \(status): \(error)\(cause.isEmpty ? "" : ": \(cause)")" }
}
