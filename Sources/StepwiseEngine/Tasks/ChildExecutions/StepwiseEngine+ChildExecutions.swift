import Foundation
import OrderedCollections
import StepFunctionsAPI
import StatesLanguage

extension StepwiseEngine {
    /// The optimized Step Functions integration's resources (`arn:aws:states:::states:startExecution[...]`).
    enum ChildPattern: Sendable {
        /// Start the child and go on: `{"ExecutionArn", "StartDate"}`.
        case start
        /// `.sync`: wait for the child; its DescribeExecution shape with `Input`/`Output` as JSON text.
        case sync
        /// `.sync:2`: as `.sync` with `Input`/`Output` as JSON.
        case sync2
        /// `.waitForTaskToken`: start the child; the task waits for `SendTaskSuccess` with its token.
        case callback

        init?(resource: String) {
            switch resource {
            case "arn:aws:states:::states:startExecution": self = .start
            case "arn:aws:states:::states:startExecution.sync": self = .sync
            case "arn:aws:states:::states:startExecution.sync:2": self = .sync2
            case "arn:aws:states:::states:startExecution.waitForTaskToken": self = .callback
            default: return nil
            }
        }
    }

    /// The call that runs a `states:startExecution` task on this engine, or nil for other resources.
    func childExecutionIntegration(for resource: String) -> IntegrationHandler? {
        guard let pattern = ChildPattern(resource: resource) else { return nil }
        return { [self] input, token in await runChildExecution(pattern, input: input, token: token) }
    }

    /// Starts the child execution a task asks for and, for `.sync`/`.sync:2`, waits for it to stop. The task ending
    /// first (the parent stopped or failed, the state timed out) stops the child, as AWS stops a `.sync` child.
    ///
    /// The child is named after the task when the parameters give no `Name`, so a task handed out again after a
    /// restart finds the child it started (StartExecution with the same name and input answers that execution).
    private func runChildExecution(_ pattern: ChildPattern, input: String, token: String) async -> IntegrationResult {
        let request: ChildRequest
        do throws(StatesError) {
            request = try ChildRequest(parameters: input, token: token)
        } catch {
            return await failCallback(pattern, token: token, .failure(error: error.error, cause: error.cause))
        }
        if pattern == .sync || pattern == .sync2 { taskSignals.watch(token: token) }
        let child: String
        do throws(StepFunctionsError) {
            child = try await startOrFindChild(request)
        } catch {
            taskSignals.forget(token: token)
            let (name, cause) = Self.childStartFailure(error)
            return await failCallback(pattern, token: token, .failure(error: name, cause: cause))
        }
        let started = (try? describeExecution(executionArn: child).startDate) ?? clock.now
        let startOutput: JSONValue = ["ExecutionArn": .string(child), "StartDate": Self.epochMilliseconds(started)]
        // StartExecution's answer as the SDK gives it, with its HTTP metadata: the output of a request-response
        // task and what TaskSubmitted records for the others (recorded against AWS in LocalStack's
        // test_sfn_task_service.snapshot.json and test_credentials_base.snapshot.json).
        let answer = Self.withSdkMetadata(startOutput, executionArn: child, started: started, at: clock.now).jsonString()
        switch pattern {
        case .start, .callback:
            // A callback's answer is what its TaskSubmitted records.
            return .success(answer)
        case .sync, .sync2:
            await recordSubmitted(taskToken: token, output: answer)
            taskSignals.link(executionArn: child, to: token)
            if let status = try? describeExecution(executionArn: child).status, status != .running {
                taskSignals.signal(token: token, .executionStopped)
            }
            switch await taskSignals.wait(token: token) {
            case .executionStopped:
                break
            case .taskEnded:
                // AWS stops the child with no error and this cause (measured on AWS, floci-io/floci
                // AslExecutorNestedSyncTimeoutTest: "AWS aborts the child it was waiting on: no error, this exact cause").
                let parent = TaskToken.executionArn(of: token) ?? ""
                _ = try? await stopExecution(
                    executionArn: child, error: nil,
                    cause: "The Task state in AWS Step Functions execution [\(parent)] which was managing this resource was aborted")
                return .failure(error: StatesError.Name.runtime, cause: "The task ended before the child execution.")
            case .cancelled:
                // The engine is shutting down: the task is handed out again when it starts, and finds its child.
                return .failure(error: StatesError.Name.runtime, cause: "The engine shut down while waiting for \(child).")
            }
            guard var done = try? describeExecution(executionArn: child) else {
                return .failure(error: StatesError.Name.runtime, cause: "The child execution \(child) cannot be read.")
            }
            (done.stateMachineVersionArn, done.stateMachineAliasArn) = versionAndAlias(ofExecution: child)
            if done.status == .succeeded { return .success(Self.childDescription(done, jsonData: pattern == .sync2).jsonString()) }
            // AWS fails the parent's state with States.TaskFailed and the child's DescribeExecution as the cause, its
            // Input as JSON text under .sync:2 as well (measured on AWS for both modes, floci-io/floci
            // AslExecutorNestedSyncFailureTest).
            return .failure(error: StatesError.Name.taskFailed, cause: Self.childDescription(done, jsonData: false).jsonString())
        }
    }

