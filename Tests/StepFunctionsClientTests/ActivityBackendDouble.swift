import Foundation
import StepFunctionsAPI
import Synchronization

/// A backend double for the client's round trip through the project's HTTP server: activities, executions that wait
/// for one activity task, task tokens, and a history that pages. Operations the round trip does not use answer
/// `UnknownOperationException`.
final class ActivityBackendDouble: StepFunctionsBackend {
    private struct Execution {
        var arn: String
        var input: String
        var status: ExecutionStatus = .running
        var output: String?
        var events: [HistoryEvent]
    }

    private struct State {
        var activities: [String: Date] = [:]
        var executions: [String: Execution] = [:]
        var pending: [(token: String, executionArn: String)] = []
        var tokens: [String: String] = [:]
        var holdsPolls = false
        var parkedPolls = 0
        var cancelledPolls = 0
        var pollCancellationIsSafe = false
    }

    private let state = Mutex(State())
    static let account = "123456789012"
    static let date = Date(timeIntervalSince1970: 1_700_000_000)

    private static func unused(_ name: String = #function) -> StepFunctionsError {
        StepFunctionsError(.unknownOperationException, "\(name) is not part of this test double")
    }

    func createActivity(_ input: CreateActivityInput) async throws -> CreateActivityOutput {
        let arn = "arn:aws:states:us-east-1:\(Self.account):activity:\(input.name)"
        state.withLock { $0.activities[arn] = Self.date }
        return .init(activityArn: arn, creationDate: Self.date)
    }
    func describeActivity(_ input: DescribeActivityInput) async throws -> DescribeActivityOutput {
        guard let date = state.withLock({ $0.activities[input.activityArn] }) else { throw StepFunctionsError.activityDoesNotExist(input.activityArn) }
        return .init(activityArn: input.activityArn, name: String(input.activityArn.split(separator: ":").last ?? ""), creationDate: date)
    }
    func listActivities(_ input: ListActivitiesInput) async throws -> ListActivitiesOutput {
        let arns = state.withLock { $0.activities.keys.sorted() }
        return .init(activities: arns.map { .init(activityArn: $0, name: String($0.split(separator: ":").last ?? ""), creationDate: Self.date) })
    }
    func deleteActivity(_ input: DeleteActivityInput) async throws -> DeleteActivityOutput {
        state.withLock { _ = $0.activities.removeValue(forKey: input.activityArn) }
        return .init()
    }
    /// Whether a poll holds (takes nothing) until it is cancelled, and then takes the first pending task: a task
    /// handed out exactly as the poll is ended (the crossing a withdrawal must not lose).
    var holdsPolls: Bool {
        get { state.withLock { $0.holdsPolls } }
        set { state.withLock { $0.holdsPolls = newValue } }
    }
    /// Polls held now.
    var parkedPolls: Int { state.withLock { $0.parkedPolls } }
    /// Held polls that were cancelled.
    var cancelledPolls: Int { state.withLock { $0.cancelledPolls } }
    /// What the double says of a cancelled poll (the server tells clients, `x-stepwise-poll-cancellation`).
    var activityPollCancellationIsSafe: Bool {
        get { state.withLock { $0.pollCancellationIsSafe } }
        set { state.withLock { $0.pollCancellationIsSafe = newValue } }
    }

