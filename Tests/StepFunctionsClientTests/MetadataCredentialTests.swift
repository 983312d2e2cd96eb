import Foundation
import StepFunctionsAPI
import Testing

@testable import StepFunctionsClient

@Suite("Container credentials endpoint and EC2 instance metadata (IMDSv2) against a fake server on loopback")
struct MetadataCredentialTests {
    static let document = """
        {"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": "ASIAMETA", "SecretAccessKey": "metasecret",
         "Token": "metatoken", "Expiration": "2030-01-01T00:00:00Z", "LastUpdated": "2029-12-31T18:00:00Z"}
        """

    @Test("IMDSv2: PUT a token, read the role name with it, then the role's credentials")
    func instanceMetadata() async throws {
        let server = ScriptedServer([
            "/latest/api/token": [.init(status: 200, body: "imds-session-token")],
            "/latest/meta-data/iam/security-credentials/": [.init(status: 200, body: "my-role\n")],
            "/latest/meta-data/iam/security-credentials/my-role": [.init(status: 200, body: Self.document)],
        ])
        try await server.run { url in
            let environment = AWSEnvironment(variables: ["AWS_METADATA_SERVICE_TIMEOUT": "20", "AWS_EC2_METADATA_SERVICE_ENDPOINT": url + "/"], homeDirectory: "/nonexistent")
            let chain = CredentialChain.default(environment: environment)
            let resolved = try #require(try await chain.resolve())
            #expect(resolved.credentials == AWSCredentials(accessKeyId: "ASIAMETA", secretAccessKey: "metasecret", sessionToken: "metatoken"))
            #expect(resolved.expiration == Date(timeIntervalSince1970: 1_893_456_000))
            // Cached: a second call does not reach the server again.
            _ = try await chain.credentials()
        }
        let received = server.received
        #expect(received.map(\.method) == ["PUT", "GET", "GET"])
        #expect(received[0].headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600")
        #expect(received[1].headers["x-aws-ec2-metadata-token"] == "imds-session-token")
        #expect(received[2].headers["x-aws-ec2-metadata-token"] == "imds-session-token")
    }

    @Test("container endpoint: full URI with the authorization token header")
    func containerFullURI() async throws {
        let server = ScriptedServer(["/creds": [.init(status: 200, body: Self.document)]])
        try await server.run { url in
            let environment = AWSEnvironment(
                variables: ["AWS_METADATA_SERVICE_TIMEOUT": "20", "AWS_CONTAINER_CREDENTIALS_FULL_URI": url + "/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer abc"],
                homeDirectory: "/nonexistent")
            let credentials = try await CredentialChain.default(environment: environment).credentials()
            #expect(credentials.accessKeyId == "ASIAMETA")
        }
        #expect(server.received.first?.headers["authorization"] == "Bearer abc")
    }

    @Test("container endpoint: relative URI resolved against the ECS host (here the fake server)")
    func containerRelativeURI() async throws {
        let server = ScriptedServer(["/v2/credentials/abc": [.init(status: 200, body: Self.document)]])
        try await server.run { url in
            let environment = AWSEnvironment(variables: ["AWS_METADATA_SERVICE_TIMEOUT": "20", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"])
            let provider = ContainerCredentialProvider(environment: environment, relativeURIHost: url)
            let resolved = try await provider.resolve()
            #expect(resolved?.credentials.sessionToken == "metatoken")
        }
    }

    @Test("credentials are refreshed before they expire, and errors never echo the secret")
    func refreshAndRedaction() async throws {
        let soon = """
            {"AccessKeyId": "ASIAOLD", "SecretAccessKey": "oldsecret", "Token": "t1", "Expiration": "2030-01-01T00:00:00Z"}
            """
        let server = ScriptedServer([
            "/creds": [.init(status: 200, body: soon), .init(status: 200, body: Self.document)],
            "/broken": [.init(status: 200, body: #"{"SecretAccessKey": "leakme"}"#)],
        ])
        try await server.run { url in
            let environment = AWSEnvironment(variables: ["AWS_METADATA_SERVICE_TIMEOUT": "20", "AWS_CONTAINER_CREDENTIALS_FULL_URI": url + "/creds"])
            // "Now" is 2 minutes before the first credentials expire: inside the 5-minute refresh window.
            let now = Date(timeIntervalSince1970: 1_893_456_000 - 120)
            let chain = CredentialChain(providers: [ContainerCredentialProvider(environment: environment)], now: { now })
            let first = try await chain.credentials()
            let second = try await chain.credentials()
            #expect(first.accessKeyId == "ASIAOLD")
            #expect(second.accessKeyId == "ASIAMETA")

            let broken = ContainerCredentialProvider(environment: AWSEnvironment(variables: ["AWS_METADATA_SERVICE_TIMEOUT": "20", "AWS_CONTAINER_CREDENTIALS_FULL_URI": url + "/broken"]))
            let error = await #expect(throws: CredentialsError.self) { try await broken.resolve() }
            #expect(error.map { "\($0)".contains("leakme") } == false)
        }
    }

    @Test(
        "container full URI: https, or http only to loopback and the ECS/EKS addresses",
        arguments: [
            ("https://example.com/creds", true), ("http://127.0.0.1:8080/creds", true), ("http://localhost/creds", true),
            ("http://[::1]:80/creds", true), ("http://169.254.170.2/v2", true), ("http://169.254.170.23/v1", true),
            ("http://example.com/creds", false), ("http://10.0.0.1/creds", false), ("file:///etc/passwd", false),
        ])
    func fullURIAllowed(uri: String, allowed: Bool) async throws {
        #expect(ContainerCredentialProvider.isAllowedFullURI(uri) == allowed)
    }

    @Test("an unreachable metadata service is a CredentialsError naming it")
    func unreachable() async throws {
        let environment = AWSEnvironment(variables: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1"])
        let error = await #expect(throws: CredentialsError.self) { try await InstanceMetadataCredentialProvider(environment: environment).resolve() }
        #expect(error?.message.contains("instance metadata") == true)
    }
}
