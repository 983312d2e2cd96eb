import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

/// One TestState evaluation: the state's data flow step by step, as the interpreter runs it (the same `Flow` and
/// JSONata calls), recording each step in ``inspection``.
struct TestStateRun {
    /// What a mocked Task, Parallel or Map state's call answers.
    enum Mock {
        case result(JSONValue)
        case failure(StatesError)
    }

    /// The state's end: output, error, next state and status.
    struct Outcome {
        var output: JSONValue?
        var error: StatesError?
        var nextState: String?
        var status: TestExecutionStatus
    }

    let machine: CompiledMachine
    let stateName: String
    let state: State
    let input: JSONValue
    let context: JSONValue
    let variables: JSONObject
    let mock: Mock?
    /// Retries already made by the retrier that matches the error (`stateConfiguration.retrierRetryCount`).
    let retryCount: Int
    /// The Map iterations that failed (`stateConfiguration.mapIterationFailureCount`).
    let mapIterationFailureCount: Int?
    let now: Date
    /// The steps of the data flow (answered at DEBUG and TRACE).
    var inspection = InspectionData()

    init(
        machine: CompiledMachine, stateName: String, state: State, input: JSONValue, context: JSONValue, variables: JSONObject,
        mock: Mock?, retryCount: Int, mapIterationFailureCount: Int?, now: Date
    ) {
        self.machine = machine
        self.stateName = stateName
        self.state = state
        self.input = input
        self.context = context
        self.variables = variables
        self.mock = mock
        self.retryCount = retryCount
        self.mapIterationFailureCount = mapIterationFailureCount
        self.now = now
    }

    private var base: EvaluationScope { EvaluationScope(input: input, context: context, variables: variables) }
    private var usesJSONata: Bool { machine.definition.effectiveQueryLanguage(of: state) == .jsonata }
    private var states: JSONValue { ["input": input, "context": context] }

    /// Runs the state.
    mutating func evaluate() -> Outcome {
        inspection.input = Self.text(input)
        // The request's variables show, as the state's Assign leaves them.
        if !variables.isEmpty { inspection.variables = JSONValue.object(variables).jsonString() }
        do throws(StatesError) {
            return usesJSONata ? try evaluateJSONata() : try evaluateJSONPath()
        } catch {
            return handle(error)
        }
    }

