import Foundation
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// DeleteStateMachine: "A state machine is deleted only when all its executions are completed. On the next state
/// transition, the state machine's executions are terminated." AWS fails them with States.Runtime, "State machine NAME
/// has been deleted." (AWS re:Post, "state machine stuck in DELETING status").
@Suite("Engine: a deleted machine's executions fail at their next state transition")
struct DeletedMachineTests {
    @Test func afterARestartTheDeletionIsCompleteAndTheExecutionStillFailsAtItsNextTransition() async throws {
        let path = temporaryDatabasePath()
        let execution: String
        let machineArn: String
        let activityArn: String
        do {
            let engine = try StepwiseEngine(location: .file(path))
            engine.start()
            activityArn = try await engine.createActivity(name: "deleted-work").activityArn
            machineArn = try await engine.createStateMachine(name: "Deleted", definition: """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\(activityArn)", "Next": "P"},
                  "P": {"Type": "Pass", "End": true}}}
                """).stateMachineArn
            execution = try await engine.startExecution(stateMachineArn: machineArn, input: "{}").executionArn
            try await engine.deleteStateMachine(stateMachineArn: machineArn)
            #expect(try engine.describeStateMachine(stateMachineArn: machineArn).status == .deleting)
            await engine.shutdown()
        }
        let engine = try StepwiseEngine(location: .file(path))
        engine.start()
        // Reopened, the machine is gone; its execution runs on until it moves to another state.
        #expect(throws: StepFunctionsError.self) { try engine.describeStateMachine(stateMachineArn: machineArn) }
        #expect(try engine.describeExecution(executionArn: execution).status == .running)
        let task = try #require(try await engine.getActivityTask(activityArn: activityArn, timeout: .seconds(30)))
        try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "{}")
        let done = try await engine.awaitExecution(executionArn: execution)
        #expect(done.status == .failed)
        #expect(done.error == "States.Runtime")
        #expect(done.cause == "State machine Deleted has been deleted.")
        let types = try engine.allHistory(executionArn: execution).map(\.type.rawValue)
        #expect(Array(types.suffix(3)) == ["ActivitySucceeded", "TaskStateExited", "ExecutionFailed"])
        await engine.shutdown()
    }
}
