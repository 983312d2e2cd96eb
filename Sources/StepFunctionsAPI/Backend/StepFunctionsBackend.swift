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

    // Versions and aliases (defaults: `UnknownOperationException`, see StepFunctionsBackend+Versions.swift)
    func publishStateMachineVersion(_ input: PublishStateMachineVersionInput) async throws -> PublishStateMachineVersionOutput
    func listStateMachineVersions(_ input: ListStateMachineVersionsInput) async throws -> ListStateMachineVersionsOutput
    func deleteStateMachineVersion(_ input: DeleteStateMachineVersionInput) async throws -> DeleteStateMachineVersionOutput
    func createStateMachineAlias(_ input: CreateStateMachineAliasInput) async throws -> CreateStateMachineAliasOutput
    func describeStateMachineAlias(_ input: DescribeStateMachineAliasInput) async throws -> DescribeStateMachineAliasOutput
    func updateStateMachineAlias(_ input: UpdateStateMachineAliasInput) async throws -> UpdateStateMachineAliasOutput
    func deleteStateMachineAlias(_ input: DeleteStateMachineAliasInput) async throws -> DeleteStateMachineAliasOutput
    func listStateMachineAliases(_ input: ListStateMachineAliasesInput) async throws -> ListStateMachineAliasesOutput

    // Testing one state
    func testState(_ input: TestStateInput) async throws -> TestStateOutput

    // Map Runs (a default refuses them with `UnknownOperationException`, for backends without Distributed Maps)
    func describeMapRun(_ input: DescribeMapRunInput) async throws -> DescribeMapRunOutput
    func listMapRuns(_ input: ListMapRunsInput) async throws -> ListMapRunsOutput
    func updateMapRun(_ input: UpdateMapRunInput) async throws -> UpdateMapRunOutput

    // What the Stepwise layer (ensure, await, workers) asks of a backend beyond the operations. Each has a
    // default that works on any endpoint; backends that can do better override it.

    /// Waits until the execution has stopped and answers its description, with input and output.
    ///
    /// The default polls `DescribeExecution` with exponential backoff (50 ms, growing by half each time, at most
    /// `maxInterval` apart); the embedded engine answers the moment the execution's end is durable.
    /// - Throws: `ExecutionDoesNotExist`, or whatever `DescribeExecution` throws.
    func awaitExecution(executionArn: String, maxInterval: Duration) async throws -> DescribeExecutionOutput

    /// Whether cancelling a `GetActivityTask` call can never lose a task. True for the embedded engine and
    /// `stepwise serve` (a poll whose caller went away does not take a task); false for AWS, where a task handed to
    /// a connection that was closed waits for its timeout. Workers cancel polls on shutdown only when this is true,
    /// and otherwise let the poll finish and run or hand back what it brings.
    var activityPollCancellationIsSafe: Bool { get }

    /// Gives back an activity task handed to a poll whose caller was gone before the answer reached it (`stepwise
    /// serve` calls it when a long poll's connection closed as the task was handed out), so the next poll gets it.
    /// Stepwise's own, not an AWS operation: the default does nothing (on AWS the task waits for its timeout).
    func redeliverActivityTask(taskToken: String) async

    /// The IAM role ARN a new state machine named `stateMachineName` runs with, when the caller gives none.
    ///
    /// The default answers a fixed role in account `123456789012`, which endpoints that do not check roles (the
    /// embedded engine, emulators) accept; the AWS backend ensures a real role trusted by `states.amazonaws.com`.
    func ensureExecutionRole(stateMachineName: String, definition: String) async throws -> String

    /// Gives a role this backend ensured the permissions of `definition`, after its state machine's definition
    /// changed. The default does nothing; the AWS backend replaces the role's inline policy when it manages the role.
    func refreshExecutionRole(roleArn: String, definition: String) async throws
}

extension StepFunctionsBackend {
    public func awaitExecution(executionArn: String, maxInterval: Duration) async throws -> DescribeExecutionOutput {
        var interval = Duration.milliseconds(50)
        while true {
            let described = try await describeExecution(DescribeExecutionInput(executionArn: executionArn))
            if described.status != .running && described.status != .pendingRedrive { return described }
            try await Task.sleep(for: interval)
            interval = min(interval * 3 / 2, maxInterval)
        }
    }

    /// Waits until the execution has stopped, polling at most 2 seconds apart.
    public func awaitExecution(executionArn: String) async throws -> DescribeExecutionOutput {
        try await awaitExecution(executionArn: executionArn, maxInterval: .seconds(2))
    }

    public var activityPollCancellationIsSafe: Bool { false }

    public func redeliverActivityTask(taskToken: String) async {}

    public func ensureExecutionRole(stateMachineName: String, definition: String) async throws -> String {
        "arn:aws:iam::123456789012:role/StepwiseExecutionRole"
    }

    public func refreshExecutionRole(roleArn: String, definition: String) async throws {}
}
