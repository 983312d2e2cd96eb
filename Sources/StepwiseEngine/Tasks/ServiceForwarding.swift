import Foundation
import StatesLanguage
package import StepFunctionsAPI

/// One request to another AWS service, in its own protocol: the AWS JSON protocol (`X-Amz-Target`) or, for SNS,
/// the query protocol (a form body). The sender signs it with SigV4 for ``signingName`` and sends it to the
/// configured endpoint. `Sendable`: a value.
package struct ServiceRequest: Sendable, Hashable {
    /// The SigV4 signing name, such as `dynamodb`.
    package var signingName: String
    /// The endpoint prefix of the service at AWS (`https://<prefix>.<region>.amazonaws.com`), such as `events`.
    package var endpointPrefix: String
    /// `X-Amz-Target` for the JSON protocol (`DynamoDB_20120810.PutItem`); nil for the query protocol.
    package var target: String?
    /// `application/x-amz-json-1.0`, `application/x-amz-json-1.1` or `application/x-www-form-urlencoded`.
    package var contentType: String
    /// The body.
    package var body: [UInt8]
}

/// What a service answered. `Sendable`: a value.
package struct ServiceResponse: Sendable, Hashable {
    package var status: Int
    /// The response headers, names in lower case.
    package var headers: [String: String]
    package var body: [UInt8]
    /// The header names as the service spelled them (`x-amzn-RequestId`), in the order it sent them; empty when unknown.
    package var headerNames: [String]

    package init(status: Int, headers: [String: String], body: [UInt8], headerNames: [String] = []) {
        self.status = status
        self.headers = headers
        self.body = body
        self.headerNames = headerNames
    }
}

/// Sends a signed request to the configured endpoint; throws only when no answer came (connection refused, timeout).
package typealias ServiceSender = @Sendable (ServiceRequest) async throws -> ServiceResponse

/// Task states that call other AWS services, forwarded to an AWS-compatible endpoint (AWS itself, LocalStack, moto):
/// the optimized DynamoDB (`getItem`, `putItem`, `updateItem`, `deleteItem`), SQS `sendMessage`, SNS `publish` and
/// EventBridge `putEvents` integrations, and `arn:aws:states:::aws-sdk:<service>:<action>` for the services with an
/// AWS JSON protocol listed in ``ServiceForwarding/jsonServices``. `.waitForTaskToken` forms send the request and
/// wait for the token.
///
/// A service's error reaches the state as Step Functions names it: `DynamoDB.<Code>` for the optimized DynamoDB
/// integration, `SQS.`, `SNS.` and `EventBridge.` likewise, and `<Service>.<Code>` (PascalCase) for `aws-sdk`, with
/// the `Exception` suffix added when the service's code lacks it (as AWS's developer guide says). A request that
/// gets no answer fails with `<Prefix>.SdkClientException` ("Unable to execute HTTP request: ...").
///
/// Add it to an engine with ``StepwiseEngine/addTaskDispatcher(_:)``. `Sendable`: immutable.
package struct ServiceForwarding: TaskDispatcher {
    let send: ServiceSender
    /// Amazon S3 (REST-XML) for `aws-sdk:s3:*`; nil leaves those resources unserved. Give it to
    /// ``StepwiseEngine/useS3(_:)`` too for Distributed Map `ItemReader`s and `ResultWriter`s.
    package let s3: S3Client?

    /// Forwarding with `send` (``StepFunctionsClient``'s `serviceSender(endpoint:)` signs with the SDK credential chain)
    /// and, for `arn:aws:states:::aws-sdk:s3:*` (GetObject, PutObject, HeadObject, DeleteObject, CopyObject,
    /// ListObjectsV2), `s3`.
    package init(send: @escaping ServiceSender, s3: S3Client? = nil) {
        self.send = send
        self.s3 = s3
    }

    package func handler(forResource resource: String) -> IntegrationHandler? {
        if let s3, let action = Self.s3Action(forResource: resource) {
            return { input, _ in await self.runS3(action, s3: s3, input: input) }
        }
        guard let call = Self.call(forResource: resource) else { return nil }
        return { input, token in await self.run(call, input: input, taskToken: token) }
    }

    /// What a resource is forwarded as.
    struct Call: Sendable {
        var service: JSONService
        var action: String
        /// The prefix of the error names (`DynamoDB`, `SQS`, ..., or the aws-sdk service's PascalCase name).
        var errorPrefix: String
        /// An optimized integration adds `SdkHttpMetadata` / `SdkResponseMetadata` to its output.
        var optimized: Bool
        /// For the optimized integrations, which call the AWS SDK for Java 1.x: its client's service name in causes
        /// (`AmazonDynamoDBv2`) and its base exception (`AmazonDynamoDBException`). Nil for `aws-sdk` (SDK 2.x).
        var v1: (service: String, baseException: String)? = nil
    }

    /// The forwarded call of `resource`, or nil when it is not one this dispatcher serves.
    static func call(forResource resource: String) -> Call? {
        guard resource.hasPrefix("arn:"), let range = resource.range(of: ":states:::") else { return nil }
        var rest = String(resource[range.upperBound...])
        if rest.hasSuffix(".waitForTaskToken") { rest.removeLast(".waitForTaskToken".count) }
        let parts = rest.arnFields.map(String.init)
        if parts.count == 3, parts[0] == "aws-sdk", let service = jsonServices[parts[1]], !parts[2].isEmpty {
            return Call(service: service, action: pascal(parts[2]), errorPrefix: service.errorPrefix, optimized: false)
        }
        guard parts.count == 2 else { return nil }
        switch (parts[0], parts[1]) {
        case ("dynamodb", "getItem"), ("dynamodb", "putItem"), ("dynamodb", "updateItem"), ("dynamodb", "deleteItem"):
            return jsonServices["dynamodb"].map {
                Call(service: $0, action: pascal(parts[1]), errorPrefix: "DynamoDB", optimized: true, v1: ("AmazonDynamoDBv2", "AmazonDynamoDBException"))
            }
        case ("sqs", "sendMessage"):
            return jsonServices["sqs"].map {
                Call(service: $0, action: "SendMessage", errorPrefix: "SQS", optimized: true, v1: ("AmazonSQS", "AmazonSQSException"))
            }
        case ("events", "putEvents"):
            return jsonServices["eventbridge"].map {
                Call(service: $0, action: "PutEvents", errorPrefix: "EventBridge", optimized: false, v1: ("AmazonEventBridge", "AmazonEventBridgeException"))
            }
        case ("sns", "publish"):
            return Call(service: snsService, action: "Publish", errorPrefix: "SNS", optimized: true, v1: ("AmazonSNS", "AmazonSNSException"))
        default:
            return nil
        }
    }

    static func pascal(_ name: String) -> String { name.prefix(1).uppercased() + name.dropFirst() }
    static func camel(_ name: String) -> String { name.prefix(1).lowercased() + name.dropFirst() }
}
