import Foundation
import StepFunctionsAPI
@testable import StepwiseEngine
import Testing

/// An engine the program lets go of is freed, and with it the database: SQLite folds the WAL back into the file and
/// removes it (the README's promise), also after the engine ran and was shut down.
@Suite("Engine: released after use")
struct EngineReleaseTests {
    private static let pass = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": true}, "End": true}}}"#

    @Test("a started, used and shut-down engine is freed once released, and its WAL is removed")
    func startedEngineIsFreed() async throws {
        let path = temporaryDatabasePath()
        weak var released: StepwiseEngine?
        weak var store: EngineStore?
        do {
            let engine = try StepwiseEngine(location: .file(path))
            released = engine
            store = engine.store
            engine.start()
            let machine = try await engine.createStateMachine(name: "Quick", definition: Self.pass)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "one")
            _ = try await engine.awaitExecution(executionArn: run.executionArn)
            await engine.shutdown()
        }
        for _ in 0..<100 where released != nil || store != nil { try await Task.sleep(for: .milliseconds(20)) }
        #expect(released == nil)
        #expect(store == nil)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("close() shuts down and closes the file at once: the WAL is folded in and removed, the executions read back")
    func closeRemovesTheWAL() async throws {
        let path = temporaryDatabasePath()
        let engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let machine = try await engine.createStateMachine(name: "Quick", definition: Self.pass)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "one")
        _ = try await engine.awaitExecution(executionArn: run.executionArn)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        try await engine.close()
        // Held by the test until here: nothing waits for the engine to be released.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
        await #expect(throws: (any Error).self) {
            _ = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "after-close")
        }
        withExtendedLifetime(engine) {}

        let reopened = try StepwiseEngine(location: .file(path))
        reopened.start()
        #expect(try reopened.describeExecution(executionArn: run.executionArn).output == #"{"ok":true}"#)
        try await reopened.close()
    }
}
