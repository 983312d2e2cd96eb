import Foundation
import OrderedCollections
import StatesLanguage

extension Interpreter {
    /// Enters a frame's current state: records `<Type>StateEntered` and does what the state does.
    mutating func enterState(_ rt: inout ExecutionRuntime, _ fid: Int) -> Outcome {
        guard machine != nil, var frame = rt.frames[fid] else { return .blocked }
        guard let state = currentState(rt, fid) else {
            return .failed(StatesError(StatesError.Name.runtime, cause: "The state '\(frame.stateName)' does not exist."))
        }
        if let text = rt.inputText {
            // The execution's first state: its input is the execution's, recorded as the text it was given when that
            // is not its compact JSON (with spaces, say). Not needed again after this (the row keeps it).
            rt.inputText = nil
            if fid == 0, text != frame.stateInput.jsonString() {
                frame.inputText = text
                rt.frames[fid] = frame
            }
        }
        emit(&rt, frame: fid, state.typeName + "StateEntered", [
            "name": .string(frame.stateName), "input": .string(frame.inputText ?? frame.stateInput.jsonString()),
            "inputDetails": untruncated,
        ])
        let entered = rt.frames[fid]?.lastEventId
        rt.frames[fid]?.enteredEventId = entered
        let outcome = perform(&rt, fid, state)
        // Recorded, and handed to a Parallel's branches: a state that builds its output needs its input's text no
        // more (nor does the saved state of a Task that waits, which would otherwise keep a second copy of a long
        // execution input).
        if !Self.passesInputOn(state), case .blocked = outcome, rt.frames[fid]?.inputText != nil {
            rt.frames[fid]?.inputText = nil
        }
        return outcome
    }

    /// A failure of the state itself (not a task's or a Fail state's error), with AWS's prefix naming the state
    /// and the event it was entered at: "An error occurred while executing the state 'X' (entered at the event
    /// id #5). ..." AWS writes it before the causes of the errors it raises while executing a state (data flow,
    /// JSONata, intrinsic functions); a Fail state's cause and a task's answer pass through unchanged.
    func stateFailure(_ rt: ExecutionRuntime, _ fid: Int, _ error: StatesError) -> StatesError {
        guard let frame = rt.frames[fid], let entered = frame.enteredEventId, StatesError.hasStatePrefix(error.error),
            !error.cause.hasPrefix(StatesError.statePrefixStart)
        else { return error }
        // a Fail state's own error passes unchanged; its JSONata Error/Cause failing is the state's failure
        if case .fail? = currentState(rt, fid), !error.cause.hasPrefix(JSONataFailure.causeStart) { return error }
        // a failure recorded on the task's own event (ActivityScheduleFailed) keeps that event's cause
        if let last = result.events.last, "\(last.type)".hasSuffix("ScheduleFailed") { return error }
        return Self.quotingInputText(error, frame).inState(frame.stateName, enteredAtEventID: entered)
    }

    /// A path that matched nothing names the state's input as the text it came as, when it came as other text than
    /// its compact JSON (`Frame.inputText`): AWS's cause for an execution input `{"a": 1,       "b": 2}` ends "could not
    /// be found in the input '{"a": 1,       "b": 2}'" (localstack/localstack#11953, AWS's answer quoted).
    static func quotingInputText(_ error: StatesError, _ frame: Frame) -> StatesError {
        guard let text = frame.inputText else { return error }
        let compact = " could not be found in the input '\(frame.stateInput.jsonString())'"
        guard error.cause.hasSuffix(compact) else { return error }
        var quoted = error
        quoted.cause = String(error.cause.dropLast(compact.count)) + " could not be found in the input '\(text)'"
        return quoted
    }

