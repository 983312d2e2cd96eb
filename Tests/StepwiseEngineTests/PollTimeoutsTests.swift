import Foundation
import StepFunctionsAPI
import Synchronization
import StepwiseTesting
import Testing

@testable import StepwiseEngine

/// One timer keeps every parked poll's time limit: each poll still ends at its own limit, in limit order whatever the
/// order they came in, and a poll that is answered or cancelled leaves nothing behind.
@Suite("Engine: parked polls' time limits, kept by one timer", .timeLimit(.minutes(3)))
struct PollTimeoutsTests {
    private func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<3000 where !condition() { try await Task.sleep(for: .milliseconds(5)) }
        #expect(condition())
    }

    @Test("three polls with limits of 600, 200 and 400 s end empty at their own limits, in that order (clock moved by hand)")
    func eachPollEndsAtItsOwnLimit() async throws {
        let clock = ManualEngineClock()
        let engine = try StepwiseEngine(location: .inMemory, clock: clock)
        engine.start()
        let activity = try await engine.createActivity(name: "idle")
        let arn = activity.activityArn
        var polls: [Task<ActivityTask?, any Error>] = []
        // The first poll (the latest limit) parks first: the earlier limits come after the timer was set for it.
        for limit in [600, 200, 400] {
            polls.append(Task { try await engine.getActivityTask(activityArn: arn, workerName: "w", timeout: .seconds(limit)) })
            let count = polls.count
            try await waitUntil { engine.pollTimeouts.count == count && engine.parkedPollCount(activityArn: arn) == count }
        }
        clock.advance(by: .seconds(250))
        #expect(try await polls[1].value == nil)
        try await waitUntil { engine.parkedPollCount(activityArn: arn) == 2 }
        clock.advance(by: .seconds(150))
        #expect(try await polls[2].value == nil)
        try await waitUntil { engine.parkedPollCount(activityArn: arn) == 1 }
        // A second before its limit, the last poll is still parked.
        clock.advance(by: .seconds(199))
        try await Task.sleep(for: .milliseconds(50))
        #expect(engine.parkedPollCount(activityArn: arn) == 1)
        clock.advance(by: .seconds(1))
        #expect(try await polls[0].value == nil)
        #expect(engine.pollTimeouts.count == 0)
        await engine.shutdown()
    }

    @Test("50 polls answered back to back and 10 cancelled leave no time limit behind")
    func answeredAndCancelledPollsAreForgotten() async throws {
        let engine = try StepwiseEngine(location: .inMemory)
        engine.start()
        let activity = try await engine.createActivity(name: "busy")
        let machine = try await engine.createStateMachine(
            name: "M",
            definition: #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": ""# + activity.activityArn
                + #"", "End": true}}}"#)
        for _ in 0..<50 {
            let poll = Task { try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "w") }
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
            let task = try #require(try await poll.value)
            try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "{}")
            #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .succeeded)
        }
        for _ in 0..<10 {
            let poll = Task { try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "w") }
            try await Task.sleep(for: .milliseconds(2))
            poll.cancel()
            _ = try? await poll.value
        }
        #expect(engine.pollTimeouts.count == 0)
        await engine.shutdown()
    }
}
