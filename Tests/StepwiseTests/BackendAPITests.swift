import Foundation
import StatesLanguage
import StepFunctionsAPI
import Stepwise
import StepwiseTesting
import Synchronization
import Testing

@testable import pizza

/// The Stepwise API (ensure, start, result, describe, history, stop) over the backend protocol, on the engine.
@Suite("The Stepwise API over a backend")
struct BackendAPITests {
    static let double = TaskFunction<Int, Int>("Double") { value, _ in value * 2 }

    static func doubling(_ name: String = "doubling", times: Int = 1) -> Workflow<Int, Int> {
        if times > 1 {
            return Workflow(name) {
                Invoke(double)
                Invoke(double)
            }
        }
        return Workflow(name) { Invoke(double) }
    }

    @Test("ensureStateMachine creates the machine and its activities, then is unchanged, then updates")
    func ensureIsIdempotent() async throws {
        try await withWorkflowTestBed { bed in
            let first = try await bed.backend.ensureStateMachine(Self.doubling())
            #expect(first.change == .created)
            #expect(first.activityArns == ["Double": "arn:aws:states:us-east-1:123456789012:activity:Double"])
            let activities = try await bed.backend.listActivities(ListActivitiesInput()).activities.map(\.name)
            #expect(activities == ["Double"])

            let again = try await bed.backend.ensureStateMachine(Self.doubling())
            #expect(again.change == .unchanged)
            #expect(again.stateMachineArn == first.stateMachineArn)

            let changed = try await bed.backend.ensureStateMachine(Self.doubling(times: 2))
            #expect(changed.change == .updated)
            #expect(changed.stateMachineArn == first.stateMachineArn)
            let described = try await bed.backend.describeStateMachine(
                DescribeStateMachineInput(stateMachineArn: first.stateMachineArn))
            let lowered = try Self.doubling(times: 2).definition().json
            #expect(try JSONValue(parsing: described.definition).jsonEquals(lowered))

            let newRole = "arn:aws:iam::123456789012:role/Other"
            let roleChange = try await bed.backend.ensureStateMachine(
                Self.doubling(times: 2), options: StateMachineOptions(roleArn: newRole))
            #expect(roleChange.change == .updated)
            let withRole = try await bed.backend.describeStateMachine(
                DescribeStateMachineInput(stateMachineArn: first.stateMachineArn))
            #expect(withRole.roleArn == newRole)
        }
    }

    @Test("an update that keeps the machine's role asks the backend to refresh that role's permissions; nothing else does")
    func refreshesRoleOnUpdate() async throws {
        try await withWorkflowTestBed { bed in
            let probe = Probe()
            let backend = ProbeBackend(bed.backend, probe: probe)
            _ = try await backend.ensureStateMachine(Self.doubling())
            _ = try await backend.ensureStateMachine(Self.doubling())
            #expect(await probe.events.count("refresh-role:arn:aws:iam::123456789012:role/StepwiseExecutionRole") == 0)
            _ = try await backend.ensureStateMachine(Self.doubling(times: 2))
            #expect(await probe.events.count("refresh-role:arn:aws:iam::123456789012:role/StepwiseExecutionRole") == 1)
            _ = try await backend.ensureStateMachine(
                Self.doubling(), options: StateMachineOptions(roleArn: "arn:aws:iam::123456789012:role/Given"))
            #expect(await probe.events.events.filter { $0.hasPrefix("refresh-role:") }.count == 1)
        }
    }

