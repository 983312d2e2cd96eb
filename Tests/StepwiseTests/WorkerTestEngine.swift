import StepwiseEngine
import StepwiseTesting

/// An in-memory engine on a manual clock, and its backend, for the worker tests. This file imports the engine
/// alone: the tests themselves speak the wire shapes (StepFunctionsAPI), whose names overlap the engine's.
struct WorkerTestEngine {
    let engine: StepwiseEngine
    let clock: ManualEngineClock

    init() throws {
        clock = ManualEngineClock()
        engine = try StepwiseEngine.inMemory(clock: clock)
    }

    var backend: StepwiseEngine { engine }

    /// Moves the engine's clock forward (timeouts, heartbeats).
    func advance(by duration: Duration) { clock.advance(by: duration) }

    func shutdown() async { await engine.shutdown() }
}
