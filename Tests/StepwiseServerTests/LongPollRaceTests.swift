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

/// The race behind `pizza --endpoint` runs that hung: a worker closes its long poll (shutdown, poll refresh) as the
/// backend hands that poll a task. The task must not be written to the closed connection (lost, its execution waiting
/// for ever): it goes back to the backend.
@Suite("GetActivityTask: a task handed out as the client closes its poll")
struct LongPollRaceTests {
    @Test("the backend hands a task to a poll whose client has just closed: the task is given back, not lost")
    func taskHandedToClosedPollIsRedelivered() async throws {
        let backend = RecordingBackend()
        backend.holdsPolls = true
        // The backend returns the task only once the server has cancelled the poll because its client went away:
        // exactly the crossing of the close and the hand-off, made deterministic.
        backend.handsTaskOnCancel = true
        let app = buildApplication(backend: backend, configuration: .init(port: 0), logger: Logger(label: "test.server"))
        try await app.test(.live) { client in
            let poller = TestClient(host: "localhost", port: try #require(client.port), configuration: .init(timeout: .seconds(20)))
            poller.connect()
            try await poller.executeAndDontWaitForResponse(
                .init("/", method: .post, authority: "localhost", headers: LongPollTests.pollHeaders,
                      body: ByteBuffer(string: LongPollTests.pollBody)))
            #expect(try await LongPollTests.eventually { backend.calls.count == 1 })
            try await poller.shutdown()
            #expect(try await LongPollTests.eventually { backend.redelivered == ["token-1"] })
            #expect(backend.cancelledPolls == 1)
        }
    }

    @Test("a poll answered while its client is connected is delivered, not given back")
    func deliveredTaskIsNotRedelivered() async throws {
        let backend = RecordingBackend()
        try await withServer(backend) { client in
            let response = try await client.call("GetActivityTask", LongPollTests.pollBody)
            #expect(response.status == .ok)
            #expect(response.json["taskToken"] == "token-1")
        }
        #expect(backend.redelivered.isEmpty)
    }
}
