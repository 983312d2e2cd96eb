import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import StatesLanguage
import StepFunctionsAPI
import Testing

@testable import StepwiseServer

@Suite("GetActivityTask long polls on a live server")
struct LongPollTests {
    static let pollBody = #"{"activityArn":"\#(RecordingBackend.activityArn)"}"#
    static let pollHeaders: HTTPFields = [
        HTTPField.Name("X-Amz-Target")!: "AWSStepFunctions.GetActivityTask", .contentType: "application/x-amz-json-1.0",
    ]

    /// Waits (up to 10 s of real time, in small steps) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        // Up to a minute: a loaded machine may stall the server for seconds.
        for _ in 0..<1200 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    @Test("a poll whose client disconnects is cancelled in the backend")
    func disconnectCancelsPoll() async throws {
        let backend = RecordingBackend()
        backend.holdsPolls = true
        let app = buildApplication(backend: backend, configuration: .init(port: 0), logger: Logger(label: "test.server"))
        try await app.test(.live) { client in
            let poller = TestClient(host: "localhost", port: try #require(client.port), configuration: .init(timeout: .seconds(120)))
            poller.connect()
            try await poller.executeAndDontWaitForResponse(
                .init("/", method: .post, authority: "localhost", headers: Self.pollHeaders, body: ByteBuffer(string: Self.pollBody)))
            #expect(try await Self.eventually { backend.calls.count == 1 })
            #expect(backend.cancelledPolls == 0)
            try await poller.shutdown()
            #expect(try await Self.eventually { backend.cancelledPolls == 1 })
        }
    }

    @Test("a poll that outlasts its time limit answers no task and is cancelled in the backend")
    func timeout() async throws {
        let backend = RecordingBackend()
        backend.holdsPolls = true
        try await withServer(backend, configuration: .init(longPollTimeout: .milliseconds(50))) { client in
            let response = try await client.call("GetActivityTask", Self.pollBody)
            #expect(response.status == .ok)
            #expect(response.json == [:])
        }
        #expect(backend.cancelledPolls == 1)
    }

    @Test("graceful shutdown ends a waiting poll with an empty answer")
    func shutdownAnswersEmpty() async throws {
        let backend = RecordingBackend()
        backend.holdsPolls = true
        let port = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(
            backend: backend, configuration: .init(port: 0), logger: Logger(label: "test.server"),
            onServerRunning: { port.continuation.yield($0) })
        let services = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "test.services")))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            let bound = try #require(await firstPort(port.stream))
            let poller = TestClient(host: "localhost", port: bound, configuration: .init(timeout: .seconds(120)))
            poller.connect()
            async let response = poller.execute(
                .init("/", method: .post, authority: "localhost", headers: Self.pollHeaders, body: ByteBuffer(string: Self.pollBody)))
            #expect(try await Self.eventually { backend.calls.count == 1 })
            await services.triggerGracefulShutdown()
            let answer = try await response
            #expect(answer.status == .ok)
            #expect(answer.body.map { String(buffer: $0) } == "{}")
            #expect(backend.cancelledPolls == 1)
            try await poller.shutdown()
            try await group.waitForAll()
        }
    }
}
