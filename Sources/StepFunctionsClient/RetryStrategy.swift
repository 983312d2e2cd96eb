import Foundation
public import StepFunctionsAPI

/// AWS's "standard" retry mode: at most `maxAttempts` attempts, exponential backoff with full jitter
/// (`random(0...1) × base × 2^(attempt-1)`, capped at `maxBackoff`), and a retry quota shared by all calls of a
/// client: each retry takes `retryCost` tokens (`timeoutRetryCost` after a timeout), a success gives back what its
/// last retry took (or 1 token when it needed none), and when the quota is empty errors are not retried.
public struct RetryConfiguration: Sendable, Hashable {
    /// Attempts per call, the first included: 3.
    public var maxAttempts: Int
    /// The backoff base: 1 second.
    public var baseDelay: Duration
    /// The longest backoff: 20 seconds.
    public var maxBackoff: Duration
    /// The retry quota's capacity: 500 tokens.
    public var quotaCapacity: Int
    /// Tokens a retry takes: 5.
    public var retryCost: Int
    /// Tokens a retry after a timeout takes: 10.
    public var timeoutRetryCost: Int

    /// The standard mode's defaults.
    public init(
        maxAttempts: Int = 3, baseDelay: Duration = .seconds(1), maxBackoff: Duration = .seconds(20), quotaCapacity: Int = 500,
        retryCost: Int = 5, timeoutRetryCost: Int = 10
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.quotaCapacity = quotaCapacity
        self.retryCost = retryCost
        self.timeoutRetryCost = timeoutRetryCost
    }

    /// No retries at all.
    public static let none = RetryConfiguration(maxAttempts: 1)

    /// The backoff before retry number `retry` (1 for the first retry), for a jitter factor in `0...1`.
    public func backoff(beforeRetry retry: Int, jitter: Double) -> Duration {
        let exponent = Double(max(0, min(retry - 1, 30)))
        let seconds = Self.seconds(baseDelay) * pow(2, exponent)
        return .milliseconds(Int((min(seconds, Self.seconds(maxBackoff)) * min(max(jitter, 0), 1) * 1000).rounded()))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// How a failed attempt is classified for retrying.
public enum RetryClass: Sendable, Hashable {
    /// The service asked the client to slow down (throttling codes, HTTP 429).
    case throttling
    /// A transient service or network failure: 5xx, transient codes, connection errors.
    case transient
    /// The request timed out; costs more of the retry quota.
    case timeout
}

extension RetryClass {
    /// Error codes AWS SDKs treat as throttling.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    ]
    /// Error codes AWS SDKs treat as transient.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
    ]
    /// HTTP statuses AWS SDKs treat as transient.
    public static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// The class of an error answered by the service, or nil when it must not be retried.
    public init?(_ error: StepFunctionsError) {
        if Self.throttlingCodes.contains(error.code.rawValue) || error.httpStatus == 429 {
            self = .throttling
        } else if Self.transientCodes.contains(error.code.rawValue) || Self.transientStatuses.contains(error.httpStatus) {
            self = .transient
        } else {
            return nil
        }
    }
}

/// The retry quota shared by the calls of one client.
public actor RetryQuota {
    /// Tokens left.
    public private(set) var available: Int
    /// The most tokens the quota holds.
    public nonisolated let capacity: Int

    /// A full quota of `capacity` tokens.
    public init(capacity: Int) {
        self.capacity = capacity
        self.available = capacity
    }

    /// Takes `cost` tokens for a retry; false (and nothing taken) when fewer are left.
    public func acquire(_ cost: Int) -> Bool {
        guard available >= cost else { return false }
        available -= cost
        return true
    }

    /// Gives back the tokens a successful call's last retry took, or 1 when it succeeded without retrying.
    public func recordSuccess(lastRetryCost: Int) {
        available = min(capacity, available + (lastRetryCost > 0 ? lastRetryCost : 1))
    }
}
