import DequeModule
import Foundation
import GRDB
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

/// Loads the engine's in-memory state from the store at start-up: machines, activities, and the rows, runtime
/// state, tasks and timers of RUNNING executions (closed executions stay in the store).
///
/// Recovery never dies of one execution: a RUNNING execution that cannot be resumed (a row that does not decode, a
/// saved state that cannot be read, a definition that no longer compiles, a task or timer row that does not
/// decode) fails alone, durably, with an `ExecutionFailed` event (`States.Runtime`) ending its history, and the
/// rest start.
enum Recovery {
    /// The RUNNING executions, in start order. The status is written out, not bound: only then can SQLite read the
    /// partial index of running executions (`execution_running`) instead of the whole table.
    static let runningExecutionsSQL =
        "SELECT \(ExecutionQueries.allColumns) FROM execution WHERE status = 'RUNNING' ORDER BY startSequence"

    static func load(from store: EngineStore) throws -> EngineState {
        var state = EngineState()
        let now = Date().timeIntervalSince1970
        // Executions failed here: their task and timer rows (deleted with them) are skipped.
        var failed: Set<String> = []
        let readOnly = store.isReadOnly
        // Read-only, recovery writes nothing: an execution that cannot be resumed is left as stored, no timer is
        // armed and no task queued, so that nothing advances.
        func loadRows(_ db: Database) throws {
            for machine in try StateMachineRecord.fetchAll(db) { state.machines[machine.arn] = machine }
            for activity in try ActivityRecord.fetchAll(db) { state.activities[activity.arn] = activity }
            // Only RUNNING executions are loaded: closed ones are read from the store when asked for.
            let rows = try Row.fetchAll(db, sql: runningExecutionsSQL)
            for row in rows {
                guard let arn: String = row["arn"] else { continue }
                do {
                    var execution = try ExecutionRecord(row: row)
                    guard let data = execution.runtime else { throw RecoveryError.noSavedState }
                    let runtime: ExecutionRuntime
                    do {
                        runtime = try ExecutionRuntime.decode(data, input: execution.input)
                    } catch {
                        throw RecoveryError.unreadableState("\(error)")
                    }
                    state.executionMachines[arn] = try compile(execution.definition, into: &state)
                    state.runtimes[arn] = runtime
                    execution.runtime = nil
                    state.executions[arn] = execution
                } catch {
                    // One execution that cannot be resumed must not keep the engine from starting: it fails alone.
                    let cause =
                        switch error {
                        case RecoveryError.noSavedState, RecoveryError.unreadableState:
                            "The execution's saved state could not be read: \(error)"
                        case RecoveryError.definition: "The execution could not be resumed: \(error)"
                        default: "The execution's saved row could not be read: \(error)"
                        }
                    if !readOnly { try fail(arn, cause: cause, at: now, in: db) }
                    failed.insert(arn)
                    forget(arn, in: &state)
                }
            }
            state.nextStartSequence = (try Int.fetchOne(db, sql: "SELECT MAX(startSequence) FROM execution") ?? 0) + 1
            for row in try Row.fetchAll(db, sql: "SELECT * FROM task ORDER BY scheduledDate, rowid") {
                guard var task = try decoded(TaskRecord.self, row, table: "task", &state, &failed, readOnly, now: now, in: db) else {
                    continue
                }
                // A task a worker in the engine's own process had taken died with that process: hand it out again.
                if task.status == .started, task.workerName == inProcessWorker {
                    task.status = .queued
                    task.workerName = nil
                }
                state.tasks[task.token] = TaskEntry(record: task, durable: true)
                if task.status == .queued, !readOnly {
                    state.queues[task.resource, default: []].append(task.token)
                }
            }
            for tag in try TagRecord.fetchAll(db, sql: "SELECT * FROM tag ORDER BY resourceArn, position") {
                state.tags[tag.resourceArn, default: []].append(ResourceTag(key: tag.key, value: tag.value))
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM timer") where !readOnly {
                guard let timer = try decoded(TimerRecord.self, row, table: "timer", &state, &failed, readOnly, now: now, in: db) else {
                    continue
                }
                let due = Date(timeIntervalSince1970: timer.dueDate)
                state.timers[timer.id] = TimerEntry(executionArn: timer.executionArn, due: due)
                state.timerHeap.push(due, timer.id)
            }
        }
        if readOnly {
            try store.writer.read { db in try loadRows(db) }
        } else {
            try store.writer.write { db in try loadRows(db) }
        }
        return state
    }

