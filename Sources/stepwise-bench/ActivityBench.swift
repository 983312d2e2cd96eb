import Foundation
import StatesLanguage
import Stepwise
import StepwiseEngine

/// The activity round trip as users run it: an `ActivityWorker` polling the engine through `EngineBackend` (the
/// worker runtime, its middleware and heartbeats), one execution at a time, start → durable completion.
enum ActivityBench {
    static func run(engine: StepwiseEngine, runs: Int = 200) async throws {
        let backend = engine
        let echo = AnyTaskHandler(TaskDefaults(activityName: "bench-worker-echo")) { json, _ in json }
        let worker = ActivityWorker(backend: backend, placements: [Placement(echo, slots: 4)])
        let activity = try await engine.createActivity(name: "bench-worker-echo")
        let definition = """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true}}}
            """
        let machine = try await engine.createStateMachine(name: "WorkerRoundTrip", definition: definition)
        let samples: [Double] = try await worker.serving {
            var samples: [Double] = []
            for _ in 0..<runs {
                let start = ContinuousClock.now
                let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"x": 1}"#)
                _ = try await engine.awaitExecution(executionArn: run.executionArn)
                samples.append(seconds(since: start) * 1000)
            }
            return samples.sorted()
        }
        print(String(format: "%-34@ p50 %.3f ms  p99 %.3f ms (start → durable completion, %d runs)",
                     "activity round trip (ActivityWorker)" as NSString, samples[samples.count / 2],
                     samples[samples.count * 99 / 100], runs))
    }

    /// The same round trip with no worker runtime: one task polls the engine's `GetActivityTask` and answers each
    /// task with `SendTaskSuccess` (what the engine alone costs; the difference is the worker's).
    static func runRaw(engine: StepwiseEngine, runs: Int = 200) async throws {
        let activity = try await engine.createActivity(name: "bench-raw-echo")
        let definition = """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true}}}
            """
        let machine = try await engine.createStateMachine(name: "RawRoundTrip", definition: definition)
        let poller = Task {
            while !Task.isCancelled {
                guard let task = try? await engine.getActivityTask(GetActivityTaskInput(activityArn: activity.activityArn)),
                    let token = task.taskToken
                else { continue }
                _ = try? await engine.sendTaskSuccess(SendTaskSuccessInput(taskToken: token, output: task.input ?? "{}"))
            }
        }
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"x": 1}"#)
            _ = try await engine.awaitExecution(executionArn: run.executionArn)
            samples.append(seconds(since: start) * 1000)
        }
        poller.cancel()
        samples.sort()
        print(String(format: "%-34@ p50 %.3f ms  p99 %.3f ms (start → durable completion, %d runs)",
                     "activity round trip (raw API)" as NSString, samples[samples.count / 2],
                     samples[samples.count * 99 / 100], runs))
    }
}
