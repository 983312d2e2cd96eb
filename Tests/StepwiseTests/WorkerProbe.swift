import StepFunctionsAPI
import Synchronization
import Testing

/// A backend that forwards to another one and lets a test watch and disturb the calls a worker makes: it
/// records polls and heartbeats (with the errors they got), can hold polls at a gate, fail the first polls or
/// deliveries with transient errors, and claim that cancelling a poll is unsafe (as AWS does).
struct ProbeBackend: StepFunctionsBackend {
    let base: any StepFunctionsBackend
    let probe: Probe
    var activityPollCancellationIsSafe: Bool

    init(_ base: any StepFunctionsBackend, pollCancellationIsSafe: Bool = true, probe: Probe = Probe()) {
        self.base = base
        self.probe = probe
        self.activityPollCancellationIsSafe = pollCancellationIsSafe
    }

    func refreshExecutionRole(roleArn: String, definition: String) async throws {
        await probe.events.record("refresh-role:\(roleArn)")
    }

    func getActivityTask(_ input: GetActivityTaskInput) async throws -> GetActivityTaskOutput {
        await probe.events.record("poll")
        probe.recordWorkerName(input.workerName)
        if let gate = probe.pollGate { await gate.wait() }
        try Task.checkCancellation()
        if probe.take(\.pollFailures) { throw StepFunctionsError(.throttlingException, "Rate exceeded") }
        await probe.onPoll?()
        let output = try await base.getActivityTask(input)
        if output.taskToken == nil { await probe.onEmptyPoll?() }
        return output
    }

    func sendTaskSuccess(_ input: SendTaskSuccessInput) async throws -> SendTaskSuccessOutput {
        if probe.take(\.deliveryFailures) {
            await probe.events.record("delivery-fault")
            throw StepFunctionsError(.serviceUnavailable, "try again")
        }
        if probe.take(\.outputRejections) { throw StepFunctionsError(.invalidOutput, "Invalid Output: not accepted") }
        do {
            let output = try await base.sendTaskSuccess(input)
            await probe.events.record("success")
            return output
        } catch {
            await probe.events.record("success-error:\(error)")
            throw error
        }
    }

    func sendTaskFailure(_ input: SendTaskFailureInput) async throws -> SendTaskFailureOutput {
        if probe.take(\.deliveryFailures) {
            await probe.events.record("delivery-fault")
            throw StepFunctionsError(.serviceUnavailable, "try again")
        }
        let output = try await base.sendTaskFailure(input)
        await probe.events.record("failure:\(input.error ?? "")")
        return output
    }

    func sendTaskHeartbeat(_ input: SendTaskHeartbeatInput) async throws -> SendTaskHeartbeatOutput {
        do {
            let output = try await base.sendTaskHeartbeat(input)
            await probe.events.record("heartbeat")
            return output
        } catch let error as StepFunctionsError {
            await probe.events.record("heartbeat-error:\(error.code.rawValue)")
            throw error
        }
    }

    func createStateMachine(_ input: CreateStateMachineInput) async throws -> CreateStateMachineOutput { try await base.createStateMachine(input) }
    func updateStateMachine(_ input: UpdateStateMachineInput) async throws -> UpdateStateMachineOutput { try await base.updateStateMachine(input) }
    func describeStateMachine(_ input: DescribeStateMachineInput) async throws -> DescribeStateMachineOutput
        { try await base.describeStateMachine(input) }
    func deleteStateMachine(_ input: DeleteStateMachineInput) async throws -> DeleteStateMachineOutput { try await base.deleteStateMachine(input) }
    func listStateMachines(_ input: ListStateMachinesInput) async throws -> ListStateMachinesOutput { try await base.listStateMachines(input) }
    func validateStateMachineDefinition(_ input: ValidateStateMachineDefinitionInput) async throws -> ValidateStateMachineDefinitionOutput
        { try await base.validateStateMachineDefinition(input) }
    func describeStateMachineForExecution(_ input: DescribeStateMachineForExecutionInput) async throws -> DescribeStateMachineForExecutionOutput
        { try await base.describeStateMachineForExecution(input) }
    func createActivity(_ input: CreateActivityInput) async throws -> CreateActivityOutput { try await base.createActivity(input) }
    func describeActivity(_ input: DescribeActivityInput) async throws -> DescribeActivityOutput { try await base.describeActivity(input) }
    func deleteActivity(_ input: DeleteActivityInput) async throws -> DeleteActivityOutput { try await base.deleteActivity(input) }
    func listActivities(_ input: ListActivitiesInput) async throws -> ListActivitiesOutput { try await base.listActivities(input) }
    func startExecution(_ input: StartExecutionInput) async throws -> StartExecutionOutput { try await base.startExecution(input) }
    func startSyncExecution(_ input: StartSyncExecutionInput) async throws -> StartSyncExecutionOutput { try await base.startSyncExecution(input) }
    func stopExecution(_ input: StopExecutionInput) async throws -> StopExecutionOutput { try await base.stopExecution(input) }
    func describeExecution(_ input: DescribeExecutionInput) async throws -> DescribeExecutionOutput { try await base.describeExecution(input) }
    func listExecutions(_ input: ListExecutionsInput) async throws -> ListExecutionsOutput { try await base.listExecutions(input) }
    func getExecutionHistory(_ input: GetExecutionHistoryInput) async throws -> GetExecutionHistoryOutput
        { try await base.getExecutionHistory(input) }
    func redriveExecution(_ input: RedriveExecutionInput) async throws -> RedriveExecutionOutput { try await base.redriveExecution(input) }
    func tagResource(_ input: TagResourceInput) async throws -> TagResourceOutput { try await base.tagResource(input) }
    func untagResource(_ input: UntagResourceInput) async throws -> UntagResourceOutput { try await base.untagResource(input) }
    func listTagsForResource(_ input: ListTagsForResourceInput) async throws -> ListTagsForResourceOutput
        { try await base.listTagsForResource(input) }
}

