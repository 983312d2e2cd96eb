import Foundation
public import StatesLanguage

/// A mock configuration file in AWS Step Functions Local's format, unchanged: which Task states of which state
/// machines answer with mocked responses instead of calling their resource, per test case.
///
/// ```json
/// {
///   "StateMachines": {
///     "LambdaSQSIntegration": {
///       "TestCases": { "HappyPath": { "LambdaState": "MockedLambdaSuccess" } }
///     }
///   },
///   "MockedResponses": {
///     "MockedLambdaSuccess": { "0": { "Return": { "StatusCode": 200, "Payload": { "body": "hi" } } } },
///     "MockedLambdaRetry": {
///       "0": { "Throw": { "Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready." } },
///       "1-2": { "Throw": { "Error": "Lambda.TimeoutException", "Cause": "Lambda timed out." } },
///       "3": { "Return": { "StatusCode": 200 } }
///     }
///   }
/// }
/// ```
///
/// An execution uses a test case when it is started on `<state machine ARN>#<test case name>`
/// (``MockConfiguration/splitTestCase(_:)``). As in Step Functions Local, each mocked state of an execution keeps one
/// invocation counter, starting at 0 and advanced by every invocation (retries, Map iterations and loops alike);
/// the counter selects the response whose key (`"N"` or the inclusive range `"N-M"`) holds it.
public struct MockConfiguration: Sendable, Hashable {
    /// Test cases per state machine name: test case name → state name → mocked response name.
    public var stateMachines: [String: [String: [String: String]]]
    /// Mocked responses by name.
    public var responses: [String: MockedResponse]

    public init(stateMachines: [String: [String: [String: String]]] = [:], responses: [String: MockedResponse] = [:]) {
        self.stateMachines = stateMachines
        self.responses = responses
    }

    /// What a mocked Task state does on one invocation.
    public enum Outcome: Sendable, Hashable {
        /// The state's resource answers this value (the task's result, before ResultSelector and ResultPath).
        case returns(JSONValue)
        /// The state's resource fails with this error and cause (Retry and Catch see them).
        case fails(error: String, cause: String?)
    }

    /// One named mocked response: outcomes by invocation index.
    public struct MockedResponse: Sendable, Hashable {
        /// Outcomes with the inclusive range of invocation indexes each answers, in ascending order.
        public var outcomes: [(range: ClosedRange<Int>, outcome: Outcome)]

        public init(outcomes: [(range: ClosedRange<Int>, outcome: Outcome)]) {
            self.outcomes = outcomes.sorted { $0.range.lowerBound < $1.range.lowerBound }
        }

        /// The outcome for the `invocation`-th call (0 first), or nil when no key covers it.
        public func outcome(forInvocation invocation: Int) -> Outcome? {
            outcomes.first { $0.range.contains(invocation) }?.outcome
        }

        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.outcomes.count == rhs.outcomes.count
                && zip(lhs.outcomes, rhs.outcomes).allSatisfy { $0.range == $1.range && $0.outcome == $1.outcome }
        }

        public func hash(into hasher: inout Hasher) {
            for item in outcomes {
                hasher.combine(item.range)
                hasher.combine(item.outcome)
            }
        }
    }

    /// The mocked states of one test case, or nil when the configuration has no such state machine or test case.
    public func testCase(stateMachine: String, named name: String) -> [String: String]? {
        stateMachines[stateMachine]?[name]
    }

    /// What the `invocation`-th call (0 first) of `state` answers in a test case: nil when the state is not mocked
    /// there (it calls its resource as usual).
    /// - Throws: ``MockConfigurationError`` when the state is mocked but no response key covers the invocation.
    public func outcome(
        stateMachine: String, testCase: String, state: String, invocation: Int
    ) throws(MockConfigurationError) -> Outcome? {
        guard let responseName = stateMachines[stateMachine]?[testCase]?[state] else { return nil }
        guard let response = responses[responseName] else {
            throw MockConfigurationError(
                "The mocked response '\(responseName)' of state '\(state)' in test case '\(testCase)' is not defined.")
        }
        guard let outcome = response.outcome(forInvocation: invocation) else {
            // Step Functions Local's behaviour past the last key is not documented; failing the task says plainly
            // which invocation had no response instead of repeating one silently.
            throw MockConfigurationError(
                "The mocked response '\(responseName)' has no response for invocation \(invocation) of state '\(state)' in test case '\(testCase)'.")
        }
        return outcome
    }

    /// Splits `arn#TestCase` (the form StartExecution takes to pick a test case) into the state machine ARN and the
    /// test case name; an ARN without `#` has no test case.
    public static func splitTestCase(_ stateMachineArn: String) -> (stateMachineArn: String, testCase: String?) {
        guard let hash = stateMachineArn.lastIndex(of: "#") else { return (stateMachineArn, nil) }
        let name = String(stateMachineArn[stateMachineArn.index(after: hash)...])
        return (String(stateMachineArn[..<hash]), name.isEmpty ? nil : name)
    }
}

/// A mock configuration that cannot be read or used, with a message naming the place.
public struct MockConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
