import Foundation
import Logging
public import StepFunctionsAPI

// The operations of `StepFunctionsBackend`, each one AWS JSON 1.0 call with standard retries.
extension StepFunctionsClient {
    /// Calls `CreateStateMachine`; while Step Functions cannot yet assume a role this client has just ensured, retries
    /// for up to ``StepFunctionsClientConfiguration/rolePropagationTimeout``.
    public func createStateMachine(_ input: CreateStateMachineInput) async throws -> CreateStateMachineOutput {
        try await waitingForRolePropagation(input.roleArn) { try await call(.createStateMachine, input) }
    }
    /// Calls `UpdateStateMachine`; retries as ``createStateMachine(_:)`` does while a new role propagates.
    public func updateStateMachine(_ input: UpdateStateMachineInput) async throws -> UpdateStateMachineOutput {
        try await waitingForRolePropagation(input.roleArn) { try await call(.updateStateMachine, input) }
    }
    /// Calls `DescribeStateMachine`.
    public func describeStateMachine(_ input: DescribeStateMachineInput) async throws -> DescribeStateMachineOutput { try await call(.describeStateMachine, input) }
    /// Calls `DeleteStateMachine`.
    public func deleteStateMachine(_ input: DeleteStateMachineInput) async throws -> DeleteStateMachineOutput { try await call(.deleteStateMachine, input) }
    /// Calls `ListStateMachines`.
    public func listStateMachines(_ input: ListStateMachinesInput) async throws -> ListStateMachinesOutput { try await call(.listStateMachines, input) }
    /// Calls `ValidateStateMachineDefinition`.
    public func validateStateMachineDefinition(_ input: ValidateStateMachineDefinitionInput) async throws -> ValidateStateMachineDefinitionOutput { try await call(.validateStateMachineDefinition, input) }
    /// Calls `DescribeStateMachineForExecution`.
    public func describeStateMachineForExecution(_ input: DescribeStateMachineForExecutionInput) async throws -> DescribeStateMachineForExecutionOutput { try await call(.describeStateMachineForExecution, input) }
    /// Calls `CreateActivity`.
    public func createActivity(_ input: CreateActivityInput) async throws -> CreateActivityOutput { try await call(.createActivity, input) }
    /// Calls `DescribeActivity`.
    public func describeActivity(_ input: DescribeActivityInput) async throws -> DescribeActivityOutput { try await call(.describeActivity, input) }
    /// Calls `DeleteActivity`.
    public func deleteActivity(_ input: DeleteActivityInput) async throws -> DeleteActivityOutput { try await call(.deleteActivity, input) }
    /// Calls `ListActivities`.
    public func listActivities(_ input: ListActivitiesInput) async throws -> ListActivitiesOutput { try await call(.listActivities, input) }
    /// Calls `StartSyncExecution`.
    public func startSyncExecution(_ input: StartSyncExecutionInput) async throws -> StartSyncExecutionOutput { try await call(.startSyncExecution, input) }
    /// Calls `StopExecution`.
    public func stopExecution(_ input: StopExecutionInput) async throws -> StopExecutionOutput { try await call(.stopExecution, input) }
    /// Calls `DescribeExecution`.
    public func describeExecution(_ input: DescribeExecutionInput) async throws -> DescribeExecutionOutput { try await call(.describeExecution, input) }
    /// Calls `ListExecutions`.
    public func listExecutions(_ input: ListExecutionsInput) async throws -> ListExecutionsOutput { try await call(.listExecutions, input) }
    /// Calls `GetExecutionHistory`.
    public func getExecutionHistory(_ input: GetExecutionHistoryInput) async throws -> GetExecutionHistoryOutput { try await call(.getExecutionHistory, input) }
    /// Calls `RedriveExecution`.
    public func redriveExecution(_ input: RedriveExecutionInput) async throws -> RedriveExecutionOutput { try await call(.redriveExecution, input) }
    /// Calls `SendTaskSuccess`.
    public func sendTaskSuccess(_ input: SendTaskSuccessInput) async throws -> SendTaskSuccessOutput { try await call(.sendTaskSuccess, input) }
    /// Calls `SendTaskFailure`.
    public func sendTaskFailure(_ input: SendTaskFailureInput) async throws -> SendTaskFailureOutput { try await call(.sendTaskFailure, input) }
    /// Calls `SendTaskHeartbeat`.
    public func sendTaskHeartbeat(_ input: SendTaskHeartbeatInput) async throws -> SendTaskHeartbeatOutput { try await call(.sendTaskHeartbeat, input) }
    /// Calls `TagResource`.
    public func tagResource(_ input: TagResourceInput) async throws -> TagResourceOutput { try await call(.tagResource, input) }
    /// Calls `UntagResource`.
    public func untagResource(_ input: UntagResourceInput) async throws -> UntagResourceOutput { try await call(.untagResource, input) }
    /// Calls `ListTagsForResource`.
    public func listTagsForResource(_ input: ListTagsForResourceInput) async throws -> ListTagsForResourceOutput { try await call(.listTagsForResource, input) }
    /// Calls `DescribeMapRun`.
    public func describeMapRun(_ input: DescribeMapRunInput) async throws -> DescribeMapRunOutput { try await call(.describeMapRun, input) }
    /// Calls `ListMapRuns`.
    public func listMapRuns(_ input: ListMapRunsInput) async throws -> ListMapRunsOutput { try await call(.listMapRuns, input) }
    /// Calls `UpdateMapRun`.
    public func updateMapRun(_ input: UpdateMapRunInput) async throws -> UpdateMapRunOutput { try await call(.updateMapRun, input) }

