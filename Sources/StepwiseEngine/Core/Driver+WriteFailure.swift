package import Foundation
import OrderedCollections
import StepFunctionsAPI
import GRDB
import Logging
import StatesLanguage
import Synchronization

/// The engine's log for storage faults (through whatever `LoggingSystem` the process bootstrapped).
let storageLogger = Logger(label: "stepwise.engine.store")

extension StepwiseEngine {
    /// How long an execution whose transition the store refused waits before its due timers fire again (the store
    /// is retried at that pace, not in a tight loop, while a disk stays full).
    package static let storageRetryDelay: TimeInterval = 5

    /// The store refused one of an execution's transitions (called from the writer loop, never under the engine lock).
    ///
    /// Memory never shows a state the store does not have: the execution goes back to its last durable state, as a
    /// restart would find it. Its refused transition is not lost for ever but not applied either:
    /// - a StartExecution whose first transition was refused leaves no execution (the caller gets the error);
    /// - an execution that was RUNNING stays RUNNING at its saved position; a timer that fired (Wait, retry
    ///   interval, timeout) fires again after ``storageRetryDelay``, a task answer refused is answered with the error
    ///   (the worker may send it again), a queued task is handed out again;
    /// - so once the store accepts writes again, the execution goes on where it was, and what was answered
    ///   is what a restart shows.
    /// AWS never fails an execution because its own storage hiccuped; nor does this engine.
    ///
    /// An execution whose own state could not be encoded (`failure.encoding`: the store was fine) cannot go on: it
    /// stops FAILED (`States.Runtime`) with a last `ExecutionFailed` event, written on its own.
    func transitionNotSaved(_ arn: String, _ failure: GroupCommitter.WriteFailure) {
        if failure.encoding {
            failUnencodable(arn, failure)
        } else {
            restoreFromStore(arn, failure)
        }
    }

    /// Puts an execution back in memory as the store has it (see ``transitionNotSaved(_:_:)``).
    func restoreFromStore(_ arn: String, _ failure: any Error) {
        storageLogger.error(
            "The store refused a transition; the execution goes back to its last saved state",
            metadata: ["executionArn": "\(arn)", "error": "\(failure)"])
        let saved: SavedExecution
        do {
            saved = try store.read { db in try SavedExecution.load(arn, in: db) }
        } catch {
            // Not even readable: the execution takes no more input here (no runtime); a restart recovers it.
            storageLogger.error(
                "The store could not be read back; the execution is suspended until the engine restarts",
                metadata: ["executionArn": "\(arn)", "error": "\(error)"])
            state.withLock { state in
                forgetEffects(of: arn, state: &state)
                state.runtimes[arn] = nil
            }
            return
        }
        let now = clock.now
        let retryAt = now.addingTimeInterval(Self.storageRetryDelay)
        let (waiters, outcome): ([CheckedContinuation<Result<DescribeExecutionOutput, StepFunctionsError>?, Never>], Result<DescribeExecutionOutput, StepFunctionsError>?) =
            state.withLock { state in
                forgetEffects(of: arn, state: &state)
                state.unsaved[arn] = nil
                // An evaluation on a thread now holds a runtime the store does not have: it is not applied.
                state.restoreEpochs[arn, default: 0] += 1
                guard var record = saved.record else {
                    // Never durable: the StartExecution that created it is answered with the error; nothing remains.
                    state.executions[arn] = nil
                    state.runtimes[arn] = nil
                    state.executionMachines[arn] = nil
                    let waiters = state.completionWaiters.removeValue(forKey: arn).map { Array($0.values) } ?? []
                    return (waiters, .failure(.executionDoesNotExist("Execution Does Not Exist: '\(arn)'")))
                }
                guard record.status == ExecutionStatus.running.rawValue else {
                    // Its stop is durable: from now on the store alone answers for it.
                    state.executions[arn] = nil
                    state.runtimes[arn] = nil
                    state.executionMachines[arn] = nil
                    let waiters = state.completionWaiters.removeValue(forKey: arn).map { Array($0.values) } ?? []
                    return (waiters, .success(Self.describe(record, now: now)))
                }
                record.runtime = nil
                state.executions[arn] = record
                state.runtimes[arn] = saved.runtime
                for task in saved.tasks {
                    state.tasks[task.token] = TaskEntry(record: task, durable: true)
                    if task.status == .queued { dispatch(token: task.token, state: &state) }
                }
                for timer in saved.timers {
                    let due = max(Date(timeIntervalSince1970: timer.dueDate), retryAt)
                    state.timers[timer.id] = TimerEntry(executionArn: arn, due: due)
                    state.timerHeap.push(due, timer.id)
                }
                if let runtime = saved.runtime, runtime.frames.values.contains(where: \.isIdle) {
                    // The refused transition was the one running its next states (after a start or redrive, or a
                    // retried `.advance`): nothing else would run them, so they run again at the retry.
                    let id = "advance-retry:\(arn)"
                    state.timers[id] = TimerEntry(executionArn: arn, due: retryAt, advances: true)
                    state.timerHeap.push(retryAt, id)
                }
                return ([], nil)
            }
        if let outcome {
            for waiter in waiters { waiter.resume(returning: outcome) }
        }
        timerWake.signal()
        if saved.record != nil, saved.runtime == nil, saved.record?.status == ExecutionStatus.running.rawValue {
            // RUNNING on disk without a readable position (a refused write after an encoding failure): it cannot
            // resume, so it fails as recovery fails it (see `Recovery.fail`).
            failUnreadable(arn, cause: "The execution's saved state could not be read: \(saved.runtimeError ?? "none is saved")")
        }
    }