/// What a ``ProbeBackend`` saw, and the disturbances it was asked to make. `Sendable`: counters in a `Mutex`.
final class Probe: Sendable {
    struct Faults {
        var pollFailures = 0
        var deliveryFailures = 0
        var outputRejections = 0
        var workerNames: Set<String> = []
    }

    let events = EventLog()
    let pollGate: TestGate?
    let onPoll: (@Sendable () async -> Void)?
    let onEmptyPoll: (@Sendable () async -> Void)?
    private let faults: Mutex<Faults>

    init(
        pollFailures: Int = 0, deliveryFailures: Int = 0, outputRejections: Int = 0, pollGate: TestGate? = nil,
        onPoll: (@Sendable () async -> Void)? = nil, onEmptyPoll: (@Sendable () async -> Void)? = nil
    ) {
        faults = Mutex(Faults(pollFailures: pollFailures, deliveryFailures: deliveryFailures, outputRejections: outputRejections))
        self.pollGate = pollGate
        self.onPoll = onPoll
        self.onEmptyPoll = onEmptyPoll
    }

    /// Takes one from a fault counter: true while faults remain.
    func take(_ counter: WritableKeyPath<Faults, Int>) -> Bool {
        faults.withLock { faults in
            guard faults[keyPath: counter] > 0 else { return false }
            faults[keyPath: counter] -= 1
            return true
        }
    }

    func recordWorkerName(_ name: String?) { faults.withLock { _ = $0.workerNames.insert(name ?? "") } }
    var workerNames: Set<String> { faults.withLock { $0.workerNames } }
}

/// An ordered log of named events that a test can wait on (instead of sleeping).
///
/// A wait is bounded: when what it waits for has not happened within its limit (or its test is cancelled, as a suite's
/// time limit does), it records an issue naming what it waited for and the events seen, and returns, so that a
/// missing event fails its test instead of stalling the whole test run.
actor EventLog {
    /// How long a wait lasts at most unless told otherwise: far beyond any wait of a passing test, even on a loaded
    /// machine.
    static let defaultLimit: Duration = .seconds(30)

    private(set) var events: [String] = []
    private var waiters: [Int: (condition: @Sendable ([String]) -> Bool, continuation: CheckedContinuation<Bool, Never>)] = [:]
    private var nextWaiter = 0

    func record(_ event: String) {
        events.append(event)
        let ready = waiters.filter { $0.value.condition(events) }
        for (id, waiter) in ready {
            waiters[id] = nil
            waiter.continuation.resume(returning: true)
        }
    }

    /// Returns once `condition` holds for the events recorded so far, or, recording an issue, after `limit` or on
    /// cancellation.
    func wait(
        until condition: @escaping @Sendable ([String]) -> Bool, _ description: String = "a condition on the events",
        within limit: Duration = defaultLimit, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        if condition(events) { return }
        nextWaiter += 1
        let id = nextWaiter
        let timer = Task { [weak self] in
            try? await Task.sleep(for: limit)
            await self?.giveUp(id)
        }
        let happened = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                if Task.isCancelled {
                    continuation.resume(returning: false)
                } else {
                    waiters[id] = (condition, continuation)
                }
            }
        } onCancel: {
            Task { await self.giveUp(id) }
        }
        timer.cancel()
        if !happened {
            Issue.record(
                "Gave up waiting for \(description) after \(limit)\(Task.isCancelled ? " (cancelled)" : ""); events so far: \(events)",
                sourceLocation: sourceLocation)
        }
    }

    /// Returns once `event` has been recorded `count` times (bounded like ``wait(until:_:within:sourceLocation:)``).
    func wait(
        for event: String, count: Int = 1, within limit: Duration = defaultLimit, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        await wait(until: { $0.filter { $0 == event }.count >= count }, "\(count) × '\(event)'", within: limit, sourceLocation: sourceLocation)
    }

    private func giveUp(_ id: Int) {
        waiters.removeValue(forKey: id)?.continuation.resume(returning: false)
    }

    func count(_ event: String) -> Int { events.filter { $0 == event }.count }
}

/// A gate a task waits at until the test opens it (or the waiting task is cancelled).
final class TestGate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [Int: CheckedContinuation<Void, Never>], next: Int)>((false, [:], 0))

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        let id = state.withLock { state in
            state.next += 1
            return state.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state in
                    if state.open || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}

/// Counts how many holders are in at once, and the most seen.
actor Occupancy {
    private(set) var current = 0
    private(set) var maximum = 0
    func enter() {
        current += 1
        maximum = max(maximum, current)
    }
    func leave() { current -= 1 }
}
