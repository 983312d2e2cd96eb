import Foundation
import GRDB
import StepFunctionsAPI
@testable import StepwiseEngine
import StepwiseTesting
import Testing

/// A long definition is stored once (by its SHA-256, in `definitionText`), not in every execution's row, where every
/// commit that changed the row wrote it again; every read of an execution puts it back.
@Suite("Engine: a long definition is stored once and read back for every execution that runs it")
struct SharedDefinitionTests {
    /// A definition of about `bytes` bytes: a Pass state and a long comment (`tag` makes two of them differ).
    static func longDefinition(_ tag: String, bytes: Int = 6000) -> String {
        let comment = String(repeating: "\(tag) ", count: bytes / (tag.count + 1))
        return #"{"Comment": "\#(comment)", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#
    }

    @Test("executions of a long definition share one stored copy; each is described with its own revision's")
    func storedOnce() async throws {
        let path = temporaryDatabasePath()
        let first = Self.longDefinition("first")
        let second = Self.longDefinition("second")
        let short = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#
        #expect(first.utf8.count >= EngineStore.sharedDefinitionBytes)
        #expect(short.utf8.count < EngineStore.sharedDefinitionBytes)
        var engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let machine = try await engine.createStateMachine(name: "Long", definition: first)
        let shortMachine = try await engine.createStateMachine(name: "Short", definition: short)
        var before: [String] = []
        for index in 0..<5 {
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "before-\(index)")
            #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .succeeded)
            before.append(run.executionArn)
        }
        try await engine.updateStateMachine(stateMachineArn: machine.stateMachineArn, definition: second)
        var after: [String] = []
        for index in 0..<3 {
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "after-\(index)")
            #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .succeeded)
            after.append(run.executionArn)
        }
        let shortRun = try await engine.startExecution(stateMachineArn: shortMachine.stateMachineArn, name: "short")
        _ = try await engine.awaitExecution(executionArn: shortRun.executionArn)
        await engine.shutdown()

        let queue = try DatabaseQueue(path: path)
        try await queue.read { db in
            // One stored copy per definition; the rows of its executions hold none.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM definitionText") == 2)
            let long = try Row.fetchAll(
                db, sql: "SELECT definition, definitionHash FROM execution WHERE stateMachineArn = ?",
                arguments: [machine.stateMachineArn])
            #expect(long.count == 8)
            #expect(long.allSatisfy { ($0["definition"] as String).isEmpty && ($0["definitionHash"] as String?) != nil })
            #expect(Set(long.map { $0["definitionHash"] as String }).count == 2)
            // A short definition stays in its row.
            let kept = try Row.fetchOne(
                db, sql: "SELECT definition, definitionHash FROM execution WHERE arn = ?", arguments: [shortRun.executionArn])
            #expect(kept?["definition"] == short)
            #expect((kept?["definitionHash"] as String?) == nil)
        }
        try queue.close()

        // Read back from the store by a new engine (nothing of them in memory).
        engine = try StepwiseEngine(location: .file(path))
        engine.start()
        for arn in before {
            #expect(try engine.describeStateMachineForExecution(executionArn: arn).definition == first)
        }
        for arn in after {
            #expect(try engine.describeStateMachineForExecution(executionArn: arn).definition == second)
        }
        #expect(try engine.describeStateMachineForExecution(executionArn: shortRun.executionArn).definition == short)
        await engine.shutdown()
    }

    @Test("a row from before v12, its long definition in the row and no reference, is read as it is")
    func rowsFromBefore() async throws {
        let path = temporaryDatabasePath()
        let definition = Self.longDefinition("old")
        var engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let machine = try await engine.createStateMachine(name: "Old", definition: definition)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "old")
        _ = try await engine.awaitExecution(executionArn: run.executionArn)
        await engine.shutdown()
        // As v11 wrote it: the definition in the row, no stored copy.
        try await rewindSchema(of: path, """
            UPDATE execution SET definition = (SELECT text FROM definitionText), definitionHash = NULL;
            DELETE FROM definitionText;
            """)
        engine = try StepwiseEngine(location: .file(path))
        engine.start()
        #expect(try engine.describeStateMachineForExecution(executionArn: run.executionArn).definition == definition)
        await engine.shutdown()
    }

    @Test("an execution of a long definition that was running resumes after a restart, from the stored copy")
    func recoveryReadsTheStoredCopy() async throws {
        let path = temporaryDatabasePath()
        var engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let activity = try await engine.createActivity(name: "LongWork")
        let comment = String(repeating: "a long comment ", count: 400)
        let definition = """
            {"Comment": "\(comment)", "StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "\(activity.activityArn)", "Next": "P"},
              "P": {"Type": "Pass", "Parameters": {"done.$": "$.n"}, "End": true}}}
            """
        #expect(definition.utf8.count >= EngineStore.sharedDefinitionBytes)
        let machine = try await engine.createStateMachine(name: "LongTask", definition: definition)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "resumed", input: #"{"n": 7}"#)
        await engine.shutdown()

        engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(30)))
        try await engine.sendTaskSuccess(taskToken: task.taskToken, output: #"{"n": 8}"#)
        let result = try await engine.awaitExecution(executionArn: run.executionArn)
        #expect(result.status == .succeeded)
        #expect(result.output == #"{"done":8}"#)
        #expect(try engine.describeStateMachineForExecution(executionArn: run.executionArn).definition == definition)
        await engine.shutdown()
    }

    @Test("the retention purge deletes a stored definition with the last execution that refers to it, not before")
    func purgedWithItsLastExecution() async throws {
        let day = 86_400.0
        let clock = ManualEngineClock()
        let engine = try StepwiseEngine(location: .file(temporaryDatabasePath()), clock: clock, retention: .seconds(90 * 86_400))
        engine.start()
        let first = Self.longDefinition("first")
        let second = Self.longDefinition("second")
        let machine = try await engine.createStateMachine(name: "Long", definition: first)
        func run(_ name: String) async throws -> String {
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: name)
            #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .succeeded)
            return run.executionArn
        }
        func stored() throws -> Set<String> {
            try engine.store.read { db in Set(try String.fetchAll(db, sql: "SELECT text FROM definitionText")) }
        }
        _ = try await run("old-1")
        _ = try await run("old-2")
        try await engine.updateStateMachine(stateMachineArn: machine.stateMachineArn, definition: second)
        clock.advance(to: clock.now.addingTimeInterval(50 * day))
        let kept = try await run("kept")
        #expect(try stored() == [first, second])

        // 91 days after the first two stopped, 41 after the third: the first definition goes with its last execution.
        clock.advance(to: clock.now.addingTimeInterval(41 * day))
        _ = try await engine.purgeExpiredExecutions()
        #expect(try stored() == [second])
        #expect(try engine.describeStateMachineForExecution(executionArn: kept).definition == second)

        // A start of a purged definition stores it again.
        try await engine.updateStateMachine(stateMachineArn: machine.stateMachineArn, definition: first)
        let again = try await run("again")
        #expect(try stored() == [first, second])
        #expect(try engine.describeStateMachineForExecution(executionArn: again).definition == first)

        clock.advance(to: clock.now.addingTimeInterval(91 * day))
        _ = try await engine.purgeExpiredExecutions()
        #expect(try stored().isEmpty)
        // The purge finds an execution that still refers to a definition through the partial index.
        let plan = try engine.store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + StepwiseEngine.unreferencedDefinitionSQL, arguments: ["x", "x"])
                .map { $0["detail"] as String }.joined(separator: "; ")
        }
        #expect(plan.contains("execution_by_definition"), "\(plan)")
        await engine.shutdown()
    }
}
