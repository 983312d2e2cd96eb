import Foundation

extension Retrier {
    /// AWS's default `IntervalSeconds`.
    public static let defaultIntervalSeconds = 1
    /// AWS's default `MaxAttempts`.
    public static let defaultMaxAttempts = 3
    /// AWS's default `BackoffRate`.
    public static let defaultBackoffRate = 2.0

    /// `IntervalSeconds`, or its default.
    public var effectiveIntervalSeconds: Int { intervalSeconds ?? Self.defaultIntervalSeconds }
    /// `MaxAttempts`, or its default; 0 means the error is never retried.
    public var effectiveMaxAttempts: Int { maxAttempts ?? Self.defaultMaxAttempts }
    /// `BackoffRate`, or its default.
    public var effectiveBackoffRate: Double { backoffRate ?? Self.defaultBackoffRate }

    /// The delay of retry number `attempt` (1 for the first retry) before jitter:
    /// `IntervalSeconds × BackoffRate^(attempt − 1)`, capped at `MaxDelaySeconds` when set.
    public func backoffSeconds(forAttempt attempt: Int) -> Double {
        let exponent = Double(Swift.max(attempt, 1) - 1)
        var seconds = Double(effectiveIntervalSeconds) * pow(effectiveBackoffRate, exponent)
        if let cap = maxDelaySeconds { seconds = Swift.min(seconds, Double(cap)) }
        if !seconds.isFinite { seconds = Double(maxDelaySeconds ?? Int.max) }
        return Swift.max(seconds, 0)
    }

    /// The delay before retry number `attempt` (1 for the first retry). With `JitterStrategy: FULL` the delay
    /// is a random value in `[0, backoff]` drawn from `generator`; otherwise it is the backoff itself.
    public func delay(forAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let backoff = backoffSeconds(forAttempt: attempt)
        guard jitterStrategy == .full, backoff > 0 else { return Self.duration(seconds: backoff) }
        return Self.duration(seconds: Double.random(in: 0...backoff, using: &generator))
    }

    /// The delay before retry number `attempt`, with jitter drawn by `random`, which returns a value in the
    /// range it is given (inject a fixed source in tests).
    public func delay(forAttempt attempt: Int, random: (ClosedRange<Double>) -> Double) -> Duration {
        let backoff = backoffSeconds(forAttempt: attempt)
        guard jitterStrategy == .full, backoff > 0 else { return Self.duration(seconds: backoff) }
        let drawn = random(0...backoff)
        return Self.duration(seconds: drawn.isFinite ? Swift.min(Swift.max(drawn, 0), backoff) : backoff)
    }

    /// ``delay(forAttempt:using:)`` with the system's random number generator.
    public func delay(forAttempt attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(forAttempt: attempt, using: &generator)
    }

    static func duration(seconds: Double) -> Duration {
        // Durations hold about 2.9e11 years; anything near that is as good as forever for a retry.
        let bounded = Swift.min(seconds, 9.0e15)
        let whole = bounded.rounded(.down)
        let attoseconds = Int64(((bounded - whole) * 1e18).rounded())
        return Duration(secondsComponent: Int64(whole), attosecondsComponent: attoseconds)
    }
}

/// What a failed state does next under its `Retry` field.
public enum RetryDecision: Sendable, Hashable {
    /// Retry after `delay`; this is retry number `attempt` of the retrier at `retrierIndex`.
    case retry(retrierIndex: Int, attempt: Int, delay: Duration)
    /// No retrier matches the error (go on to `Catch`).
    case noMatchingRetrier
    /// The first matching retrier has used all its attempts (go on to `Catch`).
    case attemptsExhausted(retrierIndex: Int)
}

/// The retries used so far by each retrier of one state, as AWS counts them: each retrier counts its own
/// attempts, and the first retrier that matches an error decides alone.
///
/// The counts are plain integers so an engine can persist them with the state's position.
public struct RetryCounter: Sendable, Hashable, Codable {
    /// Retries used so far, by retrier index.
    public private(set) var attempts: [Int]

    public init(retrierCount: Int) { attempts = Array(repeating: 0, count: Swift.max(retrierCount, 0)) }

    public init(attempts: [Int]) { self.attempts = attempts }

    /// Decides what to do about an error, and counts the retry when there is one.
    public mutating func decide(
        errorName: String, retriers: [Retrier], using generator: inout some RandomNumberGenerator
    ) -> RetryDecision {
        guard let index = retriers.firstMatch(for: errorName) else { return .noMatchingRetrier }
        if attempts.count < retriers.count { attempts += Array(repeating: 0, count: retriers.count - attempts.count) }
        let retrier = retriers[index]
        guard attempts[index] < retrier.effectiveMaxAttempts else { return .attemptsExhausted(retrierIndex: index) }
        attempts[index] += 1
        let attempt = attempts[index]
        return .retry(retrierIndex: index, attempt: attempt, delay: retrier.delay(forAttempt: attempt, using: &generator))
    }

    /// ``decide(errorName:retriers:using:)`` with the system's random number generator.
    public mutating func decide(errorName: String, retriers: [Retrier]) -> RetryDecision {
        var generator = SystemRandomNumberGenerator()
        return decide(errorName: errorName, retriers: retriers, using: &generator)
    }
}
