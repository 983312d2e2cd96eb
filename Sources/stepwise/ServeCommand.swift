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

    @Option(help: "Close a connection that sends nothing (between requests, or mid-request) for this many seconds.")
    var idleTimeout: Double = 60

    @Option(help: "Answer 408 and close the connection when a request body takes longer than this many seconds.")
    var bodyTimeout: Double = 60

    func validate() throws {
        if inMemory, db != nil { throw ValidationError("--db and --in-memory exclude each other.") }
        guard account.count == 12, account.allSatisfy(\.isNumber) else {
            throw ValidationError("--account must be 12 digits.")
        }
        for key in auth where AWSCredentials(colonSeparated: key) == nil {
            throw ValidationError("--auth takes ACCESS_KEY_ID:SECRET_ACCESS_KEY, not '\(key)'.")
        }
        for (name, value) in [("--idle-timeout", idleTimeout), ("--body-timeout", bodyTimeout)] where !(value > 0 && value <= 86_400) {
            throw ValidationError("\(name) must be between 0 and 86400 seconds, not \(value).")
        }
    }

    /// Whether `host` binds only the loopback interface (`127.0.0.0/8`, `::1`, `localhost`).
    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    func run() async throws {
        let location: StoreLocation = inMemory ? .inMemory : db.map { .file($0) } ?? .defaultFile
        let engine = try StepwiseEngine(location: location, names: ResourceNames(region: region, account: account))
        let backend = EngineBackend(engine: engine)
        let credentials = auth.compactMap(AWSCredentials.init(colonSeparated:))
        if credentials.isEmpty, !Self.isLoopback(host) {
            Self.warn(
                "stepwise serve: warning: listening on \(host) without --auth: anyone who can reach this port can "
                    + "start, stop and read executions. Pass --auth ACCESS_KEY_ID:SECRET_ACCESS_KEY to require SigV4 signatures.")
        }
        let configuration = ServerConfiguration(
            host: host, port: port,
            authentication: credentials.isEmpty ? .acceptAny : .sigV4(SigV4Verifier(credentials: credentials, region: region)),
            idleTimeout: .milliseconds(Int64(idleTimeout * 1000)), bodyTimeout: .milliseconds(Int64(bodyTimeout * 1000)))
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

    /// Prints a line on standard error.
    static func warn(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
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
