import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import StepFunctionsAPI

/// What a signed request to another AWS service answered. `Sendable`: a value.
public struct SignedServiceResponse: Sendable, Hashable {
    public var status: Int
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: [UInt8]
    /// The header names as the service spelled them (`x-amzn-RequestId`), in the order it sent them.
    public var headerNames: [String] = []
}

extension StepFunctionsClient {
    /// Sends `POST /` with `body` to another AWS service, signed with SigV4 for `signingName` with this client's
    /// credentials (the SDK chain: environment, shared files, ...) and region, over its HTTP client. Used to forward
    /// Task states that call DynamoDB, SQS, SNS, EventBridge and other AWS JSON services (the engine's
    /// `ServiceForwarding`). No retries: the state's Retry decides.
    /// - Parameters:
    ///   - endpoint: the service's URL (`https://dynamodb.us-east-1.amazonaws.com`, or one endpoint such as
    ///     LocalStack's or moto's serving every service).
    ///   - target: the `X-Amz-Target` header of the JSON protocols, or nil.
    /// - Throws: when no answer came (connection refused, timeout); a service's error is an answer.
    public func sendSigned(
        endpoint: String, signingName: String, target: String?, contentType: String, body: [UInt8]
    ) async throws -> SignedServiceResponse {
        let credentials = try await currentCredentials()
        var headers: [(name: String, value: String)] = [
            (name: "Host", value: Self.hostHeader(endpoint)), (name: "Content-Type", value: contentType),
        ]
        if let target { headers.append((name: "X-Amz-Target", value: target)) }
        let unsigned = SigV4Request(method: "POST", path: "/", query: "", headers: headers, body: body)
        let signed = SigV4Signer(credentials: credentials, region: configuration.region, service: signingName).sign(unsigned, date: Date())
        var request = HTTPClientRequest(url: endpoint.hasSuffix("/") ? endpoint : endpoint + "/")
        request.method = .POST
        for header in signed.headers { request.headers.add(name: header.name, value: header.value) }
        request.headers.add(name: "User-Agent", value: "stepwise-swift")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await httpClient.execute(request, timeout: .nanoseconds(Self.nanoseconds(configuration.requestTimeout)))
        let bytes = Array(buffer: try await response.body.collect(upTo: 16 << 20))
        var answer: [String: String] = [:]
        var names: [String] = []
        for header in response.headers {
            if answer.updateValue(header.value, forKey: header.name.lowercased()) == nil { names.append(header.name) }
        }
        return SignedServiceResponse(status: Int(response.status.code), headers: answer, body: bytes, headerNames: names)
    }

    /// The endpoint of a service at AWS for this client's region: `https://<prefix>.<region>.amazonaws.com`.
    public func awsServiceEndpoint(prefix: String) -> String {
        let region = configuration.region
        return region.hasPrefix("cn-") ? "https://\(prefix).\(region).amazonaws.com.cn" : "https://\(prefix).\(region).amazonaws.com"
    }
}
