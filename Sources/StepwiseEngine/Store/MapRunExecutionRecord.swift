import Foundation
import GRDB
import StatesLanguage

/// A row of `mapRunExecution`: one child workflow execution of a Distributed Map's Map Run. On AWS each child is an
/// execution of its own (`ListExecutions --map-run-arn`, `DescribeExecution`, `GetExecutionHistory`); the engine
/// runs it inside its parent execution and keeps its row here and its history in `historyEvent` under its ARN.
///
/// Written in the transaction of the transitions that start and end it: the start writes every column, the end
/// only what ends (``upsert(_:in:)``), so an end record carries no input.
struct MapRunExecutionRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "mapRunExecution"
    var arn: String
    var mapRunArn: String
    /// The execution whose Distributed Map started it.
    var parentArn: String
    /// `stateMachine:<machine>/<label>`.
    var stateMachineArn: String
    var name: String
    var status: String
    var input: String
    var output: String?
    var error: String?
    var cause: String?
    var startDate: Date
    var stopDate: Date?
    /// How many items it processes (a batch's item count, else 1).
    var itemCount: Int
    /// Its start order within the Map Run (ListExecutions pages by it, newest first).
    var sequence: Int
    var roleArn: String
    /// Which item (or batch) of its Map Run it processes: the Map's result is its children's results in this order.
    /// Nil in rows written before it was kept (their Map Runs keep their results in the parent's state).
    var itemIndex: Int?
    /// How many times a redrive of its parent redrove it in place (a STANDARD child), and when last: DescribeExecution's
    /// `redriveCount` and `redriveDate`.
    var redriveCount: Int = 0
    var redriveDate: Date?

    /// The v8-dmap-map-run-executions migration's table.
    static func createTable(_ db: Database) throws {
        try db.create(table: databaseTableName) { t in
            t.primaryKey("arn", .text)
            t.column("mapRunArn", .text).notNull()
            t.column("parentArn", .text).notNull()
            t.column("stateMachineArn", .text).notNull()
            t.column("name", .text).notNull()
            t.column("status", .text).notNull()
            t.column("input", .text).notNull()
            t.column("output", .text)
            t.column("error", .text)
            t.column("cause", .text)
            t.column("startDate", .datetime).notNull()
            t.column("stopDate", .datetime)
            t.column("itemCount", .integer).notNull()
            t.column("sequence", .integer).notNull()
            t.column("roleArn", .text).notNull()
        }
        try db.create(index: "mapRunExecution_page", on: databaseTableName, columns: ["mapRunArn", "sequence"])
        try db.create(index: "mapRunExecution_by_parent", on: databaseTableName, columns: ["parentArn"])
    }

    /// The v9-bigmap-map-run-results migration: each row knows its item's index, so a Map Run's results are read
    /// from its children's rows in index order instead of being held in the parent's saved state.
    static func addItemIndex(_ db: Database) throws {
        try db.alter(table: databaseTableName) { t in t.add(column: "itemIndex", .integer) }
        try db.create(
            index: "mapRunExecution_item", on: databaseTableName, columns: ["mapRunArn", "itemIndex", "sequence"])
    }

    /// The v10-map-run-child-redrives migration: a child redriven in place counts its redrives, as an execution does.
    static func addRedrives(_ db: Database) throws {
        try db.alter(table: databaseTableName) { t in
            t.add(column: "redriveCount", .integer).notNull().defaults(to: 0)
            t.add(column: "redriveDate", .datetime)
        }
    }

    /// Rows per multi-row statement (a wide Map writes thousands of children per transaction: one statement
    /// each would cost more than the children themselves).
    static let rowsPerStatement = 64

    /// Inserts children's rows, or updates what their end changes (status, output, error, cause, stop date) and
    /// what a redrive changes (the redrive count and date; an end record, which does not know them, keeps them).
    static func upsert(_ records: [MapRunExecutionRecord], in db: Database) throws {
        var start = 0
        while start < records.count {
            let chunk = records[start..<min(start + rowsPerStatement, records.count)]
            let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
            let statement = try db.cachedStatement(sql: """
                INSERT INTO mapRunExecution (arn, mapRunArn, parentArn, stateMachineArn, name, status, input, output, \
                error, cause, startDate, stopDate, itemCount, sequence, roleArn, itemIndex, redriveCount, redriveDate) VALUES \(values) \
                ON CONFLICT(arn) DO UPDATE SET status = excluded.status, output = excluded.output, error = excluded.error, \
                cause = excluded.cause, stopDate = excluded.stopDate, \
                redriveCount = MAX(redriveCount, excluded.redriveCount), redriveDate = COALESCE(excluded.redriveDate, redriveDate)
                """)
            var arguments: [(any DatabaseValueConvertible)?] = []
            arguments.reserveCapacity(chunk.count * 18)
            for record in chunk {
                arguments += [
                    record.arn, record.mapRunArn, record.parentArn, record.stateMachineArn, record.name, record.status,
                    record.input, record.output, record.error, record.cause, record.startDate, record.stopDate,
                    record.itemCount, record.sequence, record.roleArn, record.itemIndex, record.redriveCount, record.redriveDate,
                ] as [(any DatabaseValueConvertible)?]
            }
            try statement.execute(arguments: StatementArguments(arguments))
            start += chunk.count
        }
    }

    /// Inserts children's history events.
    static func insertEvents(_ events: [ChildEvent], in db: Database) throws {
        var start = 0
        while start < events.count {
            let chunk = events[start..<min(start + rowsPerStatement, events.count)]
            let values = Array(repeating: "(?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
            let statement = try db.cachedStatement(
                sql: "INSERT INTO historyEvent (executionArn, id, previousEventId, timestamp, type, details) VALUES \(values)")
            var arguments: [(any DatabaseValueConvertible)?] = []
            arguments.reserveCapacity(chunk.count * 6)
            for event in chunk {
                arguments += [
                    event.executionArn, event.id, event.previousEventId, event.timestamp, event.type,
                    event.details?.jsonString(),
                ]
                    as [(any DatabaseValueConvertible)?]
            }
            try statement.execute(arguments: StatementArguments(arguments))
            start += chunk.count
        }
    }
}

