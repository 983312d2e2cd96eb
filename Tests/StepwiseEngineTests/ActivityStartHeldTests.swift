import Dispatch
import Foundation
import GRDB
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// A poll whose task's start is still being evaluated (held on its evaluation thread here): cancelling the poll does
/// not lose the task, and a shutdown meanwhile fails the poll and leaves the task queued for after a restart.
@Suite("Activity polls waiting for their task's start", .timeLimit(.minutes(3)))
struct ActivityStartHeldTests {
    static func machine(_ activityArn: String) -> String {
        #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(activityArn)", "End": true}}}"#
    }

    @Test("a poll cancelled while its task's start is evaluated still returns the task, once the start is durable")
    func cancelledWhileStarting() async throws {
        let path = temporaryDatabasePath()
        let engine = try StepwiseEngine(location: .file(path), clock: ManualEngineClock())
        engine.start()
        let committed = try ActivityStartDurabilityTests.Committed(path)
        let activity = try await engine.createActivity(name: "cancelled-start")
        let machine = try await engine.createStateMachine(name: "cancelled-start", definition: Self.machine(activity.activityArn))
        let arn = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}").executionArn
        #expect(try await eventually { engine.queuedTaskCount(resources: [activity.activityArn]) == 1 })
        let gate = HeldEvaluation(of: arn)
        engine.setEvaluationHook { gate.hold($0) }
        let task = try await withThrowingTaskGroup(of: ActivityTask?.self) { group in
            group.addTask { try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "w") }
            #expect(await gate.entered(within: .seconds(90)), "the start was not evaluated")
            // The task was handed to the poll; its start is not durable yet. The poll's caller goes away.
            group.cancelAll()
            #expect(try !committed.eventTypes(arn).contains("ActivityStarted"))
            gate.release()
            return try await group.next() ?? nil
        }
        engine.setEvaluationHook(nil)
        let taken = try #require(task, "the task handed to the cancelled poll was dropped")
        #expect(try committed.eventTypes(arn).contains("ActivityStarted"))
        #expect(try committed.task(taken.taskToken)?.worker == "w")
        try await engine.sendTaskSuccess(taskToken: taken.taskToken, output: "{}")
        #expect(try await engine.awaitExecution(executionArn: arn).status == .succeeded)
        await engine.shutdown()
    }

    @Test("a shutdown while a poll's task is starting fails the poll, records no start, and a restart hands the task out")
    func shutdownWhileStarting() async throws {
        let path = temporaryDatabasePath()
        let clock = ManualEngineClock()
        let engine = try StepwiseEngine(location: .file(path), clock: clock)
        engine.start()
        let committed = try ActivityStartDurabilityTests.Committed(path)
        let activity = try await engine.createActivity(name: "shutdown-start")
        let machine = try await engine.createStateMachine(name: "shutdown-start", definition: Self.machine(activity.activityArn))
        let arn = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}").executionArn
        #expect(try await eventually { engine.queuedTaskCount(resources: [activity.activityArn]) == 1 })
        let gate = HeldEvaluation(of: arn)
        engine.setEvaluationHook { gate.hold($0) }
        let outcome = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                await awsError { _ = try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "gone") }
            }
            #expect(await gate.entered(within: .seconds(90)), "the start was not evaluated")
            // The engine stops while the start is on its evaluation thread: the start can no longer be written.
            await engine.shutdown()
            gate.release()
            return await group.next() ?? nil
        }
        engine.setEvaluationHook(nil)
        #expect(outcome == "InternalFailure")
        #expect(try !committed.eventTypes(arn).contains("ActivityStarted"))
        #expect(try committed.task(Self.onlyToken(committed, arn))?.status == "queued")

        let reopened = try StepwiseEngine(location: .file(path), clock: clock)
        reopened.start()
        let task = try #require(try await nextActivityTask(reopened, activity.activityArn, workerName: "after"))
        #expect(try committed.task(task.taskToken)?.worker == "after")
        try await reopened.sendTaskSuccess(taskToken: task.taskToken, output: "{}")
        #expect(try await reopened.awaitExecution(executionArn: arn).status == .succeeded)
        #expect(try committed.eventTypes(arn).filter { $0 == "ActivityStarted" }.count == 1)
        await reopened.shutdown()
    }

    static func onlyToken(_ committed: ActivityStartDurabilityTests.Committed, _ arn: String) throws -> String {
        try committed.reader.read { db in
            try #require(try String.fetchOne(db, sql: "SELECT token FROM task WHERE executionArn = ?", arguments: [arn]))
        }
    }
}
