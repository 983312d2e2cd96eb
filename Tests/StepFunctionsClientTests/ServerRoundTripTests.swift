import Foundation
import Logging
import StepFunctionsAPI
import StepwiseServer
import Testing

@testable import StepFunctionsClient

@Suite("The client against the project's own server (stepwise serve's router) on loopback")
struct ServerRoundTripTests {
    static let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    /// Serves `backend` on 127.0.0.1 port 0 with SigV4 authentication for `credentials`, and calls `body` with the URL.
    func withServer(_ backend: some StepFunctionsBackend, _ body: (String) async throws -> Void) async throws {
        let ports = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test.server")
        logger.logLevel = .critical
        let app = buildApplication(
            backend: backend,
            configuration: .init(port: 0, authentication: .sigV4(SigV4Verifier(credentials: [Self.credentials]))),
            logger: logger, onServerRunning: { ports.continuation.yield($0) })
        try await withRunningService(app, ports: ports.stream, body)
    }

    @Test("signed activity round trip: create, start, poll, succeed, describe, history in pages")
    func activityRoundTrip() async throws {
        try await withServer(ActivityBackendDouble()) { url in
            // Resolved from an injected environment, as a user's program would be.
            let environment = AWSEnvironment(
                variables: [
                    "AWS_ENDPOINT_URL_SFN": url, "AWS_ACCESS_KEY_ID": Self.credentials.accessKeyId,
                    "AWS_SECRET_ACCESS_KEY": Self.credentials.secretAccessKey, "AWS_REGION": "us-east-1",
                ], homeDirectory: "/nonexistent")
            let client = try StepFunctionsClient(environment: environment)
            let activity = try await client.createActivity(.init(name: "Worker"))
            #expect(activity.activityArn == "arn:aws:states:us-east-1:123456789012:activity:Worker")
            let listed = try await client.listActivities(.init())
            #expect(listed.activities.map(\.name) == ["Worker"])

            let started = try await client.startExecution(
                .init(stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:m", name: "run-1", input: #"{"n":1}"#))
            let task = try await client.getActivityTask(.init(activityArn: activity.activityArn, workerName: "w"))
            let token = try #require(task.taskToken)
            #expect(task.input == #"{"n":1}"#)
            _ = try await client.sendTaskSuccess(.init(taskToken: token, output: #"{"done":true}"#))
            let described = try await client.describeExecution(.init(executionArn: started.executionArn))
            #expect(described.status == .succeeded)
            #expect(described.output == #"{"done":true}"#)

            let firstPage = try await client.getExecutionHistory(.init(executionArn: started.executionArn, maxResults: 2))
            #expect(firstPage.events.map(\.id) == [1, 2])
            #expect(firstPage.nextToken != nil)
            let all = try await client.executionHistory(started.executionArn, pageSize: 2)
            #expect(all.map(\.id) == [1, 2, 3, 4, 5])
            #expect(all.first?.type == .executionStarted)

            let empty = try await client.getActivityTask(.init(activityArn: activity.activityArn))
            #expect(empty.taskToken == nil)
        }
    }

    @Test("typed errors through the server: ExecutionDoesNotExist, TaskDoesNotExist, and the server's own validation")
    func typedErrors() async throws {
        try await withServer(ActivityBackendDouble()) { url in
            let client = makeClient(url)
            let missing = "arn:aws:states:us-east-1:123456789012:execution:m:nope"
            await #expect(throws: StepFunctionsError.executionDoesNotExist(missing)) {
                try await client.describeExecution(.init(executionArn: missing))
            }
            do {
                _ = try await client.sendTaskSuccess(.init(taskToken: "unknown", output: "{}"))
                Issue.record("expected TaskDoesNotExist")
            } catch StepFunctionsError.Code.taskDoesNotExist {
            }
            // Rejected by the server's request validation before the backend (activity names are 1 to 80 characters).
            let error = await #expect(throws: StepFunctionsError.self) {
                try await client.createActivity(.init(name: String(repeating: "a", count: 81)))
            }
            #expect(error?.code == .validationException)
        }
    }

    @Test("a request signed with the wrong secret is rejected with the server's authentication error")
    func wrongSecret() async throws {
        try await withServer(ActivityBackendDouble()) { url in
            let configuration = StepFunctionsClientConfiguration(
                endpoint: url, region: "us-east-1",
                credentials: StaticCredentialProvider(.init(accessKeyId: Self.credentials.accessKeyId, secretAccessKey: "wrong")),
                retry: .none)
            let client = StepFunctionsClient(configuration: configuration)
            let error = await #expect(throws: StepFunctionsError.self) { try await client.listActivities(.init()) }
            #expect(error?.code == .invalidSignature)
            #expect(error.map { "\($0)".contains("wrong") } == false)
        }
    }
}