    /// Does a state's work (also used again by a retry, which records no new `StateEntered`).
    mutating func perform(_ rt: inout ExecutionRuntime, _ fid: Int, _ state: State) -> Outcome {
        guard let machine, let frame = rt.frames[fid] else { return .blocked }
        if machine.definition.effectiveQueryLanguage(of: state) == .jsonata { return performJSONata(&rt, fid, state) }
        let base = scope(rt, fid, input: frame.stateInput)
        do throws(StatesError) {
            switch state {
            case .pass(let pass):
                let effective = try Flow.inputPath(pass.inputPath, base, machine: machine)
                var value = effective
                if let result = pass.result {
                    value = result
                } else if let parameters = pass.parameters {
                    var inner = base
                    inner.input = effective
                    value = try Flow.template(parameters, inner, machine: machine)
                }
                var assignScope = base
                assignScope.input = value
                let assigned = try Flow.assign(pass.assign, assignScope, machine: machine)
                let combined = try Flow.resultPath(pass.resultPath, input: frame.stateInput, result: value, machine: machine)
                let output = try Flow.outputPath(pass.outputPath, combined, base, machine: machine)
                return exitState(&rt, fid, type: "Pass", output: output, assigned: assigned, transition: pass.transition)

            case .choice(let choice):
                let effective = try Flow.inputPath(choice.inputPath, base, machine: machine)
                var inner = base
                inner.input = effective
                for rule in choice.choices where try Flow.matches(rule.rule, inner) {
                    let assigned = try Flow.assign((rule.assign ?? choice.assign), inner, machine: machine)
                    let output = try Flow.outputPath(choice.outputPath, effective, base, machine: machine)
                    return exitState(&rt, fid, type: "Choice", output: output, assigned: assigned, transition: .next(rule.next))
                }
                guard let fallback = choice.default else {
                    return .failed(StatesError.noNextState)
                }
                let assigned = try Flow.assign(choice.assign, inner, machine: machine)
                let output = try Flow.outputPath(choice.outputPath, effective, base, machine: machine)
                return exitState(&rt, fid, type: "Choice", output: output, assigned: assigned, transition: .next(fallback))

            case .wait(let wait):
                let effective = try Flow.inputPath(wait.inputPath, base, machine: machine)
                var inner = base
                inner.input = effective
                let due = try waitDue(wait, inner, machine: machine)
                if due <= now { return try finishWait(&rt, fid, wait) }
                let id = rt.makeId("w")
                rt.frames[fid]?.waiting = .waitTimer(id)
                result.newTimers.append((id, due))
                return .blocked

            case .succeed(let succeed):
                let effective = try Flow.inputPath(succeed.inputPath, base, machine: machine)
                let output = try Flow.outputPath(succeed.outputPath, effective, base, machine: machine)
                return exitState(&rt, fid, type: "Succeed", output: output, assigned: nil, transition: .end)

            case .fail(let fail):
                var error = fail.error
                var cause = fail.cause
                do throws(StatesError) {
                    if let path = fail.errorPath { error = try Self.failText(at: path, name: "ErrorPath", base, machine: machine) }
                    if let path = fail.causePath { cause = try Self.failText(at: path, name: "CausePath", base, machine: machine) }
                } catch {
                    // the state's own failure, prefixed here: a Fail state's user error is not (`stateFailure`)
                    let quoted = Self.quotingInputText(error, frame)
                    return .failed(frame.enteredEventId.map { quoted.inState(frame.stateName, enteredAtEventID: $0) } ?? quoted)
                }
                return .failed(StatesError(error ?? "", cause: cause ?? ""))

            case .task(let task):
                return try scheduleTask(&rt, fid, task, base)

            case .parallel(let parallel):
                return try startParallel(&rt, fid, parallel, base)

            case .map(let map):
                return try startMap(&rt, fid, map, base)
            }
        } catch {
            return .failed(error)
        }
    }