    private mutating func evaluateJSONPath() throws(StatesError) -> Outcome {
        switch state {
        case .pass(let pass):
            // AWS shows a Pass state's Result as its result, without InputPath and Parameters steps; without a Result,
            // the effective input is the result (each step shown, whether the state has the field or not).
            let value: JSONValue
            if let result = pass.result {
                value = result
                inspection.result = Self.text(result)
            } else {
                let effective = try afterInputPath(pass.inputPath)
                value = try Flow.template(pass.parameters, scope(effective), machine: machine) ?? effective
                inspection.afterParameters = Self.text(value)
            }
            inspection.afterResultSelector = Self.text(value)
            try assign(pass.assign, scope(value))
            let combined = try afterResultPath(pass.resultPath, result: value)
            return succeeded(try Flow.outputPath(pass.outputPath, combined, base, machine: machine), next: pass.transition.next)
        case .choice(let choice):
            let effective = try afterInputPath(choice.inputPath)
            let inner = scope(effective)
            for rule in choice.choices where try Flow.matches(rule.rule, inner) {
                try assign(rule.assign ?? choice.assign, inner)
                return succeeded(try Flow.outputPath(choice.outputPath, effective, base, machine: machine), next: rule.next)
            }
            guard let fallback = choice.default else { throw noChoiceMatched() }
            try assign(choice.assign, inner)
            return succeeded(try Flow.outputPath(choice.outputPath, effective, base, machine: machine), next: fallback)
        case .wait(let wait):
            let effective = try afterInputPath(wait.inputPath)
            try checkWait(wait, scope(effective))
            try assign(wait.assign, scope(effective))
            return succeeded(try Flow.outputPath(wait.outputPath, effective, base, machine: machine), next: wait.transition.next)
        case .succeed(let succeed):
            let effective = try afterInputPath(succeed.inputPath)
            return succeeded(try Flow.outputPath(succeed.outputPath, effective, base, machine: machine), next: nil)
        case .fail(let fail):
            // A Fail state has no InputPath: AWS shows the input as the step's.
            inspection.afterInputPath = Self.text(input)
            var error = fail.error
            var cause = fail.cause
            if let path = fail.errorPath { error = try Flow.value(at: path, base, machine: machine)?.stringValue }
            if let path = fail.causePath { cause = try Flow.value(at: path, base, machine: machine)?.stringValue }
            throw StatesError(error ?? "", cause: cause ?? "")
        case .task(let task):
            let effective = try afterInputPath(task.inputPath)
            inspection.afterParameters = try Self.text(Flow.template(task.parameters, scope(effective), machine: machine) ?? effective)
            return try finish(result: mockResult(), selector: task.resultSelector, task.resultPath, task.outputPath, task.assign, task.transition)
        case .parallel(let parallel):
            let effective = try afterInputPath(parallel.inputPath)
            inspection.afterParameters =
                try Self.text(Flow.template(parallel.parameters, scope(effective), machine: machine) ?? effective)
            return try finish(
                result: mockResult(), selector: parallel.resultSelector, parallel.resultPath, parallel.outputPath, parallel.assign,
                parallel.transition)
        case .map(let map):
            // A Map's iterations are mocked: AWS shows its items and limits, and no result.
            let effective = try afterInputPath(map.inputPath)
            let items = try jsonPathItems(map, effective)
            let limits = try mapLimits(map, scope(effective))
            let result = try mockResult(shown: false)
            try checkTolerance(limits, items: items?.count)
            return try finish(result: result, selector: map.resultSelector, map.resultPath, map.outputPath, map.assign, map.transition)
        }
    }

    private mutating func evaluateJSONata() throws(StatesError) -> Outcome {
        switch state {
        case .pass(let pass):
            try assignJSONata(pass.assign, states)
            return succeeded(try Interpreter.jsonata(pass.output, states, base, field: "Output") ?? input, next: pass.transition.next)
        case .choice(let choice):
            for (index, rule) in choice.choices.enumerated() where try Flow.matches(rule.rule, base) {
                try assignJSONata(rule.assign ?? choice.assign, states)
                let field = (rule.output == nil ? "" : "Choices[\(index)]/") + "Output"
                return succeeded(try Interpreter.jsonata(rule.output ?? choice.output, states, base, field: field) ?? input, next: rule.next)
            }
            guard let fallback = choice.default else { throw noChoiceMatched() }
            try assignJSONata(choice.assign, states)
            return succeeded(try Interpreter.jsonata(choice.output, states, base, field: "Output") ?? input, next: fallback)
        case .wait(let wait):
            try checkJSONataWait(wait)
            try assignJSONata(wait.assign, states)
            return succeeded(try Interpreter.jsonata(wait.output, states, base, field: "Output") ?? input, next: wait.transition.next)
        case .succeed(let succeed):
            return succeeded(try Interpreter.jsonata(succeed.output, states, base, field: "Output") ?? input, next: nil)
        case .fail(let fail):
            throw try Interpreter.jsonataFailure(fail, states, base)
        case .task(let task):
            if let arguments = try Interpreter.jsonata(task.arguments, states, base, field: "Arguments") {
                inspection.afterArguments = Self.text(arguments)
            }
            return try finishJSONata(result: mockResult(), output: task.output, assign: task.assign, task.transition)
        case .parallel(let parallel):
            if let arguments = try Interpreter.jsonata(parallel.arguments, states, base, field: "Arguments") {
                inspection.afterArguments = Self.text(arguments)
            }
            return try finishJSONata(result: mockResult(), output: parallel.output, assign: parallel.assign, parallel.transition)
        case .map(let map):
            let items = try jsonataItems(map)
            let limits = try mapLimits(map, base)
            let result = try mockResult(shown: false)
            try checkTolerance(limits, items: items?.count)
            return try finishJSONata(result: result, output: map.output, assign: map.assign, map.transition)
        }
    }

