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

    /// Runs `handlers` here, one slot each; see ``runHere(_:)-(Placement...)``.
    public func runHere(_ handlers: [AnyTaskHandler]) {
        runHere(handlers.map { Placement($0) })
    }

    /// Places handlers in this process, each with its number of slots (the seed's
    /// `run-here {make-dough {:concurrency 2}}`): at most `slots` tasks of a handler run at once, the others
    /// wait their turn. Errors reach the workflow with the names ``TaskFailure/init(reporting:)`` gives them;
    /// ``TaskContext/heartbeat()`` sends `SendTaskHeartbeat`. A handler placed nowhere leaves its tasks in
    /// the activity's queue, as on AWS.
    public func runHere(_ placements: [Placement]) {
        for placement in placements {
            let handler = placement.handler
            let slots = Slots(placement.slots)
            let activityName = handler.activityName
            registerHandler(resource: names.activityArn(activityName)) { input, token in
                await slots.acquire()
                let result = await self.serve(handler, activityName: activityName, input: input, taskToken: token)
                await slots.release()
                return result
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

/// Where a handler runs: here, with a number of slots (tasks at once).
public struct Placement: Sendable {
    public var handler: AnyTaskHandler
    public var slots: Int

    /// `handler` with `slots` slots (at least 1).
    public init(_ handler: AnyTaskHandler, slots: Int = 1) {
        self.handler = handler
        self.slots = max(1, slots)
    }

    /// A typed handler with `slots` slots.
    public static func here<H: TaskHandler>(_ handler: H, slots: Int = 1) -> Placement {
        Placement(AnyTaskHandler(handler), slots: slots)
    }
}

/// A counting semaphore: at most `count` holders at once, the others wait in order.
actor Slots {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { available = count }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
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
