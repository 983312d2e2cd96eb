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
        for placement in placements where placement.lambda == nil {
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