    /// Removes from memory an execution's tasks and timers (they are read back from the store).
    private func forgetEffects(of arn: String, state: inout EngineState) {
        for (token, entry) in state.tasks where entry.record.executionArn == arn {
            state.tasks[token] = nil
            if var queue = state.queues[entry.record.resource], let index = queue.firstIndex(of: token) {
                queue.remove(at: index)
                state.queues[entry.record.resource] = queue
            }
        }
        for (id, timer) in state.timers where timer.executionArn == arn {
            state.timers[id] = nil
        }
    }

    /// Fails an execution whose state could not be encoded, durably, after the events its transition wrote.
    private func failUnencodable(_ arn: String, _ failure: GroupCommitter.WriteFailure) {
        failUnreadable(arn, cause: "The execution's state could not be saved: \(failure)")
    }

    /// Stops an execution FAILED (`States.Runtime`) with a last `ExecutionFailed` event after what the store holds;
    /// memory shows it only once that is durable. If the store refuses even that, the execution stays as the store
    /// has it (RUNNING, taking no input here): recovery fails it the same way at the next start.
    private func failUnreadable(_ arn: String, cause: String) {
        // The history on disk ends where the last committed transition left it: the failure event follows that.
        let lastEvent = (try? store.read { db in
            try Int.fetchOne(db, sql: "SELECT MAX(id) FROM historyEvent WHERE executionArn = ?", arguments: [arn])
        }) ?? nil
        let now = clock.now
        let batch: WriteBatch? = state.withLock { state in
            guard var record = state.executions[arn] else { return nil }
            // No more input: the execution is stopping.
            state.runtimes[arn] = nil
            var batch = WriteBatch()
            for (token, entry) in state.tasks where entry.record.executionArn == arn {
                batch.deletedTasks.append(token)
            }
            for (id, timer) in state.timers where timer.executionArn == arn {
                batch.deletedTimers.append(id)
            }
            forgetEffects(of: arn, state: &state)
            let id = (lastEvent ?? 0) + 1
            record.status = ExecutionStatus.failed.rawValue
            record.output = nil
            record.error = StatesError.Name.runtime
            record.cause = cause
            record.stopDate = now
            record.eventCount = id
            record.runtime = nil
            batch.events = [EventRecord(
                executionArn: arn, id: id, previousEventId: id - 1, timestamp: now.timeIntervalSince1970,
                type: "ExecutionFailed",
                details: JSONValue.object([
                    "error": .string(StatesError.Name.runtime), "cause": .string(cause),
                ]).jsonString())]
            batch.executions = [ExecutionWrite(record: record, runtime: nil)]
            return batch
        }
        guard let batch, let record = batch.executions.first?.record else { return }
        committer.submit(batch) { error in
            if let error {
                storageLogger.error(
                    "The store refused an execution's failure; it stays RUNNING on disk and fails at the next start",
                    metadata: ["executionArn": "\(arn)", "error": "\(error)"])
                return
            }
            self.state.withLock { state in
                if state.executions[arn] != nil { state.executions[arn] = record }
            }
            self.afterCommit(arn, newTokens: [], completed: true)
        }
    }
}

