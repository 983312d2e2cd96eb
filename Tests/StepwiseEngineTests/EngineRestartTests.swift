import StepFunctionsAPI
import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

@Suite("Engine: restart on the same file")
struct EngineRestartTests {
    @Test func runningExecutionsResumeTimersTasksAndTokens() async throws {
        let path = temporaryDatabasePath()
        let clock = ManualEngineClock()
        let first = try StepwiseEngine(location: .file(path), clock: clock)
        first.start()
        let activity = try await first.createActivity(name: "jobs")
        let definition = """
            {"StartAt": "W", "States": {
              "W": {"Type": "Wait", "Seconds": 300, "Next": "T"},
              "T": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true}}}
            """
        let machine = try await first.createStateMachine(name: "Durable", definition: definition)
        let direct = """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true}}}
            """
        let taskMachine = try await first.createStateMachine(name: "Direct", definition: direct)
        let waiting = try await first.startExecution(stateMachineArn: machine.stateMachineArn, name: "waiting", input: #"{"w": 1}"#)
        let handed = try await first.startExecution(stateMachineArn: taskMachine.stateMachineArn, name: "handed", input: #"{"h": 1}"#)
        let task = try #require(try await nextActivityTask(first, activity.activityArn))
        let queued = try await first.startExecution(stateMachineArn: taskMachine.stateMachineArn, name: "queued", input: #"{"q": 1}"#)
        await first.shutdown()

        // A new engine on the same file, 10 minutes later: the Wait is overdue and fires at once.
        let later = ManualEngineClock(start: clock.now.addingTimeInterval(600))
        let second = try StepwiseEngine(location: .file(path), clock: later)
        second.start()
        // The handed-out task keeps its token.
        try await second.sendTaskSuccess(taskToken: task.taskToken, output: #"{"late": true}"#)
        #expect(try await second.awaitExecution(executionArn: handed.executionArn).output == #"{"late":true}"#)
        // The queued task is still queued; the waiting execution's task follows.
        var inputs: [JSONValue] = []
        for _ in 0..<2 {
            let next = try #require(try await second.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            inputs.append(try json(next.input))
            try await second.sendTaskSuccess(taskToken: next.taskToken, output: next.input)
        }
        #expect(Set(inputs) == [["q": 1], ["w": 1]])
        #expect(try await second.awaitExecution(executionArn: queued.executionArn).status == .succeeded)
        let resumed = try await second.awaitExecution(executionArn: waiting.executionArn)
        #expect(resumed.status == .succeeded)
        let events = try second.allHistory(executionArn: waiting.executionArn)
        #expect(events.map(\.id) == Array(1...events.count))
        #expect(types(events) == [
            "ExecutionStarted", "WaitStateEntered", "WaitStateExited", "TaskStateEntered", "ActivityScheduled",
            "ActivityStarted", "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded",
        ])
        await second.shutdown()
    }
}
