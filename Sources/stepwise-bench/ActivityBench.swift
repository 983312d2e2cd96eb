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
        let (_, machineArn) = try await taskMachine(engine, activity: "bench-worker-echo", machine: "WorkerRoundTrip")
        let samples = try await worker.serving { try await roundTrips(engine, machineArn: machineArn, runs: runs) }
        report("activity round trip (ActivityWorker)", samples, runs: runs)
    }

    /// An activity and a machine whose one Task state runs it.
    private static func taskMachine(
        _ engine: StepwiseEngine, activity name: String, machine: String
    ) async throws -> (activityArn: String, machineArn: String) {
        let activity = try await engine.createActivity(name: name)
        let definition = """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true}}}
            """
        let created = try await engine.createStateMachine(name: machine, definition: definition)
        return (activity.activityArn, created.stateMachineArn)
    }

    /// Milliseconds from each start to the durable completion, one execution at a time, sorted.
    private static func roundTrips(_ engine: StepwiseEngine, machineArn: String, runs: Int) async throws -> [Double] {
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            let run = try await engine.startExecution(stateMachineArn: machineArn, input: #"{"x": 1}"#)
            _ = try await engine.awaitExecution(executionArn: run.executionArn)
            samples.append(seconds(since: start) * 1000)
        }
        return samples.sorted()
    }

    private static func report(_ name: String, _ samples: [Double], runs: Int) {
        print(String(format: "%-34@ p50 %.3f ms  p99 %.3f ms (start → durable completion, %d runs)",
                     name as NSString, samples[samples.count / 2], samples[samples.count * 99 / 100], runs))
    }

    /// The same round trip with no worker runtime: one task polls the engine's `GetActivityTask` and answers each
    /// task with `SendTaskSuccess` (what the engine alone costs; the difference is the worker's).
    static func runRaw(engine: StepwiseEngine, runs: Int = 200) async throws {
        let (activityArn, machineArn) = try await taskMachine(engine, activity: "bench-raw-echo", machine: "RawRoundTrip")
        let poller = Task {
            while !Task.isCancelled {
                guard let task = try? await engine.getActivityTask(GetActivityTaskInput(activityArn: activityArn)),
                    let token = task.taskToken
                else { continue }
                _ = try? await engine.sendTaskSuccess(SendTaskSuccessInput(taskToken: token, output: task.input ?? "{}"))
            }
        }
        let samples = try await roundTrips(engine, machineArn: machineArn, runs: runs)
        poller.cancel()
        report("activity round trip (raw API)", samples, runs: runs)
    }
}

/// A data pipeline's shape: an execution whose 31 KiB input goes through five activity Task states one after another
/// (each result set aside), through an `ActivityWorker`, one execution at a time. Reports the time per execution and
/// the bytes the process wrote per execution (`wchar` of `/proc/self/io`: the WAL's writes, and the checkpoints').
enum PayloadBench {
    static func run(engine: StepwiseEngine, runs: Int = 40) async throws {
        let activity = try await engine.createActivity(name: "bench-payload")
        let echo = AnyTaskHandler(TaskDefaults(activityName: "bench-payload")) { _, _ in .bool(true) }
        let worker = ActivityWorker(backend: engine, placements: [Placement(echo, slots: 4)])
        let states = (0..<5).map { index in
            """
            "T\(index)": {"Type": "Task", "Resource": "\(activity.activityArn)", "ResultPath": "$.r\(index)", \
            \(index == 4 ? #""End": true"# : #""Next": "T\#(index + 1)""#)}
            """
        }
        let definition = #"{"StartAt": "T0", "States": {"# + states.joined(separator: ", ") + "}}"
        let machine = try await engine.createStateMachine(name: "Payload", definition: definition)
        let records = (0..<512).map { #"{"id": \#($0), "name": "record \#($0) of the batch", "value": \#($0 * 7)}"# }
        let input = #"{"batch": ["# + records.joined(separator: ", ") + "]}"
        var samples: [Double] = []
        var bytes: [Int] = []
        try await worker.serving {
            for _ in 0..<runs {
                let written = writtenBytes()
                let start = ContinuousClock.now
                let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: input)
                let done = try await engine.awaitExecution(executionArn: run.executionArn)
                guard done.status == .succeeded else { throw BenchError.failed(done.status.rawValue) }
                samples.append(seconds(since: start) * 1000)
                bytes.append(writtenBytes() - written)
            }
        }
        samples.sort()
        bytes.sort()
        print(String(format: "%-34@ p50 %.3f ms  p99 %.3f ms  %.0f KiB written (p50) per execution (%d bytes of input, %d runs)",
                     "5 activities, 31 KiB input" as NSString, samples[samples.count / 2], samples[samples.count * 99 / 100],
                     Double(bytes[bytes.count / 2]) / 1024, input.utf8.count, runs))
    }

    enum BenchError: Error { case failed(String) }

    /// Bytes this process has written through `write`-family calls so far (0 where `/proc` is not there).
    static func writtenBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("wchar:") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }
}
