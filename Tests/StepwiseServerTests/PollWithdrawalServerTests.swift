import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import StatesLanguage
import StepFunctionsAPI
import Testing

@testable import StepwiseServer

/// The server's side of ``ActivityPollWithdrawal``: a `GetActivityTask` tagged with a poll id can be ended by a
/// second request, and then answers as on its time limit (its task if the backend returned one, else `{}`).
@Suite("GetActivityTask withdrawn by its poll id")
struct PollWithdrawalServerTests {
    static let withdrawHeaders: HTTPFields = [
        HTTPField.Name("X-Amz-Target")!: ActivityPollWithdrawal.target, .contentType: "application/x-amz-json-1.0",
    ]

    static func pollHeaders(_ pollId: String) -> HTTPFields {
        var headers = LongPollTests.pollHeaders
        headers[HTTPField.Name(ActivityPollWithdrawal.pollIdHeader)!] = pollId
        return headers
    }


    /// Runs a live server in front of `backend` and calls `body` with two connections: one to poll on, one to
    /// withdraw on.
    func withLiveServer(
        _ backend: RecordingBackend, configuration: ServerConfiguration = .init(port: 0),
        _ body: @Sendable (_ poller: TestClient, _ other: TestClient) async throws -> Void
    ) async throws {
        let app = buildApplication(backend: backend, configuration: configuration, logger: Logger(label: "test.server"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let poller = TestClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(120)))
            let other = TestClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(120)))
            poller.connect()
            other.connect()
            do {
                try await body(poller, other)
            } catch {
                try? await poller.shutdown()
                try? await other.shutdown()
                throw error
            }
            try await poller.shutdown()
            try await other.shutdown()
        }
    }

    static func poll(_ client: TestClient, id: String) async throws -> (status: HTTPResponse.Status, body: String) {
        let response = try await client.execute(
            .init("/", method: .post, authority: "localhost", headers: pollHeaders(id), body: ByteBuffer(string: LongPollTests.pollBody)))
        return (response.status, response.body.map { String(buffer: $0) } ?? "")
    }

    static func withdraw(_ client: TestClient, id: String) async throws -> (status: HTTPResponse.Status, body: String) {
        let response = try await client.execute(
            .init("/", method: .post, authority: "localhost", headers: withdrawHeaders, body: ByteBuffer(string: #"{"pollId":"\#(id)"}"#)))
        return (response.status, response.body.map { String(buffer: $0) } ?? "")
    }

    @Test("withdrawing an unknown poll succeeds; a malformed withdrawal is a ValidationException")
    func unknownPoll() async throws {
        try await withServer(RecordingBackend()) { client in
            let answer = try await client.send(method: .post, headers: Self.withdrawHeaders, body: #"{"pollId":"no-such-poll"}"#)
            #expect(answer.status == .ok)
            #expect(answer.json == [:])
            let malformed = try await client.send(method: .post, headers: Self.withdrawHeaders, body: #"{"id":1}"#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorType == "ValidationException")
            let tooLong = try await client.send(
                method: .post, headers: Self.withdrawHeaders, body: #"{"pollId":"\#(String(repeating: "a", count: 65))"}"#)
            #expect(tooLong.errorType == "ValidationException")
        }
    }

    @Test("a withdrawal ends a parked poll at once with no task, and the backend's poll is cancelled")
    func withdrawEndsParkedPoll() async throws {
        let backend = RecordingBackend()
        backend.holdsPolls = true
        try await withLiveServer(backend) { poller, other in
            async let answer = Self.poll(poller, id: "poll-1")
            #expect(try await LongPollTests.eventually { backend.calls.count == 1 })
            // Another poll id ends nothing.
            #expect(try await Self.withdraw(other, id: "poll-2").status == .ok)
            try await Task.sleep(for: .milliseconds(100))
            #expect(backend.cancelledPolls == 0)
            let began = ContinuousClock.now
            #expect(try await Self.withdraw(other, id: "poll-1").status == .ok)
            let poll = try await answer
            #expect(poll.status == .ok)
            #expect(poll.body == "{}")
            #expect(ContinuousClock.now - began < .seconds(20))
            #expect(backend.cancelledPolls == 1)
        }
        #expect(backend.redelivered.isEmpty)
    }

    @Test("a task the backend hands out as the withdrawal ends the poll is the poll's answer, not given back")
    func withdrawnPollAnswersItsTask() async throws {
        let backend = RecordingBackend()
        backend.holdsPolls = true
        backend.handsTaskOnCancel = true
        try await withLiveServer(backend) { poller, other in
            async let answer = Self.poll(poller, id: "poll-1")
            #expect(try await LongPollTests.eventually { backend.calls.count == 1 })
            #expect(try await Self.withdraw(other, id: "poll-1").status == .ok)
            let poll = try await answer
            #expect(poll.status == .ok)
            let json = try JSONValue(parsing: poll.body)
            #expect(json["taskToken"] == "token-1")
        }
        #expect(backend.redelivered.isEmpty)
    }

    @Test("a withdrawal that arrives before its poll makes that poll answer no task at once")
    func withdrawalBeforePoll() async throws {
        let backend = RecordingBackend()
        backend.holdsPolls = true
        try await withLiveServer(backend) { poller, other in
            #expect(try await Self.withdraw(other, id: "poll-early").status == .ok)
            let began = ContinuousClock.now
            let poll = try await Self.poll(poller, id: "poll-early")
            #expect(poll.body == "{}")
            // Not held for the backend's 30 seconds.
            #expect(ContinuousClock.now - began < .seconds(20))
        }
    }

    @Test("polls are keyed by the signing access key: a withdrawal under another key ends nothing")
    func withdrawalIsScopedByAccessKey() async throws {
        let polls = ParkedPolls()
        let signal = polls.register(.init(scope: "AKID1", pollId: "p"))
        #expect(polls.withdraw(.init(scope: "AKID2", pollId: "p")) == 0)
        #expect(!signal.isFired)
        #expect(polls.withdraw(.init(scope: "AKID1", pollId: "p")) == 1)
        #expect(signal.isFired)
        polls.remove(.init(scope: "AKID1", pollId: "p"), signal: signal)
        #expect(polls.parkedCount == 0)
    }

    @Test("remembered withdrawals are bounded in number")
    func withdrawnMemoryIsBounded() async throws {
        let polls = ParkedPolls(withdrawnCapacity: 100)
        for index in 0..<1000 { polls.withdraw(.init(scope: "", pollId: "p\(index)")) }
        #expect(polls.withdrawnCount <= 100)
        // The most recent is still remembered: its poll answers at once.
        #expect(polls.register(.init(scope: "", pollId: "p999")).isFired)
        #expect(!polls.register(.init(scope: "", pollId: "p0")).isFired)
    }
}
