import DequeModule
import Foundation
package import StatesLanguage
import StepFunctionsAPI
import Synchronization

/// The engine's dispatch hook for Task resources other than activities: a source of in-process handlers chosen by
/// resource pattern rather than exact registration (a local Lambda serves `arn:aws:states:::lambda:invoke` and
/// every `arn:aws:lambda:...:function:...`).
///
/// This is how the engine calls an integration itself (as AWS calls Lambda), not how handlers run: a handler placed
/// here always runs through `ActivityWorker`. The engine asks each dispatcher added with
/// ``StepwiseEngine/addTaskDispatcher(_:)`` in order. A task whose resource is neither an activity nor a
/// `.waitForTaskToken` callback, and that nothing serves, fails at once (``unservedError(resource:)``) instead of
/// waiting for ever.
package protocol TaskDispatcher: Sendable {
    /// The handler that runs tasks of `resource`, or nil when this dispatcher does not serve it. Called under the
    /// engine's lock: it must be quick and must not call back into the engine.
    func handler(forResource resource: String) -> IntegrationHandler?
}

extension StepwiseEngine {
    /// Adds a dispatcher; queued tasks it serves are dispatched now.
    package func addTaskDispatcher(_ dispatcher: any TaskDispatcher) {
        state.withLock { state in
            state.dispatchers.append(dispatcher)
            for resource in Array(state.queues.keys) {
                guard let handler = dispatcher.handler(forResource: resource) else { continue }
                while let token = state.queues[resource]?.popFirst() {
                    if let job = Self.startIntegration(token: token, handler: handler, state: &state, engine: self) {
                        state.integrationJobs.append(job)
                    }
                }
            }
        }
        integrationWake.signal()
    }

    /// The integration for `resource`: the first dispatcher that serves it, else (for a resource nobody can come
    /// for) one that fails the task at once with a clear error; nil for activities and callbacks, which wait.
    static func integration(forResource resource: String, state: EngineState) -> IntegrationHandler? {
        for dispatcher in state.dispatchers {
            if let handler = dispatcher.handler(forResource: resource) { return handler }
        }
        guard unservedError(resource: resource) != nil else { return nil }
        return { input, _ in
            let error = unservedError(resource: resource, input: input) ?? StatesError(StatesError.Name.runtime, cause: resource)
            return .failure(error: error.error, cause: error.cause)
        }
    }

    /// The error a task fails with when nothing in this engine serves `resource`, or nil when its task may rightly
    /// wait: an activity (workers poll it) or a `.waitForTaskToken` callback (someone answers the token).
    ///
    /// A Lambda task fails as AWS reports a function that does not exist (`Lambda.ResourceNotFoundException`,
    /// which a Retry or Catch can match); any other integration fails with `States.Runtime`, naming the resource
    /// and what would serve it (the wording is ours: AWS serves every integration it documents).
    /// - Parameter input: the task's input (JSON text), to name `FunctionName` of a `lambda:invoke` task.
    package static func unservedError(resource: String, input: String? = nil) -> StatesError? {
        if ResourceNames.isActivityArn(resource) || resource.hasSuffix(".waitForTaskToken") { return nil }
        let parts = resource.arnFields
        if resource.hasPrefix("arn:") && resource.contains(":states:::lambda:invoke")
            || (parts.count >= 7 && parts[2] == "lambda" && parts[5] == "function")
        {
            var function = resource
            if let input, let name = (try? JSONValue(parsing: input))?["FunctionName"]?.stringValue { function = name }
            return StatesError(
                "Lambda.ResourceNotFoundException",
                cause: "Function not found: \(function) (no local Lambda function of that name is configured in this engine; "
                    + "place the step's handler on a local function (--function NAME=COMMAND), or serve it as an activity). (Service: AWSLambda; "
                    + "Status Code: 404; Error Code: ResourceNotFoundException)")
        }
        return StatesError(
            StatesError.Name.runtime,
            cause: "Nothing serves the Task resource \(resource) in this engine: no in-process handler, local function or "
                + "integration is configured for it.")
    }
}
