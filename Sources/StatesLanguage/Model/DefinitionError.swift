/// A structural problem found while parsing a state machine definition: the text is not JSON, a field has
/// the wrong type, a required field is missing, or a state has an unknown `Type`.
///
/// Parsing stops at the first such problem. Rule checking beyond structure (transition targets, ranges,
/// mutually exclusive fields, path syntax) is the validator's job and reports every problem at once.
public struct DefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in words a person understands.
    public var message: String
    /// Where it is: a JSON pointer into the definition, such as `/States/Bake/Next` (`""` is the whole document).
    public var path: String

    public init(_ message: String, path: String) {
        self.message = message
        self.path = path
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
