import Foundation
import Logging
import StepwiseEngine
import StepwiseServer

// Apart from the tests that use wire shapes: the engine's types share names with them.

/// Serves a fresh in-memory engine (what `stepwise serve --in-memory` runs) on 127.0.0.1 port 0, without
/// authentication, and calls `body` with its URL.
func withEngineServer(pollTimeout: Duration = .seconds(2), _ body: (String) async throws -> Void) async throws {
    let engine = try StepwiseEngine(location: .inMemory, activityPollTimeout: pollTimeout)
    engine.start()
    let ports = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "test.engine-server")
    logger.logLevel = .critical
    let app = buildApplication(
        backend: engine, configuration: .init(port: 0), logger: logger,
        onServerRunning: { ports.continuation.yield($0) })
    do {
        try await withRunningService(app, ports: ports.stream, body)
    } catch {
        await engine.shutdown()
        throw error
    }
    await engine.shutdown()
}
