import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// Workflows calling workflows on the same engine: `arn:aws:states:::states:startExecution` and its `.sync`,
/// `.sync:2` and `.waitForTaskToken` forms, with AWS's output shapes and errors.
@Suite("Engine: states:startExecution (workflows calling workflows)")
struct ChildExecutionTests {
    static let child = """
        {"StartAt": "Double", "States": {"Double": {"Type": "Pass", "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)",
          "parent.$": "$.AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID"}, "End": true}}}
        """

    static func parent(_ resource: String, childArn: String, extra: String = "") -> String {
        """
        {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "\(resource)",
          "Parameters": {"StateMachineArn": "\(childArn)", "Input": {"n.$": "$.n", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}}
          \(extra), "End": true}}}
        """
    }

    @Test(".sync:2 waits for the child and outputs its DescribeExecution with Output as JSON; .sync as JSON text", arguments: [true, false])
    func syncOutput(version2: Bool) async throws {
        try await withTestEngine { engine, _ in
            let child = try await engine.createStateMachine(name: "Child", definition: Self.child)
            let resource = "arn:aws:states:::states:startExecution.sync" + (version2 ? ":2" : "")
            let done = try await engine.runToCompletion(
                definition: Self.parent(resource, childArn: child.stateMachineArn), input: #"{"n": 21}"#, machineName: "Parent")
            #expect(done.status == .succeeded, "\(done.error ?? "") \(done.cause ?? "")")
            let output = try json(done.output)
            #expect(output["Status"] == "SUCCEEDED")
            #expect(output["StateMachineArn"] == .string(child.stateMachineArn))
            #expect(output["StartDate"]?.intValue != nil)
            #expect(output["StopDate"]?.intValue != nil)
            // The `.$` fields in AWS's order (see TemplateMemberOrder): parent before doubled.
            let childOutput: JSONValue = ["parent": .string(done.executionArn), "doubled": 42]
            if version2 {
                #expect(output["Output"]?.jsonEquals(childOutput) == true)
                #expect(output["Input"]?["n"] == 21)
            } else {
                #expect(try json(output["Output"]?.stringValue).jsonEquals(childOutput))
                #expect(try json(output["Input"]?.stringValue)["n"] == 21)
            }
            let childArn = try #require(output["ExecutionArn"]?.stringValue)
            #expect(try engine.describeExecution(executionArn: childArn).status == .succeeded)
            let events = try engine.allHistory(executionArn: done.executionArn)
            let scheduled = try #require(events.first { $0.type.rawValue == "TaskScheduled" }?.details)
            #expect(scheduled["resourceType"] == "states")
            #expect(scheduled["resource"] == .string(version2 ? "startExecution.sync:2" : "startExecution.sync"))
            #expect(types(events).contains("TaskSucceeded"))
        }
    }

    @Test("startExecution starts the child and goes on: ExecutionArn, StartDate and the SDK's HTTP metadata")
    func startAndGoOn() async throws {
        try await withTestEngine { engine, _ in
            let child = try await engine.createStateMachine(name: "Child", definition: Self.child)
            let done = try await engine.runToCompletion(
                definition: Self.parent("arn:aws:states:::states:startExecution", childArn: child.stateMachineArn),
                input: #"{"n": 2}"#, machineName: "Parent")
            #expect(done.status == .succeeded)
            let output = try json(done.output)
            // As AWS records it (LocalStack's test_sfn_task_service.snapshot.json, recorded against AWS).
            #expect(output.objectValue?.keys.sorted() == ["ExecutionArn", "SdkHttpMetadata", "SdkResponseMetadata", "StartDate"])
            let childArn = try #require(output["ExecutionArn"]?.stringValue)
            let childDone = try await engine.awaitExecution(executionArn: childArn)
            #expect(try json(childDone.output) == ["parent": .string(done.executionArn), "doubled": 4])
        }
    }

    @Test("a failed child fails the parent's state with States.TaskFailed and the child's description as the cause")
    func childFails() async throws {
        try await withTestEngine { engine, _ in
            let failing = #"{"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Child.Broke", "Cause": "on purpose"}}}"#
            let child = try await engine.createStateMachine(name: "Failing", definition: failing)
            let extra = #", "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Caught"}]"#
            let definition = Self.parent("arn:aws:states:::states:startExecution.sync:2", childArn: child.stateMachineArn, extra: extra)
                .replacingOccurrences(of: #""End": true}}}"#, with: #""Next": "Caught"}, "Caught": {"Type": "Pass", "End": true}}}"#)
            let done = try await engine.runToCompletion(definition: definition, input: #"{"n": 1}"#, machineName: "Parent")
            #expect(done.status == .succeeded, "\(done.error ?? "") \(done.cause ?? "")")
            let output = try json(done.output)
            #expect(output["Error"] == "States.TaskFailed")
            let cause = try json(output["Cause"]?.stringValue)
            #expect(cause["Status"] == "FAILED")
            #expect(cause["Error"] == "Child.Broke")
            #expect(cause["Cause"] == "on purpose")
        }
    }

    @Test("a child that cannot start fails the state with StepFunctions.<error>Exception")
    func childCannotStart() async throws {
        try await withTestEngine { engine, _ in
            let missing = "arn:aws:states:us-east-1:123456789012:stateMachine:Nope"
            let done = try await engine.runToCompletion(
                definition: Self.parent("arn:aws:states:::states:startExecution.sync", childArn: missing), input: #"{"n": 1}"#,
                machineName: "Parent")
            #expect(done.status == .failed)
            #expect(done.error == "StepFunctions.StateMachineDoesNotExistException")
            #expect(done.cause?.contains("Nope") == true)
        }
    }

    @Test("stopping the parent stops its .sync child")
    func stopParentStopsChild() async throws {
        try await withTestEngine { engine, _ in
            let waiting = #"{"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 100000, "End": true}}}"#
            let child = try await engine.createStateMachine(name: "Waiting", definition: waiting)
            let parent = try await engine.createStateMachine(
                name: "Parent", definition: Self.parent("arn:aws:states:::states:startExecution.sync:2", childArn: child.stateMachineArn))
            let run = try await engine.startExecution(stateMachineArn: parent.stateMachineArn, input: #"{"n": 1}"#)
            var childArn: String?
            #expect(try await eventually {
                childArn = try engine.listExecutions(stateMachineArn: child.stateMachineArn).executions.first?.executionArn
                return childArn != nil
            })
            try await engine.stopExecution(executionArn: run.executionArn)
            let stopped = try await engine.awaitExecution(executionArn: try #require(childArn))
            #expect(stopped.status == .aborted)
            // AWS stops it with no error and this cause (measured on AWS, floci-io/floci AslExecutorNestedSyncTimeoutTest).
            #expect(stopped.error == nil)
            #expect(stopped.cause == "The Task state in AWS Step Functions execution [\(run.executionArn)] which was managing "
                + "this resource was aborted")
        }
    }

    @Test(".waitForTaskToken starts the child and waits for SendTaskSuccess with the token it passed")
    func callback() async throws {
        try await withTestEngine { engine, _ in
            let holding = """
                {"StartAt": "Hold", "States": {"Hold": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"QueueUrl": "q", "MessageBody": "x"}, "End": true}}}
                """
            let child = try await engine.createStateMachine(name: "Holding", definition: holding)
            let definition = """
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
                  "Parameters": {"StateMachineArn": "\(child.stateMachineArn)", "Input": {"token.$": "$$.Task.Token"}}, "End": true}}}
                """
            let parent = try await engine.createStateMachine(name: "Parent", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: parent.stateMachineArn, input: "{}")
            var childInput: JSONValue?
            #expect(try await eventually {
                guard let arn = try engine.listExecutions(stateMachineArn: child.stateMachineArn).executions.first?.executionArn else { return false }
                childInput = try JSONValue(parsing: try engine.describeExecution(executionArn: arn).input ?? "null")
                return true
            })
            let token = try #require(childInput?["token"]?.stringValue)
            try await engine.sendTaskSuccess(taskToken: token, output: #"{"answer": 42}"#)
            let done = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == ["answer": 42])
        }
    }

    @Test("a .sync task recovered after a restart finds the child it started and completes when the child does")
    func syncSurvivesRestart() async throws {
        let path = temporaryDatabasePath()
        let clock = ManualEngineClock()
        let first = try StepwiseEngine(location: .file(path), clock: clock)
        first.start()
        let waiting = #"{"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 300, "End": true}}}"#
        let child = try await first.createStateMachine(name: "Waiting", definition: waiting)
        let parent = try await first.createStateMachine(
            name: "Parent", definition: Self.parent("arn:aws:states:::states:startExecution.sync:2", childArn: child.stateMachineArn))
        let run = try await first.startExecution(stateMachineArn: parent.stateMachineArn, input: #"{"n": 1}"#)
        #expect(try await eventually { try first.listExecutions(stateMachineArn: child.stateMachineArn).executions.count == 1 })
        await first.shutdown()

        // Ten minutes later, a new engine on the same file: the child's Wait is overdue, the parent's task is handed
        // out again and attaches to the same child instead of starting another.
        let second = try StepwiseEngine(location: .file(path), clock: ManualEngineClock(start: clock.now.addingTimeInterval(600)))
        second.start()
        let done = try await second.awaitExecution(executionArn: run.executionArn)
        #expect(done.status == .succeeded, "\(done.error ?? "") \(done.cause ?? "")")
        #expect(try json(done.output)["Status"] == "SUCCEEDED")
        #expect(try second.listExecutions(stateMachineArn: child.stateMachineArn).executions.count == 1)
        await second.shutdown()
    }
}
