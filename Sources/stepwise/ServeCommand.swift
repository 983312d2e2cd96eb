import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import StepFunctionsAPI
import StepwiseEngine
import StepwiseLambda
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

    @Option(help: "The lowest level logged: trace, debug, info, notice, warning, error or critical (one line per API request at info).")
    var logLevel = "info"

    @Option(help: "How log lines are written to standard error: text or json.")
    var logFormat = "text"

    @Flag(help: "Do not serve the web console (GET /console/).")
    var noConsole = false
    @Option(
        name: .customLong("function"),
        help: ArgumentHelp(
            "A local Lambda function (repeatable): NAME=COMMAND runs COMMAND (a bootstrap talking to the Lambda Runtime API) "
                + "for lambda:invoke tasks naming NAME and for its function ARN as a Resource.",
            valueName: "NAME=COMMAND"))
    var functions: [String] = []

    func validate() throws {
        if inMemory, db != nil { throw ValidationError("--db and --in-memory exclude each other.") }
        guard account.count == 12, account.allSatisfy(\.isNumber) else {
            throw ValidationError("--account must be 12 digits.")
        }
        if Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level takes trace, debug, info, notice, warning, error or critical, not '\(logLevel)'.")
        }
        guard logFormat == "text" || logFormat == "json" else { throw ValidationError("--log-format takes text or json, not '\(logFormat)'.") }
        for key in auth where AWSCredentials(colonSeparated: key) == nil {
            throw ValidationError("--auth takes ACCESS_KEY_ID:SECRET_ACCESS_KEY, not '\(key)'.")
        }
        do {
            _ = try LocalLambda.fromOptions(functions)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() async throws {
        let location: StoreLocation = inMemory ? .inMemory : .file(db ?? EmbeddedBackend.defaultDatabasePath())
        let engine = try StepwiseEngine(location: location, names: ResourceNames(region: region, account: account))
        let backend = EngineBackend(engine: engine)
        let credentials = auth.compactMap(AWSCredentials.init(colonSeparated:))
        let configuration = ServerConfiguration(
            host: host, port: port,
            authentication: credentials.isEmpty ? .acceptAny : .sigV4(SigV4Verifier(credentials: credentials)))
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let json = logFormat == "json"
        LoggingSystem.bootstrap { label in
            if json { return JSONLogHandler(label: label, level: level) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "stepwise.serve")
        logger.logLevel = level
        let host = host
        let dataDescription: String = if case .file(let path) = location { path } else { "in memory" }
        // The console asks for this token when --auth is on; /health reports the store and the engine's loops.
        let console = ConsoleConfiguration(enabled: !noConsole, accessToken: credentials.isEmpty ? nil : ConsoleConfiguration.randomToken())
        let engineLoops = LoopStatus()
        let observability = Observability(healthChecks: [
            { engineLoops.isRunning ? nil : "the engine's loops are not running" },
            {
                guard case .file(let path) = location else { return nil }
                let directory = (path as NSString).deletingLastPathComponent
                if FileManager.default.fileExists(atPath: path) {
                    return FileManager.default.isWritableFile(atPath: path) ? nil : "the database file \(path) is not writable"
                }
                return FileManager.default.isWritableFile(atPath: directory.isEmpty ? "." : directory) ? nil : "the database directory is not writable"
            },
        ])
        let app = buildApplication(
            backend: backend, configuration: configuration, console: console, observability: observability, logger: logger
        ) { boundPort in
            // Other processes opening the same file send their calls here (see DatabaseOwner).
            engine.advertise(endpoint: "http://\(["0.0.0.0", "::", ""].contains(host) ? "127.0.0.1" : host):\(boundPort)")
            Self.say("stepwise serve: listening on http://\(host):\(boundPort)")
            Self.say("stepwise serve: data \(dataDescription)")
            if console.enabled { Self.say("stepwise serve: console http://\(host):\(boundPort)/console/") }
            if let token = console.accessToken { Self.say("stepwise serve: console token \(token)") }
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: EngineService(engine: engine, status: engineLoops)), .init(service: app)]
        if let local = try LocalLambda.fromOptions(functions, region: region, account: account) {
            engine.addTaskDispatcher(local)
            services.insert(.init(service: local), at: 0)
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services,
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
    var status = LoopStatus()

    func run() async throws {
        status.set(running: true)
        defer { status.set(running: false) }
        // The engine stops on graceful shutdown itself (it is a Service).
        await engine.run()
    }
}