/// An execution as the store has it: its row, decoded position, tasks and timers.
struct SavedExecution: Sendable {
    var record: ExecutionRecord?
    var runtime: ExecutionRuntime?
    /// Why the saved position could not be decoded (nil when it was, or when there is none).
    var runtimeError: String?
    var tasks: [TaskRecord] = []
    var timers: [TimerRecord] = []

    static func load(_ arn: String, in db: Database) throws -> SavedExecution {
        guard let record = try ExecutionQueries.execution(arn, withRuntime: true, in: db) else { return SavedExecution(record: nil) }
        var saved = SavedExecution(record: record)
        guard record.status == ExecutionStatus.running.rawValue else { return saved }
        if let data = record.runtime {
            do {
                saved.runtime = try ExecutionRuntime.decode(data, input: record.input)
            } catch {
                saved.runtimeError = "\(error)"
            }
        }
        saved.tasks = try TaskRecord.fetchAll(
            db, sql: "SELECT * FROM task WHERE executionArn = ? ORDER BY scheduledDate, rowid", arguments: [arn])
        saved.timers = try TimerRecord.fetchAll(db, sql: "SELECT * FROM timer WHERE executionArn = ?", arguments: [arn])
        return saved
    }
}

extension StepwiseEngine {
    /// The store refused a write of state machines, activities or tags (`durable`): memory goes back to what the store
    /// has for each resource the batch touched, so that no caller sees a machine, activity or tag the store does not
    /// have (the caller is answered with the error). Should the store not even be readable, memory is left as it is.
    func restoreResources(of batch: WriteBatch, after failure: any Error) {
        let arns = Set(batch.machines.map(\.arn) + batch.deletedMachines + batch.activities.map(\.arn) + batch.deletedActivities)
            .union(batch.tagSets.keys)
        guard !arns.isEmpty else { return }
        storageLogger.error(
            "The store refused a write; the resources go back to their saved state",
            metadata: ["resources": "\(arns.sorted())", "error": "\(failure)"])
        let stored: (machines: [StateMachineRecord], activities: [ActivityRecord], tags: [TagRecord])
        do {
            stored = try store.read { db in
                let list = Array(arns)
                return (
                    try StateMachineRecord.fetchAll(db, keys: list), try ActivityRecord.fetchAll(db, keys: list),
                    try TagRecord.filter(list.contains(Column("resourceArn"))).order(Column("position")).fetchAll(db)
                )
            }
        } catch {
            storageLogger.error("The store could not be read back", metadata: ["error": "\(error)"])
            return
        }
        state.withLock { state in
            for arn in arns {
                state.machines[arn] = nil
                state.activities[arn] = nil
                state.tags[arn] = nil
                // A revision number the refused update used may be used again by the next one.
                state.machineRevisions[arn] = nil
            }
            for machine in stored.machines { state.machines[machine.arn] = machine }
            for activity in stored.activities { state.activities[activity.arn] = activity }
            for tag in stored.tags { state.tags[tag.resourceArn, default: []].append(ResourceTag(key: tag.key, value: tag.value)) }
        }
    }
}
