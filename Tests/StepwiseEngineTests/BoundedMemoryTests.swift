import StepFunctionsAPI
import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

/// Memory holds what runs: closed executions are answered from the store (Describe, List, History, redrive), the
/// retention purge deletes old ones, and `StoreReader` reads a file without starting an engine.
@Suite("Engine: bounded memory, retention and the store reader")
struct BoundedMemoryTests {
    static let pass = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"done": true}, "End": true}}}"#
    static let wait = #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}"#

    @Test("closed executions leave memory; Describe, List and History still answer for them, across a restart")
    func closedExecutionsLeaveMemory() async throws {
        let path = temporaryDatabasePath()
        let clock = ManualEngineClock()
        let engine = try StepwiseEngine(location: .file(path), clock: clock)
        engine.start()
        let machine = try await engine.createStateMachine(name: "Quick", definition: Self.pass)
        let slow = try await engine.createStateMachine(name: "Slow", definition: Self.wait)
        var arns: [String] = []
        for index in 0..<5 {
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "q\(index)")
            _ = try await engine.awaitExecution(executionArn: run.executionArn)
            arns.append(run.executionArn)
        }
        let waiting = try await engine.startExecution(stateMachineArn: slow.stateMachineArn, name: "w")
        #expect(engine.memoryCounts == EngineMemoryCounts(executions: 1, runtimes: 1, tasks: 0, timers: 1))
        let described = try engine.describeExecution(executionArn: arns[2])
        #expect(described.status == .succeeded && described.output == #"{"done":true}"# && described.input == "{}")
        #expect(try engine.listExecutions(stateMachineArn: machine.stateMachineArn).executions.map(\.name) == [
            "q4", "q3", "q2", "q1", "q0",
        ])
        #expect(types(try engine.getExecutionHistory(executionArn: arns[0]).events) == [
            "ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
        ])
        // A closed execution's name stays taken, even with the same input (it is not RUNNING).
        #expect(await awsError {
            _ = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "q1")
        } == "ExecutionAlreadyExists")
        #expect(try await engine.awaitExecution(executionArn: arns[1]).status == .succeeded)
        await engine.shutdown()

        let again = try StepwiseEngine(location: .file(path), clock: clock)
        again.start()
        // Only the RUNNING execution is loaded; order and paging survive the restart.
        #expect(again.memoryCounts.executions == 1)
        let first = try again.listExecutions(stateMachineArn: machine.stateMachineArn, maxResults: 3)
        #expect(first.executions.map(\.name) == ["q4", "q3", "q2"])
        let second = try again.listExecutions(
            stateMachineArn: machine.stateMachineArn, maxResults: 3, nextToken: first.nextToken)
        #expect(second.executions.map(\.name) == ["q1", "q0"] && second.nextToken == nil)
        let next = try await again.startExecution(stateMachineArn: machine.stateMachineArn, name: "q5")
        _ = try await again.awaitExecution(executionArn: next.executionArn)
        #expect(try again.listExecutions(stateMachineArn: machine.stateMachineArn, maxResults: 1).executions.map(\.name) == ["q5"])
        clock.advance(by: .seconds(61))
        #expect(try await again.awaitExecution(executionArn: waiting.executionArn).status == .succeeded)
        #expect(again.memoryCounts == EngineMemoryCounts(executions: 0, runtimes: 0, tasks: 0, timers: 0))
        #expect(await awsError {
            _ = try again.listExecutions(stateMachineArn: machine.stateMachineArn, nextToken: "bogus")
        } == "InvalidToken")
        await again.shutdown()
    }

    @Test("a redrive of an execution read back from the store runs again in memory, then leaves it")
    func redriveFromTheStore() async throws {
        try await withTestEngine { engine, _ in
            let machine = try await engine.createStateMachine(
                name: "Fails", definition: #"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}"#)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "f")
            #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .failed)
            #expect(engine.memoryCounts.executions == 0)
            try await engine.redriveExecution(executionArn: run.executionArn)
            let redriven = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(redriven.status == .failed && redriven.redriveCount == 1)
            #expect(engine.memoryCounts.executions == 0)
            #expect(await awsError { try await engine.sendTaskSuccess(taskToken: "not-a-token", output: "{}") } == "InvalidToken")
        }
    }

    @Test("retention deletes executions stopped longer ago, in pages; running and recent ones stay")
    func retentionPurges() async throws {
        let clock = ManualEngineClock()
        let engine = try StepwiseEngine(location: .inMemory, clock: clock, retention: .seconds(90 * 86_400))
        engine.start()
        let machine = try await engine.createStateMachine(name: "Quick", definition: Self.pass)
        let slow = try await engine.createStateMachine(name: "Slow", definition: Self.wait)
        let oldCount = StepwiseEngine.purgeBatchSize + 5
        var old: [String] = []
        for index in 0..<oldCount {
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "old\(index)")
            old.append(run.executionArn)
        }
        for arn in old { _ = try await engine.awaitExecution(executionArn: arn) }
        let running = try await engine.startExecution(stateMachineArn: slow.stateMachineArn, name: "running")
        clock.advance(to: clock.now.addingTimeInterval(80 * 86_400))
        let recent = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "recent")
        _ = try await engine.awaitExecution(executionArn: recent.executionArn)
        // 80 days: nothing has expired yet.
        #expect(try await engine.purgeExpiredExecutions() == 0)
        clock.advance(to: clock.now.addingTimeInterval(11 * 86_400))
        // 91 days after the old ones stopped (and 11 after the recent one): the old ones go, in several pages (the
        // engine's own hourly purge may run at the same time: the outcome is checked, not who deleted what).
        _ = try await engine.purgeExpiredExecutions()
        for arn in old {
            #expect(await awsError { _ = try engine.describeExecution(executionArn: arn) } == "ExecutionDoesNotExist")
        }
        #expect(await awsError { _ = try engine.getExecutionHistory(executionArn: old[7]) } == "ExecutionDoesNotExist")
        #expect(try engine.describeExecution(executionArn: recent.executionArn).status == .succeeded)
        #expect(try engine.listExecutions(stateMachineArn: machine.stateMachineArn).executions.map(\.name) == ["recent"])
        // The Wait of the running execution fired long ago; it is not purged before it has been stopped 90 days.
        #expect(try await engine.awaitExecution(executionArn: running.executionArn).status == .succeeded)
        #expect(try await engine.purgeExpiredExecutions() == 0)
        // A purged execution's name can be used again, as on AWS.
        let reused = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "old0")
        #expect(try await engine.awaitExecution(executionArn: reused.executionArn).status == .succeeded)
        await engine.shutdown()
    }

    @Test("an engine without retention keeps everything")
    func noRetentionKeepsAll() async throws {
        try await withTestEngine { engine, clock in
            let machine = try await engine.createStateMachine(name: "Quick", definition: Self.pass)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn)
            _ = try await engine.awaitExecution(executionArn: run.executionArn)
            clock.advance(by: .seconds(400 * 86_400))
            #expect(try await engine.purgeExpiredExecutions() == 0)
            #expect(try engine.describeExecution(executionArn: run.executionArn).status == .succeeded)
        }
    }

    @Test("StoreReader reads a file without advancing its executions, also while an engine runs on it")
    func storeReaderReadsWithoutAnEngine() async throws {
        let path = temporaryDatabasePath()
        let clock = ManualEngineClock()
        let engine = try StepwiseEngine(location: .file(path), clock: clock)
        engine.start()
        let machine = try await engine.createStateMachine(name: "Slow", definition: Self.wait)
        let quick = try await engine.createStateMachine(name: "Quick", definition: Self.pass)
        let done = try await engine.startExecution(stateMachineArn: quick.stateMachineArn, name: "done")
        _ = try await engine.awaitExecution(executionArn: done.executionArn)
        let waiting = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "w", input: #"{"a":1}"#)

        // While the engine runs.
        let live = try StoreReader(path: path, clock: clock)
        #expect(try live.describeExecution(executionArn: done.executionArn).output == #"{"done":true}"#)
        #expect(try live.listStateMachines().stateMachines.map(\.name) == ["Quick", "Slow"])
        await engine.shutdown()

        // With no engine: the Wait is long overdue, but reading does not fire it.
        clock.advance(by: .seconds(3600))
        let reader = try StoreReader(path: path, clock: clock)
        let described = try reader.describeExecution(executionArn: waiting.executionArn)
        #expect(described.status == .running && described.input == #"{"a":1}"#)
        #expect(types(try reader.getExecutionHistory(executionArn: waiting.executionArn).events) == [
            "ExecutionStarted", "WaitStateEntered",
        ])
        let page = try reader.listExecutions(stateMachineArn: machine.stateMachineArn, statusFilter: .running)
        #expect(page.executions.map(\.name) == ["w"])
        let firstMachine = try reader.listStateMachines(maxResults: 1)
        #expect(firstMachine.stateMachines.map(\.name) == ["Quick"])
        #expect(try reader.listStateMachines(maxResults: 1, nextToken: firstMachine.nextToken).stateMachines.map(\.name) == ["Slow"])
        #expect(try reader.describeStateMachine(stateMachineArn: machine.stateMachineArn).definition == Self.wait)
        #expect(await awsError { _ = try reader.describeExecution(executionArn: waiting.executionArn + "x") }
            == "ExecutionDoesNotExist")
        #expect(await awsError { _ = try reader.listExecutions(stateMachineArn: machine.stateMachineArn + "x") }
            == "StateMachineDoesNotExist")
        #expect(await awsError { _ = try StoreReader(path: path + ".missing") } == "ResourceNotFound")
        // Still RUNNING for the reader after all that; an engine started later resumes it.
        #expect(try StoreReader(path: path, clock: clock).describeExecution(executionArn: waiting.executionArn).status == .running)
        let resumed = try StepwiseEngine(location: .file(path), clock: clock)
        resumed.start()
        #expect(try await resumed.awaitExecution(executionArn: waiting.executionArn).status == .succeeded)
        await resumed.shutdown()
    }
}

