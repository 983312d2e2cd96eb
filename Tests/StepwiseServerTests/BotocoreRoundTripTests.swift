import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import StatesLanguage
import StepFunctionsAPI
import TestChildProcess
import Testing

@testable import StepwiseServer

/// Whether python3 with botocore is on this machine (CI installs it; the tests are skipped elsewhere).
enum Botocore {
    /// Checked once, off the cooperative pool (importing botocore takes seconds on a loaded machine).
    static let availability = Task { (try? await ChildProcess.run("python3", arguments: ["-c", "import botocore"]).status) == 0 }
    static var isAvailable: Bool { get async { await availability.value } }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("python/botocore_roundtrip.py").path

    /// Runs the round-trip script off the cooperative pool against a server on `port`.
    static func roundTrip(port: Int, credentials: AWSCredentials) async throws -> JSONValue {
        let arguments =
            [script, "http://127.0.0.1:\(port)", credentials.accessKeyId, credentials.secretAccessKey]
            + (credentials.sessionToken.map { [$0] } ?? [])
        let result = try await ChildProcess.run("python3", arguments: arguments)
        try #require(result.status == 0, "botocore_roundtrip.py failed: \(result.error)")
        return try JSONValue(parsing: result.output)
    }
}

@Suite("botocore against a live server", .enabled { await Botocore.isAvailable })
struct BotocoreRoundTripTests {
    static let key = AWSCredentials(accessKeyId: "ASIASTEPWISE", secretAccessKey: "live-secret/key+1", sessionToken: "session-token-1")

    func liveRoundTrip(authentication: ServerConfiguration.Authentication, credentials: AWSCredentials) async throws -> (JSONValue, RecordingBackend)
    {
        let backend = RecordingBackend()
        let app = buildApplication(
            backend: backend, configuration: .init(port: 0, authentication: authentication), logger: Logger(label: "test.server"))
        let result = try await app.test(.live) { client in
            try await Botocore.roundTrip(port: try #require(client.port), credentials: credentials)
        }
        return (result, backend)
    }

    @Test("botocore's signed requests pass --auth, and it parses responses and errors")
    func signedRoundTrip() async throws {
        let (result, backend) = try await liveRoundTrip(
            authentication: .sigV4(SigV4Verifier(credentials: [Self.key])), credentials: Self.key)
        #expect(result["start"]?["ok"]?["executionArn"] == .string(RecordingBackend.executionArn))
        #expect(result["start"]?["ok"]?["startDate"]?.doubleValue == 1_700_000_000.5)
        #expect(result["describe"]?["ok"]?["status"] == "RUNNING")
        #expect(result["history"]?["ok"] == ["ExecutionStarted"])
        #expect(result["task"]?["ok"]?["taskToken"] == "token-1")
        #expect(result["task"]?["ok"]?["input"] == #"{"a":1}"#)
        #expect(result["tags"]?["ok"] == [["key": "team", "value": "core"]])
        #expect(result["badArn"]?["error"] == "InvalidArn")
        #expect(result["badArn"]?["status"] == 400)
        #expect(result["badName"]?["error"] == "InvalidName")
        #expect(result["badName"]?["message"] == "Invalid Name: 'bad name'")
        let start = try #require(backend.calls.first?.input as? StartExecutionInput)
        #expect(start.input == #"{"order": 42}"#)
        #expect(
            backend.calls.map(\.operation) == [
                "startExecution", "describeExecution", "getExecutionHistory", "getActivityTask", "listTagsForResource",
            ])
    }

    @Test("a key the server does not know is UnrecognizedClientException")
    func unknownKey() async throws {
        let stranger = AWSCredentials(accessKeyId: "AKIASTRANGER", secretAccessKey: "nope")
        let (result, backend) = try await liveRoundTrip(
            authentication: .sigV4(SigV4Verifier(credentials: [Self.key])), credentials: stranger)
        #expect(result["describe"]?["error"] == "UnrecognizedClientException")
        #expect(result["describe"]?["message"] == "The security token included in the request is invalid.")
        #expect(backend.calls.isEmpty)
    }
}
