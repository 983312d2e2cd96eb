// A child process for the engine's crash tests: opens the engine on a database file, makes sure the test
// workflow and its executions exist, runs them with an ActivityWorker in this process (as a user places handlers
// here), prints "DONE" once every execution has stopped, and exits. The test kills it with SIGKILL at random moments and starts it again.
//
// Usage: stepwise-crash-helper DATABASE EXECUTIONS
import Foundation
import StatesLanguage
import Stepwise
import StepwiseEngine
import StepFunctionsAPI

/// The workflow: a Pass chain, a Choice loop, a Map whose iterations call a Task, a short Wait and a Parallel.
func crashWorkflow(activityArn: String) -> String {
    """
    {"StartAt": "Init", "States": {
      "Init": {"Type": "Pass", "Parameters": {"id.$": "$.id", "count": 0, "items": [1, 2, 3, 4]}, "Next": "Loop"},
      "Loop": {"Type": "Choice", "Choices": [{"Variable": "$.count", "NumericLessThan": 5, "Next": "Inc"}], "Default": "Fan"},
      "Inc": {"Type": "Pass", "Parameters": {"id.$": "$.id", "count.$": "States.MathAdd($.count, 1)", "items.$": "$.items"}, "Next": "Loop"},
      "Fan": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "ResultPath": "$.mapped",
        "ItemProcessor": {"StartAt": "Work", "States": {
          "Work": {"Type": "Task", "Resource": "\(activityArn)", "Parameters": {"n.$": "$"}, "End": true,
                   "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3}]}}},
        "Next": "Pause"},
      "Pause": {"Type": "Wait", "Seconds": 2, "Next": "Both"},
      "Both": {"Type": "Parallel", "ResultPath": "$.both", "Next": "Done", "Branches": [
        {"StartAt": "L", "States": {"L": {"Type": "Pass", "Result": "left", "End": true}}},
        {"StartAt": "R", "States": {"R": {"Type": "Task", "Resource": "\(activityArn)", "Parameters": {"n": 100}, "End": true}}}]},
      "Done": {"Type": "Pass", "Parameters": {"id.$": "$.id", "count.$": "$.count", "mapped.$": "$.mapped", "both.$": "$.both"}, "End": true}}}
    """
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, let executions = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: stepwise-crash-helper DATABASE EXECUTIONS\n".utf8))
    exit(2)
}

do {
    let engine = try StepwiseEngine(location: .file(arguments[1]))
    engine.start()
    let activity = try await engine.createActivity(name: "crash-work")
    let work = AnyTaskHandler(TaskDefaults(activityName: "crash-work")) { input, _ in
        guard let n = input["n"]?.intValue else {
            throw TaskFailure(error: "Bad.Input", cause: input.jsonString())
        }
        try? await Task.sleep(for: .milliseconds(Int.random(in: 0...3)))
        return ["n": .int(n * 10)]
    }
    let worker = ActivityWorker(
        backend: engine, placements: [Placement(work, slots: 16)],
        configuration: .init(livenessInterval: nil))
    let machine = try await engine.createStateMachine(name: "Crash", definition: crashWorkflow(activityArn: activity.activityArn))
    // Tell the test this life is past start-up, so a kill from now on lands mid-run (even while starting).
    _ = FileManager.default.createFile(atPath: arguments[1] + ".started", contents: nil)
    try await worker.serving {
        var arns: [String] = []
        for index in 0..<executions {
            let arn = engine.names.executionArn(machineName: "Crash", name: "e\(index)")
            do {
                _ = try await engine.startExecution(
                    stateMachineArn: machine.stateMachineArn, name: "e\(index)", input: #"{"id": \#(index)}"#)
            } catch {
                // ExecutionAlreadyExists: finished in an earlier life of this process.
                if (error as? StepFunctionsError)?.code.rawValue != "ExecutionAlreadyExists" { throw error }
            }
            arns.append(arn)
        }
        for arn in arns { _ = try await engine.awaitExecution(executionArn: arn) }
    }
    await engine.shutdown()
    print("DONE")
} catch {
    FileHandle.standardError.write(Data("crash helper failed: \(error)\n".utf8))
    exit(1)
}
