import Foundation
public import StepFunctionsAPI
public import StepwiseEngine

extension StepwiseEngine {
    /// A started engine on a private in-memory store and the given manual clock.
    public static func inMemory(clock: ManualEngineClock = ManualEngineClock()) throws -> StepwiseEngine {
        let engine = try StepwiseEngine(location: .inMemory, clock: clock)
        engine.start()
        return engine
    }
}

/// Runs `body` with a started in-memory engine on a manual clock, and shuts the engine down afterwards (first the
/// workers ``StepwiseEngine/handleHere(activityName:slots:_:)`` started in it, immediately).
///
/// ```swift
/// try await withTestEngine { engine, clock in
///     let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "Wait", definition: asl, roleArn: role))
///     let run = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn))
///     clock.advance(by: .seconds(120))
///     let result = try await engine.awaitExecution(executionArn: run.executionArn)
/// }
/// ```
public func withTestEngine<T>(
    clock: ManualEngineClock = ManualEngineClock(),
    _ body: (StepwiseEngine, ManualEngineClock) async throws -> T
) async throws -> T {
    let engine = try StepwiseEngine.inMemory(clock: clock)
    do {
        let value = try await withTestWorkers { try await body(engine, clock) }
        await engine.shutdown()
        return value
    } catch {
        await engine.shutdown()
        throw error
    }
}

extension StepwiseEngine {
    /// Creates a machine from `definition`, runs one execution with `input` and waits for it to stop.
    public func runToCompletion(
        definition: String, input: String = "{}", machineName: String = "Test", executionName: String? = nil
    ) async throws -> DescribeExecutionOutput {
        let machine = try await createStateMachine(name: machineName, definition: definition)
        let run = try await startExecution(stateMachineArn: machine.stateMachineArn, name: executionName, input: input)
        return try await awaitExecution(executionArn: run.executionArn)
    }

    /// Every history event of an execution, oldest first.
    public func allHistory(executionArn: String) throws -> [HistoryEvent] {
        var events: [HistoryEvent] = []
        var token: String?
        repeat {
            let page = try getExecutionHistory(executionArn: executionArn, maxResults: 1000, nextToken: token)
            events += page.events
            token = page.nextToken
        } while token != nil
        return events
    }
}
