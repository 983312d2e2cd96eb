public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The container credentials endpoint (ECS tasks, EKS Pod Identity, CodeBuild):
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` on `http://169.254.170.2`, or `AWS_CONTAINER_CREDENTIALS_FULL_URI` with
/// the `Authorization` header from `AWS_CONTAINER_AUTHORIZATION_TOKEN` (or the file named by
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`).
public struct ContainerCredentialProvider: AWSCredentialProvider {
    /// The environment read.
    public var environment: AWSEnvironment
    /// The host a relative URI is resolved against; `http://169.254.170.2` as on ECS.
    public var relativeURIHost: String
    let http: MetadataHTTP

    /// Creates the provider; `httpClient` sends the requests (timeout 2 s, or `AWS_METADATA_SERVICE_TIMEOUT`).
    public init(environment: AWSEnvironment, httpClient: HTTPClient = .shared, relativeURIHost: String = "http://169.254.170.2") {
        self.environment = environment
        self.relativeURIHost = relativeURIHost
        self.http = MetadataHTTP(httpClient: httpClient, timeout: MetadataHTTP.timeout(in: environment, default: 2))
    }

    public func resolve() async throws -> ExpiringCredentials? {
        let url: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            url = relativeURIHost + (relative.hasPrefix("/") ? relative : "/" + relative)
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            guard Self.isAllowedFullURI(full) else {
                throw CredentialsError(
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, or http on a loopback address or the ECS/EKS "
                        + "credential addresses (169.254.170.2, 169.254.170.23, fd00:ec2::23)")
            }
            url = full
        } else {
            return nil
        }
        var headers: [(String, String)] = []
        if let token = try authorizationToken() { headers.append(("Authorization", token)) }
        let source = "the container credentials endpoint"
        let response = try await http.send(.GET, url, headers: headers, source: source)
        guard response.status == 200 else {
            throw CredentialsError("\(source) at \(MetadataHTTP.redactedURL(url)) answered HTTP \(response.status)")
        }
        return try MetadataCredentialsDocument.parse(response.body, source: source)
    }

    /// As the SDKs require: `https`, or `http` to a loopback host or the ECS/EKS container credential addresses
    /// (credentials must not travel in clear text beyond the machine).
    static func isAllowedFullURI(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased()
        else { return false }
        if scheme == "https" { return true }
        guard scheme == "http" else { return false }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.") || bare == "169.254.170.2" || bare == "169.254.170.23"
            || bare == "fd00:ec2::23"
    }

    private func authorizationToken() throws -> String? {
        if let path = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CredentialsError("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names a file that cannot be read: \(path)")
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
    }
}

/// EC2 instance metadata, IMDSv2: `PUT /latest/api/token`, then the role name from
/// `/latest/meta-data/iam/security-credentials/`, then that role's credentials. The endpoint is
/// `http://169.254.169.254` unless `AWS_EC2_METADATA_SERVICE_ENDPOINT` overrides it; `AWS_EC2_METADATA_DISABLED=true`
/// turns the provider off.
public struct InstanceMetadataCredentialProvider: AWSCredentialProvider {
    /// The environment read.
    public var environment: AWSEnvironment
    let http: MetadataHTTP

    /// Creates the provider; `httpClient` sends the requests (timeout 1 s each as the SDKs use, or
    /// `AWS_METADATA_SERVICE_TIMEOUT` seconds).
    public init(environment: AWSEnvironment, httpClient: HTTPClient = .shared) {
        self.environment = environment
        self.http = MetadataHTTP(httpClient: httpClient, timeout: MetadataHTTP.timeout(in: environment, default: 1))
    }

    /// The metadata service's base URL, without a trailing `/`.
    public var endpoint: String {
        var endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        return endpoint
    }

    public func resolve() async throws -> ExpiringCredentials? {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
        let source = "the instance metadata service"
        let tokenResponse = try await http.send(
            .PUT, endpoint + "/latest/api/token", headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")], source: source)
        guard tokenResponse.status == 200 else { throw CredentialsError("\(source) answered HTTP \(tokenResponse.status) for a token") }
        let token = String(decoding: tokenResponse.body, as: UTF8.self)
        let tokenHeader = [("X-aws-ec2-metadata-token", token)]
        let base = endpoint + "/latest/meta-data/iam/security-credentials/"
        let roleResponse = try await http.send(.GET, base, headers: tokenHeader, source: source)
        guard roleResponse.status == 200 else {
            throw CredentialsError("\(source) answered HTTP \(roleResponse.status) for the role name (no instance profile?)")
        }
        guard let role = String(decoding: roleResponse.body, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init),
            !role.isEmpty
        else { throw CredentialsError("\(source) lists no role") }
        let credentialsResponse = try await http.send(.GET, base + role, headers: tokenHeader, source: source)
        guard credentialsResponse.status == 200 else {
            throw CredentialsError("\(source) answered HTTP \(credentialsResponse.status) for the credentials of role \(role)")
        }
        return try MetadataCredentialsDocument.parse(credentialsResponse.body, source: source)
    }
}
