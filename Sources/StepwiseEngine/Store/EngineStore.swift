import StepFunctionsAPI
import Foundation
import GRDB

/// Where an engine keeps its state.
public enum StoreLocation: Sendable, Hashable {
    /// A SQLite file in WAL mode (created with its parent directory if missing).
    case file(String)
    /// An existing SQLite file opened for reading only (`stepwise serve` on a read-only file or directory): no
    /// execution advances, every write fails, and the owner lock is taken only where it can be.
    case readOnlyFile(String)
    /// A private in-memory database (tests; nothing survives the process).
    case inMemory

    /// `<directory>/.stepwise/stepwise.sqlite`: the file the `stepwise` command uses by default, under the home
    /// directory it is given. The library itself has no implicit location and reads no environment variable.
    public static func defaultFile(home: String) -> StoreLocation {
        .file((home as NSString).appendingPathComponent(".stepwise/stepwise.sqlite"))
    }
}

/// An execution row to write; the runtime state is encoded by the writer, off the engine lock.
struct ExecutionWrite: Sendable {
    var record: ExecutionRecord
    var runtime: ExecutionRuntime?
    /// For the execution's first write (its start) of a long definition: the key its definition is stored under, once,
    /// instead of in the row (see ``EngineStore/upsert(_:sharedDefinitionKey:in:)``).
    var sharedDefinitionKey: String?
    /// The execution's first write (its start): the row is inserted, a long input stored beside it (see
    /// ``EngineStore/separateInputBytes``).
    var isStart = false
}

/// Everything one transaction writes: the effects of one or more state transitions, grouped.
struct WriteBatch: Sendable {
    var machines: [StateMachineRecord] = []
    var deletedMachines: [String] = []
    var activities: [ActivityRecord] = []
    var deletedActivities: [String] = []
    var executions: [ExecutionWrite] = []
    var events: [EventRecord] = []
    var tasks: [TaskRecord] = []
    var deletedTasks: [String] = []
    var timers: [TimerRecord] = []
    var deletedTimers: [String] = []
    /// The complete tag list of each resource here (an empty list removes every tag).
    var tagSets: [String: [ResourceTag]] = [:]
    /// Distributed Map runs as of this batch (``MapRunRecord``).
    var mapRuns: [MapRunRecord] = []
    /// Child workflow executions of Map Runs started or ended in this batch (``MapRunExecutionRecord``).
    var mapRunExecutions: [MapRunExecutionRecord] = []
    /// Their history events (written in multi-row statements, without the continuity check: a child is written
    /// only with its parent's transitions, which are checked).
    var childEvents: [ChildEvent] = []

    var isEmpty: Bool {
        machines.isEmpty && deletedMachines.isEmpty && activities.isEmpty && deletedActivities.isEmpty
            && executions.isEmpty && events.isEmpty && tasks.isEmpty && deletedTasks.isEmpty && timers.isEmpty
            && deletedTimers.isEmpty && tagSets.isEmpty && mapRuns.isEmpty && mapRunExecutions.isEmpty && childEvents.isEmpty
    }
}

/// The engine's SQLite database: one writer (the group committer), concurrent readers in WAL mode.
///
/// `Sendable`: GRDB's `DatabaseWriter` serializes access itself.
final class EngineStore: Sendable {
    let writer: any DatabaseWriter
    /// The exclusive lock on a database file (nil in memory): one engine per file at a time.
    let ownerLock: OwnerLock?
    /// Opened with ``StoreLocation/readOnlyFile(_:)``: every commit fails (``ReadOnlyStoreError``).
    let readOnlyPath: String?
    var isReadOnly: Bool { readOnlyPath != nil }
    /// Checkpoints the WAL off the writer's thread (a file opened for writing; nil otherwise).
    let checkpointer: Checkpointer?

