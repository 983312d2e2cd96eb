/// Builds the `StatesError`s of the JSONPath data flow with AWS's error names and cause wording.
enum DataFlowError {
    /// A value as it appears inside a cause: compact JSON text.
    static func render(_ value: JSONValue?) -> String {
        guard let value else { return "null" }
        return value.jsonString()
    }
}
