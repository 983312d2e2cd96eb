import Foundation
import GRDB
import StatesLanguage

/// Loads the engine's in-memory state from the store at start-up: machines, activities, and the rows, runtime
/// state, tasks and timers of RUNNING executions (closed executions stay in the store).
enum Recovery {
    static func load(from store: EngineStore) throws -> EngineState {
        var state = EngineState()
        let decoder = JSONDecoder()
        let now = Date().timeIntervalSince1970
        try store.writer.write { db in
            for machine in try StateMachineRecord.fetchAll(db) { state.machines[machine.arn] = machine }
            for activity in try ActivityRecord.fetchAll(db) { state.activities[activity.arn] = activity }
            // Only RUNNING executions are loaded: closed ones are read from the store when asked for.
            let executions = try ExecutionRecord.fetchAll(
                db, sql: "SELECT * FROM execution WHERE status = ? ORDER BY startSequence",
                arguments: [ExecutionStatus.running.rawValue])
            for var execution in executions {
                do {
                    guard let data = execution.runtime else { throw RecoveryError.noSavedState }
                    state.runtimes[execution.arn] = try decoder.decode(ExecutionRuntime.self, from: data)
                } catch {
                    // One unreadable execution must not keep the engine from starting: it fails, the rest recover.
                    try fail(&execution, cause: "The execution's saved state could not be read: \(error)", at: now, in: db)
                    continue
                }
                execution.runtime = nil
                state.executions[execution.arn] = execution
            }
            state.nextStartSequence = (try Int.fetchOne(db, sql: "SELECT MAX(startSequence) FROM execution") ?? 0) + 1
            let tasks = try TaskRecord.fetchAll(db, sql: "SELECT * FROM task ORDER BY scheduledDate, rowid")
            for var task in tasks {
                // A task a worker in the engine's own process had taken died with that process: hand it out again.
                if task.status == .started, task.workerName == inProcessWorker {
                    task.status = .queued
                    task.workerName = nil
                }
                state.tasks[task.token] = TaskEntry(record: task, durable: true)
                if task.status == .queued {
                    state.queues[task.resource, default: []].append(task.token)
                }
            }
            for tag in try TagRecord.fetchAll(db, sql: "SELECT * FROM tag ORDER BY resourceArn, position") {
                state.tags[tag.resourceArn, default: []].append(ResourceTag(key: tag.key, value: tag.value))
            }
            for timer in try TimerRecord.fetchAll(db) {
                let due = Date(timeIntervalSince1970: timer.dueDate)
                state.timers[timer.id] = TimerEntry(executionArn: timer.executionArn, due: due)
                state.timerHeap.push(due, timer.id)
            }
        }
        return state
    }

    /// Fails a RUNNING execution whose state cannot be resumed: its row, its last history event
    /// (`ExecutionFailed`, so the history always ends with a terminal event), and its tasks and timers.
    static func fail(_ execution: inout ExecutionRecord, cause: String, at now: Double, in db: Database) throws {
        let lastEvent = try Int.fetchOne(
            db, sql: "SELECT MAX(id) FROM historyEvent WHERE executionArn = ?", arguments: [execution.arn]) ?? 0
        let details = JSONValue.object(["error": .string(StatesError.Name.runtime), "cause": .string(cause)])
        try EventRecord(
            executionArn: execution.arn, id: lastEvent + 1, previousEventId: lastEvent, timestamp: now,
            type: "ExecutionFailed", details: details.jsonString()
        ).insert(db)
        execution.status = ExecutionStatus.failed.rawValue
        execution.error = StatesError.Name.runtime
        execution.cause = cause
        execution.output = nil
        execution.stopDate = Date(timeIntervalSince1970: now)
        execution.runtime = nil
        execution.eventCount = lastEvent + 1
        try execution.update(db)
        try db.execute(sql: "DELETE FROM task WHERE executionArn = ?", arguments: [execution.arn])
        try db.execute(sql: "DELETE FROM timer WHERE executionArn = ?", arguments: [execution.arn])
    }

    enum RecoveryError: Error, CustomStringConvertible {
        case noSavedState
        var description: String { "the store holds no saved state for it" }
    }
}