/// The reads behind ListExecutions on a Map Run and DescribeExecution/GetExecutionHistory of a child.
enum MapRunExecutionQueries {
    static func execution(_ arn: String, in db: Database) throws -> MapRunExecutionRecord? {
        try MapRunExecutionRecord.fetchOne(db, key: arn)
    }

    /// One page of a Map Run's children, newest first, below `before` (a sequence); one more than `limit` when
    /// there are more.
    static func executions(
        of mapRunArn: String, status: String?, redriven: Bool? = nil, before: Int?, limit: Int, in db: Database
    ) throws -> [MapRunExecutionRecord] {
        var sql = "SELECT arn, mapRunArn, parentArn, stateMachineArn, name, status, '' AS input, NULL AS output, "
            + "NULL AS error, NULL AS cause, startDate, stopDate, itemCount, sequence, roleArn, itemIndex, redriveCount, redriveDate "
            + "FROM mapRunExecution WHERE mapRunArn = ?"
        var arguments: StatementArguments = [mapRunArn]
        if let redriven { sql += redriven ? " AND redriveCount > 0" : " AND redriveCount = 0" }
        if let before {
            sql += " AND sequence < ?"
            arguments += [before]
        }
        if let status {
            sql += " AND status = ?"
            arguments += [status]
        }
        sql += " ORDER BY sequence DESC LIMIT ?"
        arguments += [limit + 1]
        return try MapRunExecutionRecord.fetchAll(db, sql: sql, arguments: arguments)
    }