    private func waitDue(_ wait: WaitState, _ scope: EvaluationScope, machine: CompiledMachine) throws(StatesError) -> Date {
        if let seconds = wait.seconds?.intValue { return now.addingTimeInterval(Double(seconds)) }
        if let text = wait.timestamp {
            guard let date = Timestamp.parse(text) else {
                throw StatesError(StatesError.Name.runtime, cause: "Invalid timestamp '\(text)'")
            }
            return Timestamp.wholeSeconds(date)
        }
        if let path = wait.secondsPath {
            guard let value = try Flow.value(at: path, scope, machine: machine), let seconds = value.doubleValue, seconds >= 0
            else {
                throw StatesError(
                    StatesError.Name.runtime,
                    cause: "The SecondsPath parameter does not reference a valid non-negative number: '\(path)'")
            }
            return now.addingTimeInterval(seconds.rounded(.down))
        }
        if let path = wait.timestampPath {
            let value = try Flow.value(at: path, scope, machine: machine)
            guard let text = value?.stringValue, let date = Timestamp.parse(text) else {
                throw Self.invalidTimestampPath(path: "\(path)", value: value)
            }
            return Timestamp.wholeSeconds(date)
        }
        return now
    }

    /// AWS's States.Runtime cause for a TimestampPath whose value is not an ISO-8601 date-time with an offset: the
    /// path and the value it found, `$.start_at == 2023-12-06T08:00:24` (a string as its text, other values as JSON).
    static func invalidTimestampPath(path: String, value: JSONValue?) -> StatesError {
        let found = value.map { " == " + ($0.stringValue ?? $0.jsonString()) } ?? ""
        return StatesError(
            StatesError.Name.runtime,
            cause: "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: \(path)\(found)")
    }

    /// A Wait state's timer fired (or its due time had passed): exit with its output.
    mutating func finishWait(_ rt: inout ExecutionRuntime, _ fid: Int, _ wait: WaitState) throws(StatesError) -> Outcome {
        guard let machine, let frame = rt.frames[fid] else { return .blocked }
        rt.frames[fid]?.waiting = .nothing
        let base = scope(rt, fid, input: frame.stateInput)
        if machine.definition.effectiveQueryLanguage(of: .wait(wait)) == .jsonata {
            let states: JSONValue = ["input": frame.stateInput, "context": base.context]
            let output = try Self.jsonata(wait.output, states, base, field: "Output") ?? frame.stateInput
            let assigned = try Self.jsonataAssign(wait.assign, states, base)
            return exitState(&rt, fid, type: "Wait", output: output, assigned: assigned, transition: wait.transition)
        }
        let effective = try Flow.inputPath(wait.inputPath, base, machine: machine)
        var inner = base
        inner.input = effective
        let assigned = try Flow.assign(wait.assign, inner, machine: machine)
        let output = try Flow.outputPath(wait.outputPath, effective, base, machine: machine)
        return exitState(&rt, fid, type: "Wait", output: output, assigned: assigned, transition: wait.transition)
    }