    /// For a `.waitForTaskToken` start, whose call result is ignored, fails the task itself; answers `result`.
    private func failCallback(_ pattern: ChildPattern, token: String, _ result: IntegrationResult) async -> IntegrationResult {
        if pattern == .callback, case .failure(let error, let cause) = result {
            try? await sendTaskFailure(taskToken: token, error: error, cause: cause)
        }
        return result
    }

    /// Starts the child; when this task started it before (a restart), answers that execution.
    private func startOrFindChild(_ request: ChildRequest) async throws(StepFunctionsError) -> String {
        do {
            return try await startExecution(stateMachineArn: request.stateMachineArn, name: request.name, input: request.input)
                .executionArn
        } catch {
            guard error.code == .executionAlreadyExists, request.derivedName else { throw error }
            let arn = names.executionArn(machineName: Self.stateMachineName(request.stateMachineArn), name: request.name)
            guard let existing = try? describeExecution(executionArn: arn), existing.input == request.input else { throw error }
            return arn
        }
    }

    /// DescribeExecution's shape as the `.sync` integrations output it: capitalized members in alphabetical order,
    /// dates in epoch milliseconds, the redrive fields, and the alias and version the child was started through;
    /// `Input`/`Output` as JSON text, or parsed with `jsonData` (`.sync:2`). The order and the members are AWS's
    /// as measured (floci-io/floci AslExecutorNestedStartExecutionTest: "Measured on AWS: .sync returns the
    /// child's DescribeExecution response in PascalCase, keys in alphabetical order, dates in epoch milliseconds").
    static func childDescription(_ done: DescribeExecutionOutput, jsonData: Bool) -> JSONValue {
        func data(_ text: String) -> JSONValue {
            jsonData ? ((try? JSONValue(parsing: text)) ?? .string(text)) : .string(text)
        }
        var object: JSONObject = [
            "ExecutionArn": .string(done.executionArn), "StateMachineArn": .string(done.stateMachineArn),
            "Name": .string(done.name ?? ""), "Status": .string(done.status.rawValue), "StartDate": epochMilliseconds(done.startDate),
            "Input": data(done.input ?? "{}"), "InputDetails": ["Included": true],
        ]
        if let stop = done.stopDate { object["StopDate"] = epochMilliseconds(stop) }
        if let output = done.output {
            object["Output"] = data(output)
            object["OutputDetails"] = ["Included": true]
        }
        if let error = done.error { object["Error"] = .string(error) }
        if let cause = done.cause { object["Cause"] = .string(cause) }
        if let version = done.stateMachineVersionArn { object["StateMachineVersionArn"] = .string(version) }
        if let alias = done.stateMachineAliasArn { object["StateMachineAliasArn"] = .string(alias) }
        // The redrive fields DescribeExecution answers (recorded against AWS in LocalStack's
        // test_credentials_base.snapshot.json: RedriveCount 0, NOT_REDRIVABLE and its reason for a succeeded child).
        if let count = done.redriveCount { object["RedriveCount"] = .int(count) }
        if let date = done.redriveDate { object["RedriveDate"] = epochMilliseconds(date) }
        if let status = done.redriveStatus { object["RedriveStatus"] = .string(status.rawValue) }
        if let reason = done.redriveStatusReason { object["RedriveStatusReason"] = .string(reason) }
        // AWS writes the members in alphabetical order (Cause, Error, ExecutionArn, Input, ...), which shows in the
        // text of a failed child's cause.
        object.sort { $0.key < $1.key }
        return .object(object)
    }

