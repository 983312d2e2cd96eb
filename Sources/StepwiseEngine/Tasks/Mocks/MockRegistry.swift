import Foundation
import StatesLanguage
import StepFunctionsAPI
import Synchronization

/// The engine's mocked integrations, as AWS Step Functions Local does them: a mock configuration file, the test case
/// each execution was started with (`StartExecution` on `<state machine ARN>#<test case>`), and the invocation count
/// of each mocked state per execution.
///
/// Like Step Functions Local, which keeps everything in memory, the test case of an execution lives as long as the
/// engine does: an execution recovered after a restart calls its resources as usual.
///
/// `Sendable`: its state is in a `Mutex`. It may be locked under the engine's lock, never the other way round.
final class MockRegistry: Sendable {
    private struct Executions {
        var configuration: MockConfiguration?
        /// The test case of each execution started with one.
        var testCases: [String: String] = [:]
        /// Invocations so far per execution and state name.
        var invocations: [String: [String: Int]] = [:]
    }

    private let executions = Mutex(Executions())

    init() {}

    var configuration: MockConfiguration? { executions.withLock { $0.configuration } }

    func configure(_ configuration: MockConfiguration?) {
        executions.withLock { $0.configuration = configuration }
    }

    /// Records that `executionArn` runs `testCase` of `stateMachineName`.
    func register(executionArn: String, testCase: String) {
        executions.withLock { $0.testCases[executionArn] = testCase }
    }

    /// Forgets the executions `isRunning` says are over (their counters and test cases).
    func prune(isRunning: (String) -> Bool) {
        executions.withLock { executions in
            for arn in executions.testCases.keys where !isRunning(arn) {
                executions.testCases[arn] = nil
                executions.invocations[arn] = nil
            }
        }
    }

    var registeredCount: Int { executions.withLock { $0.testCases.count } }

    /// Whether `executionArn` was started with a test case (cheap: callers check it before looking for the state).
    func hasTestCase(executionArn: String) -> Bool {
        executions.withLock { $0.configuration != nil && $0.testCases[executionArn] != nil }
    }

    /// What the next invocation of `stateName` in `executionArn` answers: nil when the execution has no test case or
    /// its test case does not mock the state. Counts the invocation.
    func nextOutcome(
        executionArn: String, stateMachineName: String, stateName: String
    ) -> Result<MockConfiguration.Outcome, MockConfigurationError>? {
        executions.withLock { executions -> Result<MockConfiguration.Outcome, MockConfigurationError>? in
            guard let configuration = executions.configuration, let testCase = executions.testCases[executionArn],
                configuration.testCase(stateMachine: stateMachineName, named: testCase)?[stateName] != nil
            else { return nil }
            let invocation = executions.invocations[executionArn]?[stateName] ?? 0
            executions.invocations[executionArn, default: [:]][stateName] = invocation + 1
            do throws(MockConfigurationError) {
                guard
                    let outcome = try configuration.outcome(
                        stateMachine: stateMachineName, testCase: testCase, state: stateName, invocation: invocation)
                else { return nil }
                return .success(outcome)
            } catch {
                return .failure(error)
            }
        }
    }
}
