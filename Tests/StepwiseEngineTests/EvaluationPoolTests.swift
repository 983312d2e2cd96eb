import Foundation
import Synchronization
import Testing

@testable import StepwiseEngine

/// The evaluation threads take every queued execution exactly once, whether a thread is spinning for work (and the
/// input is taken without a wake-up), asleep after its spin, or busy: no input is lost between the spin and the sleep.
@Suite("Engine: evaluation threads spin for work, then sleep, and lose no input", .timeLimit(.minutes(3)))
struct EvaluationPoolTests {
    /// Runs a pool whose work records each ARN, and returns what it recorded once `count` inputs were taken.
    private func run(spin: Duration, count: Int, enqueue: @Sendable @escaping (EvaluationPool, Int) async -> Void) async throws
        -> [String: Int]
    {
        let pool = EvaluationPool(spin: spin)
        let taken = Mutex<[String: Int]>([:])
        pool.start { arn in taken.withLock { $0[arn, default: 0] += 1 } }
        defer { pool.stop() }
        await withTaskGroup(of: Void.self) { group in
            for producer in 0..<4 { group.addTask { await enqueue(pool, producer) } }
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while taken.withLock({ $0.values.reduce(0, +) }) < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(1))
        }
        // Nothing is taken twice meanwhile.
        try await Task.sleep(for: .milliseconds(20))
        return taken.withLock { $0 }
    }

    @Test("inputs from four producers, with pauses shorter and longer than the spin: each taken once", arguments: [0, 200])
    func everyInputOnce(spinMicroseconds: Int) async throws {
        let perProducer = 300
        let taken = try await run(spin: .microseconds(spinMicroseconds), count: 4 * perProducer) { pool, producer in
            for index in 0..<perProducer {
                pool.enqueue("arn:\(producer):\(index)")
                // Back to back, within a spin, and past it (the thread has gone to sleep).
                switch index % 3 {
                case 0: break
                case 1: try? await Task.sleep(for: .microseconds(50))
                default: try? await Task.sleep(for: .microseconds(700))
                }
            }
        }
        #expect(taken.count == 4 * perProducer)
        #expect(taken.values.allSatisfy { $0 == 1 })
    }

    @Test("an input queued long after the last one (every thread asleep after its spin) is taken")
    func afterTheSpin() async throws {
        let taken = try await run(spin: .microseconds(200), count: 3) { pool, producer in
            guard producer == 0 else { return }
            pool.enqueue("first")
            try? await Task.sleep(for: .milliseconds(20))
            pool.enqueue("second")
            try? await Task.sleep(for: .milliseconds(20))
            pool.enqueue("third")
        }
        #expect(taken == ["first": 1, "second": 1, "third": 1])
    }
}
