import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

/// The child workflow execution a Distributed Map child runs as: on AWS an execution of its own, with its own ARN,
/// context object and history. The engine runs it as a flow of the parent execution (so a wide Map costs no more
/// than a flow per child) and records its row (``MapRunExecutionRecord``) and its history under its ARN.
///
/// Saved with every running child's frame (ten thousand at once in a wide Map): only what cannot be derived, under
/// short keys.
struct ChildExecution: Codable, Sendable, Hashable {
    var arn: String
    var startDate: Date
    /// `$$.Execution.Input`.
    var input: JSONValue
    /// The id its next history event gets.
    var nextEventId: Int
    /// How many times a redrive of its Map Run redrove it in place (a STANDARD child; nil: never).
    var redriveCount: Int?

    enum CodingKeys: String, CodingKey {
        case arn = "a", startDate = "s", input = "i", nextEventId = "e", redriveCount = "r"
    }

    /// The execution's name (the ARN's last part).
    var name: String { arn.split(separator: ":").last.map(String.init) ?? arn }

    /// `stateMachine:<machine>/<label>`, from the ARN (`execution:<machine>/<label>:<name>` or
    /// `express:<machine>/<label>:<run id>:<name>`).
    var machineArn: String {
        let parts = arn.arnFields
        guard parts.count >= 8 else { return arn }
        return parts[0..<5].joined(separator: ":") + ":stateMachine:" + parts[6]
    }
}

/// A history event of a child execution, its details still a value: the store's writer renders their JSON text.
struct ChildEvent: Sendable {
    var executionArn: String
    var id: Int
    var previousEventId: Int
    var timestamp: Double
    var type: String
    var details: JSONValue?
}

extension Interpreter {
    /// The child execution's ARN. STANDARD: `execution:<machine>/<label>:<uuid>`; EXPRESS:
    /// `express:<machine>/<label>:<map run id>:<uuid>` (the shape of AWS's Express ARNs, with the child machine's
    /// name; the run id in it is our reading of AWS's examples, not a documented format).
    static func childExecutionArn(_ run: MapRunProgress, express: Bool, name: String) -> String {
        // Map Run ARN: <prefix>:mapRun:<machine>/<label>:<run id>.
        guard let range = run.arn.range(of: ":mapRun:") else { return run.arn + ":" + name }
        let prefix = run.arn[..<range.lowerBound]
        let rest = run.arn[range.upperBound...]
        guard let colon = rest.lastIndex(of: ":") else { return run.arn + ":" + name }
        let machine = rest[..<colon]
        let runId = rest[rest.index(after: colon)...]
        return express
            ? "\(prefix):express:\(machine):\(runId):\(name)"
            : "\(prefix):execution:\(machine):\(name)"
    }

    /// The frame that runs a detached frame's child execution (itself or an ancestor); nil for other frames.
    func childRoot(_ rt: ExecutionRuntime, _ fid: Int) -> Int? {
        var id = fid
        while let frame = rt.frames[id], frame.detached == true {
            if frame.childExecution != nil { return id }
            guard let parent = frame.parentId else { return nil }
            id = parent
        }
        return nil
    }

    /// Makes a Distributed Map child frame an execution: its ARN, its row (RUNNING) and its `ExecutionStarted`.
    mutating func startChildExecution(
        _ rt: inout ExecutionRuntime, _ fid: Int, run: MapRunProgress, express: Bool, input: JSONValue, itemCount: Int,
        sequence: Int
    ) {
        let name = RandomUUID.text()
        let arn = Self.childExecutionArn(run, express: express, name: name)
        let child = ChildExecution(arn: arn, startDate: now, input: input, nextEventId: 1)
        rt.frames[fid]?.childExecution = child
        rt.frames[fid]?.lastEventId = 0
        let inputText = input.jsonString()
        result.mapRunExecutions[arn] = MapRunExecutionRecord(
            arn: arn, mapRunArn: run.arn, parentArn: rt.executionArn, stateMachineArn: run.childMachineArn, name: name,
            status: "RUNNING", input: inputText, startDate: now, itemCount: itemCount, sequence: sequence,
            roleArn: rt.roleArn, itemIndex: rt.frames[fid]?.index)
        emit(&rt, frame: fid, "ExecutionStarted", [
            "input": .string(inputText), "inputDetails": untruncated, "roleArn": .string(rt.roleArn),
        ])
        // As in any execution's history, the first state's entered event is chained to 0.
        rt.frames[fid]?.lastEventId = 0
    }

    /// Records an event of a detached frame in its child execution's history (dropped for a frame saved before
    /// children were executions).
    ///
    /// Reads each frame once (a frame is a large value: a copy per field read would cost more than the event), and
    /// leaves the details' JSON text to the store's writer (``ChildEvent``), off the interpreter's path.
    mutating func emitChild(_ rt: inout ExecutionRuntime, _ fid: Int, _ type: String, _ details: JSONValue?, previous: Int?) {
        guard let frame = rt.frames[fid] else { return }
        let root: Int
        let child: ChildExecution
        if let own = frame.childExecution {
            root = fid
            child = own
        } else {
            guard let found = childRoot(rt, fid), let rootChild = rt.frames[found]?.childExecution else { return }
            root = found
            child = rootChild
        }
        let id = child.nextEventId
        rt.frames[root]?.childExecution?.nextEventId = id + 1
        rt.frames[fid]?.lastEventId = id
        result.childEvents.append(ChildEvent(
            executionArn: child.arn, id: id, previousEventId: previous ?? frame.lastEventId,
            timestamp: now.timeIntervalSince1970, type: type, details: details))
    }

