import StatesLanguage

/// When and how a failed step is retried: one entry of the ASL `Retry` field.
///
/// Fields left `nil` are left out of the ASL, so AWS's defaults apply (1 second, 3 attempts, backoff 2.0,
/// no maximum delay, no jitter).
///
/// ```swift
/// static let retry = [RetryPolicy(on: [.timeout], interval: .seconds(60), maxAttempts: 3)]
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// The errors this policy retries.
    public var errors: [ErrorName]
    /// The delay before the first retry (lowered to whole seconds, rounded up).
    public var interval: Duration?
    /// How many retries at most; 0 never retries.
    public var maxAttempts: Int?
    /// The multiplier of the delay for each further attempt.
    public var backoffRate: Double?
    /// The upper bound of the delay (lowered to whole seconds, rounded up).
    public var maxDelay: Duration?
    /// `.full` randomizes each delay between 0 and the computed backoff.
    public var jitter: Retrier.JitterStrategy?

    public init(
        on errors: [ErrorName], interval: Duration? = nil, maxAttempts: Int? = nil, backoffRate: Double? = nil,
        maxDelay: Duration? = nil, jitter: Retrier.JitterStrategy? = nil
    ) {
        self.errors = errors
        self.interval = interval
        self.maxAttempts = maxAttempts
        self.backoffRate = backoffRate
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// The policy as an ASL retrier.
    public var retrier: Retrier {
        Retrier(
            errorEquals: errors.map(\.rawValue), intervalSeconds: interval.map(Duration.wholeSeconds),
            maxAttempts: maxAttempts, backoffRate: backoffRate, maxDelaySeconds: maxDelay.map(Duration.wholeSeconds),
            jitterStrategy: jitter)
    }
}

/// Where a step's errors go: one entry of the ASL `Catch` field, leading to a named step of the workflow.
///
/// A handler's default catchers name steps by the names the workflow gives them (``ConfigurableStep/named(_:)``).
/// In a workflow, ``ConfigurableStep/catch(_:resultPath:recovery:)`` can give the recovery steps inline instead.
public struct CatchPolicy: Sendable, Hashable {
    /// The errors this catcher matches.
    public var errors: [ErrorName]
    /// The name of the step to go to.
    public var next: String
    /// Where the error output (`{"Error", "Cause"}`) goes in the step's input; `nil` replaces the input with it.
    public var resultPath: ResultPlacement?

    public init(on errors: [ErrorName], next: String, resultPath: ResultPlacement? = nil) {
        self.errors = errors
        self.next = next
        self.resultPath = resultPath
    }

    var catcher: Catcher {
        Catcher(errorEquals: errors.map(\.rawValue), next: next, resultPath: resultPath?.nullablePath)
    }
}

/// Where a result goes in a state's input (`ResultPath`).
public enum ResultPlacement: Sendable, Hashable {
    /// At this JSONPath, such as `$.error`.
    case path(String)
    /// Discarded: the state's output is its input (`ResultPath: null`).
    case discard

    var nullablePath: NullablePath {
        switch self {
        case .path(let text): .path(text)
        case .discard: .null
        }
    }
}

extension Duration {
    /// Whole seconds, rounded up (ASL's timing fields are integers); never negative.
    static func wholeSeconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 { return 0 }
        return Int(seconds) + (attoseconds > 0 ? 1 : 0)
    }
}

extension Duration {
    /// `minutes` minutes, for waits and timeouts (`Wait(.minutes(2))`).
    public static func minutes(_ minutes: Int) -> Duration { .seconds(minutes * 60) }

    /// `hours` hours.
    public static func hours(_ hours: Int) -> Duration { .seconds(hours * 3600) }
}
