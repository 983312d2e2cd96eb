import Foundation
import OrderedCollections
import StatesLanguage
public import StepFunctionsAPI

// TestState: runs one state on an input, without a state machine or an execution, and reports its output, its next
// state, how its error was handled, and (DEBUG, TRACE) each step of its data flow.
extension StepwiseEngine {
    /// The state's name in the context object TestState builds (AWS answers `StateName` whatever the state is
    /// called, `stateName` given or not).
    static let testContextStateName = "StateName"

    /// `TestState`: evaluates one state as AWS documents it.
    ///
    /// `definition` is one state's JSON, or, with `stateName`, a whole state machine whose state of that name (at
    /// the top level, in a Parallel branch or in a Map's ItemProcessor) is tested. Pass, Choice, Wait (which does not
    /// wait), Succeed and Fail run as they do in an execution and take no mock. Task, Parallel and Map states need a
    /// `mock` (a `result` or an `errorOutput`): the engine has no IAM role to call real services with. A mocked error
    /// goes through the state's `Retry` (``TestExecutionStatus/retriable`` while attempts are left, counting
    /// `stateConfiguration.retrierRetryCount` as made) and `Catch` (``TestExecutionStatus/caughtError``), as the
    /// state would handle it; a Map whose `stateConfiguration.mapIterationFailureCount` is over its tolerated failures
    /// fails with `States.ExceedToleratedFailureThreshold`.
    ///
    /// `inspectionLevel` `INFO` (the default) answers the output, error, cause, next state and status; `DEBUG` and
    /// `TRACE` add `inspectionData` (the input after each step, the result, the variables, which retrier or catcher
    /// handled the error). TRACE's HTTP request and response exist only for HTTP Tasks that really call out, which
    /// a mocked Task does not; `revealSecrets` concerns only those, and is refused with a mock.
    ///
    /// - Throws: `InvalidDefinition` (also for a Map or Parallel state without a mock), `InvalidExecutionInput`
    ///   (input or variables that are not JSON of the right kind), `ValidationException` (a state name not in the
    ///   definition, a mock that the state does not take or that does not fit it, a context object AWS refuses),
    ///   `InvalidArn`.
    public func testState(_ input: TestStateInput) async throws(StepFunctionsError) -> TestStateOutput {
        try input.validateRequest()
        let (machine, stateName, state) = try Self.testedState(input)
        let mock = try Self.testMock(input, state: state)
        let stateInput = try Self.testJSON(input.input, default: .object([:]), field: "input")
        guard case .object(let variables) = try Self.testJSON(input.variables, default: .object([:]), field: "variables") else {
            throw StepFunctionsError(.invalidExecutionInput, "Invalid variables: the variables must be a JSON object")
        }
        let retryCount = input.stateConfiguration?.retrierRetryCount ?? 0
        let context: JSONValue
        if let text = input.context {
            context = try Self.testJSON(text, default: .null, field: "context")
            try Self.checkTestContext(context, state: state)
        } else {
            context = testContext(state: state, input: stateInput, roleArn: input.roleArn, retryCount: retryCount)
        }
        var run = TestStateRun(
            machine: machine, stateName: stateName, state: state, input: stateInput, context: context, variables: variables,
            mock: mock, retryCount: retryCount, mapIterationFailureCount: input.stateConfiguration?.mapIterationFailureCount,
            now: clock.now)
        let outcome = run.evaluate()
        let debug = (input.inspectionLevel ?? .info) != .info
        return TestStateOutput(
            output: outcome.output.map(TestStateRun.text), error: outcome.error?.error, cause: outcome.error?.cause,
            inspectionData: debug ? run.inspection : nil, nextState: outcome.nextState, status: outcome.status)
    }

    /// The compiled definition the state runs in, the state's name in it, and the state.
    static func testedState(_ input: TestStateInput) throws(StepFunctionsError) -> (CompiledMachine, String, State) {
        guard case .object(let object)? = try? JSONValue(parsing: input.definition) else {
            throw StepFunctionsError(.invalidDefinition, "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: The definition is not a JSON object'")
        }
        if let stateName = input.stateName {
            // A whole machine: the named state runs, wherever it is in the machine.
            guard case .object(let states)? = object["States"], containsState(named: stateName, in: states) else {
                throw StepFunctionsError(.validationException, "State not found in definition")
            }
            let compiled = try CompiledMachine(definitionText: input.definition)
            guard let state = findState(named: stateName, in: compiled.definition.states) else {
                throw StepFunctionsError(.validationException, "State not found in definition")
            }
            return (compiled, stateName, state)
        }
        // One state: it runs alone in a machine whose other states are the ones it names (as ends), so that its
        // Next, Default and Catch targets need not exist. Its own name there is one no state inside it uses.
        var taken = Set(nextTargets(of: object))
        collectStateNames(in: object, into: &taken)
        var name = testContextStateName
        var suffix = 1
        while taken.contains(name) {
            name = testContextStateName + String(suffix)
            suffix += 1
        }
        var states: JSONObject = [name: .object(object)]
        for target in nextTargets(of: object) where states[target] == nil { states[target] = ["Type": "Succeed"] }
        var machine: JSONObject = ["StartAt": .string(name), "States": .object(states)]
        if let language = object["QueryLanguage"] { machine["QueryLanguage"] = language }
        let compiled = try CompiledMachine(definitionText: JSONValue.object(machine).jsonString())
        guard let state = compiled.definition.states[name] else {
            throw StepFunctionsError(.validationException, "State not found in definition")
        }
        return (compiled, name, state)
    }

