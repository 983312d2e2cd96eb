import Foundation
import StatesLanguage
public import StepFunctionsAPI
import Synchronization

extension StepwiseEngine {
    /// Mocks integrations as AWS Step Functions Local does, from its mock configuration file unchanged
    /// (`SFN_MOCK_CONFIG`, `stepwise serve --mock-config FILE`); nil turns mocking off.
    ///
    /// An execution uses a test case of the configuration when it is started on `<state machine ARN>#<test case>`
    /// (the execution itself names the plain state machine ARN, as in Step Functions Local). Each Task state the test
    /// case names answers its mocked response instead of calling its resource, whatever the resource is (an activity,
    /// a Lambda function, `lambda:invoke`, an AWS SDK integration, `.sync` or `.waitForTaskToken`): `Return` succeeds
    /// with the value, `Throw` fails with the error and cause (Retry and Catch see them), and the history shows the
    /// events AWS records for a real call of that resource. Each mocked state counts its invocations per execution
    /// (retries, loops and Map iterations alike), starting at 0; the count picks the response (`"0"`, `"1-2"`, ...).
    ///
    /// ```swift
    /// engine.setMockConfiguration(try MockConfiguration(contentsOfFile: "MockConfigFile.json"))
    /// try await engine.startExecution(stateMachineArn: machineArn + "#HappyPath", input: "{}")
    /// ```
    public func setMockConfiguration(_ configuration: MockConfiguration?) {
        mocks.configure(configuration)
    }

    /// The mock configuration in use (``setMockConfiguration(_:)``), if any.
    public var mockConfiguration: MockConfiguration? { mocks.configuration }

    /// Splits the test case off a StartExecution ARN (`arn#TestCase`) and checks that the mock configuration has it.
    /// - Throws: `InvalidArn` when the ARN names a test case and no mock configuration, or one without that test case
    ///   for the machine, is in use (the wording is ours: Step Functions Local documents none).
    func mockTestCase(_ stateMachineArn: String) throws(StepFunctionsError) -> (stateMachineArn: String, testCase: String?) {
        guard stateMachineArn.utf8.contains(UInt8(ascii: "#")) else { return (stateMachineArn, nil) }
        let (arn, testCase) = MockConfiguration.splitTestCase(stateMachineArn)
        guard let testCase else {
            throw .invalidArn("Invalid Arn: '\(stateMachineArn)': a test case name must follow '#'")
        }
        guard let configuration = mocks.configuration else {
            throw .invalidArn(
                "Invalid Arn: '\(stateMachineArn)': the test case '\(testCase)' needs a mock configuration "
                    + "(SFN_MOCK_CONFIG or --mock-config), and this engine has none")
        }
        let machineName = Self.stateMachineName(arn)
        guard configuration.testCase(stateMachine: machineName, named: testCase) != nil else {
            throw .invalidArn(
                "Invalid Arn: '\(stateMachineArn)': the mock configuration has no test case '\(testCase)' for the state machine '\(machineName)'")
        }
        return (arn, testCase)
    }

    /// Records the test case a new execution runs (before its first transition, so its first task sees it).
    func registerMockTestCase(executionArn: String, testCase: String) {
        if mocks.registeredCount >= 1024 {
            // Forget executions that have stopped, so a long-running server does not keep them all.
            let running = state.withLock { Set($0.runtimes.keys) }
            mocks.prune { running.contains($0) }
        }
        mocks.register(executionArn: executionArn, testCase: testCase)
    }

    /// `arn:aws:states:REGION:ACCOUNT:stateMachine:NAME[:QUALIFIER]` → `NAME`.
    static func stateMachineName(_ arn: String) -> String {
        let parts = arn.arnFields
        return parts.count > 6 ? String(parts[6]) : arn
    }

    /// The mocked answer of a task whose state the execution's test case mocks, as an integration call; nil when the
    /// task is not mocked. Counts the invocation.
    func mockedIntegration(for task: TaskRecord, state: EngineState) -> IntegrationHandler? {
        // Most executions run no test case: answer before looking through the frames, which for a large inline Map
        // would cost a scan of every iteration per task.
        guard mocks.hasTestCase(executionArn: task.executionArn) else { return nil }
        guard let runtime = state.runtimes[task.executionArn] else { return nil }
        guard let frame = runtime.frames.values.first(where: { frame in
            if case .task(let wait) = frame.waiting { return wait.token == task.token }
            return false
        }) else { return nil }
        let outcome = mocks.nextOutcome(
            executionArn: task.executionArn, stateMachineName: runtime.stateMachineName, stateName: frame.stateName)
        switch outcome {
        case nil:
            return nil
        case .success(.returns(let value))?:
            let text = value.jsonString()
            return { _, _ in .success(text) }
        case .success(.fails(let error, let cause))?:
            return { _, _ in .failure(error: error, cause: cause ?? "") }
        case .failure(let error)?:
            return { _, _ in .failure(error: StatesError.Name.runtime, cause: error.message) }
        }
    }

    /// What runs a queued task: its mocked response, else the engine's own integrations, else a dispatcher, else
    /// (for a resource nobody can come for) a call that fails at once; nil for activities and callbacks, which wait.
    /// `answers` is true when the call's result completes a `.waitForTaskToken` task (a mock answers for it).
    func integration(for task: TaskRecord, state: EngineState) -> (handler: IntegrationHandler, answers: Bool)? {
        if let mocked = mockedIntegration(for: task, state: state) { return (mocked, true) }
        if let builtIn = builtInIntegration(for: task) { return (builtIn, false) }
        return Self.integration(forResource: task.resource, state: state).map { ($0, false) }
    }

    /// The integrations the engine performs itself: workflows calling workflows (`states:startExecution`) and HTTP
    /// tasks (`http:invoke`).
    func builtInIntegration(for task: TaskRecord) -> IntegrationHandler? {
        childExecutionIntegration(for: task.resource) ?? httpIntegration(for: task.resource)
    }
}
