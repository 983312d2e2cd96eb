import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// A task handed to a poll whose client was gone goes back on its queue (`redeliverActivityTask`, what `stepwise
/// serve` calls then): the next poll gets it and the execution completes, with one `ActivityStarted`.
@Suite("Engine: redelivering an undelivered activity task")
struct RedeliveryTests {
    @Test("a started task given back is handed to the next poll; answering it completes the execution")
    func redeliveredTaskIsPolledAgain() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "glaze")
            let definition = #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(activity.activityArn)", "End": true}}}"#
            let machine = try await engine.createStateMachine(name: "Glazing", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"pot": 1}"#)
            let lost = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "gone", timeout: .seconds(60)))
            // Nothing else is queued: a poll now finds nothing.
            #expect(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .zero) == nil)

            await engine.redeliverActivityTask(taskToken: lost.taskToken)
            let again = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "next", timeout: .seconds(60)))
            #expect(again.taskToken == lost.taskToken)
            #expect(again.input == lost.input)
            try await engine.sendTaskSuccess(taskToken: again.taskToken, output: #"{"glazed": true}"#)
            let done = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(done.status == .succeeded)
            let events = types(try engine.allHistory(executionArn: run.executionArn))
            #expect(events.filter { $0 == "ActivityStarted" }.count == 1)
            #expect(events.last == "ExecutionSucceeded")
            // Given back after its answer: nothing happens.
            await engine.redeliverActivityTask(taskToken: again.taskToken)
            #expect(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .zero) == nil)
        }
    }
}
