import Foundation
import StepFunctionsAPI
import Synchronization

/// A backend double for protocol-layer tests: records each call (operation and request) and answers fixed
/// responses, or the error configured for an operation.
final class RecordingBackend: StepFunctionsBackend {
    struct Call: Sendable {
        var operation: String
        var input: any StepFunctionsShape
    }

    private struct State {
        var calls: [Call] = []
        var failures: [String: any Error & Sendable] = [:]
        var holdsPolls = false
        var cancelledPolls = 0
        /// A held poll that is cancelled returns a task anyway (as a backend that handed one out as the poll closed).
        var handsTaskOnCancel = false
        var redelivered: [String] = []
    }

    private let state = Mutex(State())
    static let date = Date(timeIntervalSince1970: 1_700_000_000.5)
    static let executionArn = "arn:aws:states:us-east-1:123456789012:execution:HelloWorld:run-1"
    static let stateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:HelloWorld"
    static let activityArn = "arn:aws:states:us-east-1:123456789012:activity:Worker"

    var calls: [Call] { state.withLock { $0.calls } }

    /// Makes `operation` throw `error`.
    func fail(_ operation: String, with error: any Error & Sendable) {
        state.withLock { $0.failures[operation] = error }
    }

    private func record<Output>(_ input: some StepFunctionsShape, _ output: Output, operation: String = #function) throws -> Output {
        let name = String(operation.prefix { $0 != "(" })
        let failure = state.withLock { (state: inout State) -> (any Error)? in
            state.calls.append(Call(operation: name, input: input))
            return state.failures[name]
        }
        if let failure { throw failure }
        return output
    }

