import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

extension Interpreter {
    /// `resourceType` and `resource` as AWS records them for non-activity tasks
    /// (`arn:aws:states:::lambda:invoke.waitForTaskToken` → `lambda`, `invoke.waitForTaskToken`; an AWS SDK
    /// integration keeps its service in the type: `arn:aws:states:::aws-sdk:s3:getObject` → `aws-sdk:s3`, `getObject`).
    static func resourceParts(_ resource: String) -> (type: String, resource: String) {
        let prefix = "arn:aws:states:::"
        if resource.hasPrefix(prefix) {
            let rest = resource.dropFirst(prefix.count)
            if rest.hasPrefix("aws-sdk:"), let colon = rest.dropFirst("aws-sdk:".count).firstIndex(of: ":") {
                return (String(rest[..<colon]), String(rest[rest.index(after: colon)...]))
            }
            if let colon = rest.firstIndex(of: ":") {
                return (String(rest[..<colon]), String(rest[rest.index(after: colon)...]))
            }
            return (String(rest), String(rest))
        }
        let parts = resource.arnFields
        return (parts.count > 2 ? String(parts[2]) : "custom", resource)
    }

    func seconds(
        _ literal: IntOrExpression?, path: String?, name: String, _ scope: EvaluationScope, machine: CompiledMachine
    ) throws(StatesError) -> Int? {
        if let value = literal?.intValue { return value }
        if case .expression(let text)? = literal {
            return try Self.expressionInt(text, name: name, scope, minimum: 1)
        }
        guard let path else { return nil }
        guard let value = try Flow.value(at: path, scope, machine: machine)?.intValue, value > 0 else {
            throw StatesError(
                StatesError.Name.runtime, cause: "The \(name)Path parameter does not reference a valid positive integer: '\(path)'")
        }
        return value
    }

