import StepFunctionsAPI
import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

/// The engine's dispatch hook for non-activity Task resources: dispatchers serve resources by pattern, and a task
/// nothing can serve fails at once (it used to wait for ever after TaskScheduled).
@Suite("Engine: Lambda and other non-activity tasks")
struct LambdaDispatchTests {
    /// Serves every `lambda:invoke` task by echoing the payload in the optimized integration's output shape.
    struct EchoLambda: TaskDispatcher {
        func handler(forResource resource: String) -> IntegrationHandler? {
            guard resource == "arn:aws:states:::lambda:invoke" else { return nil }
            return { input, _ in
                guard let payload = (try? JSONValue(parsing: input))?["Payload"] else {
                    return .failure(error: "States.Runtime", cause: "no Payload")
                }
                let output: JSONValue = ["ExecutedVersion": "$LATEST", "Payload": payload, "StatusCode": 200]
                return .success(output.jsonString())
            }
        }
    }

    @Test(
        "a Lambda task nothing serves fails at once with Lambda.ResourceNotFoundException naming the function; Catch sees it",
        arguments: [
            #""Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "missing-fn", "Payload.$": "$"}"#,
            #""Resource": "arn:aws:lambda:us-east-1:123456789012:function:missing-fn""#,
        ])
    func unservedLambdaFails(resource: String) async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "Call", "States": {
                  "Call": {"Type": "Task", \(resource), "Catch": [{"ErrorEquals": ["Lambda.ResourceNotFoundException"], "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Pass", "End": true}}}
                """
            let done = try await engine.runToCompletion(definition: definition)
            #expect(done.status == .succeeded)
            let output = try json(done.output)
            #expect(output["Error"] == "Lambda.ResourceNotFoundException")
            #expect(output["Cause"]?.stringValue?.contains("missing-fn") == true)
        }
    }

    /// Answers every Lambda task (integration or function ARN) with a result over the 256 KiB quota.
    struct HugeLambda: TaskDispatcher {
        func handler(forResource resource: String) -> IntegrationHandler? {
            guard resource.contains("lambda") else { return nil }
            let big = "{\"Arg1\": \"" + String(repeating: "a", count: 257 * 1024) + "\"}"
            return { _, _ in .success(big) }
        }
    }

    /// Recorded against AWS (LocalStack's test_states_errors, test_service_task_lambada_data_limit_exceeded_on_large_utf8_
    /// response, test_task_lambda_data_limit_exceeded_on_large_utf8_response and their catch_state_all variants): a Lambda
    /// result over the quota is TaskFailed / LambdaFunctionFailed States.DataLimitExceeded naming 'lambda' (the
    /// integration) or the function's ARN, and a Catch on States.ALL catches it.
    @Test(
        "a Lambda result over the quota fails the task with States.DataLimitExceeded naming it; States.ALL catches it",
        arguments: [
            (#""Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f", "Payload": null}"#, "TaskFailed", "lambda"),
            (#""Resource": "arn:aws:lambda:us-east-1:123456789012:function:f""#, "LambdaFunctionFailed",
             "arn:aws:lambda:us-east-1:123456789012:function:f"),
        ])
    func resultOverTheQuota(resource: String, failedEvent: String, name: String) async throws {
        try await withTestEngine { engine, _ in
            engine.addTaskDispatcher(HugeLambda())
            let definition = """
                {"StartAt": "InvokeLambda", "States": {
                  "InvokeLambda": {"Type": "Task", \(resource), "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "HandleGeneralError"}], "End": true},
                  "HandleGeneralError": {"Type": "Pass", "End": true}}}
                """
            let done = try await engine.runToCompletion(definition: definition)
            let cause = "The state/task '\(name)' returned a result with a size exceeding the maximum number of bytes service limit."
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == ["Error": "States.DataLimitExceeded", "Cause": .string(cause)])
            let events = try engine.allHistory(executionArn: done.executionArn)
            let failed = try #require(events.first { $0.type.rawValue == failedEvent })
            #expect(failed.details?["cause"] == .string(cause))
        }
    }

    @Test("an integration nothing serves fails the execution with States.Runtime naming the resource")
    func unservedIntegrationFails() async throws {
        try await withTestEngine { engine, _ in
            let resource = "arn:aws:states:::sqs:sendMessage"
            let definition = #"{"StartAt": "Send", "States": {"Send": {"Type": "Task", "Resource": "\#(resource)", "Parameters": {"QueueUrl": "q", "MessageBody": "m"}, "End": true}}}"#
            let done = try await engine.runToCompletion(definition: definition)
            #expect(done.status == .failed)
            #expect(done.error == "States.Runtime")
            #expect(done.cause?.contains(resource) == true)
            let events = try engine.allHistory(executionArn: done.executionArn)
            #expect(types(events).contains("TaskFailed"))
        }
    }

    @Test("a .waitForTaskToken task nothing serves still waits for its callback")
    func callbackStillWaits() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "Send", "States": {"Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"QueueUrl": "q", "MessageBody": "m", "token.$": "$$.Task.Token"}, "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "Callback", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
            #expect(try await eventually { try types(engine.allHistory(executionArn: run.executionArn)).contains("TaskStarted") })
            #expect(try engine.describeExecution(executionArn: run.executionArn).status == .running)
        }
    }

    @Test("a dispatcher serves lambda:invoke by pattern, also for tasks queued before it was added")
    func dispatcherServes() async throws {
        try await withTestEngine { engine, _ in
            engine.addTaskDispatcher(EchoLambda())
            let definition = """
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "echo", "Payload.$": "$"}, "OutputPath": "$.Payload", "End": true}}}
                """
            let done = try await engine.runToCompletion(definition: definition, input: #"{"n": 2}"#)
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == ["n": 2])
        }
    }
}