    /// Ends a child execution (its frame is already gone): its last event and its row.
    mutating func endChildExecution(
        _ rt: ExecutionRuntime, _ frame: Frame, _ status: ExecutionStatus, output: JSONValue? = nil, error: String? = nil,
        cause: String? = nil
    ) {
        guard let child = frame.childExecution else { return }
        var details: JSONObject = [:]
        let type: String
        var outputText: String?
        switch status {
        case .succeeded:
            type = "ExecutionSucceeded"
            outputText = (output ?? .null).jsonString()
            details = ["output": .string(outputText ?? "null"), "outputDetails": untruncated]
        case .failed: type = "ExecutionFailed"
        case .timedOut: type = "ExecutionTimedOut"
        case .aborted: type = "ExecutionAborted"
        case .running: return
        }
        let error = error.flatMap { $0.isEmpty ? nil : $0 }
        let cause = cause.flatMap { $0.isEmpty ? nil : $0 }
        if let error { details["error"] = .string(error) }
        if let cause { details["cause"] = .string(cause) }
        result.childEvents.append(ChildEvent(
            executionArn: child.arn, id: child.nextEventId, previousEventId: frame.lastEventId,
            timestamp: now.timeIntervalSince1970, type: type, details: .object(details)))
        // An end record: the upsert changes only what ends, so the columns it does not know (the Map Run, input, item
        // count, sequence) matter only when it started in this same transition, whose record it then completes.
        var record = result.mapRunExecutions[child.arn] ?? MapRunExecutionRecord(
            arn: child.arn, mapRunArn: "", parentArn: rt.executionArn, stateMachineArn: child.machineArn, name: child.name,
            status: "", input: "", startDate: child.startDate, itemCount: 0, sequence: 0, roleArn: rt.roleArn)
        record.status = status.rawValue
        record.output = outputText
        record.error = status == .timedOut ? nil : error
        record.cause = status == .timedOut ? nil : cause
        record.stopDate = now
        result.mapRunExecutions[child.arn] = record
    }

    /// The context object's `Execution` and `StateMachine` members for a frame of a child execution (nil for
    /// other frames).
    func childContext(_ rt: ExecutionRuntime, _ fid: Int) -> (execution: JSONValue, machine: JSONValue)? {
        guard rt.frames[fid]?.detached == true, let root = childRoot(rt, fid), let child = rt.frames[root]?.childExecution
        else { return nil }
        let machineName = child.machineArn.components(separatedBy: ":stateMachine:").last ?? child.machineArn
        return (
            [
                "Id": .string(child.arn), "Input": child.input, "StartTime": .string(Timestamp.iso8601(child.startDate)),
                "Name": .string(child.name), "RoleArn": .string(rt.roleArn), "RedriveCount": .int(child.redriveCount ?? 0),
            ],
            ["Id": .string(child.machineArn), "Name": .string(machineName)]
        )
    }
}

extension Interpreter {
    /// RedriveExecution: every Distributed Map child that had not finished runs again, as the developer guide's
    /// "Redriving Map Runs" page describes. A STANDARD child is redriven in place (as RedriveExecution does): the same
    /// ARN, RUNNING again, its history continuing with `ExecutionRedriven` (``StepwiseEngine/redriveExecution`` first
    /// sets its next event id from the store) and `$$.Execution.RedriveCount` counting. An EXPRESS child cannot be
    /// redriven, so it is started anew (as StartExecution does): a new ARN whose history starts with
    /// `ExecutionStarted` and the child's original input. Either way the child re-enters the state it was in.
    mutating func redriveChildExecutions(_ rt: inout ExecutionRuntime) {
        for fid in rt.frames.keys.sorted() {
            guard let old = rt.frames[fid]?.childExecution, let parent = rt.frames[fid]?.parentId,
                case .children(var wait)? = rt.frames[parent]?.waiting, let run = wait.mapRun
            else { continue }
            let firstEvent: Int
            if old.arn.contains(":express:") {
                let sequence = (run.launched ?? 0) + 1
                wait.mapRun?.launched = sequence
                rt.frames[parent]?.waiting = .children(wait)
                startChildExecution(&rt, fid, run: run, express: true, input: old.input, itemCount: 1, sequence: sequence)
                firstEvent = 1
            } else {
                var child = old
                let count = (old.redriveCount ?? 0) + 1
                child.redriveCount = count
                rt.frames[fid]?.childExecution = child
                emitChild(&rt, fid, "ExecutionRedriven", ["redriveCount": .int(count)], previous: old.nextEventId - 1)
                firstEvent = old.nextEventId
                // RUNNING again: the upsert of an existing row changes its status, output, error, cause and stop date,
                // and its redrive count and date (DescribeExecution's).
                result.mapRunExecutions[old.arn] = MapRunExecutionRecord(
                    arn: old.arn, mapRunArn: run.arn, parentArn: rt.executionArn, stateMachineArn: run.childMachineArn,
                    name: old.name, status: "RUNNING", input: old.input.jsonString(), startDate: old.startDate, itemCount: 1,
                    sequence: 0, roleArn: rt.roleArn, itemIndex: rt.frames[fid]?.index, redriveCount: count, redriveDate: now)
            }
            // The child's flows continue after its first event of this attempt.
            rt.frames[fid]?.lastEventId = firstEvent
            for (id, frame) in rt.frames where id != fid && frame.detached == true && childRoot(rt, id) == fid {
                rt.frames[id]?.lastEventId = firstEvent
            }
        }
    }
}
