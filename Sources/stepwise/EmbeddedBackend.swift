import Foundation
import StepFunctionsAPI
import Stepwise
import StepwiseEngine

// Kept apart from the commands: this file imports the engine, whose types share names with the wire shapes.

/// The embedded engine on a database file, behind the backend protocol, for the commands that work locally.
enum EmbeddedBackend {
    /// The database file the commands use by default: `$STEPWISE_DB`, else `$HOME/.stepwise/stepwise.sqlite`.
    /// Only the command-line tool reads these variables; the library takes its location explicitly.
    static func defaultDatabasePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["STEPWISE_DB"], !path.isEmpty { return path }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.homeDirectoryForCurrentUser.path
        guard case .file(let path) = StoreLocation.defaultFile(home: home) else { return home + "/.stepwise/stepwise.sqlite" }
        return path
    }

    /// The process that owns a database file (see `DatabaseOwner`).
    struct Owner: Sendable {
        var pid: Int32
        /// Where it serves the Step Functions API for the file (`stepwise serve`), or nil.
        var endpoint: String?
        /// The error to show when the file cannot be reached through it.
        var refusal: String
    }

    /// What opening a database file gave: an engine opened here, or the process that already has it open.
    enum Opened {
        case engine(backend: any StepFunctionsBackend, shutdown: @Sendable () async -> Void)
        case owned(Owner)
    }

    /// Opens the engine on the database file `path` (started unless `start` is false: a command that only reads
    /// must not advance executions), or names the process that has it open.
    static func open(path: String, start: Bool = true) throws -> Opened {
        if let owner = DatabaseOwner.current(ofDatabase: path) { return .owned(Owner(owner, path: path)) }
        let engine: StepwiseEngine
        do {
            engine = try StepwiseEngine(location: .file(path))
        } catch let error as DatabaseInUseError {
            // Opened by another process between the check and the open.
            return .owned(Owner(error.owner, path: path))
        }
        if start { engine.start() }
        // A command exits right after its call: inputs the call queued (a task's ActivityStarted) are evaluated and
        // written first (bounded), since evaluation runs after the call returns.
        return .engine(
            backend: engine,
            shutdown: {
                await engine.drainEvaluations(within: .seconds(2))
                // Closed, not only shut down: the process exits next, and a file closed by its last connection has its
                // WAL folded back in and removed (the README's promise).
                do {
                    try await engine.close()
                } catch {
                    Console.err("stepwise: \(error)\n")
                }
            })
    }
}

extension EmbeddedBackend {
    /// An engine with nothing in it and no file (not started): what a command that only reads answers from when the
    /// database file does not exist.
    static func empty() throws -> any StepFunctionsBackend {
        try StepwiseEngine(location: .inMemory)
    }
}

extension EmbeddedBackend.Owner {
    init(_ owner: DatabaseOwner, path: String) {
        self.init(
            pid: owner.pid, endpoint: owner.endpoint,
            refusal: DatabaseInUseError(path: path, owner: DatabaseOwner(pid: owner.pid)).description)
    }
}