    /// A Task, Parallel or Map state produced its result: ResultSelector, ResultPath, Assign, OutputPath.
    mutating func finishWithResult(
        _ rt: inout ExecutionRuntime, _ fid: Int, _ state: State, result raw: JSONValue
    ) -> Outcome {
        guard let machine, let frame = rt.frames[fid] else { return .blocked }
        rt.frames[fid]?.waiting = .nothing
        let fields: (JSONValue?, NullablePath?, NullablePath?, JSONValue?, Transition)
        switch state {
        case .task(let s): fields = (s.resultSelector, s.resultPath, s.outputPath, s.assign, s.transition)
        case .parallel(let s): fields = (s.resultSelector, s.resultPath, s.outputPath, s.assign, s.transition)
        case .map(let s): fields = (s.resultSelector, s.resultPath, s.outputPath, s.assign, s.transition)
        default: return .failed(StatesError(StatesError.Name.runtime, cause: "Unexpected result for '\(frame.stateName)'"))
        }
        if machine.definition.effectiveQueryLanguage(of: state) == .jsonata {
            do throws(StatesError) {
                let base = scope(rt, fid, input: frame.stateInput)
                let states: JSONValue = ["input": frame.stateInput, "result": raw, "context": base.context]
                let outputField: JSONValue? =
                    switch state {
                    case .task(let task): task.output
                    case .parallel(let parallel): parallel.output
                    case .map(let map): map.output
                    default: nil
                    }
                let output = try Self.jsonata(outputField, states, base, field: "Output") ?? raw
                let assigned = try Self.jsonataAssign(fields.3, states, base)
                return exitState(&rt, fid, type: state.typeName, output: output, assigned: assigned, transition: fields.4)
            } catch {
                return .failed(error)
            }
        }
        do throws(StatesError) {
            let base = scope(rt, fid, input: raw)
            let selected = try Flow.template(fields.0, base, machine: machine) ?? raw
            var inner = base
            inner.input = selected
            let assigned = try Flow.assign(fields.3, inner, machine: machine)
            let combined = try Flow.resultPath(fields.1, input: frame.stateInput, result: selected, machine: machine)
            let output = try Flow.outputPath(fields.2, combined, base, machine: machine)
            return exitState(&rt, fid, type: state.typeName, output: output, assigned: assigned, transition: fields.4)
        } catch {
            return .failed(error)
        }
    }
}

extension Interpreter {
    /// `States.QueryEvaluationError` for a JSONata Map whose items are not an array: `Items` when the state has
    /// it, otherwise the state input, in AWS's words for each (recorded).
    static func mapItemsNotArray(_ map: MapState, _ selected: JSONValue?) -> StatesError {
        guard let items = map.items else {
            return StatesError(
                StatesError.Name.queryEvaluationError,
                cause: "Map state input must be an array but was: \((selected ?? .null).jsonString())")
        }
        let source = items.stringValue.flatMap(JSONata.expressionText) ?? items.jsonString()
        return JSONataFailure.unexpectedType(source, field: "Items", expected: "array", value: selected ?? .null)
    }

    /// A JSONata Map whose `Items` fails to evaluate or is not an array fails as AWS records it: `EvaluationFailed`
    /// (the error, the state, and `Items` as the location when the state has it; chained to the event before
    /// `MapStateEntered`), then `MapStateFailed` (for an `Items` that returns nothing, as floci-io/floci#3167 measured
    /// it in us-east-1). Returns the error to throw.
    mutating func mapItemsFailed(_ rt: inout ExecutionRuntime, _ fid: Int, _ map: MapState, _ error: StatesError) -> StatesError {
        let failure = stateFailure(rt, fid, error)
        emitEvaluationFailed(&rt, fid, failure, location: error.location ?? (map.items != nil ? "Items" : nil))
        emit(&rt, frame: fid, "MapStateFailed", nil)
        var recorded = failure
        recorded.location = nil  // its EvaluationFailed is written
        return recorded
    }

    /// A JSONata field of the state that failed to evaluate (a `States.QueryEvaluationError` with a location) is
    /// recorded as AWS records it before the failure goes on: `EvaluationFailed` with the error, the cause (with the
    /// state prefix), the field as `location` and the state's name, chained to the event before the state's
    /// `StateEntered`. Recorded against AWS (LocalStack's test_math_operations_jsonata test_math_random_seeded: a
    /// Pass state's `Output/FunctionResult` raising T1006 gives PassStateEntered, EvaluationFailed (previous event
    /// 0), ExecutionFailed). Returns the error without its location, so it is recorded once.
    mutating func recordEvaluationFailure(_ rt: inout ExecutionRuntime, _ fid: Int, _ error: StatesError) -> StatesError {
        guard let location = error.location, error.error == StatesError.Name.queryEvaluationError, rt.frames[fid] != nil
        else { return error }
        emitEvaluationFailed(&rt, fid, error, location: location)
        var recorded = error
        recorded.location = nil
        return recorded
    }

