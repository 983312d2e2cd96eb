import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// Mocked integrations as AWS Step Functions Local does them: a mock configuration file, a test case chosen by
/// `#TestCase` after the state machine ARN, mocked responses per invocation for every kind of Task resource.
@Suite("Engine: mocked integrations (Step Functions Local's mock configuration)")
struct MockConfigTests {
    static let configuration = """
        {
          "StateMachines": {
            "Inference": {
              "TestCases": {
                "HappyPath": {"Infer": "MockedInference"},
                "Flaky": {"Infer": "FailTwiceThenAnswer"},
                "Broken": {"Infer": "AlwaysFails"},
                "Short": {"Infer": "OnlyOnce"}
              }
            },
            "Kinds": {
              "TestCases": {
                "All": {"Activity": "Answer", "Function": "Answer", "Callback": "Answer", "Sync": "Answer", "InMap": "Numbered"}
              }
            }
          },
          "MockedResponses": {
            "MockedInference": {"0": {"Return": {"Body": "{\\"label\\":\\"cat\\",\\"score\\":0.97}", "ContentType": "application/json"}}},
            "FailTwiceThenAnswer": {
              "0-1": {"Throw": {"Error": "SageMakerRuntime.ModelNotReadyException", "Cause": "The model is loading."}},
              "2": {"Return": {"Body": "ok"}}
            },
            "AlwaysFails": {"0": {"Throw": {"Error": "SageMakerRuntime.ValidationErrorException", "Cause": "bad input"}}},
            "OnlyOnce": {"0": {"Throw": {"Error": "Custom.Retry", "Cause": "again"}}},
            "Answer": {"0-10": {"Return": {"answered": true}}},
            "Numbered": {"0": {"Return": "first"}, "1": {"Return": "second"}, "2": {"Return": "third"}}
          }
        }
        """

    static let inference = """
        {"StartAt": "Infer", "States": {
          "Infer": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sagemakerruntime:invokeEndpoint",
            "Parameters": {"EndpointName": "classifier", "Body.$": "States.JsonToString($)", "ContentType": "application/json"},
            "ResultSelector": {"prediction.$": "States.StringToJson($.Body)"},
            "Retry": [{"ErrorEquals": ["SageMakerRuntime.ModelNotReadyException"], "IntervalSeconds": 1, "MaxAttempts": 3}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
            "End": true},
          "Caught": {"Type": "Pass", "End": true}}}
        """

    static func mocked(_ engine: StepwiseEngine) throws {
        engine.setMockConfiguration(try MockConfiguration(parsing: Data(configuration.utf8)))
    }

    /// Starts `arn#testCase` and waits for the end, moving the manual clock on so Retry intervals pass.
    static func run(
        _ engine: StepwiseEngine, _ clock: ManualEngineClock, machineArn: String, testCase: String?, input: String = "{}"
    ) async throws -> DescribeExecutionOutput {
        let run = try await engine.startExecution(
            stateMachineArn: machineArn + (testCase.map { "#" + $0 } ?? ""), input: input)
        for _ in 0..<2000 where try engine.describeExecution(executionArn: run.executionArn).status == .running {
            clock.advance(by: .seconds(5))
            try await Task.sleep(for: .milliseconds(2))
        }
        return try await engine.awaitExecution(executionArn: run.executionArn)
    }

