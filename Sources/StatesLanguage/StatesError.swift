/// A runtime failure with an ASL error name and a cause, as it appears in a state's error output
/// (`{"Error": ..., "Cause": ...}`), in Retry/Catch matching and in the execution history.
public struct StatesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The ASL error name, e.g. `States.Runtime` or a user's own name.
    public var error: String
    /// A human-readable cause.
    public var cause: String

    /// The error or cause was not given at all (a worker's SendTaskFailure without them): the error output has
    /// `null` for it, as AWS's has. An empty one that was given (a timeout's cause) stays `""`.
    public var errorAbsent = false
    public var causeAbsent = false

    /// Where in its state a JSONata expression failed (`Output/FunctionResult`, `Arguments/Input/id`, `Items`):
    /// the `location` of the `EvaluationFailed` event AWS records for a `States.QueryEvaluationError` of a field.
    /// Nil for every other error. Not part of equality: it says where, not what, failed.
    public var location: String?

    /// The field failed after its state was entered rather than while entering it, so AWS chains the
    /// `EvaluationFailed` event to the `StateEntered` event (a JSONata Wait state's `Timestamp` that is not a
    /// date-time). Not part of equality.
    public var chainsToStateEntered = false

    public static func == (lhs: StatesError, rhs: StatesError) -> Bool {
        lhs.error == rhs.error && lhs.cause == rhs.cause && lhs.errorAbsent == rhs.errorAbsent
            && lhs.causeAbsent == rhs.causeAbsent
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(error)
        hasher.combine(cause)
        hasher.combine(errorAbsent)
        hasher.combine(causeAbsent)
    }

    public init(_ error: String, cause: String) {
        self.error = error
        self.cause = cause
    }

    /// A failure a worker reported, with nil for what it did not give.
    public static func reported(error: String?, cause: String?) -> StatesError {
        var reported = StatesError(error ?? "", cause: cause ?? "")
        reported.errorAbsent = error == nil
        reported.causeAbsent = cause == nil
        return reported
    }

    public var description: String { "\(error): \(cause)" }

    /// The error output AWS passes to a Catch: `{"Error": ..., "Cause": ...}`.
    public var errorOutput: JSONValue {
        ["Error": errorAbsent ? .null : .string(reportedError), "Cause": causeAbsent ? .null : .string(cause)]
    }

    /// The name as the history, a Catch's error output and the execution report it: a heartbeat timeout is
    /// `States.Timeout` there (AWS records `"error": "States.Timeout"` on its `TaskTimedOut`/`ActivityTimedOut` and on
    /// `ExecutionFailed`); `States.HeartbeatTimeout` is a name for `Retry` and `Catch` to match, and ``error`` keeps
    /// it for them.
    public var reportedError: String { error == Name.heartbeatTimeout ? Name.timeout : error }
}

extension StatesError {
    /// The predefined error names of the States Language.
    public enum Name {
        public static let all = "States.ALL"
        public static let heartbeatTimeout = "States.HeartbeatTimeout"
        public static let timeout = "States.Timeout"
        public static let taskFailed = "States.TaskFailed"
        public static let permissions = "States.Permissions"
        public static let resultPathMatchFailure = "States.ResultPathMatchFailure"
        public static let parameterPathFailure = "States.ParameterPathFailure"
        public static let queryEvaluationError = "States.QueryEvaluationError"
        public static let branchFailed = "States.BranchFailed"
        /// Named by the States Language for a Choice state that matches no rule and has no Default, but AWS reports that
        /// case as ``runtime`` (``StatesError/noNextState``).
        public static let noChoiceMatched = "States.NoChoiceMatched"
        public static let intrinsicFailure = "States.IntrinsicFailure"
        public static let exceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold"
        public static let itemReaderFailed = "States.ItemReaderFailed"
        public static let resultWriterFailed = "States.ResultWriterFailed"
        public static let runtime = "States.Runtime"
        public static let dataLimitExceeded = "States.DataLimitExceeded"
    }
}

extension StatesError {
    /// A Choice state that matched no rule and has no Default, as AWS reports it: `States.Runtime`, "Failed to
    /// transition out of the state. The state does not point to a next state." (the engine puts AWS's prefix naming
    /// the state before it; the States Language's `States.NoChoiceMatched` is not what AWS raises).
    public static let noNextState = StatesError(
        Name.runtime, cause: "Failed to transition out of the state. The state does not point to a next state.")
}
