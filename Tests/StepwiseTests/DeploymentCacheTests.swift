import StepFunctionsAPI
import Stepwise
import StepwiseEngine
import StepwiseTesting
import Synchronization
import Testing

/// A backend that counts the operations it is asked, answered by an embedded engine.
final class CountingBackend: StepFunctionsBackend {
    let engine: StepwiseEngine
    private let counts = Mutex<[String: Int]>([:])

    init(engine: StepwiseEngine) { self.engine = engine }

    /// How many times `operation` was called.
    func count(_ operation: String) -> Int { counts.withLock { $0[operation, default: 0] } }
    /// Every call so far.
    var total: Int { counts.withLock { $0.values.reduce(0, +) } }

    private func counted<T>(_ operation: String, _ body: () async throws -> T) async rethrows -> T {
        counts.withLock { $0[operation, default: 0] += 1 }
        return try await body()
    }

    func createStateMachine(_ i: CreateStateMachineInput) async throws -> CreateStateMachineOutput {
        try await counted("CreateStateMachine") { try await engine.createStateMachine(i) }
    }
    func updateStateMachine(_ i: UpdateStateMachineInput) async throws -> UpdateStateMachineOutput {
        try await counted("UpdateStateMachine") { try await engine.updateStateMachine(i) }
    }
    func describeStateMachine(_ i: DescribeStateMachineInput) async throws -> DescribeStateMachineOutput {
        try await counted("DescribeStateMachine") { try await engine.describeStateMachine(i) }
    }
    func deleteStateMachine(_ i: DeleteStateMachineInput) async throws -> DeleteStateMachineOutput {
        try await counted("DeleteStateMachine") { try await engine.deleteStateMachine(i) }
    }
    func listStateMachines(_ i: ListStateMachinesInput) async throws -> ListStateMachinesOutput {
        try await counted("ListStateMachines") { try await engine.listStateMachines(i) }
    }
    func validateStateMachineDefinition(_ i: ValidateStateMachineDefinitionInput) async throws -> ValidateStateMachineDefinitionOutput {
        try await counted("ValidateStateMachineDefinition") { try await engine.validateStateMachineDefinition(i) }
    }
    func describeStateMachineForExecution(_ i: DescribeStateMachineForExecutionInput) async throws
        -> DescribeStateMachineForExecutionOutput
    {
        try await counted("DescribeStateMachineForExecution") { try await engine.describeStateMachineForExecution(i) }
    }
    func createActivity(_ i: CreateActivityInput) async throws -> CreateActivityOutput {
        try await counted("CreateActivity") { try await engine.createActivity(i) }
    }
    func describeActivity(_ i: DescribeActivityInput) async throws -> DescribeActivityOutput {
        try await counted("DescribeActivity") { try await engine.describeActivity(i) }
    }
    func deleteActivity(_ i: DeleteActivityInput) async throws -> DeleteActivityOutput {
        try await counted("DeleteActivity") { try await engine.deleteActivity(i) }
    }
    func listActivities(_ i: ListActivitiesInput) async throws -> ListActivitiesOutput {
        try await counted("ListActivities") { try await engine.listActivities(i) }
    }
    func getActivityTask(_ i: GetActivityTaskInput) async throws -> GetActivityTaskOutput {
        try await counted("GetActivityTask") { try await engine.getActivityTask(i) }
    }
    func startExecution(_ i: StartExecutionInput) async throws -> StartExecutionOutput {
        try await counted("StartExecution") { try await engine.startExecution(i) }
    }
    func startSyncExecution(_ i: StartSyncExecutionInput) async throws -> StartSyncExecutionOutput {
        try await counted("StartSyncExecution") { try await engine.startSyncExecution(i) }
    }
    func stopExecution(_ i: StopExecutionInput) async throws -> StopExecutionOutput {
        try await counted("StopExecution") { try await engine.stopExecution(i) }
    }
    func describeExecution(_ i: DescribeExecutionInput) async throws -> DescribeExecutionOutput {
        try await counted("DescribeExecution") { try await engine.describeExecution(i) }
    }
    func listExecutions(_ i: ListExecutionsInput) async throws -> ListExecutionsOutput {
        try await counted("ListExecutions") { try await engine.listExecutions(i) }
    }
    func getExecutionHistory(_ i: GetExecutionHistoryInput) async throws -> GetExecutionHistoryOutput {
        try await counted("GetExecutionHistory") { try await engine.getExecutionHistory(i) }
    }
    func redriveExecution(_ i: RedriveExecutionInput) async throws -> RedriveExecutionOutput {
        try await counted("RedriveExecution") { try await engine.redriveExecution(i) }
    }
    func sendTaskSuccess(_ i: SendTaskSuccessInput) async throws -> SendTaskSuccessOutput {
        try await counted("SendTaskSuccess") { try await engine.sendTaskSuccess(i) }
    }
    func sendTaskFailure(_ i: SendTaskFailureInput) async throws -> SendTaskFailureOutput {
        try await counted("SendTaskFailure") { try await engine.sendTaskFailure(i) }
    }
    func sendTaskHeartbeat(_ i: SendTaskHeartbeatInput) async throws -> SendTaskHeartbeatOutput {
        try await counted("SendTaskHeartbeat") { try await engine.sendTaskHeartbeat(i) }
    }
    func tagResource(_ i: TagResourceInput) async throws -> TagResourceOutput {
        try await counted("TagResource") { try await engine.tagResource(i) }
    }
    func untagResource(_ i: UntagResourceInput) async throws -> UntagResourceOutput {
        try await counted("UntagResource") { try await engine.untagResource(i) }
    }
    func listTagsForResource(_ i: ListTagsForResourceInput) async throws -> ListTagsForResourceOutput {
        try await counted("ListTagsForResource") { try await engine.listTagsForResource(i) }
    }
}

