import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Checkpoints the store's WAL on a thread and a connection of its own, instead of in the commit that crosses the
/// threshold. SQLite's automatic checkpoint runs inside that commit, on the group committer's thread: it copies the
/// WAL's pages into the database file and flushes it, and every transition waiting for the commit waits for that too
/// (the slowest Map of 1,000 samples were those).
///
/// The writer's connection has a WAL hook that only wakes this thread once the WAL holds ``defaultPages`` pages (16
/// MiB: four times SQLite's default, so that a page rewritten by many transitions is copied once, not four times).
/// A passive checkpoint does not block the writer; once it has copied everything, the writer's next commit starts
/// the WAL over from its beginning, as after an automatic one. Should this thread fall behind (a checkpoint that
/// keeps failing), the writer checkpoints itself past five times the threshold, as SQLite would have. The
/// checkpointing connection keeps SQLite's default `synchronous = FULL`: the database file is flushed before the
/// WAL is reused.
///
/// Measured (stepwise-bench, same run, 16 samples each) against checkpoints in the commit at SQLite's default: 200 × 10
/// concurrent 55.5k → 61.1k transitions/s, the Map of 1,000's slowest samples gone (45.8 → 35.3 ms), and the activity
/// round trip's p50 1.17 → 1.24 ms (a checkpoint now overlaps the commits it used to hold up).
final class Checkpointer: @unchecked Sendable {
    /// WAL pages after a commit that ask for a checkpoint.
    static let defaultPages: Int32 = 4000

    /// The threshold in pages (tests lower it).
    private let threshold = Atomic<Int32>(Checkpointer.defaultPages)

    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var requested = false
    private var stopped = false
    /// The thread has not finished (its connection may be open).
    private var running = true
    /// Checkpoints run (for tests).
    private var completed = 0

    /// Installs the WAL hook on the writer's connection and starts the thread.
    ///
    /// The hook's context is retained for good: SQLite may call it until GRDB closes the writer's connection, which
    /// nothing here is told of (one small object per opened store).
    static func start(path: String, writer: DatabasePool) throws -> Checkpointer {
        let checkpointer = Checkpointer()
        let context = Unmanaged.passRetained(checkpointer).toOpaque()
        writer.writeWithoutTransaction { db in
            _ = sqlite3_wal_hook(db.sqliteConnection, walHook, context)
        }
        let thread = Thread { checkpointer.run(path: path) }
        thread.name = "stepwise-checkpoint"
        thread.start()
        return checkpointer
    }

    /// Sets the WAL size, in pages, that asks for a checkpoint (for tests: a small one makes checkpoints frequent).
    func setThreshold(pages: Int32) {
        threshold.store(pages, ordering: .relaxed)
    }

    /// Called after each commit of the writer with the WAL's size: wakes the thread past the threshold, or
    /// checkpoints in the commit far past it.
    fileprivate func committed(_ db: OpaquePointer?, _ name: UnsafePointer<CChar>?, pages: Int32) {
        let threshold = threshold.load(ordering: .relaxed)
        if pages >= 5 * threshold {
            // What SQLite's own hook does at its threshold: a passive checkpoint in the committing connection.
            sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        } else if pages >= threshold {
            request()
        }
    }

    /// Asks for a checkpoint (from the writer's commit; takes a lock for a moment, allocates nothing).
    func request() {
        condition.lock()
        requested = true
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread after the checkpoint it is running, if any, and returns once its connection is closed: when the
    /// store is gone, nothing of it touches the file any more (the next engine opening it, in this process or another,
    /// does not wait for a checkpoint of ours).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    /// How many checkpoints the thread has run.
    var checkpointsRun: Int {
        condition.lock()
        defer { condition.unlock() }
        return completed
    }

    private func run(path: String) {
        var connection: DatabaseQueue?
        defer {
            connection = nil
            condition.lock()
            running = false
            condition.broadcast()
            condition.unlock()
        }
        while true {
            condition.lock()
            while !requested, !stopped { condition.wait() }
            if stopped {
                condition.unlock()
                return
            }
            requested = false
            condition.unlock()
            do {
                if connection == nil {
                    var configuration = Configuration()
                    configuration.busyMode = .timeout(10)
                    connection = try DatabaseQueue(path: path, configuration: configuration)
                }
                _ = try connection?.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                condition.lock()
                completed += 1
                condition.unlock()
            } catch {
                // The next commit past the threshold asks again; far past it the writer checkpoints itself.
            }
        }
    }
}

/// The writer connection's WAL hook, called after each commit with the WAL's size in pages.
private func walHook(
    _ context: UnsafeMutableRawPointer?, _ db: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ pages: Int32
) -> Int32 {
    if let context { Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue().committed(db, name, pages: pages) }
    return SQLITE_OK
}
