import StatesLanguage
import StepwiseEngine

/// A first bridge from workflows and handlers to the embedded engine, until the backend protocol of issue 5
/// lands: create-or-update a workflow's state machine, place handlers in this process, and read typed results.
extension StepwiseEngine {
    /// The lowering configuration matching this engine's region and account, so Task states name this
    /// engine's activities.
    public var loweringConfiguration: LoweringConfiguration {
        LoweringConfiguration(region: names.region, account: names.account)
    }

    /// Creates the workflow's state machine, or updates its definition when it exists (idempotent), and
    /// creates the activities its Task states use. Returns the state machine's ARN.
    /// - Throws: ``LoweringError`` or the engine's `EngineError`.
    @discardableResult
    public func ensureStateMachine<Input, Output>(_ workflow: Workflow<Input, Output>) async throws -> String {
        let configuration = loweringConfiguration
        let definition = try workflow.definition(configuration).json.jsonString()
        for activity in try workflow.activityNames(configuration) { _ = try await createActivity(name: activity) }
        let arn = names.stateMachineArn(workflow.name)
        if (try? describeStateMachine(stateMachineArn: arn)) != nil {
            try await updateStateMachine(stateMachineArn: arn, definition: definition)
            return arn
        }
        return try await createStateMachine(name: workflow.name, definition: definition).stateMachineArn
    }

    /// Runs `handlers` here: each serves its activity's tasks in this process. Errors reach the workflow
    /// with the names ``TaskFailure/init(reporting:)`` gives them; ``TaskContext/heartbeat()`` sends
    /// `SendTaskHeartbeat`.
    ///
    /// Concurrency slots per handler are not implemented yet: the engine dispatches tasks as they come.
    public func runHere(_ handlers: [AnyTaskHandler]) {
        for handler in handlers {
            let activityName = handler.activityName
            registerHandler(resource: names.activityArn(activityName)) { input, token in
                await self.serve(handler, activityName: activityName, input: input, taskToken: token)
            }
        }
    }

    private func serve(_ handler: AnyTaskHandler, activityName: String, input: String, taskToken: String) async
        -> TaskHandlerResult
    {
        let context = TaskContext(activityName: activityName, taskToken: taskToken) {
            try await self.sendTaskHeartbeat(taskToken: taskToken)
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: input)
        } catch {
            return .failure(error: ErrorName.runtime.rawValue, cause: "the task input is not JSON: \(error)")
        }
        do {
            let output = try await handler.run(json, context: context)
            return .success(output.jsonString())
        } catch {
            return .failure(error: error.error, cause: error.cause)
        }
    }

    /// Starts an execution of `workflow` with a typed input and waits for its typed output.
    /// - Throws: ``WorkflowFailure`` when the execution fails, times out or is aborted.
    public func execute<Input, Output>(
        _ workflow: Workflow<Input, Output>, input: Input, name: String? = nil
    ) async throws -> (executionArn: String, output: Output) {
        let arn = try await ensureStateMachine(workflow)
        let started = try await startExecution(
            stateMachineArn: arn, name: name, input: try TaskCoding.encode(input).jsonString())
        let description = try await awaitExecution(executionArn: started.executionArn)
        guard description.status == .succeeded, let output = description.output else {
            throw WorkflowFailure(
                status: description.status.rawValue, error: description.error ?? "", cause: description.cause ?? "")
        }
        return (started.executionArn, try TaskCoding.decode(Output.self, from: try JSONValue(parsing: output)))
    }
}

/// An execution that did not succeed: its status and its ASL error name and cause.
public struct WorkflowFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// `FAILED`, `TIMED_OUT` or `ABORTED`.
    public var status: String
    public var error: String
    public var cause: String

    public var description: String { "execution \(status): \(error)\(cause.isEmpty ? "" : ": \(cause)")" }
}