    // MARK: Results and errors

    /// The mocked result (shown as the state's result unless `shown` is false), or the mocked error thrown.
    private mutating func mockResult(shown: Bool = true) throws(StatesError) -> JSONValue {
        switch mock {
        case .result(let value)?:
            if shown { inspection.result = Self.text(value) }
            return value
        case .failure(let error)?:
            throw error
        case nil:
            // testMock refuses calling states without a mock before the run starts.
            throw StatesError(StatesError.Name.runtime, cause: "No mock for the state '\(stateName)'.")
        }
    }

    /// ResultSelector, Assign, ResultPath and OutputPath over a result.
    private mutating func finish(
        result: JSONValue, selector: JSONValue?, _ resultPath: NullablePath?, _ outputPath: NullablePath?, _ assign: JSONValue?,
        _ transition: Transition
    ) throws(StatesError) -> Outcome {
        let selected = try Flow.template(selector, scope(result), machine: machine) ?? result
        inspection.afterResultSelector = Self.text(selected)
        try self.assign(assign, scope(selected))
        let combined = try afterResultPath(resultPath, result: selected)
        return succeeded(try Flow.outputPath(outputPath, combined, scope(result), machine: machine), next: transition.next)
    }

    private mutating func finishJSONata(
        result: JSONValue, output: JSONValue?, assign: JSONValue?, _ transition: Transition
    ) throws(StatesError) -> Outcome {
        let withResult: JSONValue = ["input": input, "result": result, "context": context]
        try assignJSONata(assign, withResult)
        return succeeded(try Interpreter.jsonata(output, withResult, base, field: "Output") ?? result, next: transition.next)
    }

    /// What the state's Retry and Catch make of an error: RETRIABLE while the matching retrier has attempts left,
    /// CAUGHT_ERROR with the catcher's output and Next, else FAILED.
    private mutating func handle(_ error: StatesError) -> Outcome {
        let (retriers, catchers): ([Retrier], [Catcher]) =
            switch state {
            case .task(let s): (s.retry, s.catch)
            case .parallel(let s): (s.retry, s.catch)
            case .map(let s): (s.retry, s.catch)
            default: ([], [])
            }
        if let index = retriers.firstMatch(for: error.error) {
            guard retryCount >= retriers[index].effectiveMaxAttempts else {
                let backoff = retriers[index].backoffSeconds(forAttempt: retryCount + 1)
                inspection.errorDetails = InspectionErrorDetails(
                    retryIndex: index, retryBackoffIntervalSeconds: Int(backoff.rounded(.down)))
                return Outcome(output: nil, error: error, nextState: nil, status: .retriable)
            }
            // The retrier's attempts are used up: AWS still names it (a catcher that takes the error replaces it).
            inspection.errorDetails = InspectionErrorDetails(retryIndex: index)
        }
        guard let index = catchers.firstMatch(for: error.error) else {
            return Outcome(output: nil, error: error, nextState: nil, status: .failed)
        }
        let catcher = catchers[index]
        inspection.errorDetails = InspectionErrorDetails(catchIndex: index)
        do throws(StatesError) {
            let output: JSONValue
            if usesJSONata {
                let withError: JSONValue = ["input": input, "errorOutput": error.errorOutput, "context": context]
                try assignJSONata(catcher.assign, withError)
                output = try Interpreter.jsonata(catcher.output, withError, base, field: "Catch[\(index)]/Output") ?? error.errorOutput
            } else {
                try assign(catcher.assign, scope(error.errorOutput))
                output = try afterResultPath(catcher.resultPath, result: error.errorOutput)
            }
            return Outcome(output: output, error: error, nextState: catcher.next, status: .caughtError)
        } catch {
            return Outcome(output: nil, error: error, nextState: nil, status: .failed)
        }
    }