    /// Decodes a task or timer row; one that does not decode fails its execution (which would otherwise wait for
    /// ever on it) and is deleted with the execution's other tasks and timers.
    private static func decoded<Record: FetchableRecord>(
        _ type: Record.Type, _ row: Row, table: String, _ state: inout EngineState, _ failed: inout Set<String>,
        _ readOnly: Bool, now: Double, in db: Database
    ) throws -> Record? {
        let arn: String? = row["executionArn"]
        if let arn, failed.contains(arn) { return nil }
        do {
            return try Record(row: row)
        } catch {
            guard let arn else { return nil }
            if state.executions[arn] != nil, !readOnly {
                try fail(arn, cause: "The execution could not be resumed: a \(table) row could not be read: \(error)", at: now, in: db)
                failed.insert(arn)
            }
            forget(arn, in: &state)
            return nil
        }
    }

    /// Removes a failed execution from the state being loaded (what was loaded of it so far).
    private static func forget(_ arn: String, in state: inout EngineState) {
        state.executions[arn] = nil
        state.runtimes[arn] = nil
        state.executionMachines[arn] = nil
        for (token, entry) in state.tasks where entry.record.executionArn == arn {
            state.tasks[token] = nil
            if var queue = state.queues[entry.record.resource], let index = queue.firstIndex(of: token) {
                queue.remove(at: index)
                state.queues[entry.record.resource] = queue
            }
        }
        for (id, timer) in state.timers where timer.executionArn == arn { state.timers[id] = nil }
    }

    /// The compiled machine for a definition text (compiled once per distinct text).
    private static func compile(_ definition: String, into state: inout EngineState) throws -> CompiledMachine {
        if let cached = state.definitionCache[definition] { return cached }
        let machine: CompiledMachine
        do {
            machine = try CompiledMachine(definitionText: definition, stored: true)
        } catch {
            throw RecoveryError.definition(error.message)
        }
        state.definitionCache[definition] = machine
        return machine
    }

    /// Fails a RUNNING execution whose state cannot be resumed: its row, its last history event
    /// (`ExecutionFailed`, so the history always ends with a terminal event), and its tasks and timers. Plain SQL,
    /// so that a row that does not decode can still be failed.
    static func fail(_ arn: String, cause: String, at now: Double, in db: Database) throws {
        let lastEvent = try Int.fetchOne(
            db, sql: "SELECT MAX(id) FROM historyEvent WHERE executionArn = ?", arguments: [arn]) ?? 0
        let details = JSONValue.object(["error": .string(StatesError.Name.runtime), "cause": .string(cause)])
        try EventRecord(
            executionArn: arn, id: lastEvent + 1, previousEventId: lastEvent, timestamp: now,
            type: "ExecutionFailed", details: details.jsonString()
        ).insert(db)
        try db.execute(
            sql: """
                UPDATE execution SET status = ?, error = ?, cause = ?, output = NULL, stopDate = ?, runtime = NULL,
                eventCount = ? WHERE arn = ?
                """,
            arguments: [
                ExecutionStatus.failed.rawValue, StatesError.Name.runtime, cause, Date(timeIntervalSince1970: now),
                lastEvent + 1, arn,
            ])
        try db.execute(sql: "DELETE FROM task WHERE executionArn = ?", arguments: [arn])
        try db.execute(sql: "DELETE FROM timer WHERE executionArn = ?", arguments: [arn])
    }

    enum RecoveryError: Error, CustomStringConvertible {
        case noSavedState
        case unreadableState(String)
        case definition(String)
        var description: String {
            switch self {
            case .noSavedState: "the store holds no saved state for it"
            case .unreadableState(let reason): "its saved state could not be read: \(reason)"
            case .definition(let reason): "its definition no longer compiles: \(reason)"
            }
        }
    }
}