    /// Visits a finished Map Run's results in item order, from its children's rows, one item at a time: nothing
    /// is kept but the item being read, so a Map Run of 1,000,000 children is read in bounded memory. For an item
    /// run more than once (a redrive), its last child that ended counts; an item none of whose children ended (they
    /// were aborted by a stop) is visited with a `null` result. Stops when `visit` returns false.
    /// - Parameter inputs: also read each child's input (a `ResultWriter` writes it with `Transformation: NONE`).
    static func forEachResult(
        of mapRunArn: String, count: Int, inputs: Bool, in db: Database, _ visit: (MapRunItemResult) throws -> Bool
    ) throws {
        let sql = "SELECT itemIndex, status, output, error, cause, redriveCount\(inputs ? ", input" : "") FROM mapRunExecution "
            + "WHERE mapRunArn = ? AND itemIndex IS NOT NULL ORDER BY itemIndex, sequence"
        let rows = try Row.fetchCursor(db, sql: sql, arguments: [mapRunArn])
        // The item being read (its rows are consecutive) and the next index to visit.
        var pending: MapRunItemResult?
        var next = 0
        /// Visits every item before `index` (a gap is an item none of whose children ended): false to stop.
        func flush(upTo index: Int) throws -> Bool {
            while next < min(index, count) {
                let item = pending?.index == next ? pending! : MapRunItemResult(index: next)
                next += 1
                if try !visit(item) { return false }
            }
            return true
        }
        while let row = try rows.next() {
            let index: Int = row[0]
            guard index >= 0, index < count else { continue }
            if index >= next, pending?.index != index {
                guard try flush(upTo: index) else { return }
                pending = MapRunItemResult(index: index)
            }
            let status: String = row[1]
            switch status {
            case "RUNNING", "ABORTED", "PENDING_REDRIVE":
                continue
            case "SUCCEEDED":
                let text: String? = row[2]
                pending?.output = text.flatMap { try? JSONValue(parsing: $0) } ?? .null
                pending?.failed = false
            default:
                let error: String? = row[3]
                let cause: String? = row[4]
                pending?.output = StatesError(error ?? StatesError.Name.taskFailed, cause: cause ?? "").errorOutput
                pending?.failed = true
            }
            pending?.redriveCount = (row[5] as Int?) ?? 0
            if inputs {
                let text: String? = row[6]
                pending?.input = text.flatMap { try? JSONValue(parsing: $0) } ?? .null
            }
        }
        _ = try flush(upTo: count)
    }

    /// Deletes the children of an execution and their histories (retention).
    static func deleteChildren(of parentArn: String, in db: Database) throws {
        try db.execute(
            sql: "DELETE FROM historyEvent WHERE executionArn IN (SELECT arn FROM mapRunExecution WHERE parentArn = ?)",
            arguments: [parentArn])
        try db.execute(sql: "DELETE FROM mapRunExecution WHERE parentArn = ?", arguments: [parentArn])
    }
}

/// One item's result in a finished Map Run (``MapRunResultSource``).
struct MapRunItemResult: Sendable {
    var index: Int
    /// The child's output, or its error output (`Error`, `Cause`) when it failed; `null` when no child of the
    /// item ended.
    var output: JSONValue = .null
    /// The child failed (within the tolerated failures).
    var failed = false
    /// The child's input (`null` unless asked for).
    var input: JSONValue = .null
    /// How many times its child was redriven in place (a STANDARD child of a redriven Map Run).
    var redriveCount = 0
}

/// A finished Map's children's results, visited in item order without being held together: read from the children's
/// rows as they are visited (a Distributed Map whose results are in the store), or from the Map's own arrays.
struct MapRunResultSource {
    /// How many items (children) there are.
    var count: Int
    /// The results, when they are held in memory (``held(_:inputs:failed:)``) rather than read from the store.
    var heldResults: [JSONValue?]?
    /// Calls its argument with each item's result in item order until it returns false.
    var forEach: (_ visit: (MapRunItemResult) throws -> Bool) throws -> Void

    /// Results held in the parent's state (an inline Map or Parallel, or a Map Run saved before results moved to
    /// the store).
    static func held(_ results: [JSONValue?], inputs: [JSONValue], failed: Set<Int>) -> MapRunResultSource {
        MapRunResultSource(count: results.count, heldResults: results) { visit in
            for (index, result) in results.enumerated() {
                let item = MapRunItemResult(
                    index: index, output: result ?? .null, failed: failed.contains(index),
                    input: index < inputs.count ? inputs[index] : .null)
                if try !visit(item) { return }
            }
        }
    }
}
