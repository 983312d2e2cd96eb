import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import StepFunctionsAPI

/// The few AWS Identity and Access Management calls Stepwise needs to give state machines an execution role:
/// the AWS Query protocol (form-encoded `POST /`, `Action=...&Version=2010-05-08`, XML answers and errors), signed
/// with SigV4 for service `iam`, with the credentials, HTTP client and standard retries of a ``StepFunctionsClient``.
///
/// ```swift
/// let iam = client.iamClient()               // the configured IAM endpoint (AWS's global one by default)
/// let role = try await iam.getRole(name: "StepwiseExecutionRole-orders")
/// ```
public struct IAMClient: Sendable {
    /// The endpoint, such as `https://iam.amazonaws.com` or a local emulator's URL.
    public let endpoint: String
    /// The region requests are signed for: `us-east-1` for AWS's global endpoint.
    public let signingRegion: String
    let client: StepFunctionsClient

    /// The API version every request names.
    public static let apiVersion = "2010-05-08"

    init(endpoint: String, signingRegion: String, client: StepFunctionsClient) {
        self.endpoint = endpoint
        self.signingRegion = signingRegion
        self.client = client
    }

    /// AWS's global IAM endpoint and its signing region for the partition of `region`.
    public static func defaultEndpoint(region: String) -> (endpoint: String, signingRegion: String) {
        if region.hasPrefix("cn-") { return ("https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1") }
        if region.hasPrefix("us-gov-") { return ("https://iam.us-gov.amazonaws.com", "us-gov-west-1") }
        return ("https://iam.amazonaws.com", "us-east-1")
    }

    // MARK: Operations

    /// `GetRole`. - Throws: ``IAMError/Code/noSuchEntity`` when there is no role of that name.
    public func getRole(name: String) async throws -> IAMRole {
        try IAMRole(try await call("GetRole", ["RoleName": name]).first(named: "Role"), action: "GetRole")
    }

    /// `CreateRole`. - Throws: ``IAMError/Code/entityAlreadyExists`` when the name is taken.
    public func createRole(
        name: String, assumeRolePolicyDocument: String, path: String = "/", description: String? = nil, tags: [String: String] = [:]
    ) async throws -> IAMRole {
        var parameters = ["RoleName": name, "AssumeRolePolicyDocument": assumeRolePolicyDocument, "Path": path]
        if let description { parameters["Description"] = description }
        for (index, tag) in tags.sorted(by: { $0.key < $1.key }).enumerated() {
            parameters["Tags.member.\(index + 1).Key"] = tag.key
            parameters["Tags.member.\(index + 1).Value"] = tag.value
        }
        return try IAMRole(try await call("CreateRole", parameters).first(named: "Role"), action: "CreateRole")
    }

    /// `UpdateAssumeRolePolicy`: replaces the role's trust policy.
    public func updateAssumeRolePolicy(roleName: String, policyDocument: String) async throws {
        _ = try await call("UpdateAssumeRolePolicy", ["RoleName": roleName, "PolicyDocument": policyDocument])
    }

    /// `PutRolePolicy`: creates or replaces an inline policy of the role.
    public func putRolePolicy(roleName: String, policyName: String, policyDocument: String) async throws {
        _ = try await call("PutRolePolicy", ["RoleName": roleName, "PolicyName": policyName, "PolicyDocument": policyDocument])
    }

    /// `GetRolePolicy`: the inline policy's document (decoded from the URL encoding IAM answers it in).
    public func getRolePolicy(roleName: String, policyName: String) async throws -> String {
        let answer = try await call("GetRolePolicy", ["RoleName": roleName, "PolicyName": policyName])
        guard let document = answer.first(named: "PolicyDocument")?.text else {
            throw IAMError(.init(rawValue: "SerializationException"), "the GetRolePolicy answer has no PolicyDocument")
        }
        return document.removingPercentEncoding ?? document
    }

    /// `DeleteRolePolicy`.
    public func deleteRolePolicy(roleName: String, policyName: String) async throws {
        _ = try await call("DeleteRolePolicy", ["RoleName": roleName, "PolicyName": policyName])
    }

    /// `DeleteRole` (its inline policies must be deleted first).
    public func deleteRole(name: String) async throws {
        _ = try await call("DeleteRole", ["RoleName": name])
    }

    // MARK: The Query protocol

    /// Calls `action` with standard retries and answers the parsed XML document.
    func call(_ action: String, _ parameters: [String: String]) async throws -> XMLElementNode {
        let body = Array(Self.formBody(action: action, parameters: parameters).utf8)
        return try await client.withStandardRetries(
            "IAM.\(action)", classify: Self.retryClass,
            isExpiredCredentials: { ($0 as? IAMError).map { StepFunctionsClient.expiredCredentialCodes.contains($0.code.rawValue) } ?? false }
        ) { try await send(action, body: body) }
    }

