import Foundation
import StepFunctionsAPI

/// Where an execution stands inside the engine: a closed set, switched over exhaustively. The API answers the wire's
/// `StepFunctionsAPI.ExecutionStatus` (``wire``); records store the raw value.
enum ExecutionStatus: String, Sendable, Hashable, CaseIterable {
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case timedOut = "TIMED_OUT"
    case aborted = "ABORTED"

    /// The status as the API answers it.
    var wire: StepFunctionsAPI.ExecutionStatus { StepFunctionsAPI.ExecutionStatus(rawValue: rawValue) }
}

/// A state machine's type inside the engine (records store the raw value).
enum StateMachineType: String, Sendable, Hashable, CaseIterable {
    /// Durable, exactly-once executions with a history (up to a year).
    case standard = "STANDARD"
    /// Short executions (up to five minutes), also run synchronously by StartSyncExecution.
    case express = "EXPRESS"

    /// The type as the API answers it.
    var wire: StepFunctionsAPI.StateMachineType { StepFunctionsAPI.StateMachineType(rawValue: rawValue) }
}

/// A task handed to a poller: its token and input JSON text.
package struct ActivityTask: Sendable, Hashable {
    package var taskToken: String
    package var input: String
}
