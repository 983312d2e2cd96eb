import Foundation
import GRDB
import StepFunctionsAPI
@testable import StepwiseEngine
import Testing

/// The store's WAL is given its working size before SQLite opens it (commits then overwrite it instead of growing
/// it): on a new database and an existing one; never over a WAL that holds commits.
@Suite("Store: the WAL prepared at opening")
struct WALPreallocationTests {
    private static let pass = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": true}, "End": true}}}"#
    private static let preparedSize = 32 + WALPreallocation.frames * (4096 + 24)

    private func walSize(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue
    }

    @Test("a new database and a reopened one start with the whole WAL, and their executions read back")
    func newAndReopened() async throws {
        let path = temporaryDatabasePath()
        let engine = try StepwiseEngine(location: .file(path))
        engine.start()
        #expect(walSize(path) == Self.preparedSize)
        let machine = try await engine.createStateMachine(name: "Quick", definition: Self.pass)
        var arns: [String] = []
        for index in 0..<20 {
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "e\(index)")
            _ = try await engine.awaitExecution(executionArn: run.executionArn)
            arns.append(run.executionArn)
        }
        // Commits overwrite the prepared file: it does not grow.
        #expect(walSize(path) == Self.preparedSize)
        await engine.shutdown()

        let reopened = try StepwiseEngine(location: .file(path))
        reopened.start()
        #expect(walSize(path) == Self.preparedSize)
        for arn in arns {
            #expect(try reopened.describeExecution(executionArn: arn).output == #"{"ok":true}"#)
        }
        let more = try await reopened.startExecution(stateMachineArn: machine.stateMachineArn, name: "after")
        #expect(try await reopened.awaitExecution(executionArn: more.executionArn).status == .succeeded)
        await reopened.shutdown()
    }

    @Test("a WAL left by a crash is not prepared over: its commits are recovered")
    func crashedWALIsKept() async throws {
        let path = temporaryDatabasePath()
        let engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let machine = try await engine.createStateMachine(name: "Quick", definition: Self.pass)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "in-the-wal")
        _ = try await engine.awaitExecution(executionArn: run.executionArn)
        // The files as a kill -9 would leave them: the commits are in the WAL, not yet in the database file.
        let crashed = temporaryDatabasePath("crashed")
        try FileManager.default.copyItem(atPath: path, toPath: crashed)
        try FileManager.default.copyItem(atPath: path + "-wal", toPath: crashed + "-wal")
        await engine.shutdown()

        #expect(WALPreallocation.prepare(databasePath: crashed) == false)
        let recovered = try StepwiseEngine(location: .file(crashed))
        recovered.start()
        let arn = run.executionArn
        #expect(try recovered.describeExecution(executionArn: arn).status == .succeeded)
        #expect(try recovered.listStateMachines().stateMachines.map(\.name) == ["Quick"])
        await recovered.shutdown()
    }

    @Test("an empty WAL (what a read-only connection leaves) is prepared, and SQLite writes into it; a WAL with anything in it is not")
    func emptyWALIsPrepared() throws {
        let path = temporaryDatabasePath()
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        _ = FileManager.default.createFile(atPath: path + "-wal", contents: Data())
        #expect(WALPreallocation.prepare(databasePath: path))
        #expect(walSize(path) == Self.preparedSize)
        let pool = try DatabasePool(path: path)
        try pool.write { db in try db.execute(sql: "INSERT INTO t VALUES (42)") }
        #expect(walSize(path) == Self.preparedSize)
        try pool.close()
        #expect(try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT x FROM t") } == 42)

        let other = temporaryDatabasePath()
        try DatabaseQueue(path: other).write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        _ = FileManager.default.createFile(atPath: other + "-wal", contents: Data([1]))
        #expect(!WALPreallocation.prepare(databasePath: other))
        #expect(walSize(other) == 1)
    }

    @Test("the page size is read from the database header")
    func pageSizeFromHeader() {
        func header(_ high: UInt8, _ low: UInt8) -> [UInt8] {
            [UInt8]("SQLite format 3\u{0}".utf8) + [high, low]
        }
        #expect(WALPreallocation.pageSize(header: header(0x10, 0x00)) == 4096)
        #expect(WALPreallocation.pageSize(header: header(0x20, 0x00)) == 8192)
        #expect(WALPreallocation.pageSize(header: header(0x00, 0x01)) == 65_536)
        #expect(WALPreallocation.pageSize(header: header(0x12, 0x34)) == 4096)
        #expect(WALPreallocation.pageSize(header: []) == 4096)
    }

    @Test("a file that is not a database gets no WAL beside it, and opening it fails as before")
    func notADatabase() throws {
        let path = temporaryDatabasePath()
        try Data(#"{"StartAt": "P"}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(!WALPreallocation.prepare(databasePath: path))
        #expect(throws: StepFunctionsError.self) { _ = try StepwiseEngine(location: .file(path)) }
        #expect(walSize(path) == nil)
    }
}
