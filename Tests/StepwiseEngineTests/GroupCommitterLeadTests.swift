import Foundation
import GRDB
import StepFunctionsAPI
import Synchronization
import Testing

@testable import StepwiseEngine

/// A thread that submits with `lead` writes the queue itself when the writer thread is idle (no wake-up of the writer
/// for a lone transition), and leaves it to the writer otherwise; either way each batch is written once, in order.
@Suite("Store: group commit led by the submitting thread")
struct GroupCommitterLeadTests {
    /// A committer on a new file store, its writer loop running.
    private static func running(_ name: String) throws -> (GroupCommitter, EngineStore, Task<Void, Never>, String) {
        let path = temporaryDatabasePath(name)
        let store = try EngineStore(location: .file(path))
        let committer = GroupCommitter(store: store)
        let loop = Task { await committer.run() }
        return (committer, store, loop, path)
    }

    private static func activity(_ name: String) -> WriteBatch {
        WriteBatch(activities: [ActivityRecord(
            arn: "arn:aws:states:us-east-1:123456789012:activity:\(name)", name: name, creationDate: Date())])
    }

    private static func storedActivities(_ store: EngineStore) throws -> [String] {
        try store.read { db in try String.fetchAll(db, sql: "SELECT name FROM activity ORDER BY name") }
    }

    /// Runs `body` on a thread of its own named `name` and returns its result.
    private static func onThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }

    @Test("with the writer asleep, a batch submitted with lead is written by the submitting thread, before lead returns")
    func idleWriterLeavesTheCommitToTheLeader() async throws {
        let (committer, store, loop, path) = try Self.running("lead-idle")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        #expect(try await eventually { committer.writerIsAsleep })
        let writtenOn = await Self.onThread("test-leader") {
            let thread = Mutex<String?>(nil)
            let leader = threadID()
            committer.submit([GroupCommitter.Submission(batch: Self.activity("led")) { error in
                thread.withLock { $0 = error == nil ? threadID() : "error: \(error!)" }
            }], lead: true)
            // Not written yet: the writer was not woken, and this thread has not led.
            let before = thread.withLock { $0 }
            committer.lead()
            return (before, thread.withLock { $0 }, leader)
        }
        #expect(writtenOn.0 == nil)
        #expect(writtenOn.1 == writtenOn.2)
        #expect(try Self.storedActivities(store) == ["led"])
        // The writer thread is idle again and writes what comes without a leader.
        try await committer.commit(Self.activity("plain"))
        #expect(try Self.storedActivities(store) == ["led", "plain"])
        loop.cancel()
        await loop.value
    }

    @Test("with a hold out, lead leaves the queue to the writer, which writes it after its linger")
    func holdKeepsTheWriter() async throws {
        let (committer, store, loop, path) = try Self.running("lead-hold")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        committer.setLinger(.milliseconds(20))
        #expect(try await eventually { committer.writerIsAsleep })
        let done = Mutex<String?>(nil)
        committer.submit([], hold: true)
        let (before, leader) = await Self.onThread("test-leader") {
            committer.submit([GroupCommitter.Submission(batch: Self.activity("held")) { error in
                done.withLock { $0 = error == nil ? threadID() : "error: \(error!)" }
            }], lead: true)
            committer.lead()
            return (done.withLock { $0 }, threadID())
        }
        #expect(before == nil)
        #expect(try await eventually { done.withLock { $0 } != nil })
        // Written by the writer thread, not by the thread that led.
        #expect(done.withLock { $0 }?.hasPrefix("error") == false)
        #expect(done.withLock { $0 } != leader)
        #expect(try Self.storedActivities(store) == ["held"])
        committer.submit([], release: true)
        loop.cancel()
        await loop.value
    }

    @Test("leaders and the writer together: every batch is written once and answered in submission order")
    func leadersKeepSubmissionOrder() async throws {
        let (committer, store, loop, path) = try Self.running("lead-order")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let threads = 6, perThread = 150
        // Submissions are numbered under one lock, so the queue's order is the numbers' order.
        let log = OrderLog()
        await withTaskGroup(of: Void.self) { group in
            for thread in 0..<threads {
                group.addTask {
                    await Self.onThread("test-submitter-\(thread)") {
                        for index in 0..<perThread {
                            let lead = (index + thread) % 3 != 0
                            log.order.withLock { next in
                                let number = next
                                next += 1
                                committer.submit([GroupCommitter.Submission(batch: Self.activity("a\(number)")) { error in
                                    log.answered.withLock { $0.append(error == nil ? number : -1 - number) }
                                }], lead: lead)
                            }
                            if lead { committer.lead() }
                        }
                    }
                }
            }
        }
        await committer.barrier()
        let total = threads * perThread
        #expect(log.answered.withLock { $0 } == Array(0..<total))
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activity") } == total)
        loop.cancel()
        await loop.value
    }

    @Test("the writer loop does not end while a leader's group is being written")
    func closeWaitsForTheLeader() async throws {
        let (committer, store, loop, path) = try Self.running("lead-close")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        #expect(try await eventually { committer.writerIsAsleep })
        let inCallback = DispatchSemaphore(value: 0)
        let proceed = DispatchSemaphore(value: 0)
        let leader = Task.detached {
            await Self.onThread("test-leader") {
                committer.submit([GroupCommitter.Submission(batch: Self.activity("slow")) { _ in
                    inCallback.signal()
                    proceed.wait()
                }], lead: true)
                committer.lead()
            }
        }
        await Self.onThread("test-wait") { inCallback.wait() }
        // The leader is inside its group (its callback): the loop is told to stop, and must wait for it.
        loop.cancel()
        try await Task.sleep(for: .milliseconds(50))
        let loopEnded = Mutex(false)
        let watcher = Task { await loop.value; loopEnded.withLock { $0 = true } }
        try await Task.sleep(for: .milliseconds(50))
        #expect(!loopEnded.withLock { $0 })
        proceed.signal()
        await leader.value
        await watcher.value
        #expect(loopEnded.withLock { $0 })
        #expect(try Self.storedActivities(store) == ["slow"])
    }
}

/// The numbering of submissions and the order of their answers (``GroupCommitterLeadTests/leadersKeepSubmissionOrder()``).
private final class OrderLog: Sendable {
    let order = Mutex(0)
    let answered = Mutex<[Int]>([])
}

/// The calling thread, told apart from the others.
private func threadID() -> String {
    String(describing: pthread_self())
}
