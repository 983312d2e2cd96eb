import Foundation
import StatesLanguage

extension Interpreter {
    /// Does a JSONata state's work: `Arguments`, `Items`, `ItemSelector`, `Seconds`/`Timestamp`, `Condition`,
    /// `Output` and `Assign` see `$states.input`, `$states.context` (and `$states.result` /
    /// `$states.errorOutput` where AWS provides them) and the variables as they were on entry.
    mutating func performJSONata(_ rt: inout ExecutionRuntime, _ fid: Int, _ state: State) -> Outcome {
        guard let frame = rt.frames[fid] else { return .blocked }
        let base = scope(rt, fid, input: frame.stateInput)
        let states: JSONValue = ["input": frame.stateInput, "context": base.context]
        do throws(StatesError) {
            switch state {
            case .pass(let pass):
                let output = try Self.jsonata(pass.output, states, base, field: "Output") ?? frame.stateInput
                let assigned = try Self.jsonataAssign(pass.assign, states, base)
                return exitState(&rt, fid, type: "Pass", output: output, assigned: assigned, transition: pass.transition)
            case .succeed(let succeed):
                let output = try Self.jsonata(succeed.output, states, base, field: "Output") ?? frame.stateInput
                return exitState(&rt, fid, type: "Succeed", output: output, assigned: nil, transition: .end)
            case .fail(let fail):
                return .failed(try Self.jsonataFailure(fail, states, base))
            case .choice(let choice):
                for (index, rule) in choice.choices.enumerated() where try rule.rule.evaluate(in: base, condition: JSONata.condition(field: "Choices[\(index)]/Condition")) {
                    let field = "Choices[\(index)]/"
                    let output = try Self.jsonata(rule.output ?? choice.output, states, base, field: (rule.output == nil ? "" : field) + "Output") ?? frame.stateInput
                    let assigned = try Self.jsonataAssign(rule.assign ?? choice.assign, states, base, field: (rule.assign == nil ? "" : field) + "Assign")
                    return exitState(&rt, fid, type: "Choice", output: output, assigned: assigned, transition: .next(rule.next))
                }
                guard let fallback = choice.default else {
                    return .failed(StatesError.noNextState)
                }
                let output = try Self.jsonata(choice.output, states, base, field: "Output") ?? frame.stateInput
                let assigned = try Self.jsonataAssign(choice.assign, states, base)
                return exitState(&rt, fid, type: "Choice", output: output, assigned: assigned, transition: .next(fallback))
            case .task(let task):
                return try scheduleTask(&rt, fid, task, base)
            case .wait(let wait):
                let due = try jsonataWaitDue(wait, states, base)
                if due <= now { return try finishWait(&rt, fid, wait) }
                let id = rt.makeId("w")
                rt.frames[fid]?.waiting = .waitTimer(id)
                result.newTimers.append((id, due))
                return .blocked
            case .parallel(let parallel):
                return try startParallel(&rt, fid, parallel, base)
            case .map(let map):
                return try startMap(&rt, fid, map, base)
            }
        } catch {
            return .failed(error)
        }
    }

    /// When a JSONata Wait state ends: `Seconds` (an integer or an expression) or `Timestamp`.
    func jsonataWaitDue(_ wait: WaitState, _ states: JSONValue, _ scope: EvaluationScope) throws(StatesError) -> Date {
        switch wait.seconds {
        case .int(let seconds)?:
            return now.addingTimeInterval(Double(seconds))
        case .expression(let text)?:
            let value = try Self.jsonata(.string(text), states, scope, field: "Seconds") ?? .null
            let seconds = try JSONataFailure.integer(value, expression: JSONata.expressionText(text) ?? text, field: "Seconds", minimum: 0)
            return now.addingTimeInterval(Double(seconds))
        case nil:
            break
        }
        if let text = wait.timestamp {
            let value = try Self.jsonata(.string(text), states, scope, field: "Timestamp") ?? .null
            return try Self.waitTimestamp(value, expression: JSONata.expressionText(text) ?? text)
        }
        return now
    }

    /// Evaluates an optional JSONata field (nil when absent).
    static func jsonata(
        _ field: JSONValue?, _ states: JSONValue, _ scope: EvaluationScope, field name: String? = nil
    ) throws(StatesError) -> JSONValue? {
        guard let field else { return nil }
        return try JSONata.evaluateTemplate(field, states: states, variables: scope.variables, field: name)
    }

    /// Evaluates an optional JSONata `Assign` object into the variables it sets.
    static func jsonataAssign(
        _ field: JSONValue?, _ states: JSONValue, _ scope: EvaluationScope, field name: String = "Assign"
    ) throws(StatesError) -> JSONObject? {
        guard let value = try jsonata(field, states, scope, field: name) else { return nil }
        guard case .object(let object) = value else {
            throw StatesError(StatesError.Name.runtime, cause: "Assign must be a JSON object.")
        }
        return object
    }

    /// The error a JSONata Fail state raises. Error and Cause are strings: an expression of another type is the
    /// expression's error (States.QueryEvaluationError naming the field), as for the other typed fields, not text made
    /// of the value.
    static func jsonataFailure(_ fail: FailState, _ states: JSONValue, _ scope: EvaluationScope) throws(StatesError) -> StatesError {
        let error = try jsonata(fail.error.map(JSONValue.string), states, scope, field: "Error")
        let cause = try jsonata(fail.cause.map(JSONValue.string), states, scope, field: "Cause")
        for (value, source, field) in [(error, fail.error, "Error"), (cause, fail.cause, "Cause")] {
            if let value, value.stringValue == nil, let source {
                throw JSONataFailure.unexpectedType(
                    JSONata.expressionText(source) ?? source, field: field, expected: "string", value: value)
            }
        }
        return StatesError(text(error), cause: text(cause))
    }

    static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case nil: ""
        case let other?: other.jsonString()
        }
    }
}
