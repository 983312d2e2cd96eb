package import Foundation
import StatesLanguage
import StepwiseEngine

/// A clock that runs `factor` times faster than real time, for the examples' `--fast`: with a factor of
/// 1000, a two-minute wait takes 0.12 s.
package struct ScaledClock: EngineClock {
    /// How many times faster than real time.
    package let factor: Double
    let start = Date()

    /// A clock `factor` times faster than real time, starting now.
    package init(factor: Double) { self.factor = factor }

    package var now: Date { start.addingTimeInterval(Date().timeIntervalSince(start) * factor) }

    package func sleep(until deadline: Date) async throws {
        let real = deadline.timeIntervalSince(now) / factor
        if real > 0 {
            try await Task.sleep(for: .nanoseconds(Int64(min(real, 86_400) * 1e9)))
        } else {
            try Task.checkCancellation()
        }
    }
}