    /// Schedules a Task state's work: a task record (by token), its events and timeout timer.
    mutating func scheduleTask(
        _ rt: inout ExecutionRuntime, _ fid: Int, _ task: TaskState, _ base: EvaluationScope
    ) throws(StatesError) -> Outcome {
        guard let machine else { return .blocked }
        let effective = try Flow.inputPath(task.inputPath, base, machine: machine)
        let token = TaskToken.make(executionArn: rt.executionArn)
        var inner = scope(rt, fid, input: effective, taskToken: token)
        inner.variables = base.variables
        let parameters: JSONValue
        let credentials: JSONValue?
        if machine.definition.effectiveQueryLanguage(of: .task(task)) == .jsonata {
            let states: JSONValue = ["input": base.input, "context": inner.context]
            parameters = try Self.jsonata(task.arguments, states, base, field: "Arguments") ?? base.input
            credentials = try Self.jsonata(task.credentials, states, base, field: "Credentials")
        } else {
            parameters = try Flow.template(task.parameters, inner, machine: machine) ?? effective
            credentials = try Flow.template(task.credentials, inner, machine: machine)
        }
        // The role the task's Credentials name, which AWS records as the scheduled event's taskCredentials
        // (recorded against AWS in LocalStack's test_credentials_base.snapshot.json). The engine has no roles to
        // assume: the task runs as any other.
        let taskCredentials: JSONValue? = credentials?["RoleArn"]?.stringValue.map { ["roleArn": .string($0)] }
        let timeout = try seconds(task.timeoutSeconds, path: task.timeoutSecondsPath, name: "TimeoutSeconds", inner, machine: machine)
        let heartbeat = try seconds(
            task.heartbeatSeconds, path: task.heartbeatSecondsPath, name: "HeartbeatSeconds", inner, machine: machine)
        let isActivity = ResourceNames.isActivityArn(task.resource)
        // The parameters' member order is the template's (see TemplateMemberOrder): `{"FunctionName", "LogType", "Payload"}`
        // for Parameters written FunctionName.$, Payload.$, LogType.$ (LocalStack's test_lambda_task_service snapshot,
        // test_invoke_unsupported_param, recorded against AWS), as written for JSONata Arguments.
        let input = parameters.jsonString()
        let callback = task.resource.hasSuffix(".waitForTaskToken")
        if isActivity, let activities, !activities.contains(task.resource) {
            // AWS cannot schedule a task on an activity that does not exist: the state fails with States.Runtime,
            // which no Retry or Catch handles, and no ActivityScheduleFailed is recorded (the execution fails at once,
            // its cause naming the state as for the state's other failures).
            return .failed(StatesError(StatesError.Name.runtime, cause: "The activity \(task.resource) does not exist."))
        }
        if isActivity {
            var details: JSONObject = ["resource": .string(task.resource), "input": .string(input), "inputDetails": untruncated]
            if let timeout { details["timeoutInSeconds"] = .int(timeout) }
            if let heartbeat { details["heartbeatInSeconds"] = .int(heartbeat) }
            emit(&rt, frame: fid, "ActivityScheduled", .object(details))
        } else if Self.isLambdaFunctionArn(task.resource) {
            emit(&rt, frame: fid, "LambdaFunctionScheduled", Self.lambdaFunctionScheduledDetails(
                resource: task.resource, input: input, timeout: timeout, taskCredentials: taskCredentials))
        } else {
            let parts = Self.resourceParts(task.resource)
            var details: JSONObject = [
                "resourceType": .string(parts.type), "resource": .string(parts.resource),
                "region": .string(Self.region(of: rt.executionArn)), "parameters": .string(input),
            ]
            if let timeout { details["timeoutInSeconds"] = .int(timeout) }
            if let heartbeat { details["heartbeatInSeconds"] = .int(heartbeat) }
            if let taskCredentials { details["taskCredentials"] = taskCredentials }
            emit(&rt, frame: fid, "TaskScheduled", .object(details))
            if callback {
                emit(&rt, frame: fid, "TaskStarted", ["resourceType": .string(parts.type), "resource": .string(parts.resource)])
            }
        }
        var wait = TaskWait(
            token: token, resource: task.resource, isActivity: isActivity,
            heartbeatSeconds: heartbeat, started: callback)
        if let timeout {
            let id = rt.makeId("t")
            wait.timeoutTimer = id
            result.newTimers.append((id, now.addingTimeInterval(Double(timeout))))
        }
        if callback, let heartbeat {
            let id = rt.makeId("h")
            wait.heartbeatTimer = id
            result.newTimers.append((id, now.addingTimeInterval(Double(heartbeat))))
        }
        rt.frames[fid]?.waiting = .task(wait)
        result.newTasks.append(TaskRecord(
            token: token, executionArn: rt.executionArn, resource: task.resource, input: input, status: .queued,
            workerName: nil, scheduledDate: now))
        return .blocked
    }

    static func region(of arn: String) -> String {
        let parts = arn.arnFields
        return parts.count > 3 ? String(parts[3]) : ""
    }

    /// The frame waiting for a task token.
    func frame(waitingFor token: String, in rt: ExecutionRuntime) -> (Int, TaskWait)? {
        for (fid, frame) in rt.frames {
            if case .task(let wait) = frame.waiting, wait.token == token { return (fid, wait) }
        }
        return nil
    }

    mutating func taskStarted(_ rt: inout ExecutionRuntime, token: String, workerName: String?) {
        guard let (fid, wait) = frame(waitingFor: token, in: rt), !wait.started else {
            result.ignored = true
            return
        }
        var started = wait
        started.started = true
        if wait.isActivity {
            emit(&rt, frame: fid, "ActivityStarted", workerName.map { ["workerName": .string($0)] } ?? .object([:]))
        } else if Self.isLambdaFunctionArn(wait.resource) {
            emit(&rt, frame: fid, "LambdaFunctionStarted", nil)
        } else {
            let parts = Self.resourceParts(wait.resource)
            emit(&rt, frame: fid, "TaskStarted", ["resourceType": .string(parts.type), "resource": .string(parts.resource)])
        }
        if let heartbeat = wait.heartbeatSeconds {
            let id = rt.makeId("h")
            started.heartbeatTimer = id
            result.newTimers.append((id, now.addingTimeInterval(Double(heartbeat))))
        }
        rt.frames[fid]?.waiting = .task(started)
    }

