import StatesLanguage
import StepwiseEngine

/// Places handlers in the embedded engine's process (direct dispatch, no activity polling).
extension StepwiseEngine {
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
