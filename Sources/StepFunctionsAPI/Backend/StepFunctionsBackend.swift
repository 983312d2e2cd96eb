/// An implementation of the AWS Step Functions API: the embedded engine, the AWS client, or a test double.
///
/// One method per operation, named as the operation in lower camel case, taking the operation's request shape
/// and returning its response shape. Methods throw ``StepFunctionsError`` with AWS's error codes; the HTTP server
/// renders any other error as `InternalFailure`.
///
/// Requests that reach a backend through ``StepFunctionsOperation/invoke(on:body:)`` (the HTTP server) have passed
/// ``StepFunctionsRequest/validateRequest()``: member constraints, names, ARN formats and JSON payloads. Backends
/// called directly can call it themselves.
public protocol StepFunctionsBackend: Sendable {
    // State machines
    func createStateMachine(_ input: CreateStateMachineInput) async throws -> CreateStateMachineOutput
    func updateStateMachine(_ input: UpdateStateMachineInput) async throws -> UpdateStateMachineOutput
    func describeStateMachine(_ input: DescribeStateMachineInput) async throws -> DescribeStateMachineOutput
    func deleteStateMachine(_ input: DeleteStateMachineInput) async throws -> DeleteStateMachineOutput
    func listStateMachines(_ input: ListStateMachinesInput) async throws -> ListStateMachinesOutput
    func validateStateMachineDefinition(_ input: ValidateStateMachineDefinitionInput) async throws -> ValidateStateMachineDefinitionOutput
    func describeStateMachineForExecution(_ input: DescribeStateMachineForExecutionInput) async throws
        -> DescribeStateMachineForExecutionOutput

    // Activities
    func createActivity(_ input: CreateActivityInput) async throws -> CreateActivityOutput
    func describeActivity(_ input: DescribeActivityInput) async throws -> DescribeActivityOutput
    func deleteActivity(_ input: DeleteActivityInput) async throws -> DeleteActivityOutput
    func listActivities(_ input: ListActivitiesInput) async throws -> ListActivitiesOutput
    /// Long-polls for up to 60 seconds; answers an empty output (no `taskToken`) when no task arrives. A poll whose
    /// calling task is cancelled must not take a task.
    func getActivityTask(_ input: GetActivityTaskInput) async throws -> GetActivityTaskOutput

    // Executions
    func startExecution(_ input: StartExecutionInput) async throws -> StartExecutionOutput
    func startSyncExecution(_ input: StartSyncExecutionInput) async throws -> StartSyncExecutionOutput
    func stopExecution(_ input: StopExecutionInput) async throws -> StopExecutionOutput
    func describeExecution(_ input: DescribeExecutionInput) async throws -> DescribeExecutionOutput
    func listExecutions(_ input: ListExecutionsInput) async throws -> ListExecutionsOutput
    func getExecutionHistory(_ input: GetExecutionHistoryInput) async throws -> GetExecutionHistoryOutput
    func redriveExecution(_ input: RedriveExecutionInput) async throws -> RedriveExecutionOutput

    // Task tokens
    func sendTaskSuccess(_ input: SendTaskSuccessInput) async throws -> SendTaskSuccessOutput
    func sendTaskFailure(_ input: SendTaskFailureInput) async throws -> SendTaskFailureOutput
    func sendTaskHeartbeat(_ input: SendTaskHeartbeatInput) async throws -> SendTaskHeartbeatOutput

    // Tags
    func tagResource(_ input: TagResourceInput) async throws -> TagResourceOutput
    func untagResource(_ input: UntagResourceInput) async throws -> UntagResourceOutput
    func listTagsForResource(_ input: ListTagsForResourceInput) async throws -> ListTagsForResourceOutput
}
