import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// Runs `service` (which reports its bound port on `ports`), calls `body` with `http://127.0.0.1:<port>`, then shuts
/// the service down gracefully.
func withRunningService(_ service: some Service, ports: AsyncStream<Int>, _ body: (String) async throws -> Void) async throws {
    let group = ServiceGroup(configuration: .init(services: [service], logger: Logger(label: "test.services")))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        // Bounded: a service that failed to start (its error surfaces only when the group is awaited) fails the test.
        let port = try #require(await firstPort(ports))
        do {
            try await body("http://127.0.0.1:\(port)")
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

/// A request the fake server received.
struct ReceivedRequest: Sendable {
    var method: String
    var path: String
    /// Header values by lower-case name.
    var headers: [String: String]
    var body: String
}

/// A scripted HTTP server on 127.0.0.1 port 0: answers each request with the next scripted answer for its path
/// (the last answer repeats) and records what it received.
final class ScriptedServer: Sendable {
    struct Answer: Sendable {
        var status: Int
        var body: String
        var headers: [String: String] = [:]
        var delay: Duration = .zero
    }

    private let state = Mutex<(answers: [String: [Answer]], received: [ReceivedRequest])>(([:], []))

    init(_ answers: [String: [Answer]]) {
        state.withLock { $0.answers = answers }
    }

    var received: [ReceivedRequest] { state.withLock { $0.received } }

    private func next(for request: ReceivedRequest) -> Answer {
        state.withLock { state in
            state.received.append(request)
            guard var queue = state.answers[request.path], let first = queue.first else {
                return Answer(status: 404, body: "no route \(request.path)")
            }
            if queue.count > 1 { queue.removeFirst() }
            state.answers[request.path] = queue
            return first
        }
    }

    /// Serves until `body` returns.
    func run(_ body: (String) async throws -> Void) async throws {
        let router = Router()
        for path in ["/", "**"] {
            for method in [HTTPRequest.Method.get, .put, .post] {
                router.on(RouterPath(path), method: method) { request, context in try await self.answer(request, context: context) }
            }
        }
        var logger = Logger(label: "test.fake")
        logger.logLevel = .critical
        let ports = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { ports.continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        try await withRunningService(app, ports: ports.stream, body)
    }

    private func answer(_ request: Request, context: BasicRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        let answer = next(for: ReceivedRequest(method: request.method.rawValue, path: request.uri.path, headers: headers, body: String(buffer: body)))
        if answer.delay > .zero { try await Task.sleep(for: answer.delay) }
        var fields = HTTPFields()
        for (name, value) in answer.headers { if let name = HTTPField.Name(name) { fields[name] = value } }
        return Response(status: .init(code: answer.status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }
}

/// The first port a service reports on `ports`, or nil (with an issue recorded) when none came within `limit`.
func firstPort(
    _ ports: AsyncStream<Int>, within limit: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation
) async -> Int? {
    let port = await withTaskGroup(of: Int?.self) { group in
        group.addTask {
            for await port in ports { return port }
            return nil
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
    if port == nil { Issue.record("The service reported no port within \(limit)", sourceLocation: sourceLocation) }
    return port
}
