import Foundation
import GRDB
import GRDBSQLite
import StepFunctionsAPI
import Testing

@testable import StepwiseEngine

/// The store's WAL is written through a VFS that writes each transaction's frames in one call: what other
/// connections and processes read, and what survives a reopening, is what SQLite wrote.
@Suite("Store: a transaction's WAL frames in one write")
struct WALWriteCoalescingTests {
    /// A WAL database opened through the VFS, with `synchronous` as given, and a table of blobs.
    private static func open(_ path: String, synchronous: String) throws -> DatabasePool {
        let pool = try DatabasePool(path: WALWriteCoalescing.filename(path))
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
        }
        return pool
    }

    /// A plain connection (SQLite's default VFS), as another process has.
    private static func plain(_ path: String) throws -> DatabaseQueue {
        try DatabaseQueue(path: path)
    }

    /// The writes the VFS made to the WAL for one committed transaction of `body`.
    private static func writes(_ pool: DatabasePool, _ body: @escaping (Database) throws -> Void) throws -> Int {
        try pool.writeWithoutTransaction { db in
            let before = try #require(WALWriteCoalescing.writesMade(db))
            try db.inTransaction {
                try body(db)
                return .commit
            }
            return try #require(WALWriteCoalescing.writesMade(db)) - before
        }
    }

    private static func body(_ id: Int, bytes: Int) -> Data {
        Data((0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ id) })
    }

    @Test("the store's own connection writes its WAL through the VFS", .enabled(if: WALWriteCoalescing.registered))
    func storeUsesTheVFS() throws {
        let path = temporaryDatabasePath("vfs-store")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let store = try EngineStore(location: .file(path))
        let writes = store.writer.writeWithoutTransaction { db in WALWriteCoalescing.writesMade(db) }
        #expect(writes != nil)
        // A plain connection's WAL is not wrapped.
        let plain = try Self.plain(path)
        #expect(try plain.inDatabase { db in WALWriteCoalescing.writesMade(db) } == nil)
    }

    @Test(
        "a transaction of many pages is one write, and a plain connection reads it at once (FULL and NORMAL)",
        .enabled(if: WALWriteCoalescing.registered), arguments: ["FULL", "NORMAL"])
    func oneWritePerTransaction(synchronous: String) throws {
        let path = temporaryDatabasePath("vfs-one")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let pool = try Self.open(path, synchronous: synchronous)
        let reader = try Self.plain(path)
        for round in 0..<20 {
            let writes = try Self.writes(pool) { db in
                // About 24 KiB over six pages, plus the table's leaf and interior pages.
                try db.execute(sql: "INSERT INTO item (id, body) VALUES (?, ?)",
                               arguments: [round, Self.body(round, bytes: 24_000)])
            }
            // Seven frames or more (14 writes of SQLite's), in one write.
            #expect(writes == 1, "round \(round): \(writes) writes")
            // Another connection, through the default VFS, sees the committed row right away.
            let read = try reader.read { db in try Data.fetchOne(db, sql: "SELECT body FROM item WHERE id = ?", arguments: [round]) }
            #expect(read == Self.body(round, bytes: 24_000))
        }
    }

    @Test("a transaction larger than the buffer is written in pieces, whole", .enabled(if: WALWriteCoalescing.registered))
    func largeTransaction() throws {
        let path = temporaryDatabasePath("vfs-large")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        do {
            let pool = try Self.open(path, synchronous: "FULL")
            let size = 3 * WALWriteCoalescing.capacity + 12_345
            let writes = try Self.writes(pool) { db in
                try db.execute(sql: "INSERT INTO item (id, body) VALUES (1, ?)", arguments: [Self.body(1, bytes: size)])
                try db.execute(sql: "INSERT INTO item (id, body) VALUES (2, ?)", arguments: [Self.body(2, bytes: 100)])
            }
            // Some 770 frames (1,540 writes of SQLite's) in writes of at most 124 KiB.
            #expect(writes > 1)
            #expect(writes <= size / WALWriteCoalescing.largestWrite + 4, "\(writes) writes")
            let read = try Self.plain(path).read { db in try Data.fetchOne(db, sql: "SELECT body FROM item WHERE id = 1") }
            #expect(read == Self.body(1, bytes: size))
            try pool.close()
        }
        // Reopened (the WAL is read back through SQLite's recovery), everything is there.
        let reopened = try Self.plain(path)
        #expect(try reopened.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") } == 2)
        #expect(try reopened.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }

    @Test("a rolled back transaction leaves nothing; the next one commits", .enabled(if: WALWriteCoalescing.registered))
    func rollback() throws {
        let path = temporaryDatabasePath("vfs-rollback")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let pool = try Self.open(path, synchronous: "FULL")
        // Larger than SQLite's page cache of this connection: pages spill to the WAL before the rollback.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA cache_size = 10")
            try db.inTransaction {
                for id in 0..<200 {
                    try db.execute(sql: "INSERT INTO item (id, body) VALUES (?, ?)", arguments: [id, Self.body(id, bytes: 3000)])
                }
                return .rollback
            }
            try db.execute(sql: "INSERT INTO item (id, body) VALUES (7, ?)", arguments: [Self.body(7, bytes: 5000)])
        }
        let plain = try Self.plain(path)
        #expect(try plain.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") } == 1)
        #expect(try plain.read { db in try Data.fetchOne(db, sql: "SELECT body FROM item") } == Self.body(7, bytes: 5000))
        #expect(try plain.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }

    /// The database and its WAL as a process killed now leaves them (what the system has; no shared memory).
    private static func crashImage(of path: String) throws -> String {
        let copy = temporaryDatabasePath("vfs-image")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
        return copy
    }

    @Test(
        "a transaction that spills and rewrites its own frames is whole in the files once committed (FULL and NORMAL)",
        .enabled(if: WALWriteCoalescing.registered), arguments: ["FULL", "NORMAL"])
    func spilledTransactionSurvivesAKill(synchronous: String) throws {
        let path = temporaryDatabasePath("vfs-spill")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let pool = try Self.open(path, synchronous: synchronous)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "INSERT INTO item (id, body) VALUES (0, x'00')")
            // A cache of ten pages: the transaction's pages spill to the WAL before its commit, and the pages it
            // changes again are overwritten in place there (SQLite then rewrites those frames' checksums).
            try db.execute(sql: "PRAGMA cache_size = 10")
            try db.inTransaction {
                for id in 1...120 {
                    try db.execute(sql: "INSERT INTO item (id, body) VALUES (?, ?)", arguments: [id, Self.body(id, bytes: 3000)])
                }
                for id in 1...120 {
                    try db.execute(sql: "UPDATE item SET body = ? WHERE id = ?", arguments: [Self.body(id + 1000, bytes: 3000), id])
                }
                return .commit
            }
        }
        let image = try Self.crashImage(of: path)
        defer { try? FileManager.default.removeItem(atPath: (image as NSString).deletingLastPathComponent) }
        let recovered = try Self.plain(image)
        #expect(try recovered.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") } == 121)
        #expect(try recovered.read { db in try Data.fetchOne(db, sql: "SELECT body FROM item WHERE id = 120") }
            == Self.body(1120, bytes: 3000))
        #expect(try recovered.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }

    @Test("a path with spaces, #, ? and % opens that very file", .enabled(if: WALWriteCoalescing.registered))
    func pathNeedsEncoding() async throws {
        let directory = (temporaryDatabasePath("x") as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/odd name #1 ?x=%20&y.sqlite"
        let engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let machine = try await engine.createStateMachine(
            name: "Odd", definition: #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
        #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .succeeded)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        await engine.shutdown()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted().allSatisfy { $0.hasPrefix("odd name #1 ?x=%20&y.sqlite") })
        let reopened = try StepwiseEngine(location: .file(path))
        #expect(try await reopened.describeExecution(executionArn: run.executionArn).status == .succeeded)
        await reopened.shutdown()
    }
}
