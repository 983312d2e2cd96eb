public import StepFunctionsAPI
import Foundation
import GRDB
import Synchronization

extension StepwiseEngine {
    /// AWS keeps a closed execution for 90 days after it stops.
    public static let awsRetention: Duration = .seconds(90 * 24 * 3600)
    /// How many executions one purge transaction deletes (keeps each write short, so transitions are not held up).
    package static let purgeBatchSize = 200
    /// The oldest stopped executions before a cutoff, a batch at a time, through the partial index of stopped
    /// executions (`execution_by_stop`, which its `stopDate IS NOT NULL` term lets SQLite use).
    static let expiredExecutionsSQL =
        "SELECT arn, definitionHash FROM execution WHERE stopDate IS NOT NULL AND stopDate < ? ORDER BY stopDate LIMIT ?"
    /// Deletes a stored definition (`definitionText`) that no execution refers to any more, through the partial index
    /// of executions that refer to one (`execution_by_definition`). A start that refers to it again inserts it again.
    static let unreferencedDefinitionSQL =
        "DELETE FROM definitionText WHERE hash = ? AND NOT EXISTS (SELECT 1 FROM execution WHERE definitionHash = ?)"

    /// Deletes the closed executions (rows, long inputs and history) that stopped more than the engine's `retention` ago, and the
    /// stored long definitions no remaining execution runs, in small transactions. The engine runs it in the
    /// background (at start, then periodically); call it to purge now. Does nothing when the engine keeps executions
    /// for ever (`retention` nil).
    ///
    /// An execution stopped longer ago than the retention but being redriven right now (RUNNING again in memory)
    /// is kept. With a retention shorter than the redrive period (14 days), a redrive racing a purge of the same
    /// execution may find it gone.
    ///
    /// - Returns: how many executions were deleted.
    /// - Throws: a storage error when the store refuses the delete.
    @discardableResult
    public func purgeExpiredExecutions() async throws(StepFunctionsError) -> Int {
        guard let retention else { return 0 }
        let seconds = Double(retention.components.seconds) + Double(retention.components.attoseconds) / 1e18
        let cutoff = clock.now.addingTimeInterval(-seconds)
        var deleted = 0
        while true {
            let batch: Int
            do {
                batch = try await store.writer.write { db in
                    let rows = try Row.fetchAll(
                        db,
                        sql: Self.expiredExecutionsSQL,
                        arguments: [cutoff, Self.purgeBatchSize])
                    let arns = rows.map { $0["arn"] as String }
                    // Taken inside the write: nothing commits for these executions meanwhile.
                    let running = self.state.withLock { state in
                        for arn in arns { state.recentlyClosed.remove(arn) }
                        return Set(arns.filter { state.executions[$0] != nil })
                    }
                    var count = 0
                    var definitions = Set<String>()
                    for row in rows {
                        let arn: String = row["arn"]
                        guard !running.contains(arn) else { continue }
                        try db.execute(sql: "DELETE FROM historyEvent WHERE executionArn = ?", arguments: [arn])
                        try db.execute(sql: "DELETE FROM mapRun WHERE executionArn = ?", arguments: [arn])
                        try MapRunExecutionQueries.deleteChildren(of: arn, in: db)
                        try db.execute(sql: "DELETE FROM execution WHERE arn = ?", arguments: [arn])
                        try db.execute(sql: "DELETE FROM executionInput WHERE arn = ?", arguments: [arn])
                        if let hash: String = row["definitionHash"] { definitions.insert(hash) }
                        count += 1
                    }
                    // In the same transaction as the deletes: a start that refers to one of these commits before or after.
                    for hash in definitions {
                        try db.execute(sql: Self.unreferencedDefinitionSQL, arguments: [hash, hash])
                    }
                    return arns.count < Self.purgeBatchSize ? -count - 1 : count
                }
            } catch {
                throw .storage("The store could not purge expired executions: \(error)")
            }
            if batch < 0 {
                deleted += -batch - 1
                return deleted
            }
            deleted += batch
            // A whole batch of executions being redriven: leave them for the next round.
            if batch == 0 { return deleted }
        }
    }

    /// Purges expired executions at start, then every hour (or every tenth of the retention, if shorter), on the
    /// engine's clock, until cancelled. A failed purge is tried again in the next round.
    func retentionLoop() async {
        guard let retention else { return }
        let period = min(3600, max(1, Double(retention.components.seconds) / 10))
        while !Task.isCancelled {
            _ = try? await purgeExpiredExecutions()
            // Returns only when cancelled: in run()'s group, a loop that returns stops the engine.
            try? await clock.sleep(until: clock.now.addingTimeInterval(period))
        }
    }
}

/// How much the engine holds in memory (for tests and the benchmark: memory holds what runs).
package struct EngineMemoryCounts: Sendable, Hashable {
    /// Execution rows in memory: RUNNING ones, and stopped ones whose stop is not yet durable.
    package var executions: Int
    /// Runtime states of RUNNING executions.
    package var runtimes: Int
    package var tasks: Int
    package var timers: Int

    package init(executions: Int, runtimes: Int, tasks: Int, timers: Int) {
        self.executions = executions
        self.runtimes = runtimes
        self.tasks = tasks
        self.timers = timers
    }
}

extension StepwiseEngine {
    package var memoryCounts: EngineMemoryCounts {
        state.withLock { state in
            EngineMemoryCounts(
                executions: state.executions.count, runtimes: state.runtimes.count, tasks: state.tasks.count,
                timers: state.timers.count)
        }
    }
}
