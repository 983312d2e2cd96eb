import Dispatch
import Foundation
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Synchronization
import Testing

/// An input is evaluated at the time it arrived, not whenever an evaluation thread gets to it: a task's heartbeat
/// timeout counts from the poll that started it. Before, an evaluation delayed past a clock advance (a loaded machine;
/// here, an evaluation held on its thread) armed the timer from the later time, so it fired late, or, on a test's
/// manual clock, never: the worker suite's "heartbeats by hand" test waited for ever under load.
@Suite("Engine: inputs are evaluated at the time they arrived", .timeLimit(.minutes(3)))
struct EvaluationTimeTests {
    @Test("a heartbeat timeout counts from the task's start even when the start is evaluated after the clock moved on")
    func heartbeatCountsFromThePoll() async throws {
        try await withTestEngine { engine, clock in
            let activity = try await engine.createActivity(name: "slow-start")
            let definition = """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\(activity.activityArn)", "HeartbeatSeconds": 3, "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "Heartbeat", definition: definition)
            let arn = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "held").executionArn
            #expect(try await eventually { engine.queuedTaskCount(resources: [activity.activityArn]) > 0 }, "the task was never queued")
            let started = clock.now
            // The next evaluation of this execution (its ActivityStarted) is held on its thread while the clock moves.
            let gate = HeldEvaluation(of: arn)
            engine.setEvaluationHook { gate.hold($0) }
            defer { engine.setEvaluationHook(nil) }
            // The poll answers once the start is durable, so after the held evaluation: it runs alongside.
            async let task = engine.getActivityTask(activityArn: activity.activityArn, workerName: "w")
            // Generous: the poll is a child task, and a loaded CI machine has left one unscheduled for over 10 s.
            #expect(await gate.entered(within: .seconds(90)), "the start was not evaluated")
            clock.advance(by: .seconds(4))
            gate.release()
            engine.setEvaluationHook(nil)
            #expect(try await task != nil)
            let stopped = try await engine.awaitExecution(executionArn: arn)
            #expect(stopped.status == .failed)
            #expect(stopped.error == "States.Timeout")  // a heartbeat timeout, as AWS reports it
            let history = try engine.getExecutionHistory(executionArn: arn).events
            let start = try #require(history.first { $0.type.rawValue == "ActivityStarted" })
            #expect(start.timestamp == started)
        }
    }
}
