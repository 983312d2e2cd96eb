public import Foundation
public import StepFunctionsAPI

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

    /// Whether the profile was named (`profileName` or `AWS_PROFILE`): a named profile that does not exist is an
    /// error, as in the AWS CLI, rather than a fall-through to the container or instance credentials.
    public var isNamed: Bool

    /// Reads the profile `profileName` (default: the environment's `AWS_PROFILE` or `default`) of the shared files.
    public init(environment: AWSEnvironment, profileName: String? = nil) {
        self.config = AWSSharedConfig(environment: environment)
        self.profileName = profileName ?? environment.profileName
        self.isNamed = profileName != nil || environment["AWS_PROFILE"] != nil
    }

    /// Profile settings that make AWS SDKs obtain credentials in ways this library does not implement, with what
    /// each is. A profile with any of them is an error rather than a silent fall-through to the next source.
    public static let unsupportedSettings: [(key: String, what: String)] = [
        ("role_arn", "role_arn (AssumeRole)"), ("web_identity_token_file", "web_identity_token_file (AssumeRoleWithWebIdentity)"),
        ("sso_session", "sso_session (IAM Identity Center)"), ("sso_start_url", "sso_start_url (IAM Identity Center)"),
        ("sso_account_id", "sso_account_id (IAM Identity Center)"), ("credential_process", "credential_process"),
        ("credential_source", "credential_source"), ("login_session", "login_session (console sign-in)"),
    ]

    /// The profile's static keys. A profile that uses AssumeRole, SSO, web identity or `credential_process` is an error:
    /// this library does not implement them (export keys, e.g. `aws configure export-credentials --format env`).
    public func resolve() async throws -> ExpiringCredentials? {
        guard let profile = config.profile(profileName) else {
            if isNamed { throw CredentialsError("the config profile '\(profileName)' could not be found in the shared credentials or config file") }
            return nil
        }
        for setting in Self.unsupportedSettings where !(profile[setting.key] ?? "").isEmpty {
            throw CredentialsError(
                "profile '\(profileName)' gets its credentials with \(setting.what), which Stepwise does not support; "
                    + "use a profile with aws_access_key_id and aws_secret_access_key, or set AWS_ACCESS_KEY_ID, "
                    + "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (for example from `aws configure export-credentials --format env`)")
        }
        guard let id = profile["aws_access_key_id"], !id.isEmpty else { return nil }
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
