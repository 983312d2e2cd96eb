import Foundation
import OrderedCollections
import StatesLanguage

extension Interpreter {
    /// The state a frame is at, or nil if the definition has no such state.
    func currentState(_ rt: ExecutionRuntime, _ fid: Int) -> State? {
        guard let machine, let frame = rt.frames[fid], let flow = machine.flow(at: frame.path) else { return nil }
        return flow.states[frame.stateName]
    }

    /// The context object (`$$`) for a frame's current state.
    func context(
        _ rt: ExecutionRuntime, _ fid: Int, taskToken: String? = nil, mapItem: (index: Int, value: JSONValue)? = nil
    ) -> JSONValue {
        guard machine?.usesContext ?? true else { return .object([:]) }
        let frame = rt.frames[fid]
        // In AWS's order, recorded against AWS (LocalStack's test_context_object test_input_path[$$] and
        // test_output.py BASE_EXPR's $states.context): Execution (Id, Input, StartTime, Name, RoleArn, RedriveCount),
        // StateMachine, State (Name, EnteredTime); a Pass state's has no RetryCount. A state that can retry (Task,
        // Parallel, Map) has it, as AWS documents the context object of a Task.
        var state: JSONObject = [
            "Name": .string(frame?.stateName ?? ""), "EnteredTime": .string(Timestamp.iso8601(frame?.enteredTime ?? now)),
        ]
        switch currentState(rt, fid) {
        case .task?, .parallel?, .map?: state["RetryCount"] = .int(frame?.retryCount ?? 0)
        default: break
        }
        var execution: JSONObject = [
            "Id": .string(rt.executionArn), "Input": rt.input, "StartTime": .string(Timestamp.iso8601(rt.startTime)),
            "Name": .string(rt.executionName), "RoleArn": .string(rt.roleArn), "RedriveCount": 0,
        ]
        // StartSyncExecution's executions have none (see ExecutionRuntime.synchronous).
        if rt.synchronous == true { execution["RedriveCount"] = nil }
        var object: JSONObject = [
            "Execution": .object(execution),
            "StateMachine": ["Id": .string(rt.stateMachineArn), "Name": .string(rt.stateMachineName)],
            "State": .object(state),
        ]
        if let child = childContext(rt, fid) {
            object["Execution"] = child.execution
            object["StateMachine"] = child.machine
        }
        if let taskToken { object["Task"] = ["Token": .string(taskToken)] }
        if let mapItem { object["Map"] = ["Item": ["Index": .int(mapItem.index), "Value": mapItem.value]] }
        return .object(object)
    }

    /// The variables visible in a frame: outer scopes first, inner ones override.
    func variables(_ rt: ExecutionRuntime, _ fid: Int) -> JSONObject {
        guard let frame = rt.frames[fid] else { return [:] }
        guard frame.inheritsVariables, let parent = frame.parentId else { return frame.variables }
        var merged = variables(rt, parent)
        if merged.isEmpty { return frame.variables }
        for (key, value) in frame.variables { merged[key] = value }
        return merged
    }

    /// `$` = `input`, `$$` = the context object, `$name` = the frame's variables.
    func scope(
        _ rt: ExecutionRuntime, _ fid: Int, input: JSONValue, taskToken: String? = nil,
        mapItem: (index: Int, value: JSONValue)? = nil
    ) -> EvaluationScope {
        EvaluationScope(
            input: input, context: context(rt, fid, taskToken: taskToken, mapItem: mapItem),
            variables: variables(rt, fid))
    }

    /// Records `<Type>StateExited` with the output (and assigned variables), stores the variables and
    /// returns where the frame goes next. Fails with `States.DataLimitExceeded` for outputs over 256 KiB.
    mutating func exitState(
        _ rt: inout ExecutionRuntime, _ fid: Int, type: String, output: JSONValue, assigned: JSONObject?,
        transition: Transition?
    ) -> Outcome {
        guard let frame = rt.frames[fid] else { return .blocked }
        // Values built by JSONata (or placed whole by a ResultPath of "$") are checked here, before they are written
        // or stored, so that every value saved can be read back (JSONPath data flow checks its own).
        if output.nestingDepth(exceeds: JSONValue.maximumNestingDepth)
            || assigned?.values.contains(where: { $0.nestingDepth(exceeds: JSONValue.maximumNestingDepth) }) == true
        {
            return .failed(StatesError.nestingTooDeep())
        }
        let outputText = passedText(rt, fid, output) ?? output.jsonString()
        if outputText.utf8.count > StepwiseEngine.maxPayloadBytes {
            return .failed(StatesError(
                StatesError.Name.dataLimitExceeded,
                cause: "The state/task '\(frame.stateName)' returned a result with a size exceeding the maximum number of bytes service limit."))
        }
        var details: JSONObject = ["name": .string(frame.stateName), "output": .string(outputText), "outputDetails": untruncated]
        if let assigned, !assigned.isEmpty {
            // Checked before any is stored: the assignment is all or nothing.
            let texts: JSONObject
            do throws(StatesError) {
                texts = try Self.assignedTexts(assigned, stateName: frame.stateName)
            } catch {
                return .failed(error)
            }
            for (key, value) in assigned { rt.frames[fid]?.variables[key] = value }
            details["assignedVariables"] = .object(texts)
            details["assignedVariablesDetails"] = untruncated
        }
        emit(&rt, frame: fid, type + "StateExited", .object(details))
        switch transition {
        case .next(let name)?: return .next(name, output)
        case .end?, nil: return .end(output)
        }
    }
}

extension Interpreter {
    /// The assigned variables as the history records them (JSON text), within AWS's limits: "The maximum size of a
    /// single variable is 256Kib ... The maximum combined size for all variables in a single Assign field is also
    /// 256Kib." Over them, `States.DataLimitExceeded`.
    static func assignedTexts(_ assigned: JSONObject, stateName: String) throws(StatesError) -> JSONObject {
        var texts: JSONObject = [:]
        var combined = 0
        for (key, value) in assigned {
            let text = value.jsonString()
            let size = text.utf8.count
            combined += size
            if size > StepwiseEngine.maxPayloadBytes || combined > StepwiseEngine.maxPayloadBytes {
                let what = size > StepwiseEngine.maxPayloadBytes
                    ? "the variable '\(key)' has a size of \(size) bytes"
                    : "the variables assigned together have a size of more than \(StepwiseEngine.maxPayloadBytes) bytes"
                throw StatesError(
                    StatesError.Name.dataLimitExceeded,
                    cause: "The state '\(stateName)' assigned variables exceeding the maximum number of bytes service "
                        + "limit (\(StepwiseEngine.maxPayloadBytes) bytes per variable and per Assign): \(what).")
            }
            texts[key] = .string(text)
        }
        return texts
    }
}

/// ISO 8601 timestamps with milliseconds in UTC, as AWS writes them in the context object.
enum Timestamp {
    static func iso8601(_ date: Date) -> String {
        // Rounded to the millisecond as the API and the store round the same instant (DescribeExecution's startDate,
        // an event's timestamp): truncated, `$$.Execution.StartTime` was 1 ms before the startDate half the time.
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.toNearestOrAwayFromZero))
        var seconds = time_t(millis / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis % 1000), 3))Z"
    }

    /// Parses an RFC 3339 timestamp (`2026-01-01T00:00:00Z`, fractional seconds and offsets allowed).
    /// A Wait state's due time: AWS "considers the time value up to seconds and truncates milliseconds".
    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
