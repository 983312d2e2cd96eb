import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
public import ServiceLifecycle
import Synchronization

extension LocalLambda: Service {
    /// Serves the Runtime API emulation on 127.0.0.1 (an ephemeral port, see ``port()``) until cancelled or a graceful
    /// shutdown; then every process is stopped and pending invocations fail.
    public func run() async throws {
        var logger = Logger(label: "stepwise.lambda.runtime-api")
        // Stopping cancels the long polls of idle processes, which the server logs as errors: only critical ones show.
        logger.logLevel = .critical
        let app = Application(
            router: runtimeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "stepwise-lambda"),
            onServerRunning: { channel in self.listening(on: channel.localAddress?.port ?? 0) }, logger: logger)
        // The server always stops by graceful shutdown, never by cancelling it: NIO's async server channel traps
        // ("Deinited NIOAsyncWriter without calling finish()") when its serving task is cancelled while an accepted
        // connection is still queued, which a function process polling for its next invocation makes likely. So the
        // server runs in a task of its own, and a cancellation of this one (or a graceful shutdown of its service
        // group) first releases parked polls and processes, then shuts the server down gracefully and waits for it.
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let serving = Task { try await services.run() }
        let stop: @Sendable () -> Void = {
            self.stopAll()
            Task { await services.triggerGracefulShutdown() }
        }
        defer { stopAll() }
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await serving.value
            } onGracefulShutdown: {
                stop()
            }
        } onCancel: {
            stop()
        }
    }

    func listening(on port: Int) {
        let (waiters, names) = state.withLock { state in
            state.port = port
            state.stopped = false
            defer { state.portWaiters.removeAll() }
            return (state.portWaiters, Array(state.functions.keys))
        }
        for waiter in waiters { waiter.resume(returning: port) }
        // Invocations that arrived before the server listened get their processes now.
        for name in names { replaceInstances(of: name) }
    }

    /// The Runtime API, per process under `/i/<instance>`: next, response, error, init error (API version 2018-06-01).
    func runtimeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let base = "/i/:instance/2018-06-01/runtime"
        router.get("\(base)/invocation/next") { _, context -> Response in
            guard let iid = context.parameters.get("instance", as: Int.self), let next = await self.next(instance: iid) else {
                return Self.json(.forbidden, Self.errorDocument("InvalidInstance", "this process is not (or no longer) a function instance"))
            }
            var headers = HTTPFields()
            Self.set(&headers, "Lambda-Runtime-Aws-Request-Id", next.requestId)
            Self.set(&headers, "Lambda-Runtime-Deadline-Ms", String(next.deadlineMilliseconds))
            Self.set(&headers, "Lambda-Runtime-Invoked-Function-Arn", next.functionArn)
            Self.set(&headers, "Lambda-Runtime-Trace-Id", "Root=1-\(String(next.requestId.prefix(8)))-\(next.requestId.replacingOccurrences(of: "-", with: "").suffix(24));Sampled=0")
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: next.payload)))
        }
        for kind in ["response", "error"] {
            router.post("\(base)/invocation/:request/\(kind)") { request, context -> Response in
                var request = request
                let body = Array(buffer: try await request.collectBody(upTo: Self.maxPayloadBytes + 1))
                guard let iid = context.parameters.get("instance", as: Int.self), let requestId = context.parameters.get("request") else {
                    return Self.json(.badRequest, Self.errorDocument("InvalidRequestID", "no such request"))
                }
                let errorType = request.headers[HTTPField.Name("Lambda-Runtime-Function-Error-Type")!]
                guard self.answer(instance: iid, requestId: requestId, error: kind == "error", body: body, errorType: errorType) else {
                    return Self.json(.badRequest, Self.errorDocument("InvalidRequestID", "Invalid request ID: \(requestId)"))
                }
                return Self.json(.accepted, Array(#"{"status":"OK"}"#.utf8))
            }
        }
        router.post("\(base)/init/error") { request, context -> Response in
            var request = request
            let body = Array(buffer: try await request.collectBody(upTo: 1 << 20))
            if let iid = context.parameters.get("instance", as: Int.self) {
                self.initError(instance: iid, body: body, errorType: request.headers[HTTPField.Name("Lambda-Runtime-Function-Error-Type")!])
            }
            return Self.json(.accepted, Array(#"{"status":"OK"}"#.utf8))
        }
        return router
    }

    static func set(_ headers: inout HTTPFields, _ name: String, _ value: String) {
        if let field = HTTPField.Name(name) { headers[field] = value }
    }

    static func json(_ status: HTTPResponse.Status, _ body: [UInt8]) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
