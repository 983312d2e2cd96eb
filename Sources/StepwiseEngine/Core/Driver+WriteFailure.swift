import Foundation
import GRDB
import StatesLanguage

extension StepwiseEngine {
    /// The store refused one of an execution's transitions: the execution cannot go on from a state that is not
    /// on disk, so it stops FAILED (`States.Runtime`) with a last `ExecutionFailed` event, written on its own.
    /// Callers awaiting it then get that final state, or the store's error if even that write fails: never
    /// silence.
    func transitionNotSaved(_ arn: String, _ failure: GroupCommitter.WriteFailure) {
        let cause = "The execution's state could not be saved: \(failure)"
        // The history on disk ends where the last committed transition left it: the failure event follows that.
        let lastEvent = (try? store.read { db in
            try Int.fetchOne(db, sql: "SELECT MAX(id) FROM historyEvent WHERE executionArn = ?", arguments: [arn])
        }) ?? nil
        let now = clock.now
        let batch: WriteBatch? = state.withLock { state in
            guard var record = state.executions[arn], state.unsaved[arn] == nil else {
                return nil
            }
            state.runtimes[arn] = nil
            var batch = WriteBatch()
            for (token, entry) in state.tasks where entry.record.executionArn == arn {
                state.tasks[token] = nil
                batch.deletedTasks.append(token)
                if var queue = state.queues[entry.record.resource], let index = queue.firstIndex(of: token) {
                    queue.remove(at: index)
                    state.queues[entry.record.resource] = queue
                }
            }
            for (id, timer) in state.timers where timer.executionArn == arn {
                state.timers[id] = nil
                batch.deletedTimers.append(id)
            }
            let id = (lastEvent ?? 0) + 1
            record.status = ExecutionStatus.failed.rawValue
            record.output = nil
            record.error = StatesError.Name.runtime
            record.cause = cause
            record.stopDate = now
            record.eventCount = id
            record.runtime = nil
            state.executions[arn] = record
            state.unsaved[arn] = .storage(cause)
            batch.events = [EventRecord(
                executionArn: arn, id: id, previousEventId: id - 1, timestamp: now.timeIntervalSince1970,
                type: "ExecutionFailed",
                details: JSONValue.object([
                    "error": .string(StatesError.Name.runtime), "cause": .string(cause),
                ]).jsonString())]
            batch.executions = [ExecutionWrite(record: record, runtime: nil)]
            return batch
        }
        guard let batch else { return }
        committer.submit(batch) { error in
            if error == nil {
                self.state.withLock { _ = $0.unsaved.removeValue(forKey: arn) }
                self.afterCommit(arn, newTokens: [], completed: true)
            } else {
                // Not under the engine lock: this batch was submitted outside it.
                let waiters = self.state.withLock { $0.completionWaiters.removeValue(forKey: arn) ?? [] }
                for waiter in waiters { waiter.resume(returning: .failure(.storage(cause))) }
            }
        }
    }
}