    @Test("the seed's inference step: an aws-sdk SageMaker Runtime call answers its mocked response, recorded as the real call")
    func inferenceMocked() async throws {
        try await withTestEngine { engine, clock in
            try Self.mocked(engine)
            let machine = try await engine.createStateMachine(name: "Inference", definition: Self.inference)
            let done = try await Self.run(engine, clock, machineArn: machine.stateMachineArn, testCase: "HappyPath", input: #"{"image":"cat.png"}"#)
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == ["prediction": ["label": "cat", "score": 0.97]])
            // The execution names the plain state machine ARN, as in Step Functions Local.
            #expect(done.stateMachineArn == machine.stateMachineArn)
            let events = try engine.allHistory(executionArn: done.executionArn)
            #expect(types(events) == [
                "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                "ExecutionSucceeded",
            ])
            let scheduled = try #require(events.first { $0.type.rawValue == "TaskScheduled" }?.details)
            #expect(scheduled["resourceType"] == "aws-sdk:sagemakerruntime")
            #expect(scheduled["resource"] == "invokeEndpoint")
            let succeeded = try #require(events.first { $0.type.rawValue == "TaskSucceeded" }?.details)
            #expect(try json(succeeded["output"]?.stringValue)["ContentType"] == "application/json")
        }
    }

    @Test("Throw per invocation range: Retry sees the mocked error twice, then the third invocation answers")
    func rangesAndRetry() async throws {
        try await withTestEngine { engine, clock in
            try Self.mocked(engine)
            let machine = try await engine.createStateMachine(name: "Inference", definition: Self.inference)
            let done = try await Self.run(engine, clock, machineArn: machine.stateMachineArn, testCase: "Flaky")
            #expect(done.status == .succeeded)
            let events = try engine.allHistory(executionArn: done.executionArn)
            let failures = events.filter { $0.type.rawValue == "TaskFailed" }
            #expect(failures.count == 2)
            #expect(failures.first?.details?["error"] == "SageMakerRuntime.ModelNotReadyException")
            #expect(failures.first?.details?["cause"] == "The model is loading.")
            #expect(types(events).filter { $0 == "TaskScheduled" }.count == 3)
            #expect(types(events).filter { $0 == "TaskSucceeded" }.count == 1)
        }
    }

    @Test("a mocked Throw reaches Catch with its error and cause")
    func throwCaught() async throws {
        try await withTestEngine { engine, clock in
            try Self.mocked(engine)
            let machine = try await engine.createStateMachine(name: "Inference", definition: Self.inference)
            let done = try await Self.run(engine, clock, machineArn: machine.stateMachineArn, testCase: "Broken")
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == ["Error": "SageMakerRuntime.ValidationErrorException", "Cause": "bad input"])
        }
    }

    @Test("an invocation no response key covers fails the state with States.Runtime naming the invocation")
    func invocationPastTheKeys() async throws {
        try await withTestEngine { engine, clock in
            try Self.mocked(engine)
            let definition = """
                {"StartAt": "Infer", "States": {"Infer": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sagemakerruntime:invokeEndpoint",
                  "Retry": [{"ErrorEquals": ["Custom.Retry"], "IntervalSeconds": 1, "MaxAttempts": 1}], "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "Inference", definition: definition)
            let done = try await Self.run(engine, clock, machineArn: machine.stateMachineArn, testCase: "Short")
            #expect(done.status == .failed)
            #expect(done.error == "States.Runtime")
            #expect(done.cause?.contains("invocation 1") == true)
        }
    }

    @Test("without a test case the same machine calls its resource as usual (nothing serves aws-sdk here: it fails at once)")
    func withoutTestCase() async throws {
        try await withTestEngine { engine, clock in
            try Self.mocked(engine)
            let machine = try await engine.createStateMachine(name: "Inference", definition: Self.inference)
            let done = try await Self.run(engine, clock, machineArn: machine.stateMachineArn, testCase: nil)
            // States.Runtime: no Catch (not even States.ALL) handles it.
            #expect(done.status == .failed)
            #expect(done.error == "States.Runtime")
            #expect(done.cause?.contains("sagemakerruntime:invokeEndpoint") == true)
        }
    }

    @Test("every kind of Task resource is mocked, with the events AWS records for it; a state inside a Map counts its invocations")
    func everyResourceKind() async throws {
        try await withTestEngine { engine, clock in
            try Self.mocked(engine)
            let activity = try await engine.createActivity(name: "nobody-polls")
            let definition = """
                {"StartAt": "Activity", "States": {
                  "Activity": {"Type": "Task", "Resource": "\(activity.activityArn)", "ResultPath": "$.activity", "Next": "Function"},
                  "Function": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:not-deployed", "ResultPath": "$.function", "Next": "Callback"},
                  "Callback": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "ResultPath": "$.callback", "Next": "Sync"},
                  "Sync": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": {"Cluster": "c", "TaskDefinition": "td"}, "ResultPath": "$.sync", "Next": "Map"},
                  "Map": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1, "ResultPath": "$.map", "End": true,
                    "ItemProcessor": {"StartAt": "InMap", "States": {"InMap": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject", "End": true}}}}}}
                """
            let machine = try await engine.createStateMachine(name: "Kinds", definition: definition)
            let done = try await Self.run(engine, clock, machineArn: machine.stateMachineArn, testCase: "All", input: #"{"items": [1, 2, 3]}"#)
            #expect(done.status == .succeeded, "\(done.error ?? "") \(done.cause ?? "")")
            let output = try json(done.output)
            for field in ["activity", "function", "callback", "sync"] {
                #expect(output[field] == ["answered": true], "\(field)")
            }
            #expect(output["map"] == ["first", "second", "third"])
            let kinds = types(try engine.allHistory(executionArn: done.executionArn))
            for type in [
                "ActivityScheduled", "ActivityStarted", "ActivitySucceeded", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                "LambdaFunctionSucceeded",
            ] {
                #expect(kinds.contains(type), "\(type)")
            }
            // Callback, Sync and the three Map iterations: service-integration events.
            #expect(kinds.filter { $0 == "TaskSucceeded" }.count == 5)
            #expect(kinds.filter { $0 == "TaskStarted" }.count == 5)
        }
    }

    @Test(
        "StartExecution refuses a test case the engine cannot run",
        arguments: [(true, "#Missing"), (false, "#HappyPath"), (true, "#")])
    func unknownTestCase(configured: Bool, suffix: String) async throws {
        try await withTestEngine { engine, _ in
            if configured { try Self.mocked(engine) }
            let machine = try await engine.createStateMachine(name: "Inference", definition: Self.inference)
            let error = await awsError { _ = try await engine.startExecution(stateMachineArn: machine.stateMachineArn + suffix) }
            #expect(error == "InvalidArn")
        }
    }
}