    @Test("a raw definition that is not valid ASL is refused with InvalidDefinition; a bad name with InvalidName")
    func rawEnsureErrors() async throws {
        try await withWorkflowTestBed { bed in
            let invalid = await #expect(throws: StepFunctionsError.self) {
                try await bed.backend.ensureStateMachine(name: "broken", definition: #"{"StartAt": "Nowhere", "States": {}}"#)
            }
            #expect(invalid?.code == .invalidDefinition)
            let badName = await #expect(throws: StepFunctionsError.self) {
                try await bed.backend.ensureStateMachine(
                    name: "has space", definition: #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
            }
            #expect(badName?.code == .invalidName)
            let created = try await bed.backend.ensureStateMachine(
                name: "raw", definition: #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
            #expect(created.change == .created)
            #expect(try await bed.backend.stateMachineArn(named: "raw") == created.stateMachineArn)
            #expect(try await bed.backend.stateMachineArn(named: "absent") == nil)
        }
    }

    @Test("an execution handle gives the typed result, the description and the whole history")
    func executionHandle() async throws {
        try await withWorkflowTestBed { bed in
            bed.place([Placement(AnyTaskHandler(Self.double))])
            let execution = try await bed.run(Self.doubling(times: 2), input: 5)
            #expect(try await execution.result() == 20)
            let described = try await execution.describe()
            #expect(described.status == .succeeded)
            #expect(described.input == "5")
            #expect(described.output == "20")
            let history = try await execution.history()
            #expect(history.first?.type == .executionStarted)
            #expect(history.last?.type == .executionSucceeded)
            #expect(history.map(\.id) == Array(1...history.count))
            let reversed = try await execution.history(reverseOrder: true)
            #expect(reversed.map(\.id) == history.map(\.id).reversed())
            #expect(history.filter { $0.type == .activitySucceeded }.count == 2)
        }
    }

    @Test("a failed execution throws WorkflowFailure with its error and cause")
    func failure() async throws {
        let workflow = Workflow<Int, Int>("fails") {
            PassValue(result: 0, input: Int.self)
            Fail(error: "Broken", cause: "on purpose")
        }
        try await withWorkflowTestBed { bed in
            let failure = await #expect(throws: WorkflowFailure.self) { try await bed.execute(workflow, input: 1) }
            #expect(failure?.status == "FAILED")
            #expect(failure?.error == "Broken")
            #expect(failure?.cause == "on purpose")
            #expect(failure?.executionArn.contains(":execution:fails:") == true)
        }
    }

    @Test("stop ends a waiting execution ABORTED with the given error and cause")
    func stop() async throws {
        let workflow = Workflow<Int, Int>("waits") {
            PassValue(result: 0, input: Int.self)
            Wait(.seconds(3600))
        }
        try await withWorkflowTestBed { bed in
            let execution = try await bed.backend.startExecution(workflow, input: 3, name: "stop-me")
            #expect(execution.executionArn.hasSuffix(":stop-me"))
            try await execution.stop(error: "Operator", cause: "changed my mind")
            let failure = await #expect(throws: WorkflowFailure.self) { try await execution.result() }
            #expect(failure?.status == "ABORTED")
            #expect(failure?.error == "Operator")
            #expect(failure?.cause == "changed my mind")
            #expect(try await execution.history().last?.type == .executionAborted)
        }
    }

    @Test("a second execution with the same name and another input is refused as on AWS")
    func duplicateName() async throws {
        let workflow = Workflow<Int, Int>("named") {
            PassValue(result: 0, input: Int.self)
            Wait(.seconds(3600))
        }
        try await withWorkflowTestBed { bed in
            _ = try await bed.backend.startExecution(workflow, input: 1, name: "once")
            let error = await #expect(throws: StepFunctionsError.self) {
                try await bed.backend.startExecution(workflow, input: 2, name: "once")
            }
            #expect(error?.code == .executionAlreadyExists)
        }
    }

