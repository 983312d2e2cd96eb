import StepFunctionsAPI
import Stepwise
import StepwiseEngine
import StepwiseEngineAPI

// Kept apart from the commands: this file imports the engine, whose types share names with the wire shapes.

/// The embedded engine on a database file, behind the backend protocol, for the commands that work locally.
enum EmbeddedBackend {
    /// Opens the engine on `db` (else `$STEPWISE_DB`, else `~/.stepwise/stepwise.sqlite`) and starts it.
    /// - Returns: the backend and the function that shuts the engine down (finishing its writes).
    static func open(db: String?) throws -> (backend: any StepFunctionsBackend, shutdown: @Sendable () async -> Void) {
        let backend = try EngineBackend.embedded(db.map { .file($0) } ?? .defaultFile)
        return (backend, { await backend.shutdown() })
    }
}
