import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import StepFunctionsAPI
import StepwiseEngine
import StepwiseEngineAPI
import StepwiseServer

/// `stepwise serve`: the AWS Step Functions API (AWS JSON 1.0 over HTTP) in front of the embedded engine, so the
/// aws CLI, boto3 and the AWS SDKs work against it with `--endpoint-url`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the AWS Step Functions API on the embedded durable engine.",
        discussion: """
            Point any AWS client at it: aws --endpoint-url http://127.0.0.1:8083 stepfunctions list-state-machines. \
            Data lives in --db PATH (else $STEPWISE_DB, else ~/.stepwise/stepwise.sqlite) or, with --in-memory, \
            nowhere. SIGINT or SIGTERM shuts down gracefully: requests in flight finish, long polls answer "no task". \
            With --port 0 a free port is chosen; the line "stepwise serve: listening on http://HOST:PORT" names it.
            """
    )

    @Option(help: "The address to bind.")
    var host = "127.0.0.1"

    @Option(help: "The port to bind (0: any free port).")
    var port = 8083

    @Option(help: "The engine's database file.")
    var db: String?

    @Flag(help: "Keep everything in memory (nothing survives the process).")
    var inMemory = false

    @Option(help: "The region in ARNs.")
    var region = "us-east-1"

    @Option(help: "The 12-digit account id in ARNs.")
    var account = "123456789012"

    @Option(help: "Require SigV4 signatures made with this access key (ACCESS_KEY_ID:SECRET_ACCESS_KEY); repeatable.")
    var auth: [String] = []

    @Option(help: "Days a closed execution is kept after it stops, as on AWS (0: for ever).")
    var retention = 90

    func validate() throws {
        if inMemory, db != nil { throw ValidationError("--db and --in-memory exclude each other.") }
        if retention < 0 || retention > 36_500 { throw ValidationError("--retention takes 0 to 36500 days.") }
        guard account.count == 12, account.allSatisfy(\.isNumber) else {
            throw ValidationError("--account must be 12 digits.")
        }
        for key in auth where AWSCredentials(colonSeparated: key) == nil {
            throw ValidationError("--auth takes ACCESS_KEY_ID:SECRET_ACCESS_KEY, not '\(key)'.")
        }
    }

    func run() async throws {
        let location: StoreLocation = inMemory ? .inMemory : db.map { .file($0) } ?? .defaultFile
        let engine = try StepwiseEngine(
            location: location, names: ResourceNames(region: region, account: account),
            retention: retention > 0 ? .seconds(retention * 86_400) : nil)
        let backend = EngineBackend(engine: engine)
        let credentials = auth.compactMap(AWSCredentials.init(colonSeparated:))
        let configuration = ServerConfiguration(
            host: host, port: port,
            authentication: credentials.isEmpty ? .acceptAny : .sigV4(SigV4Verifier(credentials: credentials)))
        var logger = Logger(label: "stepwise.serve")
        logger.logLevel = .warning
        let host = host
        let dataDescription: String = if case .file(let path) = location { path } else { "in memory" }
        let app = buildApplication(backend: backend, configuration: configuration, logger: logger) { boundPort in
            Self.say("stepwise serve: listening on http://\(host):\(boundPort)")
            Self.say("stepwise serve: data \(dataDescription)")
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: EngineService(engine: engine)), .init(service: app)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        Self.say("stepwise serve: stopped")
    }

    /// Prints a line and flushes, so a parent process reading a pipe sees it at once.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// The engine's loops as a service: runs until graceful shutdown, then writes what is queued and returns.
struct EngineService: Service {
    let engine: StepwiseEngine

    func run() async throws {
        await cancelWhenGracefulShutdown { await engine.run() }
    }
}
