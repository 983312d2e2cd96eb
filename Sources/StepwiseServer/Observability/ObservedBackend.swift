import Foundation
public import StepFunctionsAPI

/// A backend that passes every call to `base` and tells the observability parts what went by: polls of activities
/// (last poll, worker names) and executions started or redriven (so ``ExecutionObserver`` follows them).
public struct ObservedBackend<Base: StepFunctionsBackend>: StepFunctionsBackend {
    public let base: Base
    public let activities: ActivityObservations
    public let executions: ExecutionObserver?

    public init(_ base: Base, activities: ActivityObservations, executions: ExecutionObserver?) {
        self.base = base
        self.activities = activities
        self.executions = executions
    }

    public func createStateMachine(_ input: CreateStateMachineInput) async throws -> CreateStateMachineOutput { try await base.createStateMachine(input) }
    public func updateStateMachine(_ input: UpdateStateMachineInput) async throws -> UpdateStateMachineOutput { try await base.updateStateMachine(input) }
    public func describeStateMachine(_ input: DescribeStateMachineInput) async throws -> DescribeStateMachineOutput { try await base.describeStateMachine(input) }
    public func deleteStateMachine(_ input: DeleteStateMachineInput) async throws -> DeleteStateMachineOutput { try await base.deleteStateMachine(input) }
    public func listStateMachines(_ input: ListStateMachinesInput) async throws -> ListStateMachinesOutput { try await base.listStateMachines(input) }
    public func validateStateMachineDefinition(_ input: ValidateStateMachineDefinitionInput) async throws -> ValidateStateMachineDefinitionOutput { try await base.validateStateMachineDefinition(input) }
    public func describeStateMachineForExecution(_ input: DescribeStateMachineForExecutionInput) async throws -> DescribeStateMachineForExecutionOutput { try await base.describeStateMachineForExecution(input) }
    public func createActivity(_ input: CreateActivityInput) async throws -> CreateActivityOutput { try await base.createActivity(input) }
    public func describeActivity(_ input: DescribeActivityInput) async throws -> DescribeActivityOutput { try await base.describeActivity(input) }
    public func deleteActivity(_ input: DeleteActivityInput) async throws -> DeleteActivityOutput { try await base.deleteActivity(input) }
    public func listActivities(_ input: ListActivitiesInput) async throws -> ListActivitiesOutput { try await base.listActivities(input) }
    public func getActivityTask(_ input: GetActivityTaskInput) async throws -> GetActivityTaskOutput {
        activities.recordPoll(activityArn: input.activityArn, workerName: input.workerName)
        defer { activities.recordPoll(activityArn: input.activityArn, workerName: input.workerName) }
        return try await base.getActivityTask(input)
    }

    public func startExecution(_ input: StartExecutionInput) async throws -> StartExecutionOutput {
        let output = try await base.startExecution(input)
        await executions?.track(executionArn: output.executionArn, stateMachineArn: input.stateMachineArn)
        return output
    }

    public func startSyncExecution(_ input: StartSyncExecutionInput) async throws -> StartSyncExecutionOutput { try await base.startSyncExecution(input) }
    public func stopExecution(_ input: StopExecutionInput) async throws -> StopExecutionOutput { try await base.stopExecution(input) }
    public func describeExecution(_ input: DescribeExecutionInput) async throws -> DescribeExecutionOutput { try await base.describeExecution(input) }
    public func listExecutions(_ input: ListExecutionsInput) async throws -> ListExecutionsOutput { try await base.listExecutions(input) }
    public func getExecutionHistory(_ input: GetExecutionHistoryInput) async throws -> GetExecutionHistoryOutput { try await base.getExecutionHistory(input) }
    public func redriveExecution(_ input: RedriveExecutionInput) async throws -> RedriveExecutionOutput {
        let output = try await base.redriveExecution(input)
        // arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME names its machine: no extra call to the backend.
        let parts = input.executionArn.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count >= 8, parts[5] == "execution" {
            let machine = (parts[0..<5] + ["stateMachine", parts[6]]).joined(separator: ":")
            await executions?.track(executionArn: input.executionArn, stateMachineArn: machine)
        }
        return output
    }

    public func sendTaskSuccess(_ input: SendTaskSuccessInput) async throws -> SendTaskSuccessOutput { try await base.sendTaskSuccess(input) }
    public func sendTaskFailure(_ input: SendTaskFailureInput) async throws -> SendTaskFailureOutput { try await base.sendTaskFailure(input) }
    public func sendTaskHeartbeat(_ input: SendTaskHeartbeatInput) async throws -> SendTaskHeartbeatOutput { try await base.sendTaskHeartbeat(input) }
    public func tagResource(_ input: TagResourceInput) async throws -> TagResourceOutput { try await base.tagResource(input) }
    public func untagResource(_ input: UntagResourceInput) async throws -> UntagResourceOutput { try await base.untagResource(input) }
    public func listTagsForResource(_ input: ListTagsForResourceInput) async throws -> ListTagsForResourceOutput { try await base.listTagsForResource(input) }
    public func describeMapRun(_ input: DescribeMapRunInput) async throws -> DescribeMapRunOutput { try await base.describeMapRun(input) }
    public func listMapRuns(_ input: ListMapRunsInput) async throws -> ListMapRunsOutput { try await base.listMapRuns(input) }
    public func updateMapRun(_ input: UpdateMapRunInput) async throws -> UpdateMapRunOutput { try await base.updateMapRun(input) }

    public func awaitExecution(executionArn: String, maxInterval: Duration) async throws -> DescribeExecutionOutput {
        try await base.awaitExecution(executionArn: executionArn, maxInterval: maxInterval)
    }

    public var activityPollCancellationIsSafe: Bool { base.activityPollCancellationIsSafe }

    public func redeliverActivityTask(taskToken: String) async { await base.redeliverActivityTask(taskToken: taskToken) }

    public func ensureExecutionRole(stateMachineName: String, definition: String) async throws -> String {
        try await base.ensureExecutionRole(stateMachineName: stateMachineName, definition: definition)
    }

    public func refreshExecutionRole(roleArn: String, definition: String) async throws {
        try await base.refreshExecutionRole(roleArn: roleArn, definition: definition)
    }
}
