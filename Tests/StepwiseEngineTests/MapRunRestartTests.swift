import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// A Map Run is stored with the transitions that change it: it survives a restart, and a running one can still be
/// updated and finishes with its counts.
@Suite("Engine: Map Runs across a restart")
struct MapRunRestartTests {
    @Test("a running Map Run is described, updated and finished by the engine opened next on the file")
    func survivesRestart() async throws {
        let path = temporaryDatabasePath()
        let first = try StepwiseEngine(location: .file(path), clock: ManualEngineClock())
        first.start()
        let activity = try await first.createActivity(name: "restart-items")
        let definition = """
            {"StartAt": "Map", "States": {"Map": {"Type": "Map", "MaxConcurrency": 1,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true}}},
              "End": true}}}
            """
        let machine = try await first.createStateMachine(name: "Restarted", definition: definition)
        let start = try await first.startExecution(stateMachineArn: machine.stateMachineArn, input: "[1, 2, 3]")
        let runs = try await first.listMapRuns(ListMapRunsInput(executionArn: start.executionArn))
        let arn = try #require(runs.mapRuns.first?.mapRunArn)
        await first.shutdown()

        let second = try StepwiseEngine(location: .file(path), clock: ManualEngineClock())
        second.start()
        var run = try await second.describeMapRun(DescribeMapRunInput(mapRunArn: arn))
        #expect(run.status == .running && run.executionCounts.running == 1 && run.executionCounts.pending == 2)
        _ = try await second.updateMapRun(UpdateMapRunInput(mapRunArn: arn, maxConcurrency: 3))
        for _ in 0..<3 {
            let task = try #require(try await second.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(5)))
            try await second.sendTaskSuccess(taskToken: task.taskToken, output: task.input)
        }
        let done = try await second.awaitExecution(executionArn: start.executionArn)
        #expect(done.status == .succeeded)
        #expect(try json(done.output) == [1, 2, 3])
        run = try await second.describeMapRun(DescribeMapRunInput(mapRunArn: arn))
        #expect(run.status == .succeeded && run.maxConcurrency == 3 && run.itemCounts.succeeded == 3)
        await second.shutdown()
    }
}
