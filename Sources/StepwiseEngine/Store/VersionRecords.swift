import Foundation
import GRDB

/// A row of `stateMachineVersion`: a published, immutable snapshot of one revision of a state machine.
struct StateMachineVersionRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "stateMachineVersion"
    /// `<state machine ARN>:<version>`.
    var arn: String
    var stateMachineArn: String
    var version: Int
    var definition: String
    var roleArn: String
    var type: String
    var description: String?
    var creationDate: Date
    /// The machine revision the version was published from (the idempotency key of PublishStateMachineVersion).
    var revision: Int
    /// When that revision was made.
    var revisionDate: Date
    /// Logging, tracing and encryption of that revision (nil: AWS's defaults). JSON text.
    var settings: StateMachineSettings?
}

/// One route of an alias: a version and the percentage of starts it gets.
struct AliasRoute: Codable, Sendable, Hashable {
    var stateMachineVersionArn: String
    var weight: Int
}

/// A row of `stateMachineAlias`.
struct StateMachineAliasRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "stateMachineAlias"
    /// `<state machine ARN>:<alias name>`.
    var arn: String
    var stateMachineArn: String
    var name: String
    var description: String?
    /// One or two routes, weights summing to 100. JSON text.
    var routing: [AliasRoute]
    var creationDate: Date
    var updateDate: Date
}

/// A row of `stateMachineVersionCounter`: the last version number a machine has published.
struct VersionCounterRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "stateMachineVersionCounter"
    var stateMachineArn: String
    var lastVersion: Int
}

/// The tables of versions and aliases (migration `v7-api-versions`).
enum VersionRecords {
    static func createTables(_ db: Database) throws {
        try db.create(table: "stateMachineVersion") { t in
            t.primaryKey("arn", .text)
            t.column("stateMachineArn", .text).notNull()
            t.column("version", .integer).notNull()
            t.column("definition", .text).notNull()
            t.column("roleArn", .text).notNull()
            t.column("type", .text).notNull()
            t.column("description", .text)
            t.column("creationDate", .datetime).notNull()
            t.column("revision", .integer).notNull()
            t.column("revisionDate", .datetime).notNull()
            t.column("settings", .text)
        }
        try db.create(index: "version_by_machine", on: "stateMachineVersion", columns: ["stateMachineArn", "version"], unique: true)
        try db.create(table: "stateMachineAlias") { t in
            t.primaryKey("arn", .text)
            t.column("stateMachineArn", .text).notNull()
            t.column("name", .text).notNull()
            t.column("description", .text)
            t.column("routing", .text).notNull()
            t.column("creationDate", .datetime).notNull()
            t.column("updateDate", .datetime).notNull()
        }
        try db.create(index: "alias_by_machine", on: "stateMachineAlias", columns: ["stateMachineArn", "creationDate"])
        try db.create(table: "stateMachineVersionCounter") { t in
            t.primaryKey("stateMachineArn", .text)
            t.column("lastVersion", .integer).notNull()
        }
    }

    /// Deletes a machine's versions, aliases and version counter (DeleteStateMachine).
    static func deleteAll(of stateMachineArn: String, in db: Database) throws {
        for table in ["stateMachineVersion", "stateMachineAlias", "stateMachineVersionCounter"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE stateMachineArn = ?", arguments: [stateMachineArn])
        }
    }
}