    /// Calls `StartExecution`. Without a name, the client names the execution with a UUID (the form AWS generates)
    /// before the first attempt, so that a retry after a lost answer is idempotent (AWS answers the same execution
    /// for the same name and input) instead of starting a second execution.
    public func startExecution(_ input: StartExecutionInput) async throws -> StartExecutionOutput {
        var input = input
        if input.name == nil { input.name = UUID().uuidString.lowercased() }
        return try await call(.startExecution, input)
    }

    /// Calls `GetActivityTask`, a long poll of up to 60 seconds.
    ///
    /// A long poll on AWS cannot be withdrawn: once sent, the service may hand a task to it at any moment. So the poll
    /// is not abandoned when the calling task is cancelled: the call waits for the answer and returns any task it
    /// received (the caller must run it or fail it with `SendTaskFailure`), and only then does cancellation apply
    /// to the caller. An attempt that times out is not retried (see ``retryClass(of:operation:)``).
    ///
    /// Against an endpoint that has said polls may be stopped (``activityPollCancellationIsSafe``, `stepwise serve`),
    /// cancelling the caller withdraws the poll (``ActivityPollWithdrawal``): the poll, tagged with a fresh id, is
    /// ended by a second small request, and its answer, now prompt, is still read: "no task", or a task the server
    /// handed it before the withdrawal, returned like any other (the caller must run it or fail it). Abandoning
    /// the request instead could drop a task the server had already written. If the endpoint does not know the
    /// withdrawal (an older server), cannot be reached, or the answer does not come within
    /// ``StepFunctionsClientConfiguration/pollWithdrawalTimeout``, the request is abandoned (such a server gives back
    /// a task it hands to a poll it has seen closed).
    public func getActivityTask(_ input: GetActivityTaskInput) async throws -> GetActivityTaskOutput {
        guard activityPollCancellationIsSafe else {
            let poll = Task { try await self.call(.getActivityTask, input, as: GetActivityTaskOutput.self) }
            return try await poll.value
        }
        try Task.checkCancellation()
        let pollId = UUID().uuidString.lowercased()
        let headers = [(name: ActivityPollWithdrawal.pollIdHeader, value: pollId)]
        // Unstructured, so cancelling the caller does not abandon the request; `withdraw` ends it.
        let poll = Task { try await self.call(.getActivityTask, input, as: GetActivityTaskOutput.self, headers: headers) }
        return try await withTaskCancellationHandler {
            try await poll.value
        } onCancel: {
            Task { await self.withdraw(pollId: pollId, poll: poll) }
        }
    }

    /// Withdraws poll `pollId`, then gives `poll` ``StepFunctionsClientConfiguration/pollWithdrawalTimeout`` to
    /// answer before abandoning it; abandons it at once when the withdrawal fails.
    func withdraw(pollId: String, poll: Task<GetActivityTaskOutput, any Error>) async {
        let limit = configuration.pollWithdrawalTimeout
        do {
            let body = try StepFunctionsCoding.encode(ActivityPollWithdrawal.Input(pollId: pollId))
            _ = try await send(target: ActivityPollWithdrawal.target, reportedAs: .getActivityTask, body: body, headers: [], timeout: limit)
        } catch {
            logger.debug("cannot withdraw the long poll; abandoning it", metadata: ["pollId": "\(pollId)", "error": "\(error)"])
            poll.cancel()
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = await poll.result }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            // Nothing when the poll has answered; past the limit, abandons it.
            poll.cancel()
            group.cancelAll()
        }
    }

    /// Every event of an execution's history, following `nextToken` through all pages.
    public func executionHistory(_ executionArn: String, includeExecutionData: Bool? = nil, pageSize: Int = 1000) async throws
        -> [HistoryEvent]
    {
        var events: [HistoryEvent] = []
        var nextToken: String?
        repeat {
            let page = try await getExecutionHistory(
                .init(executionArn: executionArn, maxResults: pageSize, nextToken: nextToken, includeExecutionData: includeExecutionData))
            events += page.events
            nextToken = page.nextToken
        } while nextToken != nil
        return events
    }
}
