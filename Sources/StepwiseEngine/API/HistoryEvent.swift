import Foundation
import StatesLanguage

/// One event as the interpreter records it, before it is stored: its details are AWS's JSON (the object AWS puts
/// under, say, `stateEnteredEventDetails`, with AWS's field names). The store keeps that JSON as text, and the API
/// reads it once into the wire's `StepFunctionsAPI.HistoryEvent` (``ExecutionQueries/wireEvents(_:includeData:)``).
struct HistoryEvent: Sendable, Hashable {
    /// The event id, starting at 1 for `ExecutionStarted`.
    var id: Int
    /// The id of the event this one follows from (0 for the first).
    var previousEventId: Int
    /// When the event happened.
    var timestamp: Date
    /// The AWS event type, e.g. `PassStateEntered`.
    var type: String
    /// The details object, or nil for events without details (e.g. `ParallelStateStarted`).
    var details: JSONValue?

    init(id: Int, previousEventId: Int, timestamp: Date, type: String, details: JSONValue?) {
        self.id = id
        self.previousEventId = previousEventId
        self.timestamp = timestamp
        self.type = type
        self.details = details
    }

    /// Maps an event type to its details member: `stateEnteredEventDetails` for every `...StateEntered`,
    /// `stateExitedEventDetails` for every `...StateExited`, else the type with a lowercase first letter and
    /// `EventDetails` (`ExecutionStarted` → `executionStartedEventDetails`), as AWS names them.
    static func detailsKey(for type: String) -> String {
        if type.hasSuffix("StateEntered") { return "stateEnteredEventDetails" }
        if type.hasSuffix("StateExited") { return "stateExitedEventDetails" }
        return type.prefix(1).lowercased() + type.dropFirst() + "EventDetails"
    }
}

/// Payload details as AWS records them next to an input or output (`{"truncated": false}`).
let untruncated: JSONValue = ["truncated": false]