/// The v6 migration numbers the executions of an existing database in start order.
@Suite("Engine: migrating a database from before v6")
struct BoundedMemoryMigrationTests {
    @Test("executions stored before v6 list newest first after the migration, and new ones come first")
    func startOrderIsRebuilt() async throws {
        let path = temporaryDatabasePath()
        let clock = ManualEngineClock()
        let engine = try StepwiseEngine(location: .file(path), clock: clock)
        engine.start()
        let machine = try await engine.createStateMachine(name: "Quick", definition: BoundedMemoryTests.pass)
        for index in 0..<4 {
            clock.advance(by: .seconds(1))
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "e\(index)")
            _ = try await engine.awaitExecution(executionArn: run.executionArn)
        }
        await engine.shutdown()
        // Back to the v5 schema: no start sequence, the old indexes, v6 (and v11, which indexes the start sequence)
        // not applied.
        try await rewindSchema(of: path, """
            DROP INDEX execution_page; DROP INDEX execution_page_by_status; DROP INDEX execution_by_stop;
            DROP INDEX execution_by_sequence; DROP INDEX execution_running; ALTER TABLE execution DROP COLUMN startSequence;
            CREATE INDEX execution_by_machine ON execution(stateMachineArn, startDate);
            CREATE INDEX execution_by_status ON execution(status);
            DELETE FROM grdb_migrations WHERE identifier IN ('v6-bounded-memory', 'v11-partial-indexes');
            """)

        let migrated = try StepwiseEngine(location: .file(path), clock: clock)
        migrated.start()
        #expect(try migrated.listExecutions(stateMachineArn: machine.stateMachineArn).executions.map(\.name) == ["e3", "e2", "e1", "e0"])
        let next = try await migrated.startExecution(stateMachineArn: machine.stateMachineArn, name: "e4")
        _ = try await migrated.awaitExecution(executionArn: next.executionArn)
        #expect(try migrated.listExecutions(stateMachineArn: machine.stateMachineArn, maxResults: 2).executions.map(\.name) == ["e4", "e3"])
        await migrated.shutdown()
    }
}
