import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import StatesLanguage
import StepFunctionsAPI
import TestChildProcess
import Testing

@testable import StepwiseServer

/// The aws CLI, if installed (CI installs it with pip).
enum AWSCLI {
    /// Checked once, off the cooperative pool (the CLI takes seconds to start on a loaded machine).
    static let availability = Task { (try? await ChildProcess.run("aws", arguments: ["--version"]).status) == 0 }
    static var isAvailable: Bool { get async { await availability.value } }

    /// Runs `aws` with arguments and extra environment, off the cooperative pool; returns status, standard output
    /// and standard error.
    static func runDetached(_ arguments: [String], environment: [String: String]) async throws -> (status: Int32, output: String, error: String) {
        let result = try await ChildProcess.run("aws", arguments: arguments, environment: environment)
        return (result.status, result.output, result.error)
    }
}

@Suite("aws CLI against a live server", .enabled { await AWSCLI.isAvailable })
struct AWSCLITests {
    static let key = AWSCredentials(accessKeyId: "AKIASTEPWISECLI", secretAccessKey: "cli-secret")
    static let environment = [
        "AWS_ACCESS_KEY_ID": key.accessKeyId, "AWS_SECRET_ACCESS_KEY": key.secretAccessKey, "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PAGER": "",
    ]

    @Test("signed CLI calls pass --auth; answers and errors print as the CLI prints AWS's")
    func cli() async throws {
        let backend = RecordingBackend()
        let app = buildApplication(
            backend: backend, configuration: .init(port: 0, authentication: .sigV4(SigV4Verifier(credentials: [Self.key]))),
            logger: Logger(label: "test.server"))
        try await app.test(.live) { client in
            let endpoint = "http://127.0.0.1:\(try #require(client.port))"
            let tags = try await AWSCLI.runDetached(
                ["stepfunctions", "list-tags-for-resource", "--resource-arn", RecordingBackend.stateMachineArn, "--endpoint-url", endpoint],
                environment: Self.environment)
            #expect(tags.status == 0, "\(tags.error)")
            #expect(try JSONValue(parsing: tags.output) == ["tags": [["key": "team", "value": "core"]]])

            let bad = try await AWSCLI.runDetached(
                ["stepfunctions", "describe-execution", "--execution-arn", "not-an-arn", "--endpoint-url", endpoint],
                environment: Self.environment)
            #expect(bad.status != 0)
            #expect(
                bad.error.contains(
                    "An error occurred (InvalidArn) when calling the DescribeExecution operation: Invalid Arn: 'Invalid ARN prefix: not-an-arn'"))
        }
        #expect(backend.calls.map(\.operation) == ["listTagsForResource"])
    }
}