    // MARK: Map

    /// A JSONPath Map's items: its effective input, or the value at its ItemsPath, which must be an array (none
    /// when an ItemReader reads them).
    private mutating func jsonPathItems(_ map: MapState, _ effective: JSONValue) throws(StatesError) -> [JSONValue]? {
        guard map.itemReader == nil else { return nil }
        let path = map.itemsPath ?? "$"
        let selected = path == "$" ? effective : try Flow.value(at: path, scope(effective), machine: machine)
        guard case .array(let items)? = selected else {
            // AWS names a context path (`$$...`) with one `$` less.
            let shown = path.hasPrefix("$$") ? String(path.dropFirst()) : path
            throw StatesError(StatesError.Name.runtime, cause: "Reference path \"\(shown)\" must point to array.")
        }
        inspection.afterItemsPath = Self.listText(items)
        return items
    }

    /// A JSONata Map's items: its `Items`, or its input, which must be an array (none when an ItemReader reads them).
    private func jsonataItems(_ map: MapState) throws(StatesError) -> [JSONValue]? {
        guard map.itemReader == nil else { return nil }
        let selected = try Interpreter.jsonata(map.items, states, base, field: "Items") ?? input
        guard case .array(let items) = selected else { throw Interpreter.mapItemsNotArray(map, selected) }
        return items
    }

    /// A Map's MaxConcurrency (0 when it has none) and tolerated failures, evaluated and shown.
    private mutating func mapLimits(_ map: MapState, _ scope: EvaluationScope) throws(StatesError) -> (count: Int?, percentage: Double?) {
        var concurrency = map.maxConcurrency?.intValue ?? 0
        if case .expression(let text)? = map.maxConcurrency {
            concurrency = try Interpreter.expressionInt(text, name: "MaxConcurrency", scope, minimum: 0)
        }
        if let path = map.maxConcurrencyPath {
            concurrency = try Interpreter.nonNegativeInteger(at: path, name: "MaxConcurrencyPath", scope, machine: machine)
        }
        var count = map.toleratedFailureCount?.intValue
        if case .expression(let text)? = map.toleratedFailureCount {
            count = try Interpreter.expressionInt(text, name: "ToleratedFailureCount", scope, minimum: 0)
        }
        if let path = map.toleratedFailureCountPath {
            count = try Interpreter.nonNegativeInteger(at: path, name: "ToleratedFailureCountPath", scope, machine: machine)
        }
        var percentage = map.toleratedFailurePercentage?.doubleValue
        if case .expression(let text)? = map.toleratedFailurePercentage {
            percentage = try Interpreter.expressionNumber(text, name: "ToleratedFailurePercentage", scope, minimum: 0)
        }
        if let path = map.toleratedFailurePercentagePath {
            percentage = try Interpreter.percentage(at: path, scope, machine: machine)
        }
        inspection.maxConcurrency = concurrency
        inspection.toleratedFailureCount = count
        inspection.toleratedFailurePercentage = percentage
        return (count, percentage)
    }

    /// `States.ExceedToleratedFailureThreshold` when `mapIterationFailureCount` is over the Map's tolerated count or
    /// percentage (of its items). A Map that tolerates nothing explicitly is not checked (as AWS answers).
    private func checkTolerance(_ limits: (count: Int?, percentage: Double?), items: Int?) throws(StatesError) {
        guard let failures = mapIterationFailureCount else { return }
        var exceeded = false
        if let count = limits.count, failures > count { exceeded = true }
        if let percentage = limits.percentage, let items, items > 0, Double(failures) * 100 / Double(items) > percentage {
            exceeded = true
        }
        guard exceeded else { return }
        throw StatesError(
            StatesError.Name.exceedToleratedFailureThreshold, cause: "The specified tolerated failure threshold was exceeded")
    }