@Suite("startExecution(workflow:) ensures once per backend and workflow")
struct DeploymentCacheTests {
    static func constant(_ value: Int, name: String = "cached") -> Workflow<Int, Int> {
        Workflow<Int, Int>(name) { PassValue(result: value, input: Int.self) }
    }

    private func withCounting(_ body: (CountingBackend) async throws -> Void) async throws {
        let engine = try StepwiseEngine.inMemory()
        let backend = CountingBackend(engine: engine)
        do {
            try await body(backend)
        } catch {
            await engine.shutdown()
            throw error
        }
        await engine.shutdown()
    }

    @Test("the second start of an unchanged workflow is one StartExecution call")
    func secondStartIsOneCall() async throws {
        try await withCounting { backend in
            #expect(try await backend.execute(Self.constant(7), input: 0) == 7)
            #expect(backend.count("CreateStateMachine") == 1)
            #expect(backend.count("ListStateMachines") == 1)
            let before = backend.total
            let second = try await backend.startExecution(Self.constant(7), input: 1)
            #expect(backend.total == before + 1)
            #expect(backend.count("StartExecution") == 2)
            #expect(try await second.result() == 7)
        }
    }

    @Test("a changed definition under the same name is ensured again (an update), then remembered")
    func changedDefinitionIsEnsuredAgain() async throws {
        try await withCounting { backend in
            #expect(try await backend.execute(Self.constant(1), input: 0) == 1)
            #expect(try await backend.execute(Self.constant(2), input: 0) == 2)
            #expect(backend.count("UpdateStateMachine") == 1)
            #expect(backend.count("ListStateMachines") == 2)
            #expect(try await backend.execute(Self.constant(2), input: 0) == 2)
            #expect(backend.count("ListStateMachines") == 2)
            // Other options are another fingerprint too.
            _ = try await backend.startExecution(Self.constant(2), input: 0, options: StateMachineOptions(tags: ["team": "a"]))
            #expect(backend.count("ListStateMachines") == 3)
        }
    }

    @Test("a machine deleted behind the process's back is ensured again by the next start, which succeeds")
    func deletedMachineIsEnsuredAgain() async throws {
        try await withCounting { backend in
            let first = try await backend.startExecution(Self.constant(5), input: 0)
            _ = try await first.result()
            let arn = try #require(try await backend.stateMachineArn(named: "cached"))
            _ = try await backend.engine.deleteStateMachine(DeleteStateMachineInput(stateMachineArn: arn))
            #expect(try await backend.execute(Self.constant(5), input: 0) == 5)
            #expect(backend.count("CreateStateMachine") == 2)
        }
    }

    @Test("an explicit ensureStateMachine always asks the backend, and a later start uses what it found")
    func explicitEnsureAlwaysAsks() async throws {
        try await withCounting { backend in
            try await backend.ensureStateMachine(Self.constant(3))
            let deployment = try await backend.ensureStateMachine(Self.constant(3))
            #expect(deployment.change == .unchanged)
            #expect(backend.count("ListStateMachines") == 2)
            #expect(try await backend.execute(Self.constant(3), input: 0) == 3)
            #expect(backend.count("ListStateMachines") == 2)
        }
    }

    @Test("two backends on one engine each ensure once: the memory is per backend object")
    func perBackend() async throws {
        try await withCounting { backend in
            let other = CountingBackend(engine: backend.engine)
            _ = try await backend.execute(Self.constant(4), input: 0)
            _ = try await other.execute(Self.constant(4), input: 0)
            _ = try await other.execute(Self.constant(4), input: 0)
            #expect(backend.count("ListStateMachines") == 1)
            #expect(other.count("ListStateMachines") == 1)
        }
    }
}
