/// Which `ErrorEquals` entries match an error name, as AWS Step Functions documents:
///
/// - A name matches itself (names are case-sensitive).
/// - `States.ALL` matches any error name except `States.Runtime`. AWS documents that it does not match
///   `States.DataLimitExceeded` either, but recorded against AWS (LocalStack's test_states_errors
///   test_service_task_lambada_catch_state_all_data_limit_exceeded_on_large_utf8_response and
///   test_task_lambda_catch_state_all_data_limit_exceeded_on_large_utf8_response) a Catch on `States.ALL` catches
///   the `States.DataLimitExceeded` of a Lambda result over the quota; the recording is followed.
/// - `States.TaskFailed` acts as a wildcard that matches any error name except `States.Timeout` (and, like
///   `States.ALL`, not the two terminal errors).
/// - `States.Timeout` also matches `States.HeartbeatTimeout`: a heartbeat timeout is a kind of timeout, and
///   AWS kept `States.Timeout` catching both when it introduced the separate name (so `States.TaskFailed`
///   does not match a heartbeat timeout either).
/// - `States.Runtime` is never retried or caught, even when named: it always fails the execution.
public enum ErrorMatching {
    /// Whether a failure with this error name can be retried or caught at all.
    public static func isCatchable(_ errorName: String) -> Bool {
        errorName != StatesError.Name.runtime
    }

    /// Whether one `ErrorEquals` entry matches an error name.
    public static func matches(_ pattern: String, errorName: String) -> Bool {
        guard isCatchable(errorName) else { return false }
        if pattern == errorName { return true }
        switch pattern {
        case StatesError.Name.all:
            return true
        case StatesError.Name.taskFailed:
            return errorName != StatesError.Name.dataLimitExceeded && errorName != StatesError.Name.timeout
                && errorName != StatesError.Name.heartbeatTimeout
        case StatesError.Name.timeout:
            return errorName == StatesError.Name.heartbeatTimeout
        default:
            return false
        }
    }

    /// Whether any entry of an `ErrorEquals` list matches an error name.
    public static func matches(_ errorEquals: [String], errorName: String) -> Bool {
        errorEquals.contains { matches($0, errorName: errorName) }
    }
}

extension Retrier {
    /// Whether this retrier's `ErrorEquals` matches the error name.
    public func matches(_ errorName: String) -> Bool { ErrorMatching.matches(errorEquals, errorName: errorName) }
}

extension Catcher {
    /// Whether this catcher's `ErrorEquals` matches the error name.
    public func matches(_ errorName: String) -> Bool { ErrorMatching.matches(errorEquals, errorName: errorName) }
}

extension Array where Element == Retrier {
    /// The index of the first retrier that matches the error name: the one AWS applies (order matters, and a
    /// later retrier is not consulted even when the first match has no attempts left).
    public func firstMatch(for errorName: String) -> Int? { firstIndex { $0.matches(errorName) } }
}

extension Array where Element == Catcher {
    /// The index of the first catcher that matches the error name.
    public func firstMatch(for errorName: String) -> Int? { firstIndex { $0.matches(errorName) } }
}
