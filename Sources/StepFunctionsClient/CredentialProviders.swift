import Foundation
import StepFunctionsAPI

/// Credentials and when they expire (nil: they do not).
public struct ExpiringCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The credentials.
    public var credentials: AWSCredentials
    /// When the credentials expire; nil for long-term keys.
    public var expiration: Date?

    /// Creates credentials that expire at `expiration` (nil: never).
    public init(_ credentials: AWSCredentials, expiration: Date? = nil) {
        self.credentials = credentials
        self.expiration = expiration
    }

    public var description: String {
        "ExpiringCredentials(\(credentials), expiration: \(expiration.map { "\($0)" } ?? "none"))"
    }
}

/// A failure to obtain credentials. Messages name the source and the reason, never a secret.
public struct CredentialsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, without secrets.
    public var message: String

    /// Creates an error with a message that must not contain secrets.
    public init(_ message: String) { self.message = message }

    public var description: String { "CredentialsError: \(message)" }
}

/// One source of credentials: the environment, a profile, the container endpoint, the instance metadata service.
public protocol AWSCredentialProvider: Sendable {
    /// The credentials of this source; nil when the source is not configured (the chain then tries the next),
    /// an error when it is configured but fails.
    func resolve() async throws -> ExpiringCredentials?
}

/// Fixed credentials, given in code.
public struct StaticCredentialProvider: AWSCredentialProvider {
    /// The credentials returned.
    public var credentials: AWSCredentials

    /// Returns `credentials` on every call.
    public init(_ credentials: AWSCredentials) { self.credentials = credentials }

    public func resolve() async throws -> ExpiringCredentials? { ExpiringCredentials(credentials) }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and (optionally) `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialProvider: AWSCredentialProvider {
    /// The environment read.
    public var environment: AWSEnvironment

    /// Reads credentials from `environment`.
    public init(environment: AWSEnvironment) { self.environment = environment }

    public func resolve() async throws -> ExpiringCredentials? {
        guard let id = environment["AWS_ACCESS_KEY_ID"] else { return nil }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
            throw CredentialsError("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        return ExpiringCredentials(AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"]))
    }
}

/// `aws_access_key_id`, `aws_secret_access_key` and `aws_session_token` of a profile in the shared files.
public struct ProfileCredentialProvider: AWSCredentialProvider {
    /// The parsed shared files.
    public var config: AWSSharedConfig
    /// The profile read.
    public var profileName: String

    /// Reads the profile `profileName` (default: the environment's `AWS_PROFILE` or `default`) of the shared files.
    public init(environment: AWSEnvironment, profileName: String? = nil) {
        self.config = AWSSharedConfig(environment: environment)
        self.profileName = profileName ?? environment.profileName
    }

    public func resolve() async throws -> ExpiringCredentials? {
        guard let profile = config.profile(profileName), let id = profile["aws_access_key_id"], !id.isEmpty else { return nil }
        guard let secret = profile["aws_secret_access_key"], !secret.isEmpty else {
            throw CredentialsError("profile '\(profileName)' has aws_access_key_id but no aws_secret_access_key")
        }
        let token = profile["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
        return ExpiringCredentials(AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token))
    }
}

/// The JSON document the container endpoint and the instance metadata service answer.
struct MetadataCredentialsDocument: Decodable {
    var code: String?
    var accessKeyId: String
    var secretAccessKey: String
    var token: String?
    var expiration: String?

    enum CodingKeys: String, CodingKey {
        case code = "Code", accessKeyId = "AccessKeyId", secretAccessKey = "SecretAccessKey", token = "Token", expiration = "Expiration"
    }

    /// Parses the document; the error names `source` and never echoes the body (it holds secrets).
    static func parse(_ body: [UInt8], source: String) throws -> ExpiringCredentials {
        let document: MetadataCredentialsDocument
        do {
            document = try JSONDecoder().decode(MetadataCredentialsDocument.self, from: Data(body))
        } catch {
            throw CredentialsError("\(source) answered a document without AccessKeyId and SecretAccessKey")
        }
        if let code = document.code, code != "Success" { throw CredentialsError("\(source) answered Code \(code)") }
        var expiration: Date?
        if let text = document.expiration {
            guard let date = try? Date(text, strategy: .iso8601) else {
                throw CredentialsError("\(source) answered an Expiration that is not an ISO 8601 date: \(text)")
            }
            expiration = date
        }
        let token = document.token.flatMap { $0.isEmpty ? nil : $0 }
        return ExpiringCredentials(
            AWSCredentials(accessKeyId: document.accessKeyId, secretAccessKey: document.secretAccessKey, sessionToken: token),
            expiration: expiration)
    }
}
