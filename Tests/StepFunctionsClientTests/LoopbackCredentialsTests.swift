import Foundation
import StepFunctionsAPI
import StepFunctionsClient
import Testing

/// Against a loopback endpoint, a client without configured keys signs with placeholders instead of asking the
/// container endpoint or instance metadata (which would reach beyond this machine).
@Suite("Credentials for loopback endpoints")
struct LoopbackCredentialsTests {
    static let empty = AWSEnvironment(variables: [:], homeDirectory: "/nonexistent")

    @Test("no keys and a loopback endpoint: the chain ends with the local placeholder, no metadata providers",
        arguments: ["http://127.0.0.1:8083", "http://localhost:4566", "http://[::1]:8083", "http://127.1.2.3:9"])
    func placeholder(endpoint: String) async throws {
        let configuration = try StepFunctionsClientConfiguration.resolve(environment: Self.empty, endpoint: endpoint)
        let chain = try #require(configuration.credentials as? CredentialChain)
        #expect(!chain.providers.contains { $0 is InstanceMetadataCredentialProvider || $0 is ContainerCredentialProvider })
        #expect(try await chain.credentials() == CredentialChain.localPlaceholder)
    }

    @Test("keys in the environment still win against a loopback endpoint")
    func environmentWins() async throws {
        let environment = AWSEnvironment(
            variables: ["AWS_ACCESS_KEY_ID": "AKIDLOCAL", "AWS_SECRET_ACCESS_KEY": "secret"], homeDirectory: "/nonexistent")
        let configuration = try StepFunctionsClientConfiguration.resolve(environment: environment, endpoint: "http://127.0.0.1:8083")
        let chain = try #require(configuration.credentials as? CredentialChain)
        #expect(try await chain.credentials().accessKeyId == "AKIDLOCAL")
    }

    @Test("a remote endpoint keeps the SDKs' whole chain, metadata included")
    func remoteKeepsChain() throws {
        let configuration = try StepFunctionsClientConfiguration.resolve(
            environment: Self.empty, endpoint: "https://states.eu-west-1.amazonaws.com", region: "eu-west-1")
        let chain = try #require(configuration.credentials as? CredentialChain)
        #expect(chain.providers.contains { $0 is InstanceMetadataCredentialProvider })
        #expect(chain.providers.contains { $0 is ContainerCredentialProvider })
    }
}
