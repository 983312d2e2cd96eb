import Foundation
import GRDB
import GRDBSQLite

/// The statements every transition runs, bound and stepped with SQLite's own calls: GRDB's arguments (an array of
/// existential values, checked against the statement) cost as much as SQLite's work on the row. Each statement is
/// GRDB's cached one, reset after use, so GRDB may use it again as usual; values are bound as GRDB binds them
/// (`DatabaseValue`s as they are, so a date is the text GRDB would store).
enum RawStatement {
    /// Runs `sql` once per element of `rows`, bound by `bind`; a row SQLite refuses throws a `DatabaseError` naming the
    /// statement.
    static func execute<Row>(
        _ sql: String, rows: some Sequence<Row>, in db: Database, bind: (inout Binder, Row) -> Void
    ) throws {
        try withStatement(sql, in: db) { handle in
            for row in rows {
                let code = step(handle) { bind(&$0, row) }
                guard code == SQLITE_DONE else { throw error(code, sql, db) }
            }
        }
    }

    /// Runs `sql` once, bound by `bind`.
    static func execute(_ sql: String, in db: Database, bind: (inout Binder) -> Void) throws {
        try execute(sql, rows: CollectionOfOne(()), in: db) { binder, _ in bind(&binder) }
    }

    /// The integer in the first column of the first row `sql` returns (nil for none, or NULL).
    static func fetchInt(_ sql: String, in db: Database, bind: (inout Binder) -> Void) throws -> Int? {
        try withStatement(sql, in: db) { handle in
            switch step(handle, bind) {
            case SQLITE_ROW:
                return sqlite3_column_type(handle, 0) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(handle, 0))
            case SQLITE_DONE:
                return nil
            case let code:
                throw error(code, sql, db)
            }
        }
    }

    /// GRDB's cached statement for `sql`, reset and cleared after `body`.
    private static func withStatement<T>(_ sql: String, in db: Database, _ body: (OpaquePointer) throws -> T) throws -> T {
        let handle = try db.cachedStatement(sql: sql).sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        return try body(handle)
    }

    /// Binds the statement afresh and steps it once: SQLite's result code (a failed bind's, if one failed).
    private static func step(_ handle: OpaquePointer, _ bind: (inout Binder) -> Void) -> Int32 {
        sqlite3_reset(handle)
        var binder = Binder(handle: handle)
        bind(&binder)
        return binder.code == SQLITE_OK ? sqlite3_step(handle) : binder.code
    }

    /// The error of the failed call (the step's, or a bind's).
    private static func error(_ code: Int32, _ sql: String, _ db: Database) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
    }

    /// Binds a statement's parameters in order; after a failed bind the rest are skipped and `code` keeps its error.
    struct Binder {
        fileprivate let handle: OpaquePointer
        private var index: Int32 = 0
        fileprivate private(set) var code = SQLITE_OK

        fileprivate init(handle: OpaquePointer) { self.handle = handle }

        mutating func bind(_ text: String) {
            next { handle, index in
                var text = text
                return text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { chars in
                        // An empty string may have no storage: SQLite takes any pointer with length 0 as ''.
                        guard let base = chars.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, transient) }
                        return sqlite3_bind_text(handle, index, base, Int32(chars.count), transient)
                    }
                }
            }
        }

        mutating func bind(_ text: String?) {
            if let text { bind(text) } else { bindNull() }
        }

        mutating func bind(_ value: Int) {
            next { sqlite3_bind_int64($0, $1, Int64(value)) }
        }

        mutating func bind(_ value: Int?) {
            if let value { bind(value) } else { bindNull() }
        }

        mutating func bind(_ value: Double) {
            next { sqlite3_bind_double($0, $1, value) }
        }

        mutating func bind(_ data: Data?) {
            guard let data else { return bindNull() }
            next { handle, index in
                // As GRDB binds it (empty data may have no address, which SQLite binds as NULL).
                data.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient) }
            }
        }

        /// A value as GRDB would bind it.
        mutating func bind(_ value: DatabaseValue) {
            switch value.storage {
            case .null: bindNull()
            case .int64(let number): next { sqlite3_bind_int64($0, $1, number) }
            case .double(let number): bind(number)
            case .string(let text): bind(text)
            case .blob(let data): bind(data)
            }
        }

        mutating func bindNull() {
            next { sqlite3_bind_null($0, $1) }
        }

        private mutating func next(_ call: (OpaquePointer, Int32) -> Int32) {
            index += 1
            guard code == SQLITE_OK else { return }
            code = call(handle, index)
        }
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// The insert of history rows: once per event, every transition.
enum EventInsert {
    static let sql =
        "INSERT INTO historyEvent (executionArn, id, previousEventId, timestamp, type, details) VALUES (?, ?, ?, ?, ?, ?)"

    /// Inserts the rows in order; a row SQLite refuses throws a `DatabaseError` naming the statement.
    static func insert(_ events: [EventRecord], in db: Database) throws {
        try RawStatement.execute(sql, rows: events, in: db) { binder, event in
            binder.bind(event.executionArn)
            binder.bind(event.id)
            binder.bind(event.previousEventId)
            binder.bind(event.timestamp)
            binder.bind(event.type)
            binder.bind(event.details)
        }
    }
}
