import Foundation
import StatesLanguage

/// One event of an execution's history, shaped like an AWS `GetExecutionHistory` event.
///
/// ``details`` is the content of the event's details member (for example the object AWS puts under
/// `stateEnteredEventDetails`), with AWS's field names; ``detailsKey`` names that member.
public struct HistoryEvent: Sendable, Hashable {
    /// The event id, starting at 1 for `ExecutionStarted`.
    public var id: Int
    /// The id of the event this one follows from (0 for the first).
    public var previousEventId: Int
    /// When the event happened.
    public var timestamp: Date
    /// The AWS event type, e.g. `PassStateEntered`.
    public var type: String
    /// The details object, or nil for events without details (e.g. `ParallelStateStarted`).
    public var details: JSONValue?

    public init(id: Int, previousEventId: Int, timestamp: Date, type: String, details: JSONValue?) {
        self.id = id
        self.previousEventId = previousEventId
        self.timestamp = timestamp
        self.type = type
        self.details = details
    }

    /// The AWS name of the details member for this event type, e.g. `stateEnteredEventDetails`.
    public var detailsKey: String? { HistoryEvent.detailsKey(for: type) }

    /// The event as AWS's JSON: `{"timestamp", "type", "id", "previousEventId", "<x>EventDetails"}`,
    /// with the timestamp in epoch seconds as the AWS JSON protocol sends it.
    public var awsJSON: JSONValue {
        var object: JSONObject = [
            "timestamp": .double(timestamp.timeIntervalSince1970),
            "type": .string(type),
            "id": .int(id),
            "previousEventId": .int(previousEventId),
        ]
        if let details, let key = detailsKey { object[key] = details }
        return .object(object)
    }

    /// Maps an event type to its details member.
    public static func detailsKey(for type: String) -> String? {
        if type.hasSuffix("StateEntered") { return "stateEnteredEventDetails" }
        if type.hasSuffix("StateExited") { return "stateExitedEventDetails" }
        switch type {
        case "ExecutionStarted": return "executionStartedEventDetails"
        case "ExecutionSucceeded": return "executionSucceededEventDetails"
        case "ExecutionFailed": return "executionFailedEventDetails"
        case "ExecutionAborted": return "executionAbortedEventDetails"
        case "ExecutionTimedOut": return "executionTimedOutEventDetails"
        case "ActivityScheduled": return "activityScheduledEventDetails"
        case "ActivityScheduleFailed": return "activityScheduleFailedEventDetails"
        case "ActivityStarted": return "activityStartedEventDetails"
        case "ActivitySucceeded": return "activitySucceededEventDetails"
        case "ActivityFailed": return "activityFailedEventDetails"
        case "ActivityTimedOut": return "activityTimedOutEventDetails"
        case "LambdaFunctionScheduled", "LambdaFunctionScheduleFailed", "LambdaFunctionStartFailed", "LambdaFunctionSucceeded",
            "LambdaFunctionFailed", "LambdaFunctionTimedOut":
            return "l" + type.dropFirst() + "EventDetails"
        case "TaskScheduled": return "taskScheduledEventDetails"
        case "TaskStarted": return "taskStartedEventDetails"
        case "TaskSubmitted": return "taskSubmittedEventDetails"
        case "TaskSucceeded": return "taskSucceededEventDetails"
        case "TaskFailed": return "taskFailedEventDetails"
        case "TaskTimedOut": return "taskTimedOutEventDetails"
        case "MapStateStarted": return "mapStateStartedEventDetails"
        case "MapRunStarted": return "mapRunStartedEventDetails"
        case "MapRunFailed": return "mapRunFailedEventDetails"
        case "MapRunRedriven": return "mapRunRedrivenEventDetails"
        case "MapIterationStarted", "MapIterationSucceeded", "MapIterationFailed", "MapIterationAborted":
            return type.prefix(1).lowercased() + type.dropFirst() + "EventDetails"
        default: return nil
        }
    }
}

/// Payload details as AWS records them next to an input or output (`{"truncated": false}`).
let untruncated: JSONValue = ["truncated": false]
