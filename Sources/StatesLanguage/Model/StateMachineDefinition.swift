public import OrderedCollections

/// A state machine definition in the Amazon States Language: the typed form of an ASL JSON document.
///
/// ```swift
/// let definition = try StateMachineDefinition(parsing: text)
/// let again = try StateMachineDefinition(json: definition.json)   // == definition
/// ```
///
/// Parsing checks structure only (JSON syntax, field types, required fields, known state types) and stops
/// at the first problem; use the validator for every rule AWS enforces.
public struct StateMachineDefinition: Sendable, Hashable {
    public var comment: String?
    public var startAt: String
    public var states: OrderedDictionary<String, State>
    /// Seconds before the whole execution times out with `States.Timeout`.
    public var timeoutSeconds: Int?
    /// The ASL version, `"1.0"` by default.
    public var version: String?
    /// The default query language of every state; `nil` means JSONPath.
    public var queryLanguage: QueryLanguage?

    public init(
        startAt: String, states: OrderedDictionary<String, State>, comment: String? = nil,
        timeoutSeconds: Int? = nil, version: String? = nil, queryLanguage: QueryLanguage? = nil
    ) {
        self.startAt = startAt
        self.states = states
        self.comment = comment
        self.timeoutSeconds = timeoutSeconds
        self.version = version
        self.queryLanguage = queryLanguage
    }

    /// Parses ASL JSON text.
    /// - Throws: ``DefinitionError`` with path `""` when the text is not JSON (the message gives line and
    ///   column), or the first structural problem.
    public init(parsing text: String) throws(DefinitionError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: text)
        } catch {
            throw DefinitionError("the definition is not valid JSON: \(error.description)", path: "")
        }
        try self.init(json: json)
    }

    /// Builds the typed definition from a parsed JSON document.
    public init(json: JSONValue) throws(DefinitionError) {
        let reader = try FieldReader(json, at: "", what: "a state machine definition")
        comment = try reader.string("Comment")
        startAt = try reader.requiredString("StartAt")
        states = try reader.states()
        timeoutSeconds = try reader.int("TimeoutSeconds")
        version = try reader.string("Version")
        queryLanguage = try reader.queryLanguage()
    }

    /// The definition as ASL JSON, with fields in a fixed order so the same definition always encodes to the
    /// same bytes.
    public var json: JSONValue {
        var writer = FieldWriter()
        writer.set("Comment", comment)
        writer.set("QueryLanguage", queryLanguage)
        writer.set("Version", version)
        writer.set("TimeoutSeconds", timeoutSeconds)
        writer.set("StartAt", startAt)
        writer.object["States"] = State.json(of: states)
        return writer.json
    }

    /// The query language that applies to `state`: its own, else the machine's, else JSONPath.
    public func effectiveQueryLanguage(of state: State) -> QueryLanguage {
        state.queryLanguage ?? queryLanguage ?? .jsonPath
    }
}
