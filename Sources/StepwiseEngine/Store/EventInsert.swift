import GRDB
import GRDBSQLite

/// The insert of history rows, bound with SQLite's own calls: it runs once per event, and GRDB's arguments (an array
/// of existential values, checked against the statement) cost as much as SQLite's work on the row. The statement
/// is GRDB's cached one, reset after each row, so GRDB may use it again as usual.
enum EventInsert {
    static let sql =
        "INSERT INTO historyEvent (executionArn, id, previousEventId, timestamp, type, details) VALUES (?, ?, ?, ?, ?, ?)"

    /// Inserts the rows in order; a row SQLite refuses throws a `DatabaseError` naming the statement.
    static func insert(_ events: [EventRecord], in db: Database) throws {
        let statement = try db.cachedStatement(sql: sql)
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        for event in events {
            sqlite3_reset(handle)
            var code = bind(event.executionArn, at: 1, handle)
            if code == SQLITE_OK { code = sqlite3_bind_int64(handle, 2, Int64(event.id)) }
            if code == SQLITE_OK { code = sqlite3_bind_int64(handle, 3, Int64(event.previousEventId)) }
            if code == SQLITE_OK { code = sqlite3_bind_double(handle, 4, event.timestamp) }
            if code == SQLITE_OK { code = bind(event.type, at: 5, handle) }
            if code == SQLITE_OK {
                if let details = event.details { code = bind(details, at: 6, handle) } else { code = sqlite3_bind_null(handle, 6) }
            }
            if code == SQLITE_OK { code = sqlite3_step(handle) }
            guard code == SQLITE_DONE else {
                // The error of the failed call (the step's, or a bind's).
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                    sql: sql)
            }
        }
    }

    /// Binds a string as UTF-8 text, copied by SQLite.
    private static func bind(_ text: String, at index: Int32, _ handle: OpaquePointer) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                // An empty string may have no storage: SQLite takes any pointer with length 0 as ''.
                guard let base = chars.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, transient) }
                return sqlite3_bind_text(handle, index, base, Int32(chars.count), transient)
            }
        }
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
