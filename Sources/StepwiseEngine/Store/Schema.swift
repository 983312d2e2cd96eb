import GRDB

/// The store's migrations. Named migrations are never edited once shipped: add new ones at the end.
enum Schema {
    /// A database a later version of Stepwise has migrated: it has changes this version does not know (a long input
    /// kept beside its row, say), which it would read wrong or lose, so it is not opened.
    struct NewerDatabase: Error, CustomStringConvertible {
        var unknownMigrations: [String]
        var description: String {
            "it was written by a newer version of Stepwise (its schema changes \(unknownMigrations.joined(separator: ", ")) "
                + "are unknown to this one); open it with that version or a later one"
        }
    }

    /// Throws ``NewerDatabase`` when `db` has migrations this version does not have.
    static func refuseNewer(_ db: Database) throws {
        let migrator = migrator
        let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
        if !unknown.isEmpty { throw NewerDatabase(unknownMigrations: unknown) }
    }

    /// For a reader that cannot migrate: whether `db` has every migration of this version (false: an older version
    /// wrote it). Throws ``NewerDatabase`` when a newer version did.
    static func isCurrent(_ db: Database) throws -> Bool {
        try refuseNewer(db)
        return try migrator.hasCompletedMigrations(db)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "stateMachine") { t in
                t.primaryKey("arn", .text)
                t.column("name", .text).notNull().unique()
                t.column("definition", .text).notNull()
                t.column("roleArn", .text).notNull()
                t.column("type", .text).notNull()
                t.column("creationDate", .datetime).notNull()
                t.column("updateDate", .datetime)
                t.column("revision", .integer).notNull()
            }
            try db.create(table: "activity") { t in
                t.primaryKey("arn", .text)
                t.column("name", .text).notNull().unique()
                t.column("creationDate", .datetime).notNull()
            }
            try db.create(table: "execution") { t in
                t.primaryKey("arn", .text)
                t.column("stateMachineArn", .text).notNull()
                t.column("name", .text).notNull()
                t.column("status", .text).notNull()
                t.column("input", .text).notNull()
                t.column("output", .text)
                t.column("error", .text)
                t.column("cause", .text)
                t.column("startDate", .datetime).notNull()
                t.column("stopDate", .datetime)
                t.column("definition", .text).notNull()
                t.column("roleArn", .text).notNull()
                t.column("runtime", .blob)
                t.column("eventCount", .integer).notNull()
            }
            try db.create(index: "execution_by_machine", on: "execution", columns: ["stateMachineArn", "startDate"])
            try db.create(index: "execution_by_status", on: "execution", columns: ["status"])
            try db.create(table: "historyEvent", options: .withoutRowID) { t in
                t.column("executionArn", .text).notNull()
                t.column("id", .integer).notNull()
                t.column("previousEventId", .integer).notNull()
                t.column("timestamp", .double).notNull()
                t.column("type", .text).notNull()
                t.column("details", .text)
                t.primaryKey(["executionArn", "id"])
            }
            try db.create(table: "task") { t in
                t.primaryKey("token", .text)
                t.column("executionArn", .text).notNull()
                t.column("resource", .text).notNull()
                t.column("input", .text).notNull()
                t.column("status", .text).notNull()
                t.column("workerName", .text)
                t.column("scheduledDate", .datetime).notNull()
            }
            try db.create(table: "timer") { t in
                t.primaryKey("id", .text)
                t.column("executionArn", .text).notNull()
                t.column("dueDate", .double).notNull()
            }
        }
        migrator.registerMigration("v2-redrive") { db in
            try db.alter(table: "execution") { t in
                t.add(column: "redriveCount", .integer).notNull().defaults(to: 0)
                t.add(column: "redriveDate", .datetime)
            }
        }
        migrator.registerMigration("v3-tags") { db in
            try db.create(table: "tag") { t in
                t.column("resourceArn", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("key", .text).notNull()
                t.column("value", .text).notNull()
                t.primaryKey(["resourceArn", "key"])
            }
        }
        migrator.registerMigration("v4-machine-settings") { db in
            // Logging, tracing and encryption settings (JSON text; NULL means AWS's defaults), and the machine
            // revision each execution started on (what DescribeStateMachineForExecution reports).
            try db.alter(table: "stateMachine") { t in
                t.add(column: "settings", .text)
            }
            try db.alter(table: "execution") { t in
                t.add(column: "machineSnapshot", .text)
            }
        }
        migrator.registerMigration("v5-activity-encryption") { db in
            // An activity's encryption settings (JSON text; NULL means AWS's default, an AWS owned key).
            try db.alter(table: "activity") { t in
                t.add(column: "encryption", .text)
            }
        }
        migrator.registerMigration("v6-bounded-memory") { db in
            // Closed executions are read from the store, not memory: a start sequence gives ListExecutions a
            // stable newest-first order (start dates tie within a millisecond, and rowids change on upsert), and
            // indexes serve its pages, its status filter and the retention purge (by stop date).
            try db.alter(table: "execution") { t in
                t.add(column: "startSequence", .integer).notNull().defaults(to: 0)
            }
            // Existing executions are numbered in start order (through a keyed table: one pass, not one per row).
            try db.execute(sql: """
                CREATE TEMP TABLE startOrder AS
                    SELECT arn, ROW_NUMBER() OVER (ORDER BY startDate, rowid) AS n FROM execution;
                CREATE UNIQUE INDEX temp.startOrderByArn ON startOrder(arn);
                UPDATE execution SET startSequence = (SELECT n FROM startOrder WHERE startOrder.arn = execution.arn);
                DROP TABLE startOrder;
                """)
            try db.execute(sql: "DROP INDEX IF EXISTS execution_by_machine")
            try db.create(index: "execution_page", on: "execution", columns: ["stateMachineArn", "startSequence"])
            try db.create(
                index: "execution_page_by_status", on: "execution", columns: ["stateMachineArn", "status", "startSequence"])
            try db.create(index: "execution_by_stop", on: "execution", columns: ["stopDate"])
            // The next start sequence at start-up (MAX without a full scan).
            try db.create(index: "execution_by_sequence", on: "execution", columns: ["startSequence"])
        }
        migrator.registerMigration("v7-api-versions") { db in
            // Published versions (immutable snapshots of a machine's revision), aliases routing to them, and each
            // machine's last version number (numbers are never reused, even after a version is deleted).
            try VersionRecords.createTables(db)
        }
        migrator.registerMigration("v7-dmap-map-runs") { db in
            // Distributed Map runs: counts and settings as of each transition (DescribeMapRun, ListMapRuns).
            try MapRunRecord.createTable(db)
        }
        migrator.registerMigration("v8-dmap-map-run-executions") { db in
            // The child workflow executions of Map Runs (ListExecutions --map-run-arn, DescribeExecution).
            try MapRunExecutionRecord.createTable(db)
        }
        migrator.registerMigration("v9-bigmap-map-run-results") { db in
            // A Map Run child's item index: its results are read from these rows, not held in the parent's state.
            try MapRunExecutionRecord.addItemIndex(db)
        }
        migrator.registerMigration("v10-map-run-child-redrives") { db in
            // A Map Run child redriven in place: DescribeExecution's redriveCount and redriveDate.
            try MapRunExecutionRecord.addRedrives(db)
        }
        migrator.registerMigration("v11-partial-indexes") { db in
            // Fewer pages written per commit. Recovery reads only RUNNING executions, in start order: an index of
            // those alone takes one entry at a start and loses it at the stop, next to the newest (the status index it
            // replaces also took an entry under the closed status, elsewhere in the tree). The retention purge reads
            // only stopped executions: a running one no longer has an entry (a NULL stop date) to move at its stop.
            try db.execute(sql: """
                DROP INDEX IF EXISTS execution_by_status;
                CREATE INDEX execution_running ON execution(startSequence) WHERE status = 'RUNNING';
                DROP INDEX IF EXISTS execution_by_stop;
                CREATE INDEX execution_by_stop ON execution(stopDate) WHERE stopDate IS NOT NULL;
                """)
        }
        migrator.registerMigration("v12-shared-definitions") { db in
            // A long definition is stored once, by its SHA-256, not in every execution's row (where every commit that
            // changed the row wrote it again). Rows written before keep theirs; see `EngineStore.upsert`.
            try db.execute(sql: """
                CREATE TABLE definitionText (hash TEXT PRIMARY KEY NOT NULL, text TEXT NOT NULL);
                ALTER TABLE execution ADD COLUMN definitionHash TEXT;
                """)
        }
        migrator.registerMigration("v13-definition-references") { db in
            // The retention purge deletes a stored definition once no execution refers to it; this index finds those that
            // do. Only executions of long definitions have an entry: the others pay nothing for it.
            try db.execute(sql: "CREATE INDEX execution_by_definition ON execution(definitionHash) WHERE definitionHash IS NOT NULL")
        }
        migrator.registerMigration("v14-separate-inputs") { db in
            // A long execution input is written once, here, not in the execution's row (where every commit that changed
            // the row wrote it again); its row's input is then empty. Rows written before keep theirs; see
            // `EngineStore.upsert`.
            try db.execute(sql: "CREATE TABLE executionInput (arn TEXT PRIMARY KEY NOT NULL, text TEXT NOT NULL)")
        }
        return migrator
    }
}
