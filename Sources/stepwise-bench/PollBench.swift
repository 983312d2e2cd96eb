import Foundation
import StepFunctionsAPI
import StepwiseEngine
import Synchronization

/// `--workloads poll`: how long a `GetActivityTask` takes to answer, measured at the engine's backend call (the call
/// `stepwise serve` and an in-process `ActivityWorker` make). Since a poll answers only once the task's
/// `ActivityStarted` is durable, this is the cost of that wait.
///
/// - queued: a task already waits in its activity's queue; one poll, timed from the call to its answer.
/// - parked: the poll waits first; timed from the `StartExecution` that schedules the task to the poll's answer.
/// - burst: 1,000 queued tasks taken by 32 concurrent pollers (`--pollers N` for another count): many answers share
///   one group commit.
enum PollBench {
    static func run(engine: StepwiseEngine, runs: Int = 200) async throws {
        let activity = try await engine.createActivity(name: "bench-poll")
        let arn = activity.activityArn
        let definition = """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\(arn)", "End": true}}}
            """
        let machine = try await engine.createStateMachine(name: "PollLatency", definition: definition)

        var queued: [Double] = []
        for _ in 0..<runs {
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"x": 1}"#)
            while engine.queuedTaskCount(resources: [arn]) == 0 { try await Task.sleep(for: .microseconds(200)) }
            let start = ContinuousClock.now
            let task = try await engine.getActivityTask(GetActivityTaskInput(activityArn: arn, workerName: "bench"))
            queued.append(seconds(since: start) * 1000)
            guard let token = task.taskToken else { throw BenchFailure(message: "a queued task was not handed out") }
            _ = try await engine.sendTaskSuccess(SendTaskSuccessInput(taskToken: token, output: "{}"))
            _ = try await engine.awaitExecution(executionArn: run.executionArn)
        }
        print(line("poll answer, task queued", queued, runs))

        var parked: [Double] = []
        for _ in 0..<runs {
            let (token, elapsed): (String?, Double) = try await withThrowingTaskGroup(of: (String?, Double)?.self) { group in
                let start = ContinuousClock.now
                group.addTask {
                    let task = try await engine.getActivityTask(GetActivityTaskInput(activityArn: arn, workerName: "bench"))
                    return (task.taskToken, seconds(since: start) * 1000)
                }
                group.addTask {
                    // Let the poll park first (it is timed from the start below, not from its own call).
                    try await Task.sleep(for: .milliseconds(2))
                    _ = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"x": 1}"#)
                    return nil
                }
                var answer: (String?, Double) = (nil, 0)
                for try await result in group { if let result { answer = result } }
                return answer
            }
            guard let token else { throw BenchFailure(message: "a parked poll got no task") }
            parked.append(max(0, elapsed - 2))
            _ = try await engine.sendTaskSuccess(SendTaskSuccessInput(taskToken: token, output: "{}"))
        }
        print(line("poll answer, poll parked first", parked, runs))

        let count = 1000
        let arguments = CommandLine.arguments
        let pollers = arguments.firstIndex(of: "--pollers").flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil }
            .map { max(1, $0) } ?? 32
        for _ in 0..<count {
            _ = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"x": 1}"#)
        }
        while engine.queuedTaskCount(resources: [arn]) < count { try await Task.sleep(for: .milliseconds(1)) }
        let start = ContinuousClock.now
        let tokens: [String] = try await withThrowingTaskGroup(of: [String].self) { group in
            let remaining = Counter(count)
            for _ in 0..<pollers {
                group.addTask {
                    var taken: [String] = []
                    while remaining.take() {
                        let task = try await engine.getActivityTask(GetActivityTaskInput(activityArn: arn, workerName: "bench"))
                        if let token = task.taskToken { taken.append(token) }
                    }
                    return taken
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let elapsed = seconds(since: start)
        print(String(format: "%-34@ %d tasks in %.1f ms, %.0f polls answered/s (%d pollers)",
                     "poll burst, 1,000 queued" as NSString, tokens.count, elapsed * 1000, Double(tokens.count) / elapsed, pollers))
        for token in tokens { _ = try await engine.sendTaskSuccess(SendTaskSuccessInput(taskToken: token, output: "{}")) }
    }

    private static func line(_ name: String, _ samples: [Double], _ runs: Int) -> String {
        let sorted = samples.sorted()
        return String(format: "%-34@ p50 %.3f ms  p99 %.3f ms (%d polls)", name as NSString,
                      sorted[sorted.count / 2], sorted[sorted.count * 99 / 100], runs)
    }
}

/// A shared countdown of polls still to make. `Sendable`: its count lives in a `Mutex`.
private final class Counter: Sendable {
    private let remaining: Mutex<Int>
    init(_ count: Int) { remaining = Mutex(count) }
    func take() -> Bool {
        remaining.withLock { count in
            guard count > 0 else { return false }
            count -= 1
            return true
        }
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
