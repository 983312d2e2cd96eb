import StepFunctionsAPI
import Foundation
import StepwiseEngine
import StepwiseTesting
import Testing

/// A task queued while a poll is between its first look at the queue and parking must reach that poll.
@Suite("Activity polls and tasks queued concurrently")
struct ActivityPollRaceTests {
    @Test("600 tasks queued back to back while a worker polls: every poll gets its task (a guard; the lost wake-up it guards against was seen only through the worker, under load)")
    func noLostWakeUp() async throws {
        // The manual clock never moves: a poll that misses its task would wait for ever, and the test would
        // hit its real-time limit instead of finishing.
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "race")
            let definition = #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(activity.activityArn)", "End": true}}}"#
            let machine = try await engine.createStateMachine(name: "race", definition: definition)
            let count = 600
            let served = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask {
                    var served = 0
                    while served < count {
                        guard let task = try await engine.getActivityTask(activityArn: activity.activityArn) else {
                            // A cancelled poll answers at once: stop, or this loop spins for ever once the limit passed.
                            try Task.checkCancellation()
                            continue
                        }
                        try await engine.sendTaskSuccess(taskToken: task.taskToken, output: task.input)
                        served += 1
                    }
                    return served
                }
                group.addTask {
                    // One at a time, each started as soon as the previous task was served: the next task is
                    // queued while the poller goes from its first look at the queue to parking.
                    for index in 0..<count {
                        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "\(index)")
                        _ = try await engine.awaitExecution(executionArn: run.executionArn)
                        if index % 2 == 0 { await Task.yield() }
                    }
                    return 0
                }
                group.addTask {
                    // Generous: a loaded machine runs the 600 round trips of a debug build in well under a minute.
                    try await Task.sleep(for: .seconds(120))
                    throw CancellationError()
                }
                var served = 0
                for _ in 0..<2 { served += try await group.next() ?? 0 }
                group.cancelAll()
                return served
            }
            #expect(served == count)
        }
    }
}