    /// The state lists nested in a state's JSON: its Parallel branches' and its Map's ItemProcessor (or Iterator).
    private static func nestedStates(of state: JSONObject) -> [JSONObject] {
        var nested: [JSONValue] = []
        if case .array(let branches)? = state["Branches"] { nested += branches }
        if let processor = state["ItemProcessor"] ?? state["Iterator"] { nested.append(processor) }
        return nested.compactMap { branch in
            guard case .object(let states)? = branch["States"] else { return nil }
            return states
        }
    }

    /// Whether a state list, or a list nested in one of its states, has a state of that name.
    private static func containsState(named name: String, in states: JSONObject) -> Bool {
        if states[name] != nil { return true }
        return states.values.contains { value in
            guard case .object(let state) = value else { return false }
            return nestedStates(of: state).contains { containsState(named: name, in: $0) }
        }
    }

    /// The names of the states nested in a state's JSON, at any depth.
    private static func collectStateNames(in state: JSONObject, into names: inout Set<String>) {
        for states in nestedStates(of: state) {
            for (name, value) in states {
                names.insert(name)
                if case .object(let inner) = value { collectStateNames(in: inner, into: &names) }
            }
        }
    }

    /// The compiled state of that name in a state list or in one nested in its states.
    private static func findState(named name: String, in states: OrderedDictionary<String, State>) -> State? {
        if let state = states[name] { return state }
        for state in states.values {
            let branches: [Branch] =
                switch state {
                case .parallel(let parallel): parallel.branches
                case .map(let map): [map.itemProcessor]
                default: []
                }
            for branch in branches {
                if let found = findState(named: name, in: branch.states) { return found }
            }
        }
        return nil
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

    /// The context object a tested state sees when the request gives none, as AWS builds it: an EXPRESS execution
    /// of its own, the request's role (null without one), and `State.RetryCount` only for the states that retry.
    private func testContext(state: State, input: JSONValue, roleArn: String?, retryCount: Int) -> JSONValue {
        let started = JSONValue.string(Timestamp.iso8601(clock.now))
        let machineName = "TestStateMachine"
        let executionName = UUID().uuidString.lowercased()
        var stateObject: JSONObject = ["Name": .string(Self.testContextStateName), "EnteredTime": started]
        switch state {
        case .task, .parallel, .map: stateObject["RetryCount"] = .int(retryCount)
        default: break
        }
        return [
            "Execution": [
                "Id": .string(names.stateMachineArn(machineName).replacingOccurrences(of: ":stateMachine:", with: ":express:") + ":" + executionName),
                "Input": input, "Name": .string(executionName), "RoleArn": roleArn.map(JSONValue.string) ?? .null,
                "StartTime": started,
            ],
            "StateMachine": ["Id": .string(names.stateMachineArn(machineName)), "Name": .string(machineName)],
            "State": .object(stateObject),
        ]
    }

    /// What a field of a context object given to TestState holds.
    private enum TestContextField {
        case string, integer, any
    }

    /// The fields a context object given to TestState may have, per object (`Task` only for a Task that waits for
    /// a token or a `.sync` job).
    private static let testContextFields: [String: [String: TestContextField]] = [
        "Execution": [
            "Id": .string, "Input": .any, "Name": .string, "RoleArn": .string, "StartTime": .string, "RedriveCount": .integer,
            "RedriveTime": .string,
        ],
        "State": ["EnteredTime": .string, "Name": .string, "RetryCount": .integer],
        "StateMachine": ["Id": .string, "Name": .string],
        "Task": ["Token": .string],
    ]

    /// Checks a context object given to TestState as AWS does (`Invalid Context object provided: ...`).
    private static func checkTestContext(_ context: JSONValue, state: State) throws(StepFunctionsError) {
        func invalid(_ reason: String) -> StepFunctionsError {
            StepFunctionsError(.validationException, "Invalid Context object provided: \(reason)")
        }
        guard case .object(let object) = context else {
            // Wording a guess.
            throw invalid("The context object must be a JSON object")
        }
        for (key, value) in object {
            if key == "Map" { throw invalid("'Map' field is not supported when mocking a Context object") }
            guard let fields = testContextFields[key] else { throw invalid("Field '\(key)' is not allowed") }
            if key == "Task" {
                let waits: Bool
                if case .task(let task) = state {
                    waits = task.resource.hasSuffix(".waitForTaskToken") || task.resource.hasSuffix(".sync") || task.resource.contains(".sync:")
                } else {
                    waits = false
                }
                guard waits else {
                    throw invalid(
                        "Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern")
                }
            }
            guard case .object(let members) = value else {
                // Wording a guess.
                throw invalid("\(key) must be an object")
            }
            for (member, memberValue) in members {
                guard let kind = fields[member] else { throw invalid("Field '\(member)' is not allowed") }
                switch kind {
                case .string: if memberValue.stringValue == nil { throw invalid("\(key).\(member) must be a string") }
                // Wording a guess, in the string case's form.
                case .integer: if memberValue.intValue == nil { throw invalid("\(key).\(member) must be an integer") }
                case .any: break
                }
            }
        }
    }

    /// The mock of the request, checked as AWS checks it: only for Task, Parallel and Map states (which need one,
    /// Map and Parallel always, a Task here too as the engine calls no services), one of `result` (JSON of the
    /// state's result shape, and of the service's response shape as `fieldValidationMode` asks, for the
    /// integrations ``MockResultShape`` knows) and `errorOutput`, and no `revealSecrets`.
    private static func testMock(_ input: TestStateInput, state: State) throws(StepFunctionsError) -> TestStateRun.Mock? {
        guard let mock = input.mock else {
            switch state {
            case .map, .parallel:
                throw StepFunctionsError(
                    .invalidDefinition,
                    "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]")
            case .task:
                guard input.roleArn != nil else {
                    throw StepFunctionsError(.validationException, "RoleArn must be specified when testing a Task state")
                }
                // AWS calls the service with the role; the engine has none to call with. Wording ours.
                throw StepFunctionsError(
                    .validationException,
                    "A mock is required to test a Task state here: the embedded engine does not call AWS services or activities from TestState")
            default:
                return nil
            }
        }
        switch state {
        case .task, .parallel, .map: break
        default:
            throw StepFunctionsError(.validationException, "State type '\(state.typeName)' is not supported when a mock is specified")
        }
        if input.revealSecrets == true {
            throw StepFunctionsError(.validationException, "TestState does not support RevealSecrets when a mock is specified.")
        }
        switch (mock.result, mock.errorOutput) {
        case (let text?, nil):
            guard let value = try? JSONValue(parsing: text) else {
                // Wording LocalStack's; not in a recording of AWS.
                throw StepFunctionsError(.validationException, "Mocked result must be valid JSON")
            }
            try checkMockShape(value, state: state)
            if case .task(let task) = state, let shape = MockResultShape.byResource[task.resource] {
                try shape.check(value, mode: mock.fieldValidationMode ?? .strict)
            }
            return .result(value)
        case (nil, let failure?):
            return .failure(StatesError(failure.error ?? "", cause: failure.cause ?? ""))
        case (nil, nil):
            // Wording a guess, in the form of the message for both.
            throw StepFunctionsError(.validationException, "A test mock should have one of the following fields: [result, errorOutput].")
        default:
            throw StepFunctionsError(.validationException, "A test mock should have only one of the following fields: [result, errorOutput].")
        }
    }

    /// A mocked Map result is an array (a JSON object, the ResultWriter's answer, with a ResultWriter); a Parallel
    /// result an array of one item per branch.
    private static func checkMockShape(_ value: JSONValue, state: State) throws(StepFunctionsError) {
        switch (state, value) {
        case (.map(let map), .object) where map.resultWriter != nil: return
        case (.map(let map), _) where map.resultWriter != nil:
            throw StepFunctionsError(.validationException, "Mocked result must be a JSON object.")
        case (.map, .array): return
        case (.parallel(let parallel), .array(let items)):
            guard items.count == parallel.branches.count else {
                throw StepFunctionsError(
                    .validationException, "Mocked result must contain the same number of items as number of Parallel branches.")
            }
        case (.map, _), (.parallel, _):
            throw StepFunctionsError(.validationException, "Mocked result must be an array.")
        default: return
        }
    }
}
