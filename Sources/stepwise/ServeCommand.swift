import ArgumentParser
import Foundation
import GRDB
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
    var idleTimeout: Double = 75

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
        if auth.isEmpty, !Self.isLoopback(host) {
            Self.warn(
                "stepwise serve: warning: listening on \(host) without --auth: anyone who can reach this port can "
                    + "start, stop and read executions. Pass --auth ACCESS_KEY_ID:SECRET_ACCESS_KEY to require SigV4 signatures.")
        }
        let location: StoreLocation = inMemory ? .inMemory : db.map { .file($0) } ?? .defaultFile
        if case .file(let path) = location { try DatabaseCheck.check(path) }
        let engine = try StepwiseEngine(location: location, names: ResourceNames(region: region, account: account))
        let backend = EngineBackend(engine: engine)
        let credentials = auth.compactMap(AWSCredentials.init(colonSeparated:))
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

/// What `serve` checks before the engine opens its database file: that the path can hold a database, and that
/// an existing file is an intact SQLite database (`PRAGMA quick_check`). Every refusal names the path and why.
enum DatabaseCheck {
    struct Refusal: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot open the database '\(path)': \(reason)" }
    }

    static func check(_ path: String) throws {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        let directory = (path as NSString).deletingLastPathComponent
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else {
            // A new file: its directory must be (or become) a writable directory.
            var ancestor = directory.isEmpty ? "." : directory
            while !files.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
                let parent = (ancestor as NSString).deletingLastPathComponent
                if parent.isEmpty || parent == ancestor { return }
                ancestor = parent
            }
            if !isDirectory.boolValue { throw Refusal(path: path, reason: "'\(ancestor)' is a file, not a directory") }
            if !files.isWritableFile(atPath: ancestor) {
                throw Refusal(path: path, reason: "the file does not exist and the directory '\(ancestor)' is not writable")
            }
            return
        }
        if isDirectory.boolValue { throw Refusal(path: path, reason: "it is a directory, not a database file") }
        if !files.isReadableFile(atPath: path) { throw Refusal(path: path, reason: "permission denied: the file is not readable") }
        if !files.isWritableFile(atPath: path) {
            throw Refusal(
                path: path, reason: "the file is read-only; the engine writes to its database (serving a read-only copy is not supported)")
        }
        if !files.isWritableFile(atPath: directory.isEmpty ? "." : directory) {
            throw Refusal(
                path: path, reason: "the directory '\(directory)' is not writable (SQLite keeps its -wal and -shm files next to the database)")
        }
        let problems: [String]
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            problems = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            try queue.close()
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
    }
}
