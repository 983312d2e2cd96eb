import OrderedCollections
package import StatesLanguage
import StepFunctionsAPI

extension HistoryEvent {
    /// The event's details member (`stateEnteredEventDetails`, `taskScheduledEventDetails`, ...) as AWS's JSON, for
    /// the package's tests to look into without naming each typed member.
    package var details: JSONValue? {
        guard let bytes = try? StepFunctionsCoding.encode(self), case .object(let object)? = try? JSONValue(parsing: bytes)
        else { return nil }
        for (key, value) in object where key.hasSuffix("EventDetails") { return value }
        return nil
    }
}
