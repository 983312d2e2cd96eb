import Testing

import StatesLanguage

/// A deterministic generator for jitter tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Retry and Catch matching")
struct RuntimeErrorMatchingTests {
    @Test(arguments: [
        ("States.ALL", "Lambda.ServiceException", true),
        ("States.ALL", "States.Timeout", true),
        ("States.ALL", "States.TaskFailed", true),
        ("States.ALL", "States.HeartbeatTimeout", true),
        // recorded against AWS (LocalStack's test_states_errors ..._catch_state_all_data_limit_exceeded_...): caught,
        // though AWS documents otherwise
        ("States.ALL", "States.DataLimitExceeded", true),
        ("States.ALL", "States.Runtime", false),
        ("States.TaskFailed", "Lambda.ServiceException", true),
        ("States.TaskFailed", "States.TaskFailed", true),
        ("States.TaskFailed", "States.Permissions", true),
        ("States.TaskFailed", "States.Timeout", false),
        ("States.TaskFailed", "States.DataLimitExceeded", false),
        ("States.TaskFailed", "States.Runtime", false),
        ("States.Timeout", "States.Timeout", true),
        ("States.Timeout", "States.HeartbeatTimeout", true),
        ("States.HeartbeatTimeout", "States.HeartbeatTimeout", true),
        ("States.HeartbeatTimeout", "States.Timeout", false),
        ("States.TaskFailed", "States.HeartbeatTimeout", false),
        ("States.Timeout", "States.TaskFailed", false),
        ("States.DataLimitExceeded", "States.DataLimitExceeded", true),
        ("States.Runtime", "States.Runtime", false),
        ("ErrorA", "ErrorA", true),
        ("ErrorA", "errora", false),
        ("ErrorA", "ErrorB", false),
    ])
    func pattern(pattern: String, errorName: String, expected: Bool) {
        #expect(ErrorMatching.matches(pattern, errorName: errorName) == expected)
    }

    @Test func firstMatchingRetrierAndCatcherWin() {
        let retriers = [
            Retrier(errorEquals: ["ErrorA", "ErrorB"]),
            Retrier(errorEquals: ["States.TaskFailed"]),
            Retrier(errorEquals: ["States.ALL"]),
        ]
        #expect(retriers.firstMatch(for: "ErrorB") == 0)
        #expect(retriers.firstMatch(for: "ErrorC") == 1)
        #expect(retriers.firstMatch(for: "States.Timeout") == 2)
        #expect(retriers.firstMatch(for: "States.Runtime") == nil)
        let catchers = [
            Catcher(errorEquals: ["States.Timeout"], next: "TimedOut"),
            Catcher(errorEquals: ["States.ALL"], next: "Other"),
        ]
        #expect(catchers.firstMatch(for: "States.Timeout") == 0)
        #expect(catchers.firstMatch(for: "Custom") == 1)
        #expect(catchers.firstMatch(for: "States.DataLimitExceeded") == 1)
        #expect([Catcher]().firstMatch(for: "Custom") == nil)
    }
}

@Suite("Retry delays and attempts")
struct RuntimeRetryTests {
    @Test func defaults() {
        let retrier = Retrier(errorEquals: ["States.ALL"])
        #expect(retrier.effectiveIntervalSeconds == 1)
        #expect(retrier.effectiveMaxAttempts == 3)
        #expect(retrier.effectiveBackoffRate == 2.0)
        #expect((1...4).map { retrier.backoffSeconds(forAttempt: $0) } == [1, 2, 4, 8])
    }

    @Test func intervalAndBackoff() {
        let retrier = Retrier(errorEquals: ["States.ALL"], intervalSeconds: 3, backoffRate: 1.5)
        #expect((1...3).map { retrier.backoffSeconds(forAttempt: $0) } == [3, 4.5, 6.75])
        #expect(retrier.delay(forAttempt: 2) == .milliseconds(4500))
    }

    @Test func maxDelayCapsTheBackoff() {
        let retrier = Retrier(errorEquals: ["States.ALL"], intervalSeconds: 2, maxAttempts: 10, maxDelaySeconds: 10)
        #expect((1...5).map { retrier.backoffSeconds(forAttempt: $0) } == [2, 4, 8, 10, 10])
        #expect(retrier.backoffSeconds(forAttempt: 5000) == 10)
        #expect(retrier.delay(forAttempt: 9) == .seconds(10))
    }

    @Test func hugeAttemptsStayFinite() {
        let retrier = Retrier(errorEquals: ["States.ALL"], intervalSeconds: 99_999_999, backoffRate: 2)
        let seconds = retrier.backoffSeconds(forAttempt: 100_000)
        #expect(seconds.isFinite)
        _ = retrier.delay(forAttempt: 100_000)
    }