    /// Records `TaskSubmitted` once for a started `.waitForTaskToken` or `.sync` task: the service's answer to the call
    /// that went out (AWS records it between `TaskStarted` and the task's end). A task already submitted (its call made
    /// again after a restart) or ended records nothing.
    mutating func taskSubmitted(_ rt: inout ExecutionRuntime, token: String, output: String) {
        guard let (fid, wait) = frame(waitingFor: token, in: rt), wait.started, wait.submitted != true, !wait.isActivity else {
            result.ignored = true
            return
        }
        var submitted = wait
        submitted.submitted = true
        let parts = Self.resourceParts(wait.resource)
        emit(&rt, frame: fid, "TaskSubmitted", [
            "resourceType": .string(parts.type), "resource": .string(parts.resource), "output": .string(output),
            "outputDetails": untruncated,
        ])
        rt.frames[fid]?.waiting = .task(submitted)
    }

    mutating func heartbeat(_ rt: inout ExecutionRuntime, token: String) {
        guard let (fid, wait) = frame(waitingFor: token, in: rt) else {
            result.ignored = true
            return
        }
        guard let heartbeat = wait.heartbeatSeconds else { return }
        var renewed = wait
        if let old = wait.heartbeatTimer { result.cancelledTimers.append(old) }
        let id = rt.makeId("h")
        renewed.heartbeatTimer = id
        result.newTimers.append((id, now.addingTimeInterval(Double(heartbeat))))
        rt.frames[fid]?.waiting = .task(renewed)
    }

    /// Ends a task's token and timers.
    mutating func closeTask(_ rt: inout ExecutionRuntime, _ fid: Int, _ wait: TaskWait) {
        result.endedTasks.append(wait.token)
        if let timer = wait.timeoutTimer { result.cancelledTimers.append(timer) }
        if let timer = wait.heartbeatTimer { result.cancelledTimers.append(timer) }
        rt.frames[fid]?.waiting = .nothing
    }

    mutating func taskSucceeded(_ rt: inout ExecutionRuntime, token: String, output: JSONValue) {
        guard let (fid, wait) = frame(waitingFor: token, in: rt), let state = currentState(rt, fid) else {
            result.ignored = true
            return
        }
        closeTask(&rt, fid, wait)
        let text = output.jsonString()
        if wait.isActivity {
            emit(&rt, frame: fid, "ActivitySucceeded", ["output": .string(text), "outputDetails": untruncated])
        } else if Self.isLambdaFunctionArn(wait.resource) {
            emit(&rt, frame: fid, "LambdaFunctionSucceeded", ["output": .string(text), "outputDetails": untruncated])
        } else {
            let parts = Self.resourceParts(wait.resource)
            emit(&rt, frame: fid, "TaskSucceeded", [
                "resourceType": .string(parts.type), "resource": .string(parts.resource), "output": .string(text),
                "outputDetails": untruncated,
            ])
        }
        apply(&rt, fid, finishWithResult(&rt, fid, state, result: output))
    }