    /// A StartExecution the integration could not make, as AWS names it: the Java SDK's exception class under the
    /// `StepFunctions.` prefix (`StepFunctions.StateMachineDoesNotExistException`), and the SDK's message with the
    /// service, status, error code and request id appended (recorded against AWS in LocalStack's
    /// test_task_service_sfn.snapshot.json, test_start_execution_no_such_arn).
    static func childStartFailure(_ error: StepFunctionsError) -> (name: String, cause: String) {
        let code = error.code.rawValue
        let name = "StepFunctions." + (code.hasSuffix("Exception") ? code : code + "Exception")
        let cause = "\(error.message) (Service: AWSStepFunctions; Status Code: \(error.httpStatus); Error Code: \(code); "
            + "Request ID: \(RandomUUID.text()); Proxy: null)"
        return (name, cause)
    }

    /// The request-response `states:startExecution` output: StartExecution's answer with the SDK's HTTP metadata,
    /// as AWS records it (`SdkHttpMetadata` with every header listed in `AllHttpHeaders`, `SdkResponseMetadata`).
    static func withSdkMetadata(_ output: JSONValue, executionArn: String, started: Date, at now: Date) -> JSONValue {
        guard case .object(var object) = output else { return output }
        let requestId = RandomUUID.text()
        // The length of the StartExecution response body the headers describe.
        let seconds = (started.timeIntervalSince1970 * 1000).rounded() / 1000
        let body = #"{"executionArn":"\#(executionArn)","startDate":\#(seconds)}"#
        // AllHttpHeaders in the order AWS writes them; HttpHeaders sorted regardless of case.
        SdkResponseMetadata.add(to: &object, headers: [
            ("x-amzn-RequestId", requestId), ("connection", "keep-alive"), ("Content-Length", String(body.utf8.count)),
            ("Date", SdkResponseMetadata.httpDate(now)), ("Content-Type", "application/x-amz-json-1.0"),
        ], status: 200, requestId: requestId)
        object.sort { $0.key < $1.key }
        return .object(object)
    }

    static func epochMilliseconds(_ date: Date) -> JSONValue {
        .int(Int((date.timeIntervalSince1970 * 1000).rounded()))
    }
}

/// The parameters of a `states:startExecution` task: `StateMachineArn`, `Input` (JSON, or JSON text) and `Name`.
struct ChildRequest: Sendable {
    var stateMachineArn: String
    var name: String
    /// Whether ``name`` was made from the task (no `Name` parameter).
    var derivedName: Bool
    var input: String

    init(parameters: String, token: String) throws(StatesError) {
        guard let object = (try? JSONValue(parsing: parameters))?.objectValue else {
            throw StatesError(StatesError.Name.runtime, cause: "The parameters of states:startExecution must be an object.")
        }
        guard let arn = object["StateMachineArn"]?.stringValue else {
            // AWS checks this when the definition is created; the wording here is ours.
            throw StatesError(StatesError.Name.runtime, cause: "The parameters of states:startExecution need a string StateMachineArn.")
        }
        stateMachineArn = arn
        switch object["Input"] {
        case nil, .null?: input = "{}"
        case .string(let text)?: input = text
        case let value?: input = value.jsonString()
        }
        if let name = object["Name"] {
            guard let text = name.stringValue else {
                throw StatesError(StatesError.Name.runtime, cause: "The Name parameter of states:startExecution must be a string.")
            }
            self.name = text
            derivedName = false
        } else {
            let random = token.split(separator: ".").last.map(String.init) ?? ""
            self.name = random.isEmpty || random.count > 80 ? RandomUUID.text() : random
            derivedName = true
        }
    }

    func resourceSuffix(_ pattern: StepwiseEngine.ChildPattern) -> String {
        pattern == .sync2 ? "startExecution.sync:2" : "startExecution.sync"
    }
}
