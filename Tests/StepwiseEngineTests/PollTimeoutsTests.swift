import Foundation
import StepFunctionsAPI
import Synchronization
import Testing

@testable import StepwiseEngine

/// One timer keeps every parked poll's time limit: each poll still ends at its own limit, in limit order whatever the
/// order they came in, and a poll that is answered or cancelled leaves nothing behind.
@Suite("Engine: parked polls' time limits, kept by one timer", .timeLimit(.minutes(1)))
struct PollTimeoutsTests {
    @Test("three polls with limits of 0.6, 0.2 and 0.4 s end empty in that order of limits, each no earlier than its own")
    func eachPollEndsAtItsOwnLimit() async throws {
        let engine = try StepwiseEngine(location: .inMemory)
        engine.start()
        let activity = try await engine.createActivity(name: "idle")
        let started = ContinuousClock.now
        let ended = try await withThrowingTaskGroup(of: (Int, Duration).self) { group in
            for (index, limit) in [600, 200, 400].enumerated() {
                group.addTask {
                    let task = try await engine.getActivityTask(
                        activityArn: activity.activityArn, workerName: "w", timeout: .milliseconds(limit))
                    #expect(task == nil)
                    return (index, ContinuousClock.now - started)
                }
                // The first poll (the latest limit) parks first: the earlier limits come after the timer was set.
                try await Task.sleep(for: .milliseconds(20))
            }
            var ended: [(Int, Duration)] = []
            for try await result in group { ended.append(result) }
            return ended
        }
        // Each no earlier than its own limit (counted from its own start, 20 ms apart).
        for (index, elapsed) in ended {
            #expect(elapsed >= .milliseconds([600, 200, 400][index] + 20 * index))
        }
        #expect(ended.map(\.0) == [1, 2, 0])
        #expect(engine.pollTimeouts.count == 0)
        await engine.shutdown()
    }

    @Test("200 polls answered back to back and 20 cancelled leave no time limit behind")
    func answeredAndCancelledPollsAreForgotten() async throws {
        let engine = try StepwiseEngine(location: .inMemory)
        engine.start()
        let activity = try await engine.createActivity(name: "busy")
        let machine = try await engine.createStateMachine(
            name: "M",
            definition: #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": ""# + activity.activityArn
                + #"", "End": true}}}"#)
        for _ in 0..<200 {
            let poll = Task { try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "w") }
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
            let task = try #require(try await poll.value)
            try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "{}")
            #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .succeeded)
        }
        for _ in 0..<20 {
            let poll = Task { try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "w") }
            try await Task.sleep(for: .milliseconds(2))
            poll.cancel()
            _ = try? await poll.value
        }
        #expect(engine.pollTimeouts.count == 0)
        await engine.shutdown()
    }
}