    mutating func taskFailed(_ rt: inout ExecutionRuntime, token: String, error: StatesError, timedOut: Bool = false) {
        guard let (fid, wait) = frame(waitingFor: token, in: rt) else {
            result.ignored = true
            return
        }
        closeTask(&rt, fid, wait)
        var details: JSONObject = [:]
        let lambdaFunction = !wait.isActivity && Self.isLambdaFunctionArn(wait.resource)
        var error = error
        if !wait.isActivity, error.error == StatesError.Name.dataLimitExceeded, error.cause == StepwiseEngine.resultTooLargeCause {
            // A result over the quota names the task as AWS names it, recorded against AWS (LocalStack's
            // test_states_errors: 'lambda' for arn:aws:states:::lambda:invoke, the function's ARN for a Lambda
            // function ARN as Resource).
            let name = lambdaFunction ? wait.resource : Self.resourceParts(wait.resource).type
            error.cause = "The state/task '\(name)' returned a result with a size exceeding the maximum number of bytes service limit."
        }
        if !wait.isActivity && !lambdaFunction {
            let parts = Self.resourceParts(wait.resource)
            details["resourceType"] = .string(parts.type)
            details["resource"] = .string(parts.resource)
        }
        if !error.error.isEmpty { details["error"] = .string(error.reportedError) }
        if !error.cause.isEmpty { details["cause"] = .string(error.cause) }
        let kind = wait.isActivity ? "Activity" : lambdaFunction ? "LambdaFunction" : "Task"
        emit(&rt, frame: fid, kind + (timedOut ? "TimedOut" : "Failed"), .object(details))
        handleError(&rt, fid, error)
    }

    mutating func timerFired(_ rt: inout ExecutionRuntime, id: String) {
        if rt.executionTimer == id {
            rt.executionTimer = nil
            // AWS's ExecutionTimedOut names States.Timeout and gives no cause
            finish(&rt, .timedOut, output: nil, error: StatesError.Name.timeout, cause: nil)
            return
        }
        for (fid, frame) in rt.frames {
            switch frame.waiting {
            case .waitTimer(let timer) where timer == id:
                guard case .wait(let wait)? = currentState(rt, fid) else { break }
                do throws(StatesError) {
                    apply(&rt, fid, try finishWait(&rt, fid, wait))
                } catch {
                    apply(&rt, fid, .failed(error))
                }
                return
            case .retryTimer(let timer) where timer == id:
                rt.frames[fid]?.waiting = .nothing
                guard let state = currentState(rt, fid) else { break }
                apply(&rt, fid, perform(&rt, fid, state))
                return
            case .task(let wait) where wait.timeoutTimer == id || wait.heartbeatTimer == id:
                let heartbeat = wait.heartbeatTimer == id
                var remaining = wait
                if heartbeat { remaining.heartbeatTimer = nil } else { remaining.timeoutTimer = nil }
                rt.frames[fid]?.waiting = .task(remaining)
                let error = heartbeat
                    ? StatesError(StatesError.Name.heartbeatTimeout, cause: "")
                    : StatesError(StatesError.Name.timeout, cause: "")
                taskFailed(&rt, token: wait.token, error: error, timedOut: true)
                return
            default:
                continue
            }
        }
        result.ignored = true
    }

    /// Applies where a catcher leads. When leaving the state fails after all (the output or the catcher's Assign over
    /// the size limit: States.DataLimitExceeded), the frame fails with that error: handing it back to the same state's
    /// catchers could catch it again, and again, without end (a catcher naming States.DataLimitExceeded).
    mutating func applyCaught(_ rt: inout ExecutionRuntime, _ fid: Int, _ outcome: Outcome) {
        if case .failed(let failure) = outcome {
            keepFailurePosition(rt)
            frameFailed(&rt, fid, stateFailure(rt, fid, failure))
            return
        }
        apply(&rt, fid, outcome)
    }