    @Test("the embedded backend keeps state machines and executions in its SQLite file across reopenings")
    func embeddedFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm", ".owner"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let workflow = Workflow<Int, Int>("kept") { PassValue(result: 7, input: Int.self) }
        let executionArn: String
        do {
            let first = try EngineBackend.embedded(.file(path))
            let execution = try await first.startExecution(workflow, input: 1, name: "first-run")
            #expect(try await execution.result() == 7)
            executionArn = execution.executionArn
            await first.shutdown()
        }
        // The first engine went with its last reference, and its lock on the file with it.
        let second = try EngineBackend.embedded(.file(path))
        #expect(try await second.ensureStateMachine(workflow).change == .unchanged)
        let reopened = second.execution(executionArn, output: Int.self)
        #expect(try await reopened.result() == 7)
        #expect(try await reopened.history().last?.type == .executionSucceeded)
        await second.shutdown()
    }

    @Test("the lowering configuration comes from the backend's activity ARNs")
    func configurationFromArn() {
        let configuration = LoweringConfiguration(activityArn: "arn:aws-cn:states:cn-north-1:210987654321:activity:Bake")
        #expect(configuration == LoweringConfiguration(region: "cn-north-1", account: "210987654321", partition: "aws-cn"))
        #expect(LoweringConfiguration(activityArn: "not-an-arn") == nil)
        #expect(LoweringConfiguration(activityArn: "arn:aws:states::123:activity:x") == nil)
    }
}

/// `StepwiseTesting`'s workflow test bed: a manual clock driven from timer to timer, real handlers.
@Suite("The workflow test bed")
struct WorkflowTestBedTests {
    static let pizzaHandlers: [Placement] = [
        .here(MakeDough(), slots: 2), .here(MakeSauce()), .here(PrepareIngredient(), slots: 3),
        .here(PutIngredientsOnDough()), .here(Bake()), .here(IsPizzaAcceptable()), .here(Serve()),
    ]

    @Test("the pizza workflow with its two-minute wait runs on the manual clock, not the wall clock")
    func pizzaWaits() async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        try await withWorkflowTestBed(start: start) { bed in
            bed.place(Self.pizzaHandlers)
            let began = ContinuousClock.now
            let pizza = try await bed.execute(
                pizzaWorkflow(wait: .minutes(2)), input: Order(size: 12, ingredients: ["tomato", "basil"]))
            #expect(pizza == Pizza(size: 12, sauce: "tomato", toppings: ["tomato", "basil"], baked: true))
            #expect(bed.clock.now.timeIntervalSince(start) >= 120)
            // Less than the two minutes it waits: the wait passed on the manual clock (on a loaded machine the run
            // itself may take tens of seconds of real time).
            #expect(ContinuousClock.now - began < .seconds(110))
        }
    }

    @Test("retry intervals pass on the manual clock: two failures with a one-hour interval and backoff 2")
    func retryIntervals() async throws {
        let attempts = AttemptCounter()
        let flaky = TaskFunction<Int, Int>("Flaky") { value, _ in
            if attempts.next() < 3 { throw TaskFailure(error: "Flaky.NotYet", cause: "try again") }
            return value + 1
        }
        let workflow = Workflow<Int, Int>("retries") {
            Invoke(flaky).retry([RetryPolicy(on: ["Flaky.NotYet"], interval: .seconds(3600), maxAttempts: 3, backoffRate: 2)])
        }
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        try await withWorkflowTestBed(start: start) { bed in
            bed.place([Placement(AnyTaskHandler(flaky))])
            let output = try await bed.execute(workflow, input: 41)
            #expect(output == 42)
            #expect(bed.clock.now.timeIntervalSince(start) >= 3 * 3600)
            #expect(attempts.count == 3)
        }
    }

    @Test("an execution waiting on a handler nobody placed is reported, not waited on forever")
    func unplacedHandler() async throws {
        try await withWorkflowTestBed { bed in
            let error = await #expect(throws: WorkflowTestBedError.self) {
                try await bed.execute(BackendAPITests.doubling("unplaced"), input: 1, realTimeLimit: .seconds(120))
            }
            #expect(error?.reason.contains("Is a handler placed") == true)
        }
    }
}

/// Counts attempts across concurrent calls.
final class AttemptCounter: Sendable {
    private let value = Mutex(0)
    var count: Int { value.withLock { $0 } }
    /// The number of this attempt, from 1.
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