    func createStateMachine(_ input: CreateStateMachineInput) async throws -> CreateStateMachineOutput {
        try record(input, .init(stateMachineArn: Self.stateMachineArn, creationDate: Self.date))
    }
    func updateStateMachine(_ input: UpdateStateMachineInput) async throws -> UpdateStateMachineOutput {
        try record(input, .init(updateDate: Self.date))
    }
    func describeStateMachine(_ input: DescribeStateMachineInput) async throws -> DescribeStateMachineOutput {
        try record(
            input,
            .init(
                stateMachineArn: input.stateMachineArn, name: "HelloWorld", status: .active, definition: "{}",
                roleArn: "arn:aws:iam::123456789012:role/R", type: .standard, creationDate: Self.date))
    }
    func deleteStateMachine(_ input: DeleteStateMachineInput) async throws -> DeleteStateMachineOutput {
        try record(input, .init())
    }
    func listStateMachines(_ input: ListStateMachinesInput) async throws -> ListStateMachinesOutput {
        try record(
            input,
            .init(stateMachines: [.init(stateMachineArn: Self.stateMachineArn, name: "HelloWorld", type: .standard, creationDate: Self.date)]))
    }
    func validateStateMachineDefinition(_ input: ValidateStateMachineDefinitionInput) async throws -> ValidateStateMachineDefinitionOutput {
        try record(input, .init(result: .ok, diagnostics: []))
    }
    func describeStateMachineForExecution(_ input: DescribeStateMachineForExecutionInput) async throws
        -> DescribeStateMachineForExecutionOutput
    {
        try record(
            input,
            .init(
                stateMachineArn: Self.stateMachineArn, name: "HelloWorld", definition: "{}", roleArn: "arn:aws:iam::123456789012:role/R",
                updateDate: Self.date))
    }
    func createActivity(_ input: CreateActivityInput) async throws -> CreateActivityOutput {
        try record(input, .init(activityArn: Self.activityArn, creationDate: Self.date))
    }
    func describeActivity(_ input: DescribeActivityInput) async throws -> DescribeActivityOutput {
        try record(input, .init(activityArn: input.activityArn, name: "Worker", creationDate: Self.date))
    }
    func deleteActivity(_ input: DeleteActivityInput) async throws -> DeleteActivityOutput { try record(input, .init()) }
    func listActivities(_ input: ListActivitiesInput) async throws -> ListActivitiesOutput {
        try record(input, .init(activities: [], nextToken: "next-page"))
    }
    func getActivityTask(_ input: GetActivityTaskInput) async throws -> GetActivityTaskOutput {
        let output = try record(input, GetActivityTaskOutput(taskToken: "token-1", input: #"{"a":1}"#))
        guard holdsPolls else { return output }
        // A long poll with no task: wait until cancelled (a real backend would return empty after 60 s).
        do {
            try await Task.sleep(for: .seconds(30))
        } catch {
            let handsTask = state.withLock { state in
                state.cancelledPolls += 1
                return state.handsTaskOnCancel
            }
            if handsTask { return output }
            throw error
        }
        return GetActivityTaskOutput()
    }

    /// Whether `getActivityTask` holds until cancelled instead of answering a task.
    var holdsPolls: Bool {
        get { state.withLock { $0.holdsPolls } }
        set { state.withLock { $0.holdsPolls = newValue } }
    }

    /// Whether a held poll that is cancelled returns a task anyway.
    var handsTaskOnCancel: Bool {
        get { state.withLock { $0.handsTaskOnCancel } }
        set { state.withLock { $0.handsTaskOnCancel = newValue } }
    }

    /// The task tokens given back with `redeliverActivityTask`.
    var redelivered: [String] { state.withLock { $0.redelivered } }

    func redeliverActivityTask(taskToken: String) async {
        state.withLock { $0.redelivered.append(taskToken) }
    }

    /// How many held polls were cancelled.
    var cancelledPolls: Int { state.withLock { $0.cancelledPolls } }
    func startExecution(_ input: StartExecutionInput) async throws -> StartExecutionOutput {
        try record(input, .init(executionArn: Self.executionArn, startDate: Self.date))
    }
    func startSyncExecution(_ input: StartSyncExecutionInput) async throws -> StartSyncExecutionOutput {
        try record(
            input, .init(executionArn: Self.executionArn, startDate: Self.date, stopDate: Self.date, status: .succeeded, output: "{}"))
    }
    func stopExecution(_ input: StopExecutionInput) async throws -> StopExecutionOutput { try record(input, .init(stopDate: Self.date)) }
    func describeExecution(_ input: DescribeExecutionInput) async throws -> DescribeExecutionOutput {
        try record(
            input, .init(executionArn: input.executionArn, stateMachineArn: Self.stateMachineArn, status: .running, startDate: Self.date))
    }
    func listExecutions(_ input: ListExecutionsInput) async throws -> ListExecutionsOutput {
        try record(input, .init(executions: []))
    }
    func getExecutionHistory(_ input: GetExecutionHistoryInput) async throws -> GetExecutionHistoryOutput {
        try record(
            input,
            .init(events: [
                .init(
                    timestamp: Self.date, type: .executionStarted, id: 1, previousEventId: 0,
                    executionStartedEventDetails: .init(input: "{}", roleArn: "arn:aws:iam::123456789012:role/R"))
            ]))
    }
    func redriveExecution(_ input: RedriveExecutionInput) async throws -> RedriveExecutionOutput {
        try record(input, .init(redriveDate: Self.date))
    }
    func sendTaskSuccess(_ input: SendTaskSuccessInput) async throws -> SendTaskSuccessOutput { try record(input, .init()) }
    func sendTaskFailure(_ input: SendTaskFailureInput) async throws -> SendTaskFailureOutput { try record(input, .init()) }
    func sendTaskHeartbeat(_ input: SendTaskHeartbeatInput) async throws -> SendTaskHeartbeatOutput { try record(input, .init()) }
    func tagResource(_ input: TagResourceInput) async throws -> TagResourceOutput { try record(input, .init()) }
    func untagResource(_ input: UntagResourceInput) async throws -> UntagResourceOutput { try record(input, .init()) }
    func listTagsForResource(_ input: ListTagsForResourceInput) async throws -> ListTagsForResourceOutput {
        try record(input, .init(tags: [.init(key: "team", value: "core")]))
    }
    func publishStateMachineVersion(_ input: PublishStateMachineVersionInput) async throws -> PublishStateMachineVersionOutput {
        try record(input, .init(creationDate: Self.date, stateMachineVersionArn: Self.stateMachineArn + ":1"))
    }
    func listStateMachineVersions(_ input: ListStateMachineVersionsInput) async throws -> ListStateMachineVersionsOutput {
        try record(input, .init(stateMachineVersions: [.init(stateMachineVersionArn: Self.stateMachineArn + ":1", creationDate: Self.date)]))
    }
    func deleteStateMachineVersion(_ input: DeleteStateMachineVersionInput) async throws -> DeleteStateMachineVersionOutput {
        try record(input, .init())
    }
    func createStateMachineAlias(_ input: CreateStateMachineAliasInput) async throws -> CreateStateMachineAliasOutput {
        try record(input, .init(stateMachineAliasArn: Self.stateMachineArn + ":live", creationDate: Self.date))
    }
    func describeStateMachineAlias(_ input: DescribeStateMachineAliasInput) async throws -> DescribeStateMachineAliasOutput {
        try record(input, .init(stateMachineAliasArn: input.stateMachineAliasArn, name: "live", creationDate: Self.date))
    }
    func updateStateMachineAlias(_ input: UpdateStateMachineAliasInput) async throws -> UpdateStateMachineAliasOutput {
        try record(input, .init(updateDate: Self.date))
    }
    func deleteStateMachineAlias(_ input: DeleteStateMachineAliasInput) async throws -> DeleteStateMachineAliasOutput {
        try record(input, .init())
    }
    func listStateMachineAliases(_ input: ListStateMachineAliasesInput) async throws -> ListStateMachineAliasesOutput {
        try record(input, .init(stateMachineAliases: []))
    }
    func testState(_ input: TestStateInput) async throws -> TestStateOutput {
        try record(input, .init(output: "{}", status: .succeeded))
    }
    func describeMapRun(_ input: DescribeMapRunInput) async throws -> DescribeMapRunOutput {
        try record(input, .init(
            mapRunArn: input.mapRunArn, executionArn: "arn:aws:states:us-east-1:123456789012:execution:HelloWorld:run",
            status: .running, startDate: Self.date, maxConcurrency: 0, toleratedFailurePercentage: 0,
            toleratedFailureCount: 0, itemCounts: MapRunCounts(), executionCounts: MapRunCounts()))
    }
    func listMapRuns(_ input: ListMapRunsInput) async throws -> ListMapRunsOutput { try record(input, .init(mapRuns: [])) }
    func updateMapRun(_ input: UpdateMapRunInput) async throws -> UpdateMapRunOutput { try record(input, .init()) }
}
