import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What this machine's hardware and kernel alone make an activity round trip cost, whatever the engine does: the
/// lower bound the round trip's figure is read against (`--workloads floor`).
///
/// A durable round trip makes two commits, each flushed to disk (the start with the task's start; the task's result
/// with the execution's end), and crosses threads four times: caller → evaluation thread (a condition wakes a
/// sleeping thread), evaluation thread → worker (a continuation resumes a suspended task), worker → evaluation thread,
/// evaluation thread → caller. Each is measured here alone, the way the round trip meets it: after an idle moment,
/// so that the woken CPU has gone to sleep, as it has between the steps of a round trip.
enum FloorBench {
    static func run(directory: URL, samples: Int = 300) async throws {
        let flush = try flushes(in: directory, samples: samples)
        let wake = threadWakes(samples: samples)
        let resume = await taskResumptions(samples: samples)
        line("flush of a 10-frame WAL write", flush, "pwrite of 41,200 bytes + fdatasync")
        line("thread wake (NSCondition)", wake, "signal → the waiting thread runs")
        line("task resumption from a thread", resume, "continuation resumed → the awaiting task runs")
        let floor = 2 * median(flush) + 2 * median(wake) + 2 * median(resume)
        print(String(format: "%-34@ %.3f ms (2 flushes + 2 thread wakes + 2 task resumptions, p50s; no CPU work counted)",
                     "activity round trip floor" as NSString, floor))
    }

    private static func line(_ name: String, _ samples: [Double], _ what: String) {
        let sorted = samples.sorted()
        print(String(format: "%-34@ p50 %.3f ms  p10 %.3f ms  p90 %.3f ms (%@)", name as NSString,
                     sorted[sorted.count / 2], sorted[sorted.count / 10], sorted[sorted.count * 9 / 10], what as NSString))
    }

    private static func median(_ samples: [Double]) -> Double { samples.sorted()[samples.count / 2] }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// A commit's flush: ten WAL frames (4,096-byte pages with their 24-byte headers) written in one call, then
    /// `fdatasync`, over a file already written to its full size (as the engine's preallocated WAL is).
    private static func flushes(in directory: URL, samples: Int) throws -> [Double] {
        let path = directory.appendingPathComponent("floor-flush").path
        let frames = 10 * (4096 + 24)
        let slots = 32
        let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        defer {
            close(descriptor)
            unlink(path)
        }
        var bytes = [UInt8](repeating: 0, count: frames * slots)
        guard bytes.withUnsafeBytes({ pwrite(descriptor, $0.baseAddress, $0.count, 0) }) == bytes.count,
            fsync(descriptor) == 0
        else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        var results: [Double] = []
        results.reserveCapacity(samples)
        for index in 0..<samples {
            bytes[index % bytes.count] &+= 1
            let start = ContinuousClock.now
            let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, frames, off_t(index % slots * frames)) }
            guard written == frames, fdatasync(descriptor) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
            results.append(milliseconds(ContinuousClock.now - start))
            usleep(300)
        }
        return results
    }

    /// A thread waiting on an `NSCondition` (as an evaluation thread waits for work) woken by another thread.
    private static func threadWakes(samples: Int) -> [Double] {
        final class Exchange: @unchecked Sendable {
            let condition = NSCondition()
            var signalled: ContinuousClock.Instant?
            var results: [Double] = []
            var done = false
        }
        let exchange = Exchange()
        let waiter = Thread {
            exchange.condition.lock()
            while !exchange.done {
                if let signalled = exchange.signalled {
                    exchange.results.append(milliseconds(ContinuousClock.now - signalled))
                    exchange.signalled = nil
                    exchange.condition.broadcast()
                }
                exchange.condition.wait()
            }
            exchange.condition.unlock()
        }
        waiter.start()
        for _ in 0..<samples {
            usleep(300)
            exchange.condition.lock()
            exchange.signalled = ContinuousClock.now
            exchange.condition.broadcast()
            while exchange.signalled != nil { exchange.condition.wait() }
            exchange.condition.unlock()
        }
        exchange.condition.lock()
        exchange.done = true
        exchange.condition.broadcast()
        let results = exchange.results
        exchange.condition.unlock()
        return results
    }

    /// A task suspended on a continuation (as a poll or `awaitExecution` waits) resumed from a plain thread.
    private static func taskResumptions(samples: Int) async -> [Double] {
        let parked = Mutex<(CheckedContinuation<ContinuousClock.Instant, Never>)?>(nil)
        let stop = Atomic<Bool>(false)
        let resumer = Thread {
            while !stop.load(ordering: .relaxed) {
                usleep(300)
                if let continuation = parked.withLock({ value in defer { value = nil }; return value }) {
                    continuation.resume(returning: ContinuousClock.now)
                }
            }
        }
        resumer.start()
        var results: [Double] = []
        results.reserveCapacity(samples)
        for _ in 0..<samples {
            let resumed = await withCheckedContinuation { continuation in parked.withLock { $0 = continuation } }
            results.append(milliseconds(ContinuousClock.now - resumed))
        }
        stop.store(true, ordering: .relaxed)
        return results
    }
}
