import Foundation
import GRDB
@testable import StepwiseEngine
import Testing

/// The rows every transition writes are bound with SQLite's own calls (``RawStatement``): what they store must be what
/// the records' own persistence stores and read back as written, and a row SQLite refuses must throw, leaving the
/// statement usable.
@Suite("Store: rows written by hand")
struct RawStatementTests {
    private func database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue)
        return queue
    }

    private func event(_ id: Int, details: String?, type: String = "PassStateEntered") -> EventRecord {
        EventRecord(
            executionArn: "arn:aws:states:us-east-1:123456789012:execution:M:é-😀", id: id, previousEventId: id - 1,
            timestamp: 1_700_000_000.125 + Double(id), type: type, details: details)
    }

    @Test("text (with astral and combining characters, empty), NULL details, integers and times read back as written")
    func roundTrip() throws {
        let queue = try database()
        let events = [
            event(1, details: #"{"input":"{\"k\":\"e\u0301 😀\"}"}"#), event(2, details: nil), event(3, details: "", type: ""),
        ]
        try queue.write { db in try EventInsert.insert(events, in: db) }
        let stored = try queue.read { db in try EventRecord.order(Column("id")).fetchAll(db) }
        #expect(stored == events)
    }

    @Test("a row SQLite refuses (the same id twice) throws its constraint error; the statement works again after")
    func refusedRow() throws {
        let queue = try database()
        try queue.write { db in try EventInsert.insert([event(1, details: "a")], in: db) }
        #expect {
            try queue.write { db in try EventInsert.insert([event(2, details: "b"), event(2, details: "c")], in: db) }
        } throws: { error in
            (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
        }
        // The failed transaction left nothing; the cached statement is reset and takes the next rows.
        try queue.write { db in
            try EventInsert.insert([event(2, details: "d")], in: db)
            try db.execute(sql: EventInsert.sql, arguments: [event(3, details: nil).executionArn, 3, 2, 1.0, "T", nil])
        }
        let stored = try queue.read { db in try EventRecord.order(Column("id")).fetchAll(db) }
        #expect(stored.map(\.id) == [1, 2, 3])
        #expect(stored.map(\.details) == ["a", "d", nil])
    }

    @Test("task and timer rows written with plain statements are stored exactly as their records store them")
    func taskAndTimerRowsMatchTheRecords() throws {
        let queue = try database()
        let date = Date(timeIntervalSince1970: 1_700_000_000.125)
        let byRecord = TaskRecord(
            token: "a", executionArn: "arn:e", resource: "arn:aws:states:us-east-1:123456789012:activity:w",
            input: #"{"k":"é"}"#, status: .started, workerName: "w", scheduledDate: date)
        var byStatement = byRecord
        byStatement.token = "b"
        byStatement.workerName = nil
        byStatement.status = .queued
        try queue.write { db in
            try byRecord.insert(db)
            try TimerRecord(id: "t1", executionArn: "arn:e", dueDate: 1_700_000_001.5).insert(db)
            try EngineStore.apply(
                [WriteBatch(tasks: [byStatement], timers: [TimerRecord(id: "t2", executionArn: "arn:e", dueDate: 1_700_000_001.5)])],
                in: db)
        }
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT token, executionArn, resource, input, status, workerName, scheduledDate FROM task ORDER BY token")
        }
        #expect(rows.count == 2)
        #expect(rows[0]["scheduledDate"] as String? == rows[1]["scheduledDate"] as String?)
        #expect(rows[1]["status"] as String? == "queued")
        let tasks = try queue.read { db in try TaskRecord.order(Column("token")).fetchAll(db) }
        #expect(tasks == [byRecord, byStatement])
        let timers = try queue.read { db in try TimerRecord.order(Column("id")).fetchAll(db) }
        #expect(timers.map(\.dueDate) == [1_700_000_001.5, 1_700_000_001.5])
        // Deleted by the same statements.
        try queue.write { db in try EngineStore.apply([WriteBatch(deletedTasks: ["a", "b"], deletedTimers: ["t1", "t2"])], in: db) }
        #expect(try queue.read { db in try TaskRecord.fetchCount(db) + TimerRecord.fetchCount(db) } == 0)
    }

    @Test("an execution row upserted by hand is stored as the record stores it, and an update changes what it may")
    func executionRowsMatchTheRecord() throws {
        let queue = try database()
        let byRecord = ExecutionRecord(
            arn: "arn:aws:states:us-east-1:123456789012:execution:M:a", stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:M",
            name: "a", status: "RUNNING", input: #"{"k":"é 😀"}"#, output: nil, error: nil, cause: "",
            startDate: Date(timeIntervalSince1970: 1_700_000_000.125), stopDate: nil, definition: "{}", roleArn: "arn:r",
            runtime: Data(#"{"x":1}"#.utf8), eventCount: 4, redriveCount: 0, redriveDate: nil, machineSnapshot: "{}",
            startSequence: 7)
        var byStatement = byRecord
        byStatement.arn += "b"
        byStatement.name = "b"
        byStatement.startSequence = 8
        try queue.write { db in
            try byRecord.insert(db)
            try EngineStore.upsert(byStatement, in: db)
        }
        let columns = try queue.read { db in try db.columns(in: "execution").map(\.name) }
        let types = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT \(columns.map { "typeof(\($0)) AS \($0)" }.joined(separator: ", ")) FROM execution ORDER BY arn")
        }
        #expect(types.count == 2)
        for column in columns {
            #expect(types[0][column] as String? == types[1][column] as String?, "\(column)")
        }
        #expect(try queue.read { db in try ExecutionRecord.fetchOne(db, key: byStatement.arn) } == byStatement)
        // The execution stops: what a transition changes is updated, the rest (its start, its name) stays.
        var stopped = byStatement
        stopped.status = "FAILED"
        stopped.error = "E"
        stopped.cause = nil
        stopped.stopDate = Date(timeIntervalSince1970: 1_700_000_009.5)
        stopped.runtime = nil
        stopped.eventCount = 6
        stopped.redriveCount = 1
        stopped.redriveDate = Date(timeIntervalSince1970: 1_700_000_008)
        var ignored = stopped
        ignored.input = "changed"
        ignored.startSequence = 99
        try queue.write { db in try EngineStore.upsert(ignored, in: db) }
        #expect(try queue.read { db in try ExecutionRecord.fetchOne(db, key: byStatement.arn) } == stopped)
    }

    @Test("a transition whose first event does not follow the stored history is refused")
    func historyGapIsRefused() throws {
        let queue = try database()
        try queue.write { db in try EngineStore.apply([WriteBatch(events: [event(1, details: nil), event(2, details: nil)])], in: db) }
        #expect(throws: EngineStore.HistoryGap.self) {
            try queue.write { db in try EngineStore.apply([WriteBatch(events: [event(4, details: nil)])], in: db) }
        }
        try queue.write { db in try EngineStore.apply([WriteBatch(events: [event(3, details: nil)])], in: db) }
        #expect(try queue.read { db in try EventRecord.fetchCount(db) } == 3)
    }
}