    @Test func fullJitterStaysWithinTheBackoff() {
        let retrier = Retrier(errorEquals: ["States.ALL"], intervalSeconds: 4, jitterStrategy: .full)
        var generator = SplitMix64(state: 42)
        var delays: Set<Duration> = []
        for _ in 0..<200 {
            let delay = retrier.delay(forAttempt: 2, using: &generator)
            #expect(delay >= .zero && delay <= .seconds(8))
            delays.insert(delay)
        }
        #expect(delays.count > 100)
        var again = SplitMix64(state: 42)
        var first = SplitMix64(state: 42)
        #expect(retrier.delay(forAttempt: 3, using: &again) == retrier.delay(forAttempt: 3, using: &first))
    }

    @Test func injectedRandomSource() {
        let full = Retrier(errorEquals: ["States.ALL"], intervalSeconds: 2, maxDelaySeconds: 5, jitterStrategy: .full)
        var seen: [ClosedRange<Double>] = []
        let delay = full.delay(forAttempt: 3) { range in
            seen.append(range)
            return range.upperBound / 2
        }
        #expect(delay == .milliseconds(2500))
        #expect(seen == [0...5])
        #expect(full.delay(forAttempt: 1) { _ in 99 } == .seconds(2))
        let plain = Retrier(errorEquals: ["States.ALL"], intervalSeconds: 2)
        #expect(plain.delay(forAttempt: 2) { _ in 0 } == .seconds(4))
    }

    @Test func noJitterIsExact() {
        let retrier = Retrier(errorEquals: ["States.ALL"], intervalSeconds: 4, jitterStrategy: Retrier.JitterStrategy.none)
        var generator = SplitMix64(state: 1)
        #expect(retrier.delay(forAttempt: 2, using: &generator) == .seconds(8))
    }

    /// AWS's documented example: retriers [ErrorA, ErrorB] (interval 1, backoff 2, max 2) and [ErrorC]
    /// (interval 5); errors ErrorA, ErrorB, ErrorC, ErrorB wait 1 s, 2 s, 5 s, then the first retrier is
    /// exhausted and the error goes to Catch.
    @Test func documentedRetrySequence() {
        let retriers = [
            Retrier(errorEquals: ["ErrorA", "ErrorB"], intervalSeconds: 1, maxAttempts: 2, backoffRate: 2.0),
            Retrier(errorEquals: ["ErrorC"], intervalSeconds: 5),
        ]
        var counter = RetryCounter(retrierCount: retriers.count)
        var generator = SplitMix64(state: 7)
        #expect(counter.decide(errorName: "ErrorA", retriers: retriers, using: &generator) == .retry(retrierIndex: 0, attempt: 1, delay: .seconds(1)))
        #expect(counter.decide(errorName: "ErrorB", retriers: retriers, using: &generator) == .retry(retrierIndex: 0, attempt: 2, delay: .seconds(2)))
        #expect(counter.decide(errorName: "ErrorC", retriers: retriers, using: &generator) == .retry(retrierIndex: 1, attempt: 1, delay: .seconds(5)))
        #expect(counter.decide(errorName: "ErrorB", retriers: retriers, using: &generator) == .attemptsExhausted(retrierIndex: 0))
        #expect(counter.decide(errorName: "ErrorD", retriers: retriers, using: &generator) == .noMatchingRetrier)
        #expect(counter.attempts == [2, 1])
    }

    @Test func maxAttemptsZeroNeverRetriesAndHidesLaterRetriers() {
        let retriers = [
            Retrier(errorEquals: ["States.Timeout"], maxAttempts: 0),
            Retrier(errorEquals: ["States.ALL"]),
        ]
        var counter = RetryCounter(retrierCount: 2)
        #expect(counter.decide(errorName: "States.Timeout", retriers: retriers) == .attemptsExhausted(retrierIndex: 0))
        if case .retry(let index, let attempt, let delay) = counter.decide(errorName: "Other", retriers: retriers) {
            #expect(index == 1 && attempt == 1 && delay == .seconds(1))
        } else {
            Issue.record("expected a retry")
        }
    }

    @Test func runtimeErrorsAreNeverRetried() {
        var counter = RetryCounter(retrierCount: 1)
        let retriers = [Retrier(errorEquals: ["States.Runtime", "States.ALL"])]
        #expect(counter.decide(errorName: "States.Runtime", retriers: retriers) == .noMatchingRetrier)
    }
}
