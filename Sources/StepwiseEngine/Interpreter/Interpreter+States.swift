import Foundation
import StatesLanguage

extension Interpreter {
    /// Enters a frame's current state: records `<Type>StateEntered` and does what the state does.
    mutating func enterState(_ rt: inout ExecutionRuntime, _ fid: Int) -> Outcome {
        guard let machine, let frame = rt.frames[fid] else { return .blocked }
        guard let state = currentState(rt, fid) else {
            return .failed(StatesError(StatesError.Name.runtime, cause: "The state '\(frame.stateName)' does not exist."))
        }
        emit(&rt, frame: fid, state.typeName + "StateEntered", [
            "name": .string(frame.stateName), "input": .string(frame.stateInput.jsonString()),
            "inputDetails": untruncated,
        ])
        if machine.definition.effectiveQueryLanguage(of: state) == .jsonata {
            return .failed(StatesError(
                StatesError.Name.runtime, cause: "JSONata states are not supported by the embedded engine yet."))
        }
        return perform(&rt, fid, state)
    }

    /// Does a state's work (also used again by a retry, which records no new `StateEntered`).
    mutating func perform(_ rt: inout ExecutionRuntime, _ fid: Int, _ state: State) -> Outcome {
        guard let machine, let frame = rt.frames[fid] else { return .blocked }
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
                let assigned = try Flow.assign(pass.assign, assignScope)
                let combined = try Flow.resultPath(pass.resultPath, input: frame.stateInput, result: value, machine: machine)
                let output = try Flow.outputPath(pass.outputPath, combined, base, machine: machine)
                return exitState(&rt, fid, type: "Pass", output: output, assigned: assigned, transition: pass.transition)

            case .choice(let choice):
                let effective = try Flow.inputPath(choice.inputPath, base, machine: machine)
                var inner = base
                inner.input = effective
                for rule in choice.choices where try Flow.matches(rule.rule, inner) {
                    let assigned = try Flow.assign((rule.assign ?? choice.assign), inner)
                    let output = try Flow.outputPath(choice.outputPath, effective, base, machine: machine)
                    return exitState(&rt, fid, type: "Choice", output: output, assigned: assigned, transition: .next(rule.next))
                }
                guard let fallback = choice.default else {
                    return .failed(StatesError(
                        StatesError.Name.noChoiceMatched,
                        cause: "No Matches! Choice state '\(frame.stateName)' matched no rule and has no Default."))
                }
                let assigned = try Flow.assign(choice.assign, inner)
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
                if let path = fail.errorPath { error = try Flow.value(at: path, base, machine: machine)?.stringValue }
                if let path = fail.causePath { cause = try Flow.value(at: path, base, machine: machine)?.stringValue }
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
            return date
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
            guard let text = try Flow.value(at: path, scope, machine: machine)?.stringValue, let date = Timestamp.parse(text)
            else {
                throw StatesError(
                    StatesError.Name.runtime,
                    cause: "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: '\(path)'")
            }
            return date
        }
        return now
    }

    /// A Wait state's timer fired (or its due time had passed): exit with its output.
    mutating func finishWait(_ rt: inout ExecutionRuntime, _ fid: Int, _ wait: WaitState) throws(StatesError) -> Outcome {
        guard let machine, let frame = rt.frames[fid] else { return .blocked }
        rt.frames[fid]?.waiting = .nothing
        let base = scope(rt, fid, input: frame.stateInput)
        let effective = try Flow.inputPath(wait.inputPath, base, machine: machine)
        var inner = base
        inner.input = effective
        let assigned = try Flow.assign(wait.assign, inner)
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
        do throws(StatesError) {
            let base = scope(rt, fid, input: raw)
            let selected = try Flow.template(fields.0, base, machine: machine) ?? raw
            var inner = base
            inner.input = selected
            let assigned = try Flow.assign(fields.3, inner)
            let combined = try Flow.resultPath(fields.1, input: frame.stateInput, result: selected, machine: machine)
            let output = try Flow.outputPath(fields.2, combined, base, machine: machine)
            return exitState(&rt, fid, type: state.typeName, output: output, assigned: assigned, transition: fields.4)
        } catch {
            return .failed(error)
        }
    }
}
