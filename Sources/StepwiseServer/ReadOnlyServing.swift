import StepFunctionsAPI

/// Serving a database read-only (`stepwise serve` on a read-only file or directory): the operations that only read
/// (`Describe*`, `List*`, `GetExecutionHistory`, `ValidateStateMachineDefinition`) are answered; every other one is
/// refused before it reaches the backend, with AWS's `AccessDeniedException` (HTTP 400) naming the reason.
///
/// An allowlist, so that an operation added later is refused until it is known to read only.
enum ReadOnlyServing {
    /// Whether `operation` only reads.
    static func allows(_ operation: StepFunctionsOperation) -> Bool {
        let name = operation.rawValue
        return name.hasPrefix("Describe") || name.hasPrefix("List") || name == "GetExecutionHistory"
            || name == "ValidateStateMachineDefinition"
    }

    /// The answer to an operation that would write. The wording is Stepwise's (AWS has no read-only endpoints).
    static func refusal(_ operation: StepFunctionsOperation, reason: String) -> StepFunctionsError {
        StepFunctionsError(
            .accessDeniedException,
            "This endpoint serves its database read-only (\(reason)): \(operation.rawValue) is refused; "
                + "only Describe*, List*, GetExecutionHistory and ValidateStateMachineDefinition are answered.")
    }
}
