import Foundation
import GRDB
import GRDBSQLite
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Checkpoints the store's WAL on a thread and a connection of its own, instead of in the commit that crosses the
/// threshold. SQLite's automatic checkpoint runs inside that commit, on the group committer's thread: it copies the
/// WAL's pages into the database file and flushes it, and every transition waiting for the commit waits for that too
/// (the slowest Map of 1,000 samples were those).
///
/// The writer's connection has a WAL hook that wakes this thread once the WAL holds ``defaultPages`` pages (16 MiB:
/// four times SQLite's default, so that a page rewritten by many transitions is copied once, not four times). A
/// passive checkpoint does not block the writer, so under a steady load it never catches up alone: commits land
/// while it copies, and SQLite starts the WAL over only once a checkpoint has copied all of it. So a pass here copies
/// the bulk and flushes the database file, and the writer's next commit finishes the job in its hook: a passive
/// checkpoint there copies the few frames left (no commit can land meanwhile), flushes what they changed, and the
/// writer's next transaction starts the WAL over from its beginning, within the size ``WALPreallocation`` prepared.
/// Before, a pass asked for by every commit past the threshold ran again at once, for ever under a steady load: 512
/// checkpoints and flushes in 2,000 activity round trips, a quarter of the process's CPU, and a WAL that grew to five
/// times the threshold before the writer checkpointed it itself. The writer still does that, should this thread fall
/// behind (a checkpoint that keeps failing). The checkpointing connection keeps SQLite's default
/// `synchronous = FULL`: the database file is flushed before the WAL is reused.
///
/// Measured (release stepwise-bench, 2-core VM, 2026-12-05; docs/benchmarks.md): 2,000 round trips without a flush
/// per commit made 16 checkpoint flushes instead of 512, and used 0.76× the CPU; every workload's median was 0.80–0.96×
/// over twenty alternated runs, in noise as wide as that.
final class Checkpointer: @unchecked Sendable {
    /// WAL pages after a commit that ask for a checkpoint.
    static let defaultPages: Int32 = 4000

    /// At most this many frames not yet copied by a pass: the writer's commit finishes the checkpoint in its hook.
    static let finishingFrames: Int32 = 64
    /// After this many passes in a WAL's cycle, the writer's commit finishes the checkpoint however much is left (a
    /// load that commits faster than a pass copies).
    static let passesBeforeFinishing = 3

    /// The threshold in pages (tests lower it).
    private let threshold = Atomic<Int32>(Checkpointer.defaultPages)
    /// The WAL frames copied into the database file so far in the WAL's current cycle (0 once it starts over), and
    /// the passes that copied them.
    private let copied = Atomic<Int32>(0)
    private let passes = Atomic<Int>(0)
    /// The WAL's size at the writer's last commit (written and read only in the writer's hook).
    private let lastPages = Atomic<Int32>(0)
    /// Times the WAL started over from its beginning, and checkpoints finished in the writer's hook (for tests).
    private let restarts = Atomic<Int>(0)
    private let finishes = Atomic<Int>(0)
    /// The most frames the WAL has held after a commit (for tests).
    private let largest = Atomic<Int32>(0)

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

    /// Called after each commit of the writer with the WAL's size: wakes the thread past the threshold, finishes its
    /// checkpoint once it has copied all but a few frames, or checkpoints in the commit far past the threshold.
    fileprivate func committed(_ db: OpaquePointer?, _ name: UnsafePointer<CChar>?, pages: Int32) {
        largest.max(pages, ordering: .relaxed)
        if pages < lastPages.exchange(pages, ordering: .relaxed) {
            // The WAL started over: what passes copied belongs to its last cycle.
            copied.store(0, ordering: .relaxed)
            passes.store(0, ordering: .relaxed)
            restarts.add(1, ordering: .relaxed)
        }
        let threshold = threshold.load(ordering: .relaxed)
        guard pages >= threshold else { return }
        let copied = copied.load(ordering: .relaxed)
        let finishing = copied > 0
            && (pages - copied <= Self.finishingFrames
                || passes.load(ordering: .relaxed) >= Self.passesBeforeFinishing)
        if pages >= 5 * threshold || finishing {
            // What SQLite's own hook does at its threshold: a passive checkpoint in the committing connection. With
            // the bulk copied by a pass, it copies a few frames and flushes a few pages.
            var log: Int32 = 0
            var checkpointed: Int32 = 0
            if sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, &log, &checkpointed) == SQLITE_OK {
                self.copied.store(max(checkpointed, copied), ordering: .relaxed)
                if log > 0, checkpointed == log { finishes.add(1, ordering: .relaxed) }
            }
        } else {
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

    /// How many times the WAL started over from its beginning (seen at the writer's next commit).
    var walRestarts: Int { restarts.load(ordering: .relaxed) }

    /// How many checkpoints the writer's hook finished (every frame copied).
    var checkpointsFinishedByWriter: Int { finishes.load(ordering: .relaxed) }

    /// The most frames the WAL has held after a commit.
    var largestWALPages: Int32 { largest.load(ordering: .relaxed) }

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
                if let result = try connection?.writeWithoutTransaction({ db in try db.checkpoint(.passive) }),
                    result.checkpointedFrameCount > 0,
                    Int32(clamping: result.checkpointedFrameCount) < lastPages.load(ordering: .relaxed)
                {
                    // Commits landed meanwhile (the counts are those of the WAL as the pass began, so the WAL's size
                    // is the writer's): the writer's hook copies the rest. The pages copied here are flushed now, off
                    // the writer's thread, so that its checkpoint flushes only the few it copies.
                    flushDatabaseFile(path)
                    copied.store(Int32(clamping: result.checkpointedFrameCount), ordering: .relaxed)
                    passes.add(1, ordering: .relaxed)
                }
                condition.lock()
                completed += 1
                // The commits that asked meanwhile see the pass's progress at their next commit, and ask again only
                // if much is left: a pass does not run again at once.
                requested = false
                condition.unlock()
            } catch {
                // The next commit past the threshold asks again; far past it the writer checkpoints itself.
            }
        }
    }
}

/// Flushes the database file's written pages to disk (what a checkpoint that copied every frame does itself).
private func flushDatabaseFile(_ path: String) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    #if canImport(Darwin)
    _ = fsync(descriptor)
    #else
    _ = fdatasync(descriptor)
    #endif
    close(descriptor)
}

/// The writer connection's WAL hook, called after each commit with the WAL's size in pages.
private func walHook(
    _ context: UnsafeMutableRawPointer?, _ db: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ pages: Int32
) -> Int32 {
    if let context { Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue().committed(db, name, pages: pages) }
    return SQLITE_OK
}
