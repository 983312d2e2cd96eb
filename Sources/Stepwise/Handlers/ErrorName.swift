import StatesLanguage

/// The ASL name of an error, as it appears in `ErrorEquals`, in a Fail state, and in an execution's history.
///
/// Handlers and the DSL spell a Swift error type's name the same way: ``of(_:)`` gives the name the worker
/// reports when a handler throws that type, so `.retry(on: ErrorName.of(OvenCold.self))` matches it.
///
/// ```swift
/// RetryPolicy(on: [.timeout, ErrorName.of(OvenCold.self)], interval: .seconds(60), maxAttempts: 3)
/// ```
public struct ErrorName: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The name as written in ASL.
    public var rawValue: String

    /// A name given as text, such as `"PizzaBurnt"` or `"States.Timeout"`.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// The name a worker reports for a thrown error of this Swift type: the type's name, without its module.
    public static func of<E: Error>(_ type: E.Type) -> ErrorName { ErrorName(typeName(of: type)) }

    /// The name a worker reports for this thrown error: a ``TaskFailure``'s own name, otherwise the name of the
    /// error's dynamic type.
    public static func of(_ error: any Error) -> ErrorName {
        if let failure = error as? TaskFailure { return ErrorName(failure.error) }
        return ErrorName(typeName(of: type(of: error)))
    }

    static func typeName(of type: Any.Type) -> String {
        let full = String(describing: type)
        // Generic arguments are dropped (`Wrapped<Int>` → `Wrapped`) so the name stays a valid, stable identifier.
        if let angle = full.firstIndex(of: "<") { return String(full[..<angle]) }
        return full
    }

    /// `States.ALL`: matches any error (in a retrier or catcher, alone and last).
    public static let all = ErrorName(StatesError.Name.all)
    /// `States.Timeout`: a task ran longer than its `TimeoutSeconds`, or the execution timed out.
    public static let timeout = ErrorName(StatesError.Name.timeout)
    /// `States.HeartbeatTimeout`: a task sent no heartbeat for longer than its `HeartbeatSeconds`.
    public static let heartbeatTimeout = ErrorName(StatesError.Name.heartbeatTimeout)
    /// `States.TaskFailed`: matches any task failure except `States.Timeout`.
    public static let taskFailed = ErrorName(StatesError.Name.taskFailed)
    /// `States.Permissions`: the task lacked permission to run.
    public static let permissions = ErrorName(StatesError.Name.permissions)
    /// `States.ResultPathMatchFailure`: the `ResultPath` could not be applied to the input.
    public static let resultPathMatchFailure = ErrorName(StatesError.Name.resultPathMatchFailure)
    /// `States.ParameterPathFailure`: a path in the parameters matched nothing.
    public static let parameterPathFailure = ErrorName(StatesError.Name.parameterPathFailure)
    /// `States.BranchFailed`: a branch of a Parallel state failed.
    public static let branchFailed = ErrorName(StatesError.Name.branchFailed)
    /// `States.NoChoiceMatched`: named by the States Language for a Choice state with no matching rule and no
    /// default; AWS (and Stepwise) report that case as `States.Runtime`.
    public static let noChoiceMatched = ErrorName(StatesError.Name.noChoiceMatched)
    /// `States.IntrinsicFailure`: an intrinsic function failed.
    public static let intrinsicFailure = ErrorName(StatesError.Name.intrinsicFailure)
    /// `States.ExceedToleratedFailureThreshold`: a Map state had more failed items than it tolerates.
    public static let exceedToleratedFailureThreshold = ErrorName(StatesError.Name.exceedToleratedFailureThreshold)
    /// `States.Runtime`: a run-time error such as an invalid path.
    public static let runtime = ErrorName(StatesError.Name.runtime)
    /// `States.DataLimitExceeded`: a payload was larger than 256 KiB.
    public static let dataLimitExceeded = ErrorName(StatesError.Name.dataLimitExceeded)
}
