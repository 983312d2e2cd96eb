import Foundation
import GRDB
import StepFunctionsAPI
import StepwiseTesting
import Testing

@testable import StepwiseEngine

/// The WAL is checkpointed by a thread of its own, not inside the commit that crosses SQLite's threshold: the WAL
/// still stays bounded, and what was committed is in the database file afterwards.
@Suite("Store: WAL checkpoints off the writer's thread")
struct CheckpointerTests {
    static func walSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int) ?? 0
    }

    @Test("thousands of WAL pages: the checkpoint thread runs, the WAL is reused, nothing is lost")
    func checkpointsKeepTheWALBounded() async throws {
        let path = temporaryDatabasePath("checkpoint")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let checkpointer = try #require(engine.store.checkpointer)
        // A quarter of SQLite's default threshold: many checkpoints in a test that writes some 10,000 pages.
        checkpointer.setThreshold(pages: 250)
        let machine = try await engine.createStateMachine(
            name: "Fill", definition: #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}}"#)
        // About 3 KiB of input per execution, written in its row and six of its events: some 40 MiB in all.
        let input = #"{"pad": ""# + String(repeating: "x", count: 3000) + #""}"#
        var arns: [String] = []
        for _ in 0..<10 {
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: input)
                        _ = try await engine.awaitExecution(executionArn: run.executionArn)
                        return run.executionArn
                    }
                }
                for try await arn in group { arns.append(arn) }
            }
        }
        #expect(try await eventually { checkpointer.checkpointsRun >= 4 })
        // A WAL that is reused stays within the size prepared at opening (18 MiB; checkpoints lag behind under a
        // loaded test run), far from the 40 MiB written.
        let prepared = 32 + WALPreallocation.frames * (4096 + 24)
        #expect(Self.walSize(path) <= prepared, "WAL of \(Self.walSize(path)) bytes")
        await engine.shutdown()

        let reopened = try StepwiseEngine(location: .file(path))
        for arn in [arns[0], arns[999], arns[1_999]] {
            #expect(try await reopened.describeExecution(executionArn: arn).status == .succeeded)
        }
        await reopened.shutdown()
    }

    @Test("commits back to back: a pass copies the bulk, the writer's commit finishes it, the WAL starts over")
    func backToBackCommitsFinishEachCycle() throws {
        let path = temporaryDatabasePath("checkpoint-steady")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let store = try EngineStore(location: .file(path))
        let checkpointer = try #require(store.checkpointer)
        checkpointer.setThreshold(pages: 200)
        try store.writer.write { db in try db.execute(sql: "CREATE TABLE scratch (id INTEGER PRIMARY KEY, pad BLOB)") }
        // One commit after another with no pause, as a loaded service commits: a pass never sees the WAL still, so
        // it never copies all of it alone. Before, every commit past the threshold asked for another pass, which ran
        // at once, until the WAL held five times the threshold and the writer checkpointed it in a commit.
        let pad = Data(repeating: 7, count: 3000)
        for index in 0..<3000 {
            try store.writer.write { db in
                try db.execute(sql: "INSERT INTO scratch (id, pad) VALUES (?, ?)", arguments: [index, pad])
            }
        }
        let restarts = checkpointer.walRestarts
        let passes = checkpointer.checkpointsRun
        let largest = checkpointer.largestWALPages
        #expect(restarts >= 5, "the WAL started over \(restarts) times (\(passes) passes)")
        #expect(checkpointer.checkpointsFinishedByWriter >= 1)
        // The WAL starts over past the threshold by what commits add while passes copy (200-odd frames in a loaded
        // test run), not at five times it, where the writer checkpoints alone; and a cycle takes a few passes (at
        // most `passesBeforeFinishing` that leave frames behind, or fewer and one that copies everything).
        #expect(largest < 5 * 200, "the WAL held up to \(largest) frames (\(restarts) cycles, \(passes) passes)")
        #expect(passes <= (restarts + 1) * (Checkpointer.passesBeforeFinishing + 1), "\(passes) passes, \(restarts) cycles")
        let count = try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM scratch") }
        #expect(count == 3000)
    }
}