    /// `EvaluationFailed` for the frame's state: the error, the cause, the location when there is one and the state's
    /// name, chained to the event before the state's `StateEntered` (when that event is among this step's; else to the
    /// frame's last event).
    private mutating func emitEvaluationFailed(_ rt: inout ExecutionRuntime, _ fid: Int, _ error: StatesError, location: String?) {
        let entered = rt.frames[fid]?.enteredEventId
        let previous = error.chainsToStateEntered ? entered : result.events.first { $0.id == entered }?.previousEventId
        var details: JSONObject = ["error": .string(error.error), "cause": .string(error.cause)]
        if let location { details["location"] = .string(location) }
        details["state"] = .string(rt.frames[fid]?.stateName ?? "")
        emit(&rt, frame: fid, "EvaluationFailed", .object(details), previous: previous)
    }

    /// A Map's `MaxConcurrencyPath`: a non-negative integer, or the state fails with `States.Runtime`. A value that is
    /// not an integer is worded as AWS words it (LocalStack's test_base_scenarios.snapshot.json,
    /// test_max_concurrency_path[max_concurrency_value0] and [NoNumber], recorded against AWS: `The
    /// MaxConcurrencyPath field refers to value "{}" which is not a valid integer: $.MaxConcurrencyValue`). For a
    /// negative integer AWS records nothing after ExecutionStarted (the same file's test_max_concurrency_path_negative),
    /// so that wording is a guess.
    /// A string holding an integer counts as that integer: AWS ran a Map whose `MaxConcurrencyPath` selected the string
    /// "1" (LocalStack's test_assign_reference_variables.snapshot.json, MAP_STATE_REFERENCE_IN_MAX_CONCURRENCY_PATH).
    static func nonNegativeInteger(at path: String, name: String, _ scope: EvaluationScope, machine: CompiledMachine) throws(StatesError) -> Int {
        let value = try Flow.value(at: path, scope, machine: machine)
        guard let number = value?.doubleValue ?? Self.integer(value).map(Double.init),
            number == number.rounded(), abs(number) < 9.0e15
        else {
            throw StatesError(
                StatesError.Name.runtime,
                cause: "The \(name) field refers to value \"\(referredText(value))\" which is not a valid integer: \(path)")
        }
        guard number >= 0 else {
            throw StatesError(
                StatesError.Name.runtime,
                cause: "The \(name) parameter does not reference a valid non-negative integer: '\(path)'")
        }
        return Int(number)
    }

    /// An integer, or a string holding one: how AWS reads the Map fields a path selects (it reads the value's text;
    /// recorded for MaxConcurrencyPath, ToleratedFailureCountPath, MaxItemsPath and the batch limits).
    static func integer(_ value: JSONValue?) -> Int? {
        value?.intValue ?? value?.stringValue.flatMap { Int($0) }
    }

    /// A Map's `ToleratedFailureCountPath`: a non-negative integer, or the state fails with `States.Runtime` in
    /// AWS's words (recorded).
    /// AWS reads the value's text as an integer, so a string holding one counts: the string "1" was accepted
    /// (test_assign_reference_variables.snapshot.json, MAP_STATE_REFERENCE_IN_TOLERATED_FAILURE_PATH).
    static func toleratedFailureCount(at path: String, _ scope: EvaluationScope, machine: CompiledMachine) throws(StatesError) -> Int {
        let value = try Flow.value(at: path, scope, machine: machine)
        guard let number = Self.integer(value) else {
            throw StatesError(
                StatesError.Name.runtime,
                cause: "The ToleratedFailureCountPath field refers to value \"\(referredText(value))\" which is not a valid integer: \(path)")
        }
        guard number >= 0 else { throw StatesError(StatesError.Name.runtime, cause: "ToleratedFailureCount cannot be negative.") }
        return number
    }