    /// A list as AWS writes one in TestState's answer (a Map's items, a mocked array result echoed): each item's JSON,
    /// separated by a comma and a space.
    static func listText(_ items: [JSONValue]) -> String {
        "[" + items.map { $0.jsonString() }.joined(separator: ", ") + "]"
    }

    /// A value's JSON as TestState answers it: an array as ``listText(_:)`` writes it, anything else compact.
    static func text(_ value: JSONValue) -> String {
        guard case .array(let items) = value else { return value.jsonString() }
        return listText(items)
    }

    // MARK: Steps

    private func scope(_ value: JSONValue) -> EvaluationScope {
        EvaluationScope(input: value, context: context, variables: variables)
    }

    private mutating func afterInputPath(_ path: NullablePath?) throws(StatesError) -> JSONValue {
        let value = try Flow.inputPath(path, base, machine: machine)
        inspection.afterInputPath = Self.text(value)
        return value
    }

    private mutating func afterResultPath(_ path: NullablePath?, result: JSONValue) throws(StatesError) -> JSONValue {
        let value = try Flow.resultPath(path, input: input, result: result, machine: machine)
        inspection.afterResultPath = Self.text(value)
        return value
    }

    /// Evaluates `Assign` and records the variables as they are after it.
    private mutating func assign(_ assign: JSONValue?, _ scope: EvaluationScope) throws(StatesError) {
        guard let assigned = try Flow.assign(assign, scope, machine: machine) else { return }
        try record(assigned)
    }

    private mutating func assignJSONata(_ assign: JSONValue?, _ states: JSONValue) throws(StatesError) {
        guard let assigned = try Interpreter.jsonataAssign(assign, states, base) else { return }
        try record(assigned)
    }

    /// Records the variables after an Assign, within AWS's size limits (as an execution checks them).
    private mutating func record(_ assigned: JSONObject) throws(StatesError) {
        _ = try Interpreter.assignedTexts(assigned, stateName: stateName)
        var merged = variables
        for (key, value) in assigned { merged[key] = value }
        inspection.variables = JSONValue.object(merged).jsonString()
    }

    private func succeeded(_ output: JSONValue, next: String?) -> Outcome {
        Outcome(output: output, error: nil, nextState: next, status: .succeeded)
    }

    private func noChoiceMatched() -> StatesError {
        StatesError.noNextState
    }

    /// A JSONPath Wait state's time must be valid, though TestState does not wait for it.
    private func checkWait(_ wait: WaitState, _ scope: EvaluationScope) throws(StatesError) {
        if let path = wait.secondsPath {
            guard let seconds = try Flow.value(at: path, scope, machine: machine)?.doubleValue, seconds >= 0 else {
                throw StatesError(
                    StatesError.Name.runtime, cause: "The SecondsPath parameter does not reference a valid non-negative number: '\(path)'")
            }
        }
        if let path = wait.timestampPath {
            let value = try Flow.value(at: path, scope, machine: machine)
            guard let text = value?.stringValue, Timestamp.parse(text) != nil else {
                throw Interpreter.invalidTimestampPath(path: "\(path)", value: value)
            }
        }
    }

    /// A JSONata Wait state's `Seconds` or `Timestamp` must evaluate to a valid time, though TestState does not wait.
    private func checkJSONataWait(_ wait: WaitState) throws(StatesError) {
        if case .expression(let text)? = wait.seconds {
            guard let seconds = try Interpreter.jsonata(.string(text), states, base)?.doubleValue, seconds >= 0 else {
                throw StatesError(
                    StatesError.Name.queryEvaluationError,
                    cause: "The Seconds field of a Wait state must evaluate to a non-negative integer: '\(text)'")
            }
        }
        if let text = wait.timestamp {
            guard let value = try Interpreter.jsonata(.string(text), states, base)?.stringValue, Timestamp.parse(value) != nil else {
                throw StatesError(
                    StatesError.Name.queryEvaluationError,
                    cause: "The Timestamp field of a Wait state must evaluate to an ISO-8601 extended offset date-time string: '\(text)'")
            }
        }
    }
}