    func getActivityTask(_ input: GetActivityTaskInput) async throws -> GetActivityTaskOutput {
        if holdsPolls {
            state.withLock { $0.parkedPolls += 1 }
            defer { state.withLock { $0.parkedPolls -= 1 } }
            // Sleeps until cancelled (well past any test).
            if (try? await Task.sleep(for: .seconds(600))) != nil { return .init() }
            state.withLock { $0.cancelledPolls += 1 }
        }
        let task = state.withLock { state -> (String, String)? in
            guard !state.pending.isEmpty else { return nil }
            let next = state.pending.removeFirst()
            return (next.token, state.executions[next.executionArn]?.input ?? "{}")
        }
        return task.map { .init(taskToken: $0.0, input: $0.1) } ?? .init()
    }
    func startExecution(_ input: StartExecutionInput) async throws -> StartExecutionOutput {
        let name = input.name ?? UUID().uuidString
        let machine = String(input.stateMachineArn.split(separator: ":").last ?? "")
        let arn = "arn:aws:states:us-east-1:\(Self.account):execution:\(machine):\(name)"
        let events = (1...5).map { HistoryEvent(timestamp: Self.date, type: $0 == 1 ? .executionStarted : .init(rawValue: "PassStateEntered"), id: $0) }
        state.withLock { state in
            state.executions[arn] = Execution(arn: arn, input: input.input ?? "{}", events: events)
            let token = "token-\(name)"
            state.pending.append((token, arn))
            state.tokens[token] = arn
        }
        return .init(executionArn: arn, startDate: Self.date)
    }
    func describeExecution(_ input: DescribeExecutionInput) async throws -> DescribeExecutionOutput {
        guard let execution = state.withLock({ $0.executions[input.executionArn] }) else {
            throw StepFunctionsError.executionDoesNotExist(input.executionArn)
        }
        return .init(
            executionArn: execution.arn, stateMachineArn: "arn:aws:states:us-east-1:\(Self.account):stateMachine:m", status: execution.status,
            startDate: Self.date, input: execution.input, output: execution.output)
    }
    func getExecutionHistory(_ input: GetExecutionHistoryInput) async throws -> GetExecutionHistoryOutput {
        guard let events = state.withLock({ $0.executions[input.executionArn]?.events }) else {
            throw StepFunctionsError.executionDoesNotExist(input.executionArn)
        }
        let start = input.nextToken.flatMap(Int.init) ?? 0
        let size = input.maxResults.flatMap { $0 == 0 ? nil : $0 } ?? 100
        let end = min(events.count, start + size)
        return .init(events: Array(events[start..<end]), nextToken: end < events.count ? String(end) : nil)
    }
    func sendTaskSuccess(_ input: SendTaskSuccessInput) async throws -> SendTaskSuccessOutput {
        try state.withLock { state throws(StepFunctionsError) in
            guard let arn = state.tokens.removeValue(forKey: input.taskToken) else {
                throw StepFunctionsError(.taskDoesNotExist, "Task Does Not Exist")
            }
            state.executions[arn]?.status = .succeeded
            state.executions[arn]?.output = input.output
        }
        return .init()
    }

    func createStateMachine(_ input: CreateStateMachineInput) async throws -> CreateStateMachineOutput { throw Self.unused() }
    func updateStateMachine(_ input: UpdateStateMachineInput) async throws -> UpdateStateMachineOutput { throw Self.unused() }
    func describeStateMachine(_ input: DescribeStateMachineInput) async throws -> DescribeStateMachineOutput { throw Self.unused() }
    func deleteStateMachine(_ input: DeleteStateMachineInput) async throws -> DeleteStateMachineOutput { throw Self.unused() }
    func listStateMachines(_ input: ListStateMachinesInput) async throws -> ListStateMachinesOutput { throw Self.unused() }
    func validateStateMachineDefinition(_ input: ValidateStateMachineDefinitionInput) async throws -> ValidateStateMachineDefinitionOutput {
        throw Self.unused()
    }
    func describeStateMachineForExecution(_ input: DescribeStateMachineForExecutionInput) async throws -> DescribeStateMachineForExecutionOutput {
        throw Self.unused()
    }
    func startSyncExecution(_ input: StartSyncExecutionInput) async throws -> StartSyncExecutionOutput { throw Self.unused() }
    func stopExecution(_ input: StopExecutionInput) async throws -> StopExecutionOutput { throw Self.unused() }
    func listExecutions(_ input: ListExecutionsInput) async throws -> ListExecutionsOutput { throw Self.unused() }
    func redriveExecution(_ input: RedriveExecutionInput) async throws -> RedriveExecutionOutput { throw Self.unused() }
    func sendTaskFailure(_ input: SendTaskFailureInput) async throws -> SendTaskFailureOutput { throw Self.unused() }
    func sendTaskHeartbeat(_ input: SendTaskHeartbeatInput) async throws -> SendTaskHeartbeatOutput { throw Self.unused() }
    func tagResource(_ input: TagResourceInput) async throws -> TagResourceOutput { throw Self.unused() }
    func untagResource(_ input: UntagResourceInput) async throws -> UntagResourceOutput { throw Self.unused() }
    func listTagsForResource(_ input: ListTagsForResourceInput) async throws -> ListTagsForResourceOutput { throw Self.unused() }
}
