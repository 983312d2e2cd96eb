import DequeModule
import Foundation
import StatesLanguage
import StepFunctionsAPI
import Synchronization

/// What an integration call the engine runs itself answers (a local Lambda invocation).
package enum IntegrationResult: Sendable, Hashable {
    /// The task succeeded with this output JSON text.
    case success(String)
    /// The task failed with an ASL error name and cause (Retry and Catch see them).
    case failure(error: String, cause: String)
}

/// An integration the engine calls for a task: raw JSON input in, a result out. For a `.waitForTaskToken` resource
/// the result is ignored; the task waits for `SendTaskSuccess` with its token.
package typealias IntegrationHandler = @Sendable (_ input: String, _ taskToken: String) async -> IntegrationResult

/// An integration call waiting to run.
struct IntegrationJob: Sendable {
    var handler: IntegrationHandler
    var token: String
    var input: String
    var waitsForCallback: Bool
}

extension StepwiseEngine {
    /// Marks a task started by an integration (recorded under ``inProcessWorker``, so a crash hands it out again) and
    /// answers the call to make, or nil when the task is gone. With `answersCallback` (a mocked response), the call's
    /// result completes a `.waitForTaskToken` task too (it was recorded started when scheduled).
    static func startIntegration(
        token: String, handler: @escaping IntegrationHandler, answersCallback: Bool = false, state: inout EngineState,
        engine: StepwiseEngine
    ) -> IntegrationJob? {
        guard var entry = state.tasks[token] else { return nil }
        let callback = entry.record.resource.hasSuffix(".waitForTaskToken")
        let waitsForCallback = callback && !answersCallback
        if !callback {
            entry.record.status = .started
            entry.record.workerName = inProcessWorker
            state.tasks[token] = entry
            engine.transition(entry.record.executionArn, .taskStarted(token: token, workerName: nil), state: &state)
            if let task = state.tasks[token] {
                engine.committer.submit(WriteBatch(tasks: [task.record]))
            }
        }
        return IntegrationJob(handler: handler, token: token, input: entry.record.input, waitsForCallback: waitsForCallback)
    }

    /// Runs integration calls as child tasks until cancelled; part of ``run()``. Tasks queued when it starts (recovered
    /// after a restart, or left by a stopped engine) are dispatched again first, so those the engine serves itself (a
    /// `.sync` child execution, an HTTP task, a resource nothing serves) go on instead of waiting in a queue.
    func integrationLoop() async {
        redispatchQueuedTasks()
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let jobs: [IntegrationJob] = state.withLock { state in
                    defer { state.integrationJobs.removeAll(keepingCapacity: true) }
                    return state.integrationJobs
                }
                for job in jobs {
                    group.addTask { await self.runIntegration(job) }
                }
                if jobs.isEmpty { await integrationWake.wait() }
            }
            group.cancelAll()
        }
    }

    private func runIntegration(_ job: IntegrationJob) async {
        let result = await job.handler(job.input, job.token)
        // Cut short by the engine's shutdown: the task stays started in the store and is handed out again at the next
        // start (a `.sync` task finds its child), so the shutdown must not fail it.
        if Task.isCancelled, case .failure = result { return }
        // A callback task waits for its token once the call went out (recording what the service answered); a call
        // that failed fails it, as on AWS.
        if job.waitsForCallback, case .success(let output) = result {
            await recordSubmitted(taskToken: job.token, output: output)
            return
        }
        switch result {
        case .success(let output):
            do {
                try await sendTaskSuccess(taskToken: job.token, output: output)
            } catch {
                // The output was refused (not JSON; one over the quota fails the task as States.DataLimitExceeded
                // first): the task fails as AWS reports a bad result.
                try? await sendTaskFailure(taskToken: job.token, error: StatesError.Name.runtime, cause: error.message)
            }
        case .failure(let error, let cause):
            try? await sendTaskFailure(taskToken: job.token, error: error, cause: cause)
        }
    }
}

extension StepwiseEngine {
    /// Hands every queued task to ``dispatch(token:state:)`` again: a task the engine can run now starts, the others
    /// (activities waiting for workers) are queued again in their order.
    func redispatchQueuedTasks() {
        state.withLock { state in
            let queued = state.queues
            state.queues.removeAll(keepingCapacity: true)
            for (_, tokens) in queued {
                for token in tokens { dispatch(token: token, state: &state) }
            }
        }
    }
}
