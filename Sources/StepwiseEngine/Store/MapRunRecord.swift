import Foundation
import GRDB

/// How many items or child workflows of a Map Run are in each state (the members of AWS's `MapRunItemCounts` and
/// `MapRunExecutionCounts`; pending is what is left of the total).
struct MapRunTally: Codable, Sendable, Hashable {
    var total = 0
    var running = 0
    var succeeded = 0
    var failed = 0
    var timedOut = 0
    var aborted = 0
    var resultsWritten = 0

    /// Not started yet.
    var pending: Int { max(total - running - succeeded - failed - timedOut - aborted, 0) }

    /// The running ones end aborted (the Map Run was stopped or failed).
    mutating func abortRunning() {
        aborted += running
        running = 0
    }
}

/// A row of `mapRun`: a Distributed Map's Map Run, written in the transaction of every transition that changes it.
/// Counts and settings are those of the transition's end (what DescribeMapRun answers).
struct MapRunRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "mapRun"
    var arn: String
    /// The execution whose Map state started it.
    var executionArn: String
    /// The state machine of its child workflows (`stateMachine:<machine>/<label>`).
    var stateMachineArn: String
    /// `RUNNING`, `SUCCEEDED`, `FAILED` or `ABORTED`.
    var status: String
    var startDate: Date
    var stopDate: Date?
    /// The MaxConcurrency in force (0: as many as the engine allows, 10,000).
    var maxConcurrency: Int
    /// ToleratedFailureCount (0 when not set).
    var toleratedFailureCount: Int
    /// ToleratedFailurePercentage (0 when not set).
    var toleratedFailurePercentage: Double
    /// Item counts (JSON text).
    var itemCounts: MapRunTally
    /// Child workflow counts (JSON text).
    var executionCounts: MapRunTally
    var redriveCount: Int
    var redriveDate: Date?
    /// Start order within the store (ListMapRuns pages by it).
    var startSequence: Int

    /// The v7-dmap-map-runs migration's table.
    static func createTable(_ db: Database) throws {
        try db.create(table: databaseTableName) { t in
            t.primaryKey("arn", .text)
            t.column("executionArn", .text).notNull()
            t.column("stateMachineArn", .text).notNull()
            t.column("status", .text).notNull()
            t.column("startDate", .datetime).notNull()
            t.column("stopDate", .datetime)
            t.column("maxConcurrency", .integer).notNull()
            t.column("toleratedFailureCount", .integer).notNull()
            t.column("toleratedFailurePercentage", .double).notNull()
            t.column("itemCounts", .text).notNull()
            t.column("executionCounts", .text).notNull()
            t.column("redriveCount", .integer).notNull().defaults(to: 0)
            t.column("redriveDate", .datetime)
            t.column("startSequence", .integer).notNull()
        }
        try db.create(index: "mapRun_by_execution", on: databaseTableName, columns: ["executionArn", "startSequence"])
    }

    /// Writes the Map Runs of a batch (the latest record of each wins).
    static func write(_ runs: [MapRunRecord], in db: Database) throws {
        for run in runs { try run.insert(db, onConflict: .replace) }
    }
}

/// The reads behind DescribeMapRun and ListMapRuns.
enum MapRunQueries {
    static func mapRun(_ arn: String, in db: Database) throws -> MapRunRecord? {
        try MapRunRecord.fetchOne(db, key: arn)
    }

    /// One page of an execution's Map Runs in start order, after `afterSequence`; one more than `limit` when
    /// there are more.
    static func mapRuns(of executionArn: String, afterSequence: Int, limit: Int, in db: Database) throws -> [MapRunRecord] {
        try MapRunRecord
            .filter(Column("executionArn") == executionArn && Column("startSequence") > afterSequence)
            .order(Column("startSequence"))
            .limit(limit + 1)
            .fetchAll(db)
    }
}
