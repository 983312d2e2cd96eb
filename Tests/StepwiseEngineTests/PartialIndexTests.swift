import Foundation
import GRDB
import StepFunctionsAPI
@testable import StepwiseEngine
import StepwiseTesting
import Testing

/// The v11 migration replaces the status and stop-date indexes by partial ones (fewer pages written per commit): the
/// queries that need them must still read them, on a new database and on one migrated from v10.
@Suite("Engine: partial indexes of running and stopped executions")
struct PartialIndexTests {
    private static func plan(_ sql: String, _ db: Database, arguments: StatementArguments = []) throws -> String {
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments)
            .map { $0["detail"] as String }.joined(separator: "; ")
    }

    @Test("recovery reads running executions, and the purge stopped ones, through their indexes, without a sort")
    func queryPlans() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue)
        try queue.read { db in
            let recovery = try Self.plan(Recovery.runningExecutionsSQL, db)
            #expect(recovery.contains("USING INDEX execution_running"), "\(recovery)")
            #expect(!recovery.contains("TEMP B-TREE"), "\(recovery)")
            let purge = try Self.plan(StepwiseEngine.expiredExecutionsSQL, db, arguments: ["2026-01-01 00:00:00.000", 10])
            #expect(purge.contains("USING INDEX execution_by_stop"), "\(purge)")
            #expect(!purge.contains("TEMP B-TREE"), "\(purge)")
            let running = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE name = 'execution_by_status'")
            #expect(running == 0)
        }
    }

    @Test("a database from before v11 migrates: its running execution resumes, its stopped ones are purged")
    func migratesFromV10() async throws {
        let path = temporaryDatabasePath()
        let clock = ManualEngineClock()
        let engine = try StepwiseEngine(location: .file(path), clock: clock)
        engine.start()
        let quick = try await engine.createStateMachine(name: "Quick", definition: BoundedMemoryTests.pass)
        let slow = try await engine.createStateMachine(
            name: "Slow", definition: #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}"#)
        for index in 0..<3 {
            let run = try await engine.startExecution(stateMachineArn: quick.stateMachineArn, name: "q\(index)")
            _ = try await engine.awaitExecution(executionArn: run.executionArn)
        }
        let waiting = try await engine.startExecution(stateMachineArn: slow.stateMachineArn, name: "waiting")
        await engine.shutdown()
        // Back to v10: the full status and stop-date indexes, v11 not applied.
        try await rewindSchema(of: path, """
            DROP INDEX execution_running; DROP INDEX execution_by_stop;
            CREATE INDEX execution_by_status ON execution(status); CREATE INDEX execution_by_stop ON execution(stopDate);
            DELETE FROM grdb_migrations WHERE identifier = 'v11-partial-indexes';
            """)

        clock.advance(by: .seconds(30 * 24 * 3600))
        let migrated = try StepwiseEngine(location: .file(path), clock: clock, retention: .seconds(24 * 3600))
        migrated.start()
        // The Wait was due long ago: the running execution resumes and stops now, so it is not purged; the quick
        // ones stopped 30 days ago are (the engine's own purge may run at the same time: the outcome is checked).
        let resumed = try await migrated.awaitExecution(executionArn: waiting.executionArn)
        #expect(resumed.status == .succeeded)
        _ = try await migrated.purgeExpiredExecutions()
        #expect(try migrated.listExecutions(stateMachineArn: quick.stateMachineArn).executions.isEmpty)
        #expect(try migrated.listExecutions(stateMachineArn: slow.stateMachineArn).executions.map(\.name) == ["waiting"])
        await migrated.shutdown()
        let queue = try DatabaseQueue(path: path)
        let indexes = try await queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'execution_%' ORDER BY name")
        }
        #expect(indexes.contains("execution_running") && indexes.contains("execution_by_stop") && !indexes.contains("execution_by_status"))
    }
}
