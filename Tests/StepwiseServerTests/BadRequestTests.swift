import HTTPTypes
import Hummingbird
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import Testing

@testable import StepwiseServer

@Suite("Bad requests get AWS's errors, never a 500")
struct BadRequestTests {
    static let machine = RecordingBackend.stateMachineArn

    /// (operation, body, expected __type, expected message or nil to skip the message check)
    static let cases: [(String?, String, String, String?)] = [
        ("StartExecutions", "{}", "UnknownOperationException", nil),
        (nil, "{}", "UnknownOperationException", nil),
        (
            "CreateActivity", "{}", "ValidationException",
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"
        ),
        (
            "CreateActivity", #"{"name":null}"#, "ValidationException",
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"
        ),
        (
            "CreateStateMachine", "{}", "ValidationException",
            "3 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; "
                + "Value null at 'definition' failed to satisfy constraint: Member must not be null; "
                + "Value null at 'roleArn' failed to satisfy constraint: Member must not be null"
        ),
        (
            "ListExecutions", #"{"stateMachineArn":"\#(machine)","maxResults":-1}"#, "ValidationException",
            "1 validation error detected: Value '-1' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0"
        ),
        (
            "ListExecutions", #"{"stateMachineArn":"\#(machine)","statusFilter":"DONE"}"#, "ValidationException",
            "1 validation error detected: Value 'DONE' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: "
                + "[SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]"
        ),
        ("StartExecution", #"{"stateMachineArn":"\#(machine)","name":"has space"}"#, "InvalidName", "Invalid Name: 'has space'"),
        ("CreateActivity", #"{"name":"a/b"}"#, "InvalidName", "Invalid Name: 'a/b'"),
        ("StartExecution", #"{"stateMachineArn":"\#(machine)","input":"{not json"}"#, "InvalidExecutionInput", nil),
        ("StartExecution", #"{"stateMachineArn":"not-an-arn"}"#, "InvalidArn", nil),
        (
            "DescribeExecution", #"{"executionArn":"\#(machine)"}"#, "InvalidArn",
            "Invalid Arn: 'Resource type not valid in this context: stateMachine'"
        ),
        ("DescribeActivity", #"{"activityArn":"arn:aws:states:us-east-1:123456789012:execution:M:e"}"#, "InvalidArn", nil),
        ("SendTaskSuccess", #"{"taskToken":"t","output":"oops"}"#, "InvalidOutput", nil),
        (
            "SendTaskSuccess", #"{"taskToken":"t"}"#, "ValidationException",
            "1 validation error detected: Value at 'output' failed to satisfy constraint: Member must not be null"
        ),
        (
            "SendTaskHeartbeat", #"{"taskToken":""}"#, "ValidationException",
            "1 validation error detected: Value '' at 'taskToken' failed to satisfy constraint: Member must have length greater than or equal to 1"
        ),
        ("UpdateStateMachine", #"{"stateMachineArn":"\#(machine)"}"#, "MissingRequiredParameter", nil),
        ("ListStateMachines", "{not json", "SerializationException", nil),
        ("ListStateMachines", "[]", "SerializationException", nil),
        ("ListStateMachines", #"{"maxResults":"ten"}"#, "SerializationException", nil),
        ("GetExecutionHistory", #"{"executionArn":"\#(machine)","reverseOrder":"yes"}"#, "SerializationException", nil),
        (
            "TagResource", #"{"resourceArn":"\#(machine)","tags":[{"key":""}]}"#, "ValidationException",
            "1 validation error detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1"
        ),
        ("TagResource", #"{"resourceArn":"\#(machine)","tags":[{"value":"v"}, 3]}"#, "SerializationException", nil),
        (
            "RedriveExecution", #"{"executionArn":"arn:aws:states:us-east-1:123456789012:execution:M:e","clientToken":"has space"}"#,
            "ValidationException",
            "1 validation error detected: Value 'has space' at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [!-~]+"
        ),
    ]

    @Test("each bad request", arguments: cases)
    func badRequest(operation: String?, body: String, type: String, message: String?) async throws {
        let backend = RecordingBackend()
        try await withServer(backend) { client in
            let response = try await client.call(operation, body)
            #expect(response.status == .badRequest)
            #expect(response.errorType == type)
            if let message { #expect(response.message == message) }
            #expect(response.json.objectValue?.keys.contains("message") == true)
        }
        #expect(backend.calls.isEmpty)
    }

    @Test("an unsupported content type is rejected; JSON 1.1 and parameters are accepted")
    func contentTypes() async throws {
        try await withServer { client in
            let xml = try await client.call("ListActivities", "{}", contentType: "text/xml")
            #expect(xml.status == .badRequest)
            #expect(xml.errorType == "UnknownOperationException")
            let charset = try await client.call("ListActivities", "{}", contentType: "application/x-amz-json-1.0; charset=utf-8")
            #expect(charset.status == .ok)
            let v11 = try await client.call("ListActivities", "{}", contentType: "application/x-amz-json-1.1")
            #expect(v11.status == .ok)
            let empty = try await client.call("ListActivities", "", contentType: nil)
            #expect(empty.status == .ok)
        }
    }

    @Test("oversized bodies are refused with 413")
    func oversized() async throws {
        try await withServer(configuration: .init(maximumRequestBodySize: 1024)) { client in
            let body = #"{"definition":""# + String(repeating: "x", count: 2048) + #""}"#
            let response = try await client.call("ValidateStateMachineDefinition", body)
            #expect(response.status == .contentTooLarge)
            #expect(response.errorType == "RequestEntityTooLargeException")
        }
    }

    @Test("other methods and paths are not routed to the API")
    func otherRoutes() async throws {
        try await withServer { client in
            let get = try await client.send(method: .get, headers: [:], body: "")
            #expect(get.status.code < 500)
            let path = try await client.send(method: .post, uri: "/other", headers: [targetHeader: "AWSStepFunctions.ListActivities"], body: "{}")
            #expect(path.status.code < 500)
        }
    }
}
