import Foundation
import HTTPTypes
import Hummingbird
import StatesLanguage
import StepFunctionsAPI
import Testing

@testable import StepwiseServer

@Suite("AWS JSON 1.0 dispatch")
struct DispatchTests {
    static let machine = RecordingBackend.stateMachineArn
    static let execution = RecordingBackend.executionArn
    static let activity = RecordingBackend.activityArn
    static let role = "arn:aws:iam::123456789012:role/StepFunctionsRole"

    /// A minimal valid request body for every operation.
    static let minimalRequests: [(String, String)] = [
        ("CreateStateMachine", #"{"name":"HelloWorld","definition":"{}","roleArn":"\#(role)"}"#),
        ("UpdateStateMachine", #"{"stateMachineArn":"\#(machine)","definition":"{}"}"#),
        ("DescribeStateMachine", #"{"stateMachineArn":"\#(machine)"}"#),
        ("DeleteStateMachine", #"{"stateMachineArn":"\#(machine)"}"#),
        ("ListStateMachines", "{}"),
        ("ValidateStateMachineDefinition", #"{"definition":"{}"}"#),
        ("DescribeStateMachineForExecution", #"{"executionArn":"\#(execution)"}"#),
        ("CreateActivity", #"{"name":"Worker"}"#),
        ("DescribeActivity", #"{"activityArn":"\#(activity)"}"#),
        ("DeleteActivity", #"{"activityArn":"\#(activity)"}"#),
        ("ListActivities", "{}"),
        ("GetActivityTask", #"{"activityArn":"\#(activity)","workerName":"w1"}"#),
        ("StartExecution", #"{"stateMachineArn":"\#(machine)"}"#),
        ("StartSyncExecution", #"{"stateMachineArn":"\#(machine)"}"#),
        ("StopExecution", #"{"executionArn":"\#(execution)"}"#),
        ("DescribeExecution", #"{"executionArn":"\#(execution)"}"#),
        ("ListExecutions", #"{"stateMachineArn":"\#(machine)"}"#),
        ("GetExecutionHistory", #"{"executionArn":"\#(execution)","reverseOrder":true}"#),
        ("RedriveExecution", #"{"executionArn":"\#(execution)"}"#),
        ("SendTaskSuccess", #"{"taskToken":"t","output":"{}"}"#),
        ("SendTaskFailure", #"{"taskToken":"t","error":"E","cause":"C"}"#),
        ("SendTaskHeartbeat", #"{"taskToken":"t"}"#),
        ("TagResource", #"{"resourceArn":"\#(machine)","tags":[{"key":"k","value":"v"}]}"#),
        ("UntagResource", #"{"resourceArn":"\#(machine)","tagKeys":["k"]}"#),
        ("ListTagsForResource", #"{"resourceArn":"\#(activity)"}"#),
        ("PublishStateMachineVersion", #"{"stateMachineArn":"\#(machine)"}"#),
        ("ListStateMachineVersions", #"{"stateMachineArn":"\#(machine)"}"#),
        ("DeleteStateMachineVersion", #"{"stateMachineVersionArn":"\#(machine):1"}"#),
        ("CreateStateMachineAlias", #"{"name":"live","routingConfiguration":[{"stateMachineVersionArn":"\#(machine):1","weight":100}]}"#),
        ("DescribeStateMachineAlias", #"{"stateMachineAliasArn":"\#(machine):live"}"#),
        ("UpdateStateMachineAlias", #"{"stateMachineAliasArn":"\#(machine):live","description":"d"}"#),
        ("DeleteStateMachineAlias", #"{"stateMachineAliasArn":"\#(machine):live"}"#),
        ("ListStateMachineAliases", #"{"stateMachineArn":"\#(machine)"}"#),
        ("TestState", #"{"definition":"{}"}"#),
        ("DescribeMapRun", #"{"mapRunArn":"arn:aws:states:us-east-1:123456789012:mapRun:HelloWorld/Map:1"}"#),
        ("ListMapRuns", #"{"executionArn":"\#(execution)"}"#),
        ("UpdateMapRun", #"{"mapRunArn":"arn:aws:states:us-east-1:123456789012:mapRun:HelloWorld/Map:1","maxConcurrency":5}"#),
    ]

    @Test("every operation reaches the backend", arguments: minimalRequests)
    func everyOperation(operation: String, body: String) async throws {
        let backend = RecordingBackend()
        try await withServer(backend) { client in
            let response = try await client.call(operation, body)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/x-amz-json-1.0")
            #expect(response.headers[HTTPField.Name("x-amzn-RequestId")!]?.isEmpty == false)
            #expect(response.json.objectValue != nil)
        }
        let expected = operation.prefix(1).lowercased() + operation.dropFirst()
        #expect(backend.calls.map(\.operation) == [expected])
        #expect(Set(Self.minimalRequests.map(\.0)) == Set(StepFunctionsOperation.allCases.map(\.rawValue)))
    }

    @Test("StartExecution: request members reach the backend, the response is AWS's shape")
    func startExecution() async throws {
        let backend = RecordingBackend()
        try await withServer(backend) { client in
            let response = try await client.call(
                "StartExecution", #"{"stateMachineArn":"\#(Self.machine)","name":"run-1","input":"{\"order\":42}","unknownMember":1}"#)
            #expect(response.status == .ok)
            #expect(response.json.jsonEquals(["executionArn": .string(Self.execution), "startDate": 1_700_000_000.5]))
        }
        let input = try #require(backend.calls.first?.input as? StartExecutionInput)
        #expect(input.name == "run-1")
        #expect(input.input == #"{"order":42}"#)
        #expect(input.traceHeader == nil)
    }

    @Test("history events are rendered with AWS's member names")
    func history() async throws {
        try await withServer { client in
            let response = try await client.call("GetExecutionHistory", #"{"executionArn":"\#(Self.execution)"}"#)
            let event = try #require(response.json["events"]?[0])
            #expect(event["type"] == "ExecutionStarted")
            #expect(event["id"] == 1)
            #expect(event["previousEventId"] == 0)
            #expect(event["executionStartedEventDetails"]?["roleArn"] == "arn:aws:iam::123456789012:role/R")
            #expect(response.json["nextToken"] == nil)
        }
    }

    @Test("backend errors are rendered with their AWS code; other errors are InternalFailure without details")
    func backendErrors() async throws {
        struct Boom: Error {}
        let backend = RecordingBackend()
        backend.fail("describeExecution", with: StepFunctionsError(.executionDoesNotExist, "Execution Does Not Exist: '\(Self.execution)'"))
        backend.fail("listActivities", with: Boom())
        try await withServer(backend) { client in
            let missing = try await client.call("DescribeExecution", #"{"executionArn":"\#(Self.execution)"}"#)
            #expect(missing.status == .badRequest)
            #expect(
                missing.json.jsonEquals(["__type": "ExecutionDoesNotExist", "message": .string("Execution Does Not Exist: '\(Self.execution)'")]))
            #expect(missing.headers[.contentType] == "application/x-amz-json-1.0")
            #expect(missing.headers[HTTPField.Name("x-amzn-ErrorType")!] == "ExecutionDoesNotExist")
            let boom = try await client.call("ListActivities")
            #expect(boom.status == .internalServerError)
            #expect(boom.errorType == "InternalFailure")
            #expect(boom.message?.contains("Boom") == false)
        }
    }
}