    /// `Action=...&Version=2010-05-08&` and the parameters, sorted, form-encoded with RFC 3986 escaping.
    static func formBody(action: String, parameters: [String: String]) -> String {
        var pairs = [("Action", action), ("Version", apiVersion)]
        pairs += parameters.sorted { $0.key < $1.key }
        return pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    private static func escape(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func retryClass(_ error: any Error) -> RetryClass? {
        switch error {
        case let error as IAMError:
            if RetryClass.throttlingCodes.contains(error.code.rawValue) || error.httpStatus == 429 { return .throttling }
            if RetryClass.transientCodes.contains(error.code.rawValue) || error.code == .serviceFailure
                || RetryClass.transientStatuses.contains(error.httpStatus)
            {
                return .transient
            }
            return nil
        case let error as IAMTransportError:
            return error.isTimeout ? .timeout : .transient
        default:
            return nil
        }
    }

    private func send(_ action: String, body: [UInt8]) async throws -> XMLElementNode {
        let credentials = try await client.currentCredentials()
        let unsigned = SigV4Request(
            method: "POST", path: "/",
            headers: [
                (name: "Host", value: StepFunctionsClient.hostHeader(endpoint)),
                (name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8"),
            ], body: body)
        let signed = SigV4Signer(credentials: credentials, region: signingRegion, service: "iam").sign(unsigned, date: Date())
        var request = HTTPClientRequest(url: endpoint + "/")
        request.method = .POST
        for header in signed.headers { request.headers.add(name: header.name, value: header.value) }
        request.headers.add(name: "User-Agent", value: "stepwise-swift")
        request.body = .bytes(ByteBuffer(bytes: body))
        let status: Int
        let responseBody: [UInt8]
        do {
            let timeout = StepFunctionsClient.nanoseconds(client.configuration.requestTimeout)
            let response = try await client.httpClient.execute(request, timeout: .nanoseconds(timeout))
            status = Int(response.status.code)
            responseBody = Array(buffer: try await response.body.collect(upTo: 16 << 20))
        } catch let error as CancellationError {
            throw error
        } catch {
            let timeouts: [HTTPClientError] = [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout]
            throw IAMTransportError(action: action, isTimeout: (error as? HTTPClientError).map(timeouts.contains) ?? false, reason: "\(error)")
        }
        guard (200..<300).contains(status) else { throw Self.serviceError(status: status, body: responseBody) }
        guard let document = XMLElementNode.parse(responseBody) else {
            throw IAMError(.init(rawValue: "SerializationException"), "the \(action) answer is not XML", httpStatus: status)
        }
        return document
    }

    /// The error of a non-2xx answer: `<Error><Code>` and `<Message>`, else a code named after the status.
    static func serviceError(status: Int, body: [UInt8]) -> IAMError {
        if let document = XMLElementNode.parse(body), let error = document.first(named: "Error"), let code = error.text("Code"),
            !code.isEmpty
        {
            return IAMError(.init(rawValue: code), error.text("Message") ?? "", httpStatus: status)
        }
        let name = status == 429 ? "Throttling" : status >= 500 ? "ServiceFailure" : "UnknownError"
        let text = String(decoding: body.prefix(512), as: UTF8.self)
        return IAMError(.init(rawValue: name), text.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(text)", httpStatus: status)
    }
}

/// An IAM role, as `GetRole` and `CreateRole` answer it.
public struct IAMRole: Sendable, Hashable {
    /// The role's name.
    public var roleName: String
    /// The role's ARN, such as `arn:aws:iam::123456789012:role/StepwiseExecutionRole-orders`.
    public var arn: String
    /// The role's stable id.
    public var roleId: String
    /// The role's path (`/` by default).
    public var path: String
    /// The trust policy (JSON), decoded from the URL encoding IAM answers it in; nil when not answered.
    public var assumeRolePolicyDocument: String?

    init(_ node: XMLElementNode?, action: String) throws {
        guard let node, let name = node.text("RoleName"), let arn = node.text("Arn") else {
            throw IAMError(.init(rawValue: "SerializationException"), "the \(action) answer has no Role with RoleName and Arn")
        }
        self.roleName = name
        self.arn = arn
        self.roleId = node.text("RoleId") ?? ""
        self.path = node.text("Path") ?? "/"
        self.assumeRolePolicyDocument = node.text("AssumeRolePolicyDocument").map { $0.removingPercentEncoding ?? $0 }
    }
}
