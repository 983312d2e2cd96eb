/// An error from an engine operation, named as AWS Step Functions names the same API error
/// (`ExecutionAlreadyExists`, `StateMachineDoesNotExist`, `TaskDoesNotExist`, `InvalidToken`, ...).
///
/// ``name`` is the AWS error type (what the Step Functions API puts in `__type`), ``message`` the text.
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The AWS error name, e.g. `ExecutionDoesNotExist`.
    public var name: String
    /// A human-readable message.
    public var message: String

    public init(_ name: String, _ message: String) {
        self.name = name
        self.message = message
    }

    public var description: String { "\(name): \(message)" }

    public static func invalidArn(_ message: String) -> EngineError { EngineError("InvalidArn", message) }
    public static func invalidName(_ message: String) -> EngineError { EngineError("InvalidName", message) }
    public static func invalidDefinition(_ message: String) -> EngineError { EngineError("InvalidDefinition", message) }
    public static func invalidExecutionInput(_ message: String) -> EngineError {
        EngineError("InvalidExecutionInput", message)
    }
    public static func invalidOutput(_ message: String) -> EngineError { EngineError("InvalidOutput", message) }
    public static func invalidToken(_ message: String) -> EngineError { EngineError("InvalidToken", message) }
    public static func taskDoesNotExist(_ message: String) -> EngineError { EngineError("TaskDoesNotExist", message) }
    public static func taskTimedOut(_ message: String) -> EngineError { EngineError("TaskTimedOut", message) }
    public static func stateMachineDoesNotExist(_ message: String) -> EngineError {
        EngineError("StateMachineDoesNotExist", message)
    }
    public static func stateMachineAlreadyExists(_ message: String) -> EngineError {
        EngineError("StateMachineAlreadyExists", message)
    }
    public static func stateMachineDeleting(_ message: String) -> EngineError {
        EngineError("StateMachineDeleting", message)
    }
    public static func executionDoesNotExist(_ message: String) -> EngineError {
        EngineError("ExecutionDoesNotExist", message)
    }
    public static func executionAlreadyExists(_ message: String) -> EngineError {
        EngineError("ExecutionAlreadyExists", message)
    }
    public static func executionLimitExceeded(_ message: String) -> EngineError {
        EngineError("ExecutionLimitExceeded", message)
    }
    public static func activityDoesNotExist(_ message: String) -> EngineError {
        EngineError("ActivityDoesNotExist", message)
    }
    public static func activityAlreadyExists(_ message: String) -> EngineError {
        EngineError("ActivityAlreadyExists", message)
    }
    public static func executionNotRedrivable(_ message: String) -> EngineError {
        EngineError("ExecutionNotRedrivable", message)
    }
    public static func validation(_ message: String) -> EngineError { EngineError("ValidationException", message) }
    public static func storage(_ message: String) -> EngineError { EngineError("InternalServerError", message) }
}
