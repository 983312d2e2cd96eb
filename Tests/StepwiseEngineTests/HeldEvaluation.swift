import Foundation
import Synchronization

/// Holds the evaluations of one execution on their evaluation thread until released (bounded: 60 s), for tests that
/// need something to happen while an evaluation is in progress (`StepwiseEngine.setEvaluationHook { gate.hold($0) }`).
/// Once released, the execution's later evaluations (a timer it armed, say) pass at once.
final class HeldEvaluation: Sendable {
    private let arn: String
    private let arrived = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)
    private let isReleased = Atomic<Bool>(false)

    init(of arn: String) { self.arn = arn }

    func hold(_ evaluated: String) {
        guard evaluated == arn, !isReleased.load(ordering: .sequentiallyConsistent) else { return }
        arrived.signal()
        _ = released.wait(timeout: .now() + 60)
    }

    /// Whether an evaluation arrived at the gate within `limit` (waits off the cooperative pool).
    func entered(within limit: Duration) async -> Bool {
        let seconds = Double(limit.components.seconds)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: self.arrived.wait(timeout: .now() + seconds) == .success)
            }
        }
    }

    func release() {
        isReleased.store(true, ordering: .sequentiallyConsistent)
        released.signal()
    }
}
