import Foundation
import OrderedCollections
import StatesLanguage
public import StepFunctionsAPI

// TestState: runs one state on an input, without a state machine or an execution, and reports its output, its next
// state, how its error was handled, and (DEBUG, TRACE) each step of its data flow.
extension StepwiseEngine {
    /// The name a single-state definition runs under (the context object's `State.Name`).
    static let testStateName = "TestState"

    /// `TestState`: evaluates one state as AWS documents it.
    ///
    /// `definition` is one state's JSON, or, with `stateName`, a whole state machine whose top-level state of that
    /// name is tested. Pass, Choice, Wait (which does not wait), Succeed and Fail run as they do in an execution.
    /// Task, Parallel and Map states need a `mock` (a `result` or an `errorOutput`): the engine has no IAM role to
    /// call real services with. A mocked error goes through the state's `Retry` (``TestExecutionStatus/retriable``
    /// while attempts are left, counting `stateConfiguration.retrierRetryCount` as made) and `Catch`
    /// (``TestExecutionStatus/caughtError``), as the state would handle it.
    ///
    /// `inspectionLevel` `INFO` (the default) answers the output, error, cause, next state and status; `DEBUG` and
    /// `TRACE` add `inspectionData` (the input after each step, the result, the variables, which retrier or catcher
    /// handled the error). TRACE's HTTP request and response exist only for HTTP Tasks that really call out, which
    /// a mocked Task does not; `revealSecrets` concerns only those.
    ///
    /// - Throws: `InvalidDefinition`, `InvalidExecutionInput` (input, variables or context that are not JSON of the
    ///   right kind), `ValidationException` (a state that needs a mock, a mock that is not valid), `InvalidArn`.
    public func testState(_ input: TestStateInput) async throws(StepFunctionsError) -> TestStateOutput {
        try input.validateRequest()
        let (machine, stateName, state) = try Self.testedState(input)
        let stateInput = try Self.testJSON(input.input, default: .object([:]), field: "input")
        guard case .object(let variables) = try Self.testJSON(input.variables, default: .object([:]), field: "variables") else {
            throw StepFunctionsError(.invalidExecutionInput, "Invalid variables: the variables must be a JSON object")
        }
        let context =
            try input.context.map { text throws(StepFunctionsError) in try Self.testJSON(text, default: .null, field: "context") }
            ?? Self.testContext(stateName: stateName, input: stateInput, now: clock.now)
        let mock = try Self.testMock(input.mock, state: state)
        var run = TestStateRun(
            machine: machine, stateName: stateName, state: state, input: stateInput, context: context, variables: variables,
            mock: mock, retryCount: input.stateConfiguration?.retrierRetryCount ?? 0, now: clock.now)
        let outcome = run.evaluate()
        let debug = (input.inspectionLevel ?? .info) != .info
        return TestStateOutput(
            output: outcome.output?.jsonString(), error: outcome.error?.error, cause: outcome.error?.cause,
            inspectionData: debug ? run.inspection : nil, nextState: outcome.nextState, status: outcome.status)
    }

    /// The compiled definition the state runs in, the state's name, and the state.
    static func testedState(_ input: TestStateInput) throws(StepFunctionsError) -> (CompiledMachine, String, State) {
        guard case .object(let object)? = try? JSONValue(parsing: input.definition) else {
            throw StepFunctionsError(.invalidDefinition, "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: The definition is not a JSON object'")
        }
        let name = input.stateName ?? testStateName
        let text: String
        if let stateName = input.stateName {
            // A whole machine: the named top-level state runs.
            guard case .object(let states)? = object["States"], states[stateName] != nil else {
                // Wording a guess.
                throw StepFunctionsError(.validationException, "State '\(stateName)' does not exist in the definition's States")
            }
            text = input.definition
        } else {
            // One state: it runs alone in a machine whose other states are the ones it names (as ends), so that its
            // Next, Default and Catch targets need not exist.
            var states: JSONObject = [name: .object(object)]
            for target in nextTargets(of: object) where states[target] == nil { states[target] = ["Type": "Succeed"] }
            var machine: JSONObject = ["StartAt": .string(name), "States": .object(states)]
            if let language = object["QueryLanguage"] { machine["QueryLanguage"] = language }
            text = JSONValue.object(machine).jsonString()
        }
        let compiled = try CompiledMachine(definitionText: text)
        guard let state = compiled.definition.states[name] else {
            throw StepFunctionsError(.validationException, "State '\(name)' does not exist in the definition's States")
        }
        return (compiled, name, state)
    }

    /// The state names a state's JSON transitions to: `Next`, a Choice's rules and `Default`, and its catchers.
    private static func nextTargets(of state: JSONObject) -> [String] {
        var names: [String] = []
        if case .string(let next)? = state["Next"] { names.append(next) }
        if case .string(let fallback)? = state["Default"] { names.append(fallback) }
        for key in ["Choices", "Catch"] {
            guard case .array(let items)? = state[key] else { continue }
            for case .object(let item) in items { if case .string(let next)? = item["Next"] { names.append(next) } }
        }
        return names
    }

    /// A JSON text of the request, or `default` when absent; `InvalidExecutionInput` when it is not JSON.
    private static func testJSON(_ text: String?, default value: JSONValue, field: String) throws(StepFunctionsError) -> JSONValue {
        guard let text else { return value }
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw StepFunctionsError(.invalidExecutionInput, "Invalid \(field): '\(error)'")
        }
    }

    /// The context object a tested state sees when the request gives none: an execution of its own.
    private static func testContext(stateName: String, input: JSONValue, now: Date) -> JSONValue {
        let started = JSONValue.string(Timestamp.iso8601(now))
        return [
            "Execution": [
                "Id": "arn:aws:states:us-east-1:123456789012:execution:TestStateMachine:test-state", "Input": input,
                "Name": "test-state", "RoleArn": .string(defaultRoleArn), "StartTime": started, "RedriveCount": 0,
            ],
            "State": ["EnteredTime": started, "Name": .string(stateName), "RetryCount": 0],
            "StateMachine": ["Id": "arn:aws:states:us-east-1:123456789012:stateMachine:TestStateMachine", "Name": "TestStateMachine"],
        ]
    }

    /// The mock of the request, checked: one of `result` (JSON) and `errorOutput`, only for states that call out.
    private static func testMock(_ mock: MockInput?, state: State) throws(StepFunctionsError) -> TestStateRun.Mock? {
        let callsOut: Bool
        switch state {
        case .task, .parallel, .map: callsOut = true
        default: callsOut = false
        }
        guard let mock else {
            guard callsOut else { return nil }
            // The engine has no IAM role to call services with: what would call out needs a mock. Wording a guess.
            throw StepFunctionsError(
                .validationException,
                "A mock is required to test a \(state.typeName) state here: the embedded engine does not call AWS services or activities from TestState")
        }
        guard callsOut else {
            // Wording a guess.
            throw StepFunctionsError(.validationException, "A mock can only be specified for Task, Map and Parallel states")
        }
        switch (mock.result, mock.errorOutput) {
        case (let text?, nil):
            do {
                return .result(try JSONValue(parsing: text))
            } catch {
                throw StepFunctionsError(.validationException, "The mock result is not valid JSON: \(error)")
            }
        case (nil, let failure?):
            return .failure(StatesError(failure.error ?? "", cause: failure.cause ?? ""))
        default:
            throw StepFunctionsError(.validationException, "A mock must specify exactly one of result and errorOutput")
        }
    }
}
