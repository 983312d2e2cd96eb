#if EmbeddedEngine
import StepwiseEngine

/// The embedded engine as a backend: `StepwiseEngine` implements ``StepFunctionsBackend`` itself. The name stays
/// for the README's and users' `EngineBackend.embedded(...)`.
public typealias EngineBackend = StepwiseEngine

extension StepwiseEngine {
    /// Opens the embedded engine and starts it, behind the backend protocol: the default backend, with no
    /// account and no server. Executions that were RUNNING when the last process stopped resume.
    ///
    /// ```swift
    /// let backend = try EngineBackend.embedded(.file("orders.sqlite"))
    /// let pizza = try await backend.execute(pizzaWorkflow(), input: order)
    /// try await backend.close()  // or shutdown(), to start it again later
    /// ```
    /// - Parameters:
    ///   - location: the SQLite file (created if missing) or `.inMemory`. A file has one engine at a time.
    ///   - clock: the source of time; tests use `StepwiseTesting`'s manual clock.
    ///   - names: the region and account in ARNs.
    /// - Throws: `DatabaseInUseError` when another engine has the file open; an error when the database cannot be
    ///   opened or migrated.
    public static func embedded(
        _ location: StoreLocation, clock: any EngineClock = SystemEngineClock(),
        names: ResourceNames = ResourceNames()
    ) throws -> StepwiseEngine {
        let engine = try StepwiseEngine(location: location, clock: clock, names: names)
        engine.start()
        return engine
    }
}
#endif
