import Foundation
import GRDB
@testable import StepwiseEngine
import Testing

/// History rows are bound with SQLite's own calls (``EventInsert``): what they store must read back as written, and a
/// row SQLite refuses must throw, leaving the statement usable.
@Suite("Store: history rows bound by hand")
struct EventInsertTests {
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
}
