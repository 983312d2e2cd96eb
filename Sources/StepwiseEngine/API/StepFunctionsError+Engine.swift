import StepFunctionsAPI

// The engine's errors are AWS's (`StepFunctionsError`); these build the ones whose message the engine words itself.
extension StepFunctionsError {
    static func invalidArn(_ message: String) -> Self { Self(.invalidArn, message) }
    static func invalidName(_ message: String) -> Self { Self(.invalidName, message) }
    static func invalidDefinition(_ message: String) -> Self { Self(.invalidDefinition, message) }
    static func invalidExecutionInput(_ message: String) -> Self { Self(.invalidExecutionInput, message) }
    static func invalidOutput(_ message: String) -> Self { Self(.invalidOutput, message) }
    static func invalidToken(_ message: String) -> Self { Self(.invalidToken, message) }
    static func taskDoesNotExist(_ message: String) -> Self { Self(.taskDoesNotExist, message) }
    static func taskTimedOut(_ message: String) -> Self { Self(.taskTimedOut, message) }
    static func stateMachineDeleting(_ message: String) -> Self { Self(.stateMachineDeleting, message) }
    static func executionLimitExceeded(_ message: String) -> Self { Self(.executionLimitExceeded, message) }
    static func activityAlreadyExists(_ message: String) -> Self { Self(.activityAlreadyExists, message) }
    static func executionNotRedrivable(_ message: String) -> Self { Self(.executionNotRedrivable, message) }
    static func validation(_ message: String) -> Self { Self(.validationException, message) }
    /// A failure of the engine's store (or a call after shutdown): AWS's `InternalFailure` (HTTP 500).
    static func storage(_ message: String) -> Self { Self(.internalFailure, message) }
}
