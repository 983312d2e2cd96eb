extension StepFunctionsError {
    /// `State Machine Does Not Exist: '<arn>'`, as AWS words it.
    public static func stateMachineDoesNotExist(_ arn: String) -> StepFunctionsError {
        StepFunctionsError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arn)'")
    }

    /// `State Machine Already Exists: '<arn>'` (a machine of that name exists with another definition or role).
    public static func stateMachineAlreadyExists(_ arn: String) -> StepFunctionsError {
        StepFunctionsError(.stateMachineAlreadyExists, "State Machine Already Exists: '\(arn)'")
    }

    /// `StateMachineTypeNotSupported` for an operation the machine's type does not support (StartSyncExecution on a
    /// STANDARD machine).
    public static func stateMachineTypeNotSupported() -> StepFunctionsError {
        StepFunctionsError(.stateMachineTypeNotSupported, "This operation is not supported by this type of state machine")
    }

    /// `Execution Does Not Exist: '<arn>'`, as AWS words it.
    public static func executionDoesNotExist(_ arn: String) -> StepFunctionsError {
        StepFunctionsError(.executionDoesNotExist, "Execution Does Not Exist: '\(arn)'")
    }

    /// `Execution Already Exists: '<arn>'` (same name, different input, or a finished execution).
    public static func executionAlreadyExists(_ arn: String) -> StepFunctionsError {
        StepFunctionsError(.executionAlreadyExists, "Execution Already Exists: '\(arn)'")
    }

    /// `Activity Does Not Exist: '<arn>'`, as AWS words it.
    public static func activityDoesNotExist(_ arn: String) -> StepFunctionsError {
        StepFunctionsError(.activityDoesNotExist, "Activity Does Not Exist: '\(arn)'")
    }

    /// `ResourceNotFound` for tagging calls on a resource that does not exist.
    public static func resourceNotFound(_ arn: String) -> StepFunctionsError {
        StepFunctionsError(.resourceNotFound, "Resource not found: '\(arn)'", resourceName: arn)
    }
}