    /// A state failed: Retry (the first matching retrier decides), then Catch, else the frame fails.
    mutating func handleError(_ rt: inout ExecutionRuntime, _ fid: Int, _ error: StatesError) {
        let error = recordEvaluationFailure(&rt, fid, error)
        guard let frame = rt.frames[fid], let state = currentState(rt, fid) else {
            keepFailurePosition(rt)
            frameFailed(&rt, fid, error)
            return
        }
        let retriers: [Retrier]
        let catchers: [Catcher]
        switch state {
        case .task(let s): (retriers, catchers) = (s.retry, s.catch)
        case .parallel(let s): (retriers, catchers) = (s.retry, s.catch)
        case .map(let s): (retriers, catchers) = (s.retry, s.catch)
        default: (retriers, catchers) = ([], [])
        }
        var counter = RetryCounter(attempts: frame.retrierAttempts)
        if case .retry(_, _, let delay) = counter.decide(errorName: error.error, retriers: retriers) {
            let id = rt.makeId("r")
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            rt.frames[fid]?.retrierAttempts = counter.attempts
            rt.frames[fid]?.retryCount += 1
            rt.frames[fid]?.waiting = .retryTimer(id)
            result.newTimers.append((id, now.addingTimeInterval(seconds)))
            failurePosition = nil
            return
        }
        if let machine, let index = catchers.firstMatch(for: error.error) {
            let catcher = catchers[index]
            let errorOutput = error.errorOutput
            if machine.definition.effectiveQueryLanguage(of: state) == .jsonata {
                do throws(StatesError) {
                    let base = scope(rt, fid, input: frame.stateInput)
                    let states: JSONValue = ["input": frame.stateInput, "errorOutput": errorOutput, "context": base.context]
                    let output = try Self.jsonata(catcher.output, states, base, field: "Catch[\(index)]/Output") ?? errorOutput
                    let assigned = try Self.jsonataAssign(catcher.assign, states, base, field: "Catch[\(index)]/Assign")
                    failurePosition = nil
                    applyCaught(&rt, fid, exitState(&rt, fid, type: state.typeName, output: output, assigned: assigned, transition: .next(catcher.next)))
                } catch {
                    keepFailurePosition(rt)
                    let failure = recordEvaluationFailure(&rt, fid, stateFailure(rt, fid, error))
                    // A Parallel or Map whose catcher's Output or Assign failed fails a second time: AWS records
                    // ParallelStateFailed, EvaluationFailed, ParallelStateFailed, ExecutionFailed (floci-io/floci#3167,
                    // measured in us-east-1).
                    switch state {
                    case .parallel: emit(&rt, frame: fid, "ParallelStateFailed", nil)
                    case .map: emit(&rt, frame: fid, "MapStateFailed", nil)
                    default: break
                    }
                    frameFailed(&rt, fid, failure)
                }
                return
            }
            do throws(StatesError) {
                var inner = scope(rt, fid, input: errorOutput)
                inner.input = errorOutput
                let assigned = try Flow.assign(catcher.assign, inner, machine: machine)
                let output = try Flow.resultPath(catcher.resultPath, input: frame.stateInput, result: errorOutput, machine: machine)
                failurePosition = nil
                applyCaught(&rt, fid, exitState(&rt, fid, type: state.typeName, output: output, assigned: assigned, transition: .next(catcher.next)))
            } catch {
                keepFailurePosition(rt)
                frameFailed(&rt, fid, stateFailure(rt, fid, error))
            }
            return
        }
        keepFailurePosition(rt)
        frameFailed(&rt, fid, error)
    }
}

extension Interpreter {
    /// Evaluates a JSONata `{% %}` numeric field; anything but a number at or above `minimum` fails the state
    /// with `States.QueryEvaluationError` naming the expression and the field.
    static func expressionNumber(
        _ text: String, name: String, _ scope: EvaluationScope, minimum: Double
    ) throws(StatesError) -> Double {
        let states: JSONValue = ["input": scope.input, "context": scope.context]
        let value = try jsonata(.string(text), states, scope, field: name) ?? .null
        return try JSONataFailure.number(value, expression: JSONata.expressionText(text) ?? text, field: name, minimum: minimum)
    }

    static func expressionInt(_ text: String, name: String, _ scope: EvaluationScope, minimum: Int) throws(StatesError) -> Int {
        let states: JSONValue = ["input": scope.input, "context": scope.context]
        let value = try jsonata(.string(text), states, scope, field: name) ?? .null
        return try JSONataFailure.integer(value, expression: JSONata.expressionText(text) ?? text, field: name, minimum: minimum)
    }
}
