import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import Synchronization
import Testing

/// The error a forwarded service call fails with, as AWS names and words it (LocalStack's error_handling
/// test_task_service_dynamodb, test_task_service_sqs and test_aws_sdk snapshots, recorded against AWS): the optimized
/// integrations in the AWS SDK for Java 1.x's words, `aws-sdk` in the 2.x's; codes the SDK does not model become the
/// client's base exception.
@Suite("Engine: forwarded service errors")
struct ServiceForwardingErrorTests {
    static func fail(_ resource: String, status: Int = 400, body: String, headers: [String: String] = [:]) async throws -> (String, String) {
        let forwarding = ServiceForwarding(send: { _ in
            ServiceResponse(status: status, headers: ["x-amzn-requestid": "R1"].merging(headers) { $1 }, body: Array(body.utf8))
        })
        let handler = try #require(forwarding.handler(forResource: resource))
        guard case .failure(let error, let cause) = await handler(#"{"TableName":"t"}"#, "token") else {
            Issue.record("expected a failure")
            return ("", "")
        }
        return (error, cause)
    }

    @Test("dynamodb:putItem, a ValidationException: DynamoDB.AmazonDynamoDBException (test_put_item_invalid_table_name)")
    func optimizedValidation() async throws {
        let (error, cause) = try await Self.fail(
            "arn:aws:states:::dynamodb:putItem",
            body: #"{"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error detected"}"#)
        #expect(error == "DynamoDB.AmazonDynamoDBException")
        #expect(cause == "1 validation error detected (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException; Request ID: R1; Proxy: null)")
    }

    @Test("dynamodb:putItem, no such table: DynamoDB.ResourceNotFoundException (test_put_item_no_such_table)")
    func optimizedModeled() async throws {
        let (error, cause) = try await Self.fail(
            "arn:aws:states:::dynamodb:putItem",
            body: #"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#)
        #expect(error == "DynamoDB.ResourceNotFoundException")
        #expect(cause == "Requested resource not found (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: R1; Proxy: null)")
    }

    @Test("sqs:sendMessage, MissingParameter: SQS.AmazonSQSException (test_send_message_empty_body)")
    func sqsMissingParameter() async throws {
        let (error, cause) = try await Self.fail(
            "arn:aws:states:::sqs:sendMessage",
            body: #"{"__type":"com.amazonaws.sqs#MissingParameter","message":"The request must contain the parameter MessageBody."}"#)
        #expect(error == "SQS.AmazonSQSException")
        #expect(cause == "The request must contain the parameter MessageBody. (Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter; Request ID: R1; Proxy: null)")
    }

    @Test("aws-sdk:dynamodb:putItem: DynamoDb.DynamoDbException and the SDK 2.x wording (test_dynamodb_invalid_param)")
    func sdkValidation() async throws {
        let (error, cause) = try await Self.fail(
            "arn:aws:states:::aws-sdk:dynamodb:putItem",
            body: #"{"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error detected"}"#)
        #expect(error == "DynamoDb.DynamoDbException")
        #expect(cause == "1 validation error detected (Service: DynamoDb, Status Code: 400, Request ID: R1)")
        let (missing, _) = try await Self.fail(
            "arn:aws:states:::aws-sdk:dynamodb:putItem",
            body: #"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#)
        #expect(missing == "DynamoDb.ResourceNotFoundException")
    }
}

extension ServiceForwardingErrorTests {
    struct Unreachable: Error, CustomStringConvertible {
        var description: String { "no-such-queue: Name or service not known" }
    }

    @Test("no answer: SQS.SdkClientException, 'Unable to execute HTTP request: ...' (test_send_message_no_such_queue)")
    func noAnswer() async throws {
        let forwarding = ServiceForwarding(send: { _ in throw Unreachable() })
        let handler = try #require(forwarding.handler(forResource: "arn:aws:states:::sqs:sendMessage"))
        let result = await handler(#"{"QueueUrl":"http://no-such-queue","MessageBody":"m"}"#, "token")
        #expect(result == .failure(error: "SQS.SdkClientException", cause: "Unable to execute HTTP request: no-such-queue: Name or service not known"))
        let sdk = try #require(forwarding.handler(forResource: "arn:aws:states:::aws-sdk:dynamodb:getItem"))
        guard case .failure(let error, _) = await sdk(#"{"TableName":"t"}"#, "token") else {
            Issue.record("expected a failure")
            return
        }
        #expect(error == "DynamoDb.SdkClientException")
    }
}

extension ServiceForwardingErrorTests {
    final class Sent: Sendable {
        let bodies = Synchronization.Mutex<[String]>([])
    }

    @Test("a member given as null is left out of the request, as the SDK does (test_send_message_empty_body)")
    func nullLeftOut() async throws {
        let sent = Sent()
        let forwarding = ServiceForwarding(send: { request in
            sent.bodies.withLock { $0.append(String(decoding: request.body, as: UTF8.self)) }
            return ServiceResponse(status: 200, headers: [:], body: Array("{}".utf8))
        })
        let handler = try #require(forwarding.handler(forResource: "arn:aws:states:::sqs:sendMessage"))
        _ = await handler(#"{"QueueUrl":"q","MessageBody":null}"#, "token")
        #expect(sent.bodies.withLock { $0 } == [#"{"QueueUrl":"q"}"#])
    }
}