    init(location: StoreLocation, synchronousFull: Bool = true) throws {
        var configuration = Configuration()
        // A lock held for a moment by another connection (a pool of an engine that just shut down checkpointing as it
        // closes, a `stepwise executions` reading the file) is waited for, not an error at once.
        configuration.busyMode = .timeout(10)
        switch location {
        case .inMemory:
            ownerLock = nil
            readOnlyPath = nil
            checkpointer = nil
            writer = try DatabaseQueue(configuration: configuration)
        case .readOnlyFile(let path):
            readOnlyPath = path
            checkpointer = nil
            (ownerLock, writer) = try Self.openReadOnly(path, configuration: configuration)
            return
        case .file(let path):
            readOnlyPath = nil
            // Every opening error names the file and SQLite's reason (not a bare "SQLite error 14").
            let directory = (path as NSString).deletingLastPathComponent
            do {
                if !directory.isEmpty {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                }
            } catch {
                throw StepFunctionsError.storage("Cannot open the database '\(path)': cannot create its directory: \(error.localizedDescription)")
            }
            // Before the database is touched: a second engine on the file fails here, naming the owner.
            ownerLock = try OwnerLock(databasePath: path)
            do {
                if !WALPreallocation.databaseHasPages(path) {
                    // A new database is created and migrated, then closed (SQLite deletes a WAL it finds beside an
                    // empty database file), so that it opens below as an existing one, with its WAL prepared.
                    let creating = try DatabasePool(path: path, configuration: configuration)
                    try Schema.migrator.migrate(creating)
                    try creating.close()
                }
                WALPreallocation.prepare(databasePath: path)
                // Set on the writer's connection once the pool is open: GRDB sets `synchronous = NORMAL` when it turns
                // WAL on (after `prepareDatabase`), and commits would then be flushed only at checkpoints. (Readers
                // and the in-memory store have nothing to flush.)
                // Through the VFS that writes each transaction's WAL frames in one system call (`WALWriteCoalescing`).
                let pool = try DatabasePool(path: WALWriteCoalescing.filename(path), configuration: configuration)
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA synchronous = \(synchronousFull ? "FULL" : "NORMAL")")
                }
                try pool.read { db in try Schema.refuseNewer(db) }
                try Schema.migrator.migrate(pool)
                checkpointer = try Checkpointer.start(path: path, writer: pool)
                writer = pool
            } catch {
                let reason = (error as? DatabaseError).map { "\($0.message ?? "SQLite error \($0.resultCode.rawValue)")" } ?? "\(error)"
                throw StepFunctionsError.storage("Cannot open the database '\(path)': \(reason)")
            }
            return
        }
        try Schema.migrator.migrate(writer)
    }

    deinit {
        checkpointer?.stop()
    }

    /// Closes the database file now rather than when the store goes away: the checkpointer's connection, the readers',
    /// then the writer's, whose closing (the file's last connection) folds the WAL back into the database file and
    /// removes it, as SQLite does. Every later read or write fails; the owner lock is released.
    func close() throws {
        checkpointer?.stop()
        if let pool = writer as? DatabasePool {
            // GRDB's `close()` closes the writer first, which would leave the WAL to read-only connections that cannot
            // checkpoint it: the readers go first (what the pool's deinit does).
            pool.releaseMemory()
            try pool.close()
        }
        ownerLock?.release()
    }

    /// Writes a group of batches in one transaction (one disk flush), on the calling thread (the group committer's own,
    /// which blocks for the flush). Execution rows are upserted once each, with the last state in the group.
    ///
    /// Synchronous, so never interrupted by a task's cancellation: the writer loop drains its queue after the engine is
    /// cancelled (shutdown), and those last transitions (an `ActivityStarted` recorded just before a CLI process exits,
    /// say) must not be lost once their callers have been answered.
    ///
    /// The transaction is begun and committed with cached statements (GRDB's `write` prepares `BEGIN` and `COMMIT`
    /// anew for every transaction); a failure rolls back whatever the group wrote.
    func commitNow(_ batches: [WriteBatch]) throws {
        if let readOnlyPath { throw ReadOnlyStoreError(path: readOnlyPath) }
        try writer.writeWithoutTransaction { db in
            try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
            do {
                try Self.apply(batches, in: db)
                try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
            } catch {
                // A failed COMMIT may have rolled back already.
                if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK TRANSACTION") }
                throw error
            }
        }
    }

    static func apply(_ batches: [WriteBatch], in db: Database) throws {
        var latestExecution: [String: ExecutionWrite] = [:]
        var historyChecked: Set<String> = []
        var executionOrder: [String] = []
        for batch in batches {
            for machine in batch.machines { try machine.insert(db, onConflict: .replace) }
            for arn in batch.deletedMachines { _ = try StateMachineRecord.deleteOne(db, key: arn) }
            for activity in batch.activities { try activity.insert(db, onConflict: .replace) }
            for arn in batch.deletedActivities { _ = try ActivityRecord.deleteOne(db, key: arn) }
            for var execution in batch.executions {
                // The row is written once, with the last state in the group, and inserted (its definition by
                // reference) when a write of the group was the start.
                if let earlier = latestExecution[execution.record.arn] {
                    execution.sharedDefinitionKey = execution.sharedDefinitionKey ?? earlier.sharedDefinitionKey
                    execution.isStart = execution.isStart || earlier.isStart
                } else {
                    executionOrder.append(execution.record.arn)
                }
                latestExecution[execution.record.arn] = execution
            }
            if !batch.events.isEmpty {
                for event in batch.events where historyChecked.insert(event.executionArn).inserted {
                    // An execution's first event needs no look: a row already stored under its id fails the insert.
                    if event.id > 1 { try checkContinuity(event, in: db) }
                }
                try EventInsert.insert(batch.events, in: db)
            }
            // Bound with SQLite's calls, not the records' Codable persistence: a task is written two or three times per
            // activity round trip. The values are stored as the records store them.
            try RawStatement.execute(Self.upsertTaskSQL, rows: batch.tasks, in: db) { binder, task in
                binder.bind(task.token)
                binder.bind(task.executionArn)
                binder.bind(task.resource)
                binder.bind(task.input)
                binder.bind(task.status.rawValue)
                binder.bind(task.workerName)
                binder.bind(StoredDate.value(task.scheduledDate))
            }
            try RawStatement.execute("DELETE FROM task WHERE token = ?", rows: batch.deletedTasks, in: db) { binder, token in
                binder.bind(token)
            }
            for timer in batch.timers {
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO timer (id, executionArn, dueDate) VALUES (?, ?, ?)")
                    .execute(arguments: [timer.id, timer.executionArn, timer.dueDate])
            }
            for id in batch.deletedTimers {
                try db.cachedStatement(sql: "DELETE FROM timer WHERE id = ?").execute(arguments: [id])
            }
            try MapRunRecord.write(batch.mapRuns, in: db)
            try MapRunExecutionRecord.upsert(batch.mapRunExecutions, in: db)
            try MapRunExecutionRecord.insertEvents(batch.childEvents, in: db)
            for (arn, tags) in batch.tagSets {
                try db.execute(sql: "DELETE FROM tag WHERE resourceArn = ?", arguments: [arn])
                for (position, tag) in tags.enumerated() {
                    try TagRecord(resourceArn: arn, position: position, key: tag.key, value: tag.value).insert(db)
                }
            }
        }
        for arn in executionOrder {
            guard let write = latestExecution[arn] else { continue }
            var record = write.record
            // Writers may hand the runtime over already encoded (record.runtime) to keep encode errors their own.
            if let runtime = write.runtime { record.runtime = try RuntimeEncoding.encode(runtime) }
            try upsert(record, sharedDefinitionKey: write.sharedDefinitionKey, isStart: write.isStart, in: db)
        }
    }

    static let upsertTaskSQL =
        "INSERT OR REPLACE INTO task (token, executionArn, resource, input, status, workerName, scheduledDate) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?)"

    /// A history on disk has no gaps: an execution's first event in a transaction must follow the last one stored.
    /// A transition computed after one the store refused (memory had gone ahead of the disk) is refused in turn,
    /// and its execution goes back to what the store has (see `StepwiseEngine.transitionNotSaved`).
    static func checkContinuity(_ event: EventRecord, in db: Database) throws {
        let last = try RawStatement.fetchInt("SELECT MAX(id) FROM historyEvent WHERE executionArn = ?", in: db) {
            $0.bind(event.executionArn)
        } ?? 0
        guard event.id == last + 1 else { throw HistoryGap(executionArn: event.executionArn, stored: last, next: event.id) }
    }

    /// A transition that does not follow the stored history (see ``checkContinuity(_:in:)``).
    struct HistoryGap: Error, CustomStringConvertible {
        var executionArn: String
        var stored: Int
        var next: Int
        var description: String {
            "the history of \(executionArn) on disk ends at event \(stored); a transition starting at event \(next) does not follow it"
        }
    }

    /// Definitions of at least this many bytes (UTF-8) are stored once, in `definitionText` under their SHA-256, and
    /// the rows of the executions that run them refer to that (`definitionHash`, with an empty `definition`): SQLite
    /// writes a whole row again whenever it changes, so a definition in the row was written again by every commit of a
    /// transition, and kept once per execution. Shorter ones stay in the row: a second row to write at every start
    /// costs more than they do. Reads put the text back (``ExecutionQueries/definitionColumn``).
    static let sharedDefinitionBytes = 1024

    /// Execution inputs of at least this many bytes (UTF-8) are written once, in `executionInput` under the execution's
    /// ARN, when the execution starts, and its row's `input` is empty (never a valid input): SQLite writes a whole row
    /// again whenever it changes, so an input in the row was written again by every commit of the execution. Shorter
    /// ones stay in the row. Reads put the text back (``ExecutionQueries/inputColumn``).
    static let separateInputBytes = 1024

    /// Inserts an execution row, or updates what a transition changes (an upsert, not a REPLACE: the row keeps its
    /// rowid and the indexes over its fixed columns — machine, start sequence — are not rewritten per transition).
    /// `sharedDefinitionKey`: the start of an execution of a long definition, stored once under that key (its
    /// compiled machine's ``CompiledMachine/sharedDefinitionKey``) and referred to by the row. `isStart`: the row is
    /// new, and a long input goes in `executionInput` (an update never changes the input).
    static func upsert(
        _ record: ExecutionRecord, sharedDefinitionKey: String? = nil, isStart: Bool = false, in db: Database
    ) throws {
        var definition = record.definition
        if let sharedDefinitionKey {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO definitionText (hash, text) VALUES (?, ?)")
                .execute(arguments: [sharedDefinitionKey, definition])
            definition = ""
        }
        var input = record.input
        if isStart, input.utf8.count >= separateInputBytes {
            try RawStatement.execute("INSERT OR REPLACE INTO executionInput (arn, text) VALUES (?, ?)", in: db) { binder in
                binder.bind(record.arn)
                binder.bind(input)
            }
            input = ""
        }
        let sql = """
            INSERT INTO execution (arn, stateMachineArn, name, status, input, output, error, cause, startDate, stopDate, \
            definition, roleArn, runtime, eventCount, redriveCount, redriveDate, machineSnapshot, startSequence, \
            definitionHash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
            ON CONFLICT(arn) DO UPDATE SET status = excluded.status, output = excluded.output, error = excluded.error, \
            cause = excluded.cause, stopDate = excluded.stopDate, runtime = excluded.runtime, \
            eventCount = excluded.eventCount, redriveCount = excluded.redriveCount, redriveDate = excluded.redriveDate
            """
        try RawStatement.execute(sql, in: db) { binder in
            binder.bind(record.arn)
            binder.bind(record.stateMachineArn)
            binder.bind(record.name)
            binder.bind(record.status)
            binder.bind(input)
            binder.bind(record.output)
            binder.bind(record.error)
            binder.bind(record.cause)
            binder.bind(StoredDate.value(record.startDate))
            binder.bind(StoredDate.value(record.stopDate))
            binder.bind(definition)
            binder.bind(record.roleArn)
            binder.bind(record.runtime)
            binder.bind(record.eventCount)
            binder.bind(record.redriveCount)
            binder.bind(StoredDate.value(record.redriveDate))
            binder.bind(record.machineSnapshot)
            binder.bind(record.startSequence)
            binder.bind(sharedDefinitionKey)
        }
    }

    /// Reads from the latest committed state.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try writer.read(body)
    }
}
