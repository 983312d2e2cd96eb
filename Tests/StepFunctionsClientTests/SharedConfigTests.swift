import Foundation
import StepFunctionsAPI
import Testing

@testable import StepFunctionsClient

/// A temporary home directory with `.aws/credentials` and `.aws/config`, removed afterwards.
func withTemporaryHome(credentials: String? = nil, config: String? = nil, _ body: (String) async throws -> Void) async throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-client-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    if let credentials { try credentials.write(toFile: home + "/.aws/credentials", atomically: true, encoding: .utf8) }
    if let config { try config.write(toFile: home + "/.aws/config", atomically: true, encoding: .utf8) }
    try await body(home)
}

@Suite("Shared config files, environment credentials, region and endpoint")
struct SharedConfigTests {
    static let credentialsFile = """
        # the AWS CLI's example keys
        [default]
        aws_access_key_id = AKIAIOSFODNN7EXAMPLE
        aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

        [dev]
        aws_access_key_id=ASIADEV0000000000001
        aws_secret_access_key=devsecret#notacomment
        aws_session_token = devtoken ; an inline comment
        """
    static let configFile = """
        [default]
        region = us-west-2

        [profile dev]
        region = eu-west-1
        s3 =
            max_concurrent_requests = 20
        [profile prod]
        region = ap-southeast-2
        aws_access_key_id = AKIAPROD000000000001
        aws_secret_access_key = prodsecret
        [sso-session corp]
        sso_region = us-east-1
        """

    @Test("credentials and config files parse into profiles; [profile x] in config, nested settings skipped")
    func parsesFiles() {
        let credentials = AWSSharedConfig.parse(Self.credentialsFile, isConfigFile: false)
        #expect(credentials["dev"]?["aws_secret_access_key"] == "devsecret#notacomment")
        #expect(credentials["dev"]?["aws_session_token"] == "devtoken")
        let config = AWSSharedConfig.parse(Self.configFile, isConfigFile: true)
        #expect(Set(config.keys) == ["default", "dev", "prod"])
        #expect(config["dev"] == ["region": "eu-west-1", "s3": ""])
    }

    @Test("the environment's keys come first in the default chain")
    func environmentFirst() async throws {
        try await withTemporaryHome(credentials: Self.credentialsFile) { home in
            let environment = AWSEnvironment(
                variables: ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "envtoken"],
                homeDirectory: home)
            let credentials = try await CredentialChain.default(environment: environment).credentials()
            #expect(credentials == AWSCredentials(accessKeyId: "AKIAENV", secretAccessKey: "envsecret", sessionToken: "envtoken"))
        }
    }

    @Test("AWS_PROFILE selects a profile of the credentials file, with its session token")
    func profileFromEnvironment() async throws {
        try await withTemporaryHome(credentials: Self.credentialsFile, config: Self.configFile) { home in
            let environment = AWSEnvironment(variables: ["AWS_PROFILE": "dev", "AWS_EC2_METADATA_DISABLED": "true"], homeDirectory: home)
            let credentials = try await CredentialChain.default(environment: environment).credentials()
            #expect(credentials.accessKeyId == "ASIADEV0000000000001")
            #expect(credentials.sessionToken == "devtoken")
            let configuration = try StepFunctionsClientConfiguration.resolve(environment: environment)
            #expect(configuration.region == "eu-west-1")
            #expect(configuration.endpoint == "https://states.eu-west-1.amazonaws.com")
        }
    }

    @Test("keys in a [profile x] section of the config file; files named by AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE")
    func configFileKeysAndPaths() async throws {
        try await withTemporaryHome(config: Self.configFile) { home in
            try FileManager.default.moveItem(atPath: home + "/.aws/config", toPath: home + "/other-config")
            let environment = AWSEnvironment(
                variables: [
                    "AWS_CONFIG_FILE": home + "/other-config", "AWS_SHARED_CREDENTIALS_FILE": home + "/missing",
                    "AWS_EC2_METADATA_DISABLED": "true",
                ], homeDirectory: "/nonexistent")
            let credentials = try await CredentialChain.default(environment: environment, profile: "prod").credentials()
            #expect(credentials.accessKeyId == "AKIAPROD000000000001")
            #expect(credentials.sessionToken == nil)
            let region = try StepFunctionsClientConfiguration.resolve(environment: environment, profile: "prod").region
            #expect(region == "ap-southeast-2")
        }
    }

    @Test("no source configured: a CredentialsError that names what to set")
    func nothingConfigured() async throws {
        let environment = AWSEnvironment(variables: ["AWS_EC2_METADATA_DISABLED": "true"], homeDirectory: "/nonexistent")
        await #expect(throws: CredentialsError.self) { try await CredentialChain.default(environment: environment).credentials() }
    }

    @Test("an access key without a secret is an error, not a fall-through")
    func halfConfigured() async throws {
        let environment = AWSEnvironment(variables: ["AWS_ACCESS_KEY_ID": "AKIAENV"])
        await #expect(throws: CredentialsError.self) { try await EnvironmentCredentialProvider(environment: environment).resolve() }
    }

    @Test(
        "endpoint resolution order",
        arguments: [
            (["AWS_REGION": "us-east-2"], nil, "https://states.us-east-2.amazonaws.com", "us-east-2"),
            (["AWS_DEFAULT_REGION": "cn-north-1"], nil, "https://states.cn-north-1.amazonaws.com.cn", "cn-north-1"),
            (["AWS_REGION": "eu-central-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:9/"], nil, "http://127.0.0.1:9", "eu-central-1"),
            (["AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ENDPOINT_URL_SFN": "http://localhost:8083"], nil, "http://localhost:8083", "us-east-1"),
            (["AWS_ENDPOINT_URL_SFN": "http://localhost:8083"], "http://127.0.0.1:1234", "http://127.0.0.1:1234", "us-east-1"),
        ] as [([String: String], String?, String, String)])
    func endpoints(variables: [String: String], explicit: String?, endpoint: String, region: String) throws {
        let configuration = try StepFunctionsClientConfiguration.resolve(
            environment: AWSEnvironment(variables: variables, homeDirectory: "/nonexistent"), endpoint: explicit)
        #expect(configuration.endpoint == endpoint)
        #expect(configuration.region == region)
    }

    @Test("no region and no endpoint, or a bad endpoint: configuration errors")
    func configurationErrors() {
        let empty = AWSEnvironment(variables: [:], homeDirectory: "/nonexistent")
        #expect(throws: ClientConfigurationError.missingRegion) { try StepFunctionsClientConfiguration.resolve(environment: empty) }
        #expect(throws: ClientConfigurationError.self) { try StepFunctionsClientConfiguration.resolve(environment: empty, endpoint: "ftp://x") }
        let withPassword = ClientConfigurationError.invalidEndpoint("ftp://user:hunter2@host")
        #expect(!withPassword.description.contains("hunter2"))
    }

    @Test("descriptions never show secrets or tokens")
    func redaction() {
        let credentials = AWSCredentials(accessKeyId: "AKIAVISIBLE", secretAccessKey: "topsecret", sessionToken: "tokentoken")
        for text in ["\(credentials)", "\(ExpiringCredentials(credentials, expiration: .now))", String(reflecting: credentials)] {
            #expect(text.contains("AKIAVISIBLE"))
            #expect(!text.contains("topsecret"))
            #expect(!text.contains("tokentoken"))
        }
    }
}
