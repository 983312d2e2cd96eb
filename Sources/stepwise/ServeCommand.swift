import ArgumentParser
import Foundation
import GRDB
import Logging
import ServiceLifecycle
import StepFunctionsAPI
import StepFunctionsClient
import Stepwise
import StepwiseEngine
import StepwiseLambda
import StepwiseServer
import UnixSignals

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
            With --port 0 a free port is chosen; the line "stepwise serve: listening on http://HOST:PORT" names it. \
            The same port speaks Lambda's API for local functions (aws lambda create-function --zip-file fileb://f.zip \
            with a bootstrap, or python3.x with awslambdaric installed); they are kept in DB.functions/ beside the database.
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

    @Option(
        help: ArgumentHelp(
            "Forward Tasks calling other AWS services (DynamoDB, SQS, SNS, EventBridge, aws-sdk:* JSON services, aws-sdk:s3) and "
                + "Distributed Map ItemReader/ResultWriter S3 access to this "
                + "endpoint (LocalStack, moto), signed with the SDK credential chain; 'aws' sends each to AWS in --region.",
            valueName: "URL"))
    var awsEndpoint: String?

    @Option(help: "Close a connection that sends nothing (between requests, or mid-request) for this many seconds.")
    var idleTimeout: Double = 75

    @Option(help: "Answer 408 and close the connection when a request body takes longer than this many seconds.")
    var bodyTimeout: Double = 60

    @Option(help: "Days a closed execution is kept after it stops, as on AWS (0: for ever).")
    var retention = 90

    @Flag(
        help: """
            Serve the database read-only: Describe*, List* and GetExecutionHistory are answered, every other operation \
            gets AccessDeniedException and no execution advances. Chosen by itself when the file or its directory \
            is not writable.
            """)
    var readOnly = false

    @Option(help: ArgumentHelp(
        "A mock configuration file in AWS Step Functions Local's format (default: $SFN_MOCK_CONFIG): an execution started "
            + "on STATE_MACHINE_ARN#TestCase answers the test case's mocked responses.", valueName: "FILE"))
    var mockConfig: String?

    @Option(
        name: .customLong("s3-directory"),
        help: ArgumentHelp(
            "Serve a Distributed Map's ItemReader and ResultWriter for S3 bucket BUCKET from directory DIR (repeatable): "
                + "object keys are paths under DIR.",
            valueName: "BUCKET=DIR"))
    var s3Directories: [String] = []

    @Option(help: ConnectionOptions.help)
    var connections: String?

    func validate() throws {
        if inMemory, db != nil { throw ValidationError("--db and --in-memory exclude each other.") }
        if inMemory, readOnly { throw ValidationError("--read-only serves a database file; it cannot be combined with --in-memory.") }
        if retention < 0 || retention > 36_500 { throw ValidationError("--retention takes 0 to 36500 days.") }
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
        _ = try MockOptions.load(mockConfig)
        if let awsEndpoint, awsEndpoint != "aws", !(awsEndpoint.hasPrefix("http://") || awsEndpoint.hasPrefix("https://")) {
            throw ValidationError("--aws-endpoint takes an http:// or https:// URL, or 'aws', not '\(awsEndpoint)'.")
        }
        _ = try ConnectionOptions.load(connections)
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
        if auth.isEmpty, !Self.isLoopback(host) {
            Self.warn(
                "stepwise serve: warning: listening on \(host) without --auth: anyone who can reach this port can "
                    + "start, stop and read executions. Pass --auth ACCESS_KEY_ID:SECRET_ACCESS_KEY to require SigV4 signatures.")
        }
        let location: StoreLocation = inMemory ? .inMemory : .file(db ?? EmbeddedBackend.defaultDatabasePath())
        // Read-only when asked, or when the file or its directory cannot be written (the reason is named to clients).
        var unwritable: String?
        if case .file(let path) = location { unwritable = try DatabaseCheck.check(path, readOnly: readOnly) }
        let readOnlyReason = readOnly ? "--read-only" : unwritable
        let engineLocation: StoreLocation =
            if case .file(let path) = location, readOnlyReason != nil { .readOnlyFile(path) } else { location }
        let credentials = auth.compactMap(AWSCredentials.init(colonSeparated:))
        var configuration = ServerConfiguration(
            host: host, port: port,
            authentication: credentials.isEmpty ? .acceptAny : .sigV4(SigV4Verifier(credentials: credentials, region: region)),
            idleTimeout: .milliseconds(Int64(idleTimeout * 1000)), bodyTimeout: .milliseconds(Int64(bodyTimeout * 1000)))
        configuration.readOnlyReason = readOnlyReason
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
        var observability = Observability(healthChecks: [
            { engineLoops.isRunning ? nil : "the engine's loops are not running" },
            {
                guard case .file(let path) = location, readOnlyReason == nil else { return nil }
                let directory = (path as NSString).deletingLastPathComponent
                if FileManager.default.fileExists(atPath: path) {
                    return FileManager.default.isWritableFile(atPath: path) ? nil : "the database file \(path) is not writable"
                }
                return FileManager.default.isWritableFile(atPath: directory.isEmpty ? "." : directory) ? nil : "the database directory is not writable"
            },
        ])
        // The engine records its metrics into the registry /metrics serves (and spans into a bootstrapped tracer).
        let engine = try StepwiseEngine(
            location: engineLocation, names: ResourceNames(region: region, account: account),
            retention: retention > 0 && readOnlyReason == nil ? .seconds(retention * 86_400) : nil,
            metrics: observability.metrics.factory,
            logger: {
                var engineLogger = Logger(label: "stepwise.engine")
                engineLogger.logLevel = level
                return engineLogger
            }())
        engine.setMockConfiguration(try MockOptions.load(mockConfig))
        engine.setHTTPConnections(try ConnectionOptions.load(connections))
        for mapping in s3Directories {
            let parts = mapping.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--s3-directory takes BUCKET=DIR, not '\(mapping)'.")
            }
            try engine.mapS3Bucket(parts[0], toDirectory: parts[1])
        }
        observability.engine = engine
        let backend = engine
        // The local Lambda: --function commands, and functions created through Lambda's API (kept beside the database
        // file, or in a temporary directory removed at the end with --in-memory).
        let local = try LocalLambda.fromOptions(functions, region: region, account: account) ?? LocalLambda(region: region, account: account)
        let functionsDirectory: URL =
            if case .file(let path) = location { URL(fileURLWithPath: path + ".functions") } else {
                FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-functions-\(UUID().uuidString.lowercased())")
            }
        defer { if inMemory { try? FileManager.default.removeItem(at: functionsDirectory) } }
        let functionStore = FunctionStore(root: functionsDirectory, local: local)
        for skipped in functionStore.load() { Self.warn("stepwise serve: warning: the function \(skipped) in \(functionsDirectory.path) cannot be read; skipped") }
        engine.addTaskDispatcher(local)
        if let awsEndpoint {
            let client = try StepFunctionsClient(region: region)
            let forwarding = ServiceForwarding(client: client, endpoint: awsEndpoint == "aws" ? nil : awsEndpoint)
            engine.addTaskDispatcher(forwarding)
            if let s3 = forwarding.s3 { engine.useS3(s3) }
        }
        let app = buildApplication(
            backend: backend, configuration: configuration, console: console, observability: observability, lambda: functionStore,
            logger: logger
        ) { boundPort in
            // Other processes opening the same file send their calls here (see DatabaseOwner).
            engine.advertise(endpoint: "http://\(["0.0.0.0", "::", ""].contains(host) ? "127.0.0.1" : host):\(boundPort)")
            Self.say("stepwise serve: listening on http://\(host):\(boundPort)")
            Self.say("stepwise serve: data \(dataDescription)")
            if let readOnlyReason {
                Self.say("stepwise serve: read-only (\(readOnlyReason)): only Describe*, List* and GetExecutionHistory are answered")
            }
            if console.enabled { Self.say("stepwise serve: console http://\(host):\(boundPort)/console/") }
            if let token = console.accessToken { Self.say("stepwise serve: console token \(token)") }
        }
        let services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: local), .init(service: EngineService(engine: engine, status: engineLoops)), .init(service: app),
        ]
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        Self.say("stepwise serve: stopped")
    }

    /// Prints a line on standard error.
    static func warn(_ line: String) {
        Console.err(line + "\n")
    }

    /// Prints a line and flushes, so a parent process reading a pipe sees it at once.
    static func say(_ line: String) {
        Console.out(line + "\n")
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

/// What `serve` checks before the engine opens its database file: that the path can hold a database, and that
/// an existing file is an intact SQLite database (`PRAGMA quick_check`). Every refusal names the path and why.
enum DatabaseCheck {
    struct Refusal: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot open the database '\(path)': \(reason)" }
    }

    /// - Parameter readOnly: the database is to be served read-only: it must exist, and need not be writable.
    /// - Returns: why the database can only be served read-only (the file or its directory is not writable), or nil.
    static func check(_ path: String, readOnly: Bool = false) throws -> String? {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        let directory = (path as NSString).deletingLastPathComponent
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if readOnly { throw Refusal(path: path, reason: "the file does not exist (a database served read-only must exist)") }
            // A new file: its directory must be (or become) a writable directory.
            var ancestor = directory.isEmpty ? "." : directory
            while !files.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
                let parent = (ancestor as NSString).deletingLastPathComponent
                if parent.isEmpty || parent == ancestor { return nil }
                ancestor = parent
            }
            if !isDirectory.boolValue { throw Refusal(path: path, reason: "'\(ancestor)' is a file, not a directory") }
            if !files.isWritableFile(atPath: ancestor) {
                throw Refusal(path: path, reason: "the file does not exist and the directory '\(ancestor)' is not writable")
            }
            return nil
        }
        if isDirectory.boolValue { throw Refusal(path: path, reason: "it is a directory, not a database file") }
        if !files.isReadableFile(atPath: path) { throw Refusal(path: path, reason: "permission denied: the file is not readable") }
        var unwritable: String?
        if !files.isWritableFile(atPath: path) {
            unwritable = "the file is read-only"
        } else if !files.isWritableFile(atPath: directory.isEmpty ? "." : directory) {
            unwritable = "the directory '\(directory)' is not writable"
        }
        let problems: [String]
        do {
            var configuration = Configuration()
            configuration.readonly = true
            problems = try quickCheck(path, configuration: configuration)
        } catch let error as DatabaseError {
            let reason =
                switch error.resultCode {
                case .SQLITE_NOTADB: "the file is not a SQLite database (or its header is corrupt)"
                case .SQLITE_CORRUPT: "the file is corrupt (\(error.message ?? "database disk image is malformed"))"
                case .SQLITE_CANTOPEN: "SQLite cannot open it (\(error.message ?? "unable to open database file"))"
                default: "SQLite error \(error.resultCode.rawValue): \(error.message ?? "unknown")"
                }
            throw Refusal(path: path, reason: reason)
        }
        if problems != ["ok"] {
            let shown = problems.prefix(3).joined(separator: "; ")
            throw Refusal(
                path: path,
                reason: "the file is corrupt (PRAGMA quick_check: \(shown)); restore it from a backup or move it aside")
        }
        return unwritable
    }

    /// `PRAGMA quick_check` on a read-only connection; a WAL database whose `-shm` file cannot be created (a
    /// read-only directory) is read as immutable.
    private static func quickCheck(_ path: String, configuration: Configuration) throws -> [String] {
        func run(_ location: String) throws -> [String] {
            let queue = try DatabaseQueue(path: location, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        }
        do {
            return try run(path)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN {
            if let problems = try? run("file:\(path)?immutable=1") { return problems }
            throw error
        }
    }
}