    /// A Map's `ToleratedFailurePercentagePath`: a number from 0 to 100, or the state fails with `States.Runtime` in
    /// AWS's words (recorded).
    /// AWS reads the value's text as a float, so a string holding a number counts: the string "1" was accepted (same
    /// recording). Java's float parsing ignores surrounding blanks.
    static func percentage(at path: String, _ scope: EvaluationScope, machine: CompiledMachine) throws(StatesError) -> Double {
        let value = try Flow.value(at: path, scope, machine: machine)
        let text = value?.stringValue?.trimmingCharacters(in: .whitespaces)
        guard let number = value?.doubleValue ?? text.flatMap({ $0.isEmpty ? nil : Double($0) }) else {
            throw StatesError(
                StatesError.Name.runtime,
                cause: "The ToleratedFailurePercentagePath field refers to value \"\(referredText(value))\" which is not a valid float: \(path)")
        }
        guard number >= 0, number <= 100 else {
            throw StatesError(StatesError.Name.runtime, cause: "ToleratedFailurePercentage must be between 0 and 100.")
        }
        return number
    }

    /// A value a `*Path` field selected, as AWS quotes it in its causes: a string's text, else its JSON.
    static func referredText(_ value: JSONValue?) -> String {
        value?.stringValue ?? (value ?? .null).jsonString()
    }
}

extension Interpreter {
    /// A Fail state's `ErrorPath`/`CausePath` (a reference path or an intrinsic function): it must select a
    /// string, or the execution fails with `States.Runtime`. A path that matches nothing is worded as AWS words
    /// an `InputPath` that matches nothing; the wording for a value that is not a string is a guess.
    static func failText(at path: String, name: String, _ scope: EvaluationScope, machine: CompiledMachine) throws(StatesError) -> String {
        let value: JSONValue?
        if IntrinsicExpression.looksLikeIntrinsic(path) {
            do {
                value = try IntrinsicExpression(parsing: path).evaluate(in: scope)
            } catch let error as StatesError {
                throw error
            } catch {
                throw StatesError(StatesError.Name.runtime, cause: "Invalid intrinsic function '\(path)': \(error)")
            }
        } else {
            let compiled = try machine.path(path)
            value = compiled.evaluate(in: scope)
            // AWS's words (localstack/localstack#11951 quotes them): "The JSONPath '$.ErrorX' specified for the
            // field 'ErrorPath' could not be found in the input '...'"
            guard value != nil else { throw StatesError.pathNotFound(compiled, field: name, input: scope.input) }
        }
        guard case .string(let text)? = value else {
            throw StatesError(
                StatesError.Name.runtime,
                cause: "The \(name) '\(path)' must reference a string, but it references \(value?.typeName ?? "nothing")")
        }
        return text
    }
}

extension Interpreter {
    /// A JSONata Wait state's `Timestamp` value as a date: a string in RFC 3339 form, else
    /// `States.QueryEvaluationError` (a non-string names the types as AWS does for `Items`, a guess). A string that is
    /// not a date-time is worded as AWS words it, and its `EvaluationFailed` follows `WaitStateEntered`
    /// (LocalStack's test_base_scenarios.snapshot.json, test_wait_timestamp_jsonata[NO_T], [NO_Z], [INVALID_DATE],
    /// [INVALID_TIME], [INVALID_ISO], recorded against AWS: "The Timestamp field cannot be parsed as an ISO-8601
    /// extended offset date-time format string: 2016-12-05T21:29:29", EvaluationFailed #3 after #2).
    static func waitTimestamp(_ value: JSONValue, expression: String) throws(StatesError) -> Date {
        guard case .string(let text) = value else {
            throw JSONataFailure.unexpectedType(expression, field: "Timestamp", expected: "string", value: value)
        }
        guard let date = Timestamp.parse(text) else {
            var error = StatesError(
                StatesError.Name.queryEvaluationError,
                cause: "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: \(text)")
            error.location = "Timestamp"
            error.chainsToStateEntered = true
            throw error
        }
        return Timestamp.wholeSeconds(date)
    }
}
