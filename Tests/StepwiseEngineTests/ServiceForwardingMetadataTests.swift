import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import Testing

/// The `SdkHttpMetadata` an optimized integration adds to its output, as AWS records it: header names spelled as the
/// service sent them; `AllHttpHeaders` in the iteration order of the SDK's `HashMap`, `HttpHeaders` sorted with case
/// ignored (LocalStack's test_dynamodb_task_service and error_handling/test_task_service_sqs snapshots).
@Suite("Engine: forwarded service metadata")
struct ServiceForwardingMetadataTests {
    static func output(_ resource: String, _ headers: [(String, String)], body: String) async throws -> JSONObject {
        var lowered: [String: String] = [:]
        for (name, value) in headers { lowered[name.lowercased()] = value }
        let values = lowered
        let names = headers.map(\.0)
        let forwarding = ServiceForwarding(send: { _ in
            ServiceResponse(status: 200, headers: values, body: Array(body.utf8), headerNames: names)
        })
        let handler = try #require(forwarding.handler(forResource: resource))
        guard case .success(let text) = await handler(#"{"TableName":"t","QueueUrl":"q","MessageBody":"m"}"#, "token"),
            case .object(let object) = try JSONValue(parsing: text)
        else {
            Issue.record("expected an object output")
            return [:]
        }
        return object
    }

    @Test("dynamodb:putItem: Server, Connection, x-amzn-RequestId, x-amz-crc32, Content-Length, Date, Content-Type")
    func dynamodb() async throws {
        // Sent in the order AWS's DynamoDB sends them; recorded in the HashMap's order.
        let output = try await Self.output("arn:aws:states:::dynamodb:putItem", [
            ("Server", "Server"), ("Date", "d"), ("Content-Type", "application/x-amz-json-1.0"), ("Content-Length", "2"),
            ("Connection", "keep-alive"), ("x-amzn-RequestId", "R"), ("x-amz-crc32", "1"),
        ], body: "{}")
        let metadata = try #require(output["SdkHttpMetadata"]?.objectValue)
        #expect(metadata["AllHttpHeaders"]?.objectValue?.keys.elements
            == ["Server", "Connection", "x-amzn-RequestId", "x-amz-crc32", "Content-Length", "Date", "Content-Type"])
        #expect(metadata["HttpHeaders"]?.objectValue?.keys.elements
            == ["Connection", "Content-Length", "Content-Type", "Date", "Server", "x-amz-crc32", "x-amzn-RequestId"])
        #expect(output["SdkResponseMetadata"] == ["RequestId": "R"])
    }

    @Test("sqs:sendMessage: x-amzn-RequestId, connection, Content-Length, Date, Content-Type")
    func sqs() async throws {
        let output = try await Self.output("arn:aws:states:::sqs:sendMessage", [
            ("x-amzn-RequestId", "R"), ("Date", "d"), ("Content-Type", "application/x-amz-json-1.0"), ("Content-Length", "106"),
            ("connection", "keep-alive"),
        ], body: #"{"MD5OfMessageBody":"m","MessageId":"i"}"#)
        #expect(output.keys.elements == ["MD5OfMessageBody", "MessageId", "SdkHttpMetadata", "SdkResponseMetadata"])
        let metadata = try #require(output["SdkHttpMetadata"]?.objectValue)
        #expect(metadata["AllHttpHeaders"]?.objectValue?.keys.elements == ["x-amzn-RequestId", "connection", "Content-Length", "Date", "Content-Type"])
        #expect(metadata["HttpHeaders"]?.objectValue?.keys.elements == ["connection", "Content-Length", "Content-Type", "Date", "x-amzn-RequestId"])
    }
}

/// The optimized `events:putEvents` (LocalStack's test_events_task_service snapshot, recorded against AWS).
@Suite("Engine: forwarded events:putEvents")
struct PutEventsForwardingTests {
    static func result(_ body: String) async throws -> IntegrationResult {
        let forwarding = ServiceForwarding(send: { _ in ServiceResponse(status: 200, headers: [:], body: Array(body.utf8)) })
        let handler = try #require(forwarding.handler(forResource: "arn:aws:states:::events:putEvents"))
        return await handler(#"{"Entries":[{"Source":"s","DetailType":"d","Detail":{}}]}"#, "token")
    }

    @Test("Entries come before FailedEntryCount (test_put_events_base)")
    func order() async throws {
        let result = try await Self.result(#"{"FailedEntryCount":0,"Entries":[{"EventId":"e1"}]}"#)
        #expect(result == .success(#"{"Entries":[{"EventId":"e1"}],"FailedEntryCount":0}"#))
    }

    @Test("a failed entry fails the task with EventBridge.FailedEntry, the answer as cause (test_put_events_no_source)")
    func failedEntry() async throws {
        let result = try await Self.result(
            #"{"FailedEntryCount":1,"Entries":[{"EventId":"e1"},{"ErrorCode":"InvalidArgument","ErrorMessage":"Parameter Source is not valid. Reason: Source is a required argument."}]}"#)
        #expect(result == .failure(
            error: "EventBridge.FailedEntry",
            cause: #"{"Entries":[{"EventId":"e1"},{"ErrorCode":"InvalidArgument","ErrorMessage":"Parameter Source is not valid. Reason: Source is a required argument."}],"FailedEntryCount":1}"#))
    }

    @Test("the Date header is written as RFC 7231 gives it, in GMT")
    func httpDate() {
        #expect(SdkResponseMetadata.httpDate(Date(timeIntervalSince1970: 784_111_777)) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(SdkResponseMetadata.httpDate(Date(timeIntervalSince1970: 1_767_225_599.9)) == "Wed, 31 Dec 2025 23:59:59 GMT")
    }
}
