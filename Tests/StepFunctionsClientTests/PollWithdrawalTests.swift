import Foundation
import Logging
import StepFunctionsAPI
import Stepwise
import StepwiseServer
import Testing

@testable import StepFunctionsClient

/// Doubles `n` (the handler of the withdrawal tests).
struct WithdrawalDoubler: TaskHandler {
    struct Number: Codable, Sendable, Equatable { var n: Int }
    static var activityName: String { "Worker" }

    func run(_ input: Number, context: TaskContext) async throws -> Number { Number(n: input.n * 2) }
}

/// Finding 9 of docs/attack.md, its second crossing: a worker stops a long poll (shutdown, poll refresh) just as the
/// server hands that poll a task. Abandoning the request could drop the task the server had written; the client
/// withdraws the poll instead and reads its answer, so the task reaches the caller.
@Suite("GetActivityTask withdrawn against stepwise serve: the task handed as the poll ends is returned, never lost")
struct PollWithdrawalTests {
    static let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let machineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:m"

    /// Serves `backend` on 127.0.0.1 port 0 with SigV4 authentication (the withdrawal is signed and scoped by key).
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

    /// A backend that parks its polls until they are ended, on an endpoint that says cancelling polls is safe.
    static func heldPollsBackend() -> ActivityBackendDouble {
        let backend = ActivityBackendDouble()
        backend.holdsPolls = true
        backend.activityPollCancellationIsSafe = true
        return backend
    }

    /// A client whose wait for a withdrawn poll's answer is a minute, far from what "at once" means here, so a loaded
    /// machine's pause of a few seconds cannot pass for that wait, nor that wait for a pause.
    static func configuration(_ url: String) -> StepFunctionsClientConfiguration {
        var configuration = StepFunctionsClientConfiguration(
            endpoint: url, region: "us-east-1", credentials: StaticCredentialProvider(Self.credentials), retry: .none)
        configuration.pollWithdrawalTimeout = .seconds(60)
        return configuration
    }

    func client(_ url: String) -> StepFunctionsClient {
        StepFunctionsClient(configuration: Self.configuration(url))
    }

    /// Waits (up to a minute of real time: a loaded machine) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<1200 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    @Test("a cancelled poll is withdrawn; the task the backend hands it as it ends is returned to the caller")
    func withdrawnPollReturnsTask() async throws {
        let backend = Self.heldPollsBackend()
        try await withServer(backend) { url in
            let client = client(url)
            let activity = try await client.createActivity(.init(name: "Worker"))
            #expect(client.activityPollCancellationIsSafe)
            let started = try await client.startExecution(.init(stateMachineArn: Self.machineArn, name: "run-1", input: #"{"n":1}"#))
            let poll = Task { try await client.getActivityTask(.init(activityArn: activity.activityArn, workerName: "w")) }
            #expect(try await Self.eventually { backend.parkedPolls == 1 })
            poll.cancel()
            // Before the withdrawal, cancelling abandoned the request: the task the backend then handed out was
            // written to a closed connection (or given back) and the caller got a CancellationError.
            let task = try await poll.value
            #expect(task.taskToken == "token-run-1")
            #expect(task.input == #"{"n":1}"#)
            #expect(backend.cancelledPolls == 1)
            _ = try await client.sendTaskSuccess(.init(taskToken: try #require(task.taskToken), output: "{}"))
            #expect(try await client.describeExecution(.init(executionArn: started.executionArn)).status == .succeeded)
        }
    }

    @Test("a cancelled poll with nothing to hand answers promptly with no task")
    func withdrawnEmptyPoll() async throws {
        let backend = Self.heldPollsBackend()
        try await withServer(backend) { url in
            let client = client(url)
            let activity = try await client.createActivity(.init(name: "Worker"))
            let poll = Task { try await client.getActivityTask(.init(activityArn: activity.activityArn)) }
            #expect(try await Self.eventually { backend.parkedPolls == 1 })
            let began = ContinuousClock.now
            poll.cancel()
            let task = try await poll.value
            #expect(task.taskToken == nil)
            #expect(backend.cancelledPolls == 1)
            // The withdrawal ended the poll (not the minute's fallback, nor the poll's 60-second limit).
            #expect(ContinuousClock.now - began < .seconds(20))
        }
    }

    @Test("a worker shutting down runs the task its withdrawn poll brought, and the execution succeeds")
    func workerRunsTaskOfWithdrawnPoll() async throws {
        let backend = Self.heldPollsBackend()
        try await withServer(backend) { url in
            let client = client(url)
            _ = try await client.createActivity(.init(name: "Worker"))
            let worker = ActivityWorker(backend: client, placements: [.here(WithdrawalDoubler())])
            let execution = try await worker.serving {
                #expect(try await Self.eventually { backend.parkedPolls == 1 })
                // Queued while the worker's one poll is held: the backend hands it to that poll only as the
                // worker's shutdown ends the poll.
                return try await client.startExecution(.init(stateMachineArn: Self.machineArn, name: "run-2", input: #"{"n":21}"#))
            }
            #expect(backend.cancelledPolls == 1)
            let described = try await client.describeExecution(.init(executionArn: execution.executionArn))
            #expect(described.status == .succeeded)
            #expect(described.output == #"{"n":42}"#)
        }
    }

    @Test("a server that does not know the withdrawal (UnknownOperationException): the poll is abandoned at once")
    func olderServerFallsBackToAbandoning() async throws {
        let activity = "arn:aws:states:us-east-1:123456789012:activity:Worker"
        let server = ScriptedServer([
            "/": [
                .init(status: 200, body: #"{"activityArn":"\#(activity)","creationDate":1700000000}"#, headers: ["x-stepwise-poll-cancellation": "safe"]),
                .init(status: 200, body: "{}", delay: .seconds(40)),
                .init(status: 400, body: #"{"__type":"UnknownOperationException","message":"Unknown operation"}"#),
            ]
        ])
        try await server.run { url in
            let client = StepFunctionsClient(configuration: Self.configuration(url))
            _ = try await client.createActivity(.init(name: "Worker"))
            #expect(client.activityPollCancellationIsSafe)
            let poll = Task { try await client.getActivityTask(.init(activityArn: activity)) }
            #expect(try await Self.eventually { server.received.count == 2 })
            let began = ContinuousClock.now
            poll.cancel()
            let result = await poll.result
            #expect(throws: CancellationError.self) { try result.get() }
            // Neither the minute's wait for a withdrawn poll's answer nor the poll's own 40 seconds (a client that
            // waited for the poll once the withdrawal was refused would take those 40 seconds). The bound leaves room
            // for a CI machine that stalls the whole test process for seconds (12 s has been seen).
            #expect(ContinuousClock.now - began < .seconds(30))
            let received = server.received
            #expect(received.count == 3)
            let pollId = try #require(received[1].headers[ActivityPollWithdrawal.pollIdHeader])
            #expect(UUID(uuidString: pollId) != nil)
            #expect(received[2].headers["x-amz-target"] == ActivityPollWithdrawal.target)
            #expect(received[2].body == #"{"pollId":"\#(pollId)"}"#)
            // Signed like every call, the poll id header among the signed ones.
            #expect(received[1].headers["authorization"]?.contains(ActivityPollWithdrawal.pollIdHeader) == true)
            #expect(received[2].headers["authorization"] != nil)
        }
    }
}
