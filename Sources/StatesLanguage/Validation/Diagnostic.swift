/// One problem found in a state machine definition, shaped like AWS's `ValidateStateMachineDefinitionDiagnostic`.
///
/// `code` is AWS's diagnostic code (`SCHEMA_VALIDATION_FAILED`, `MISSING_TRANSITION_TARGET`, …), `path` is a
/// JSON pointer into the definition (`/States/Bake/Next`; the empty string is the whole document) and `message`
/// says what is wrong in AWS's wording style.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Whether a diagnostic prevents creating the state machine (as AWS's `severity`).
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The definition cannot be created or updated.
        case error = "ERROR"
        /// The definition is accepted, but probably does not do what was meant.
        case warning = "WARNING"
    }

    /// AWS's diagnostic code, for example `SCHEMA_VALIDATION_FAILED`.
    public var code: String
    /// JSON pointer to the offending value (`/States/Bake/Next`), or `""` for the whole document. A JSONata
    /// diagnostic's location is written as AWS writes it: an array index after its field, unescaped
    /// (`/States/C/Choices[0]/Condition`).
    public var path: String
    /// What is wrong, for a person.
    public var message: String
    /// ``Severity/error`` or ``Severity/warning``.
    public var severity: Severity

    /// Creates a diagnostic.
    public init(code: String, path: String, message: String, severity: Severity = .error) {
        self.code = code
        self.path = path
        self.message = message
        self.severity = severity
    }

    /// `ERROR CODE at /path: message`.
    public var description: String {
        "\(severity.rawValue) \(code) at \(path.isEmpty ? "/" : path): \(message)"
    }

    enum CodingKeys: String, CodingKey {
        case severity, code
        case path = "location"
        case message
    }
}

extension Diagnostic {
    /// AWS's diagnostic codes (the ValidateStateMachineDefinition API reference lists them).
    public enum Code {
        /// JSON syntax problem found.
        public static let invalidJSONDescription = "INVALID_JSON_DESCRIPTION"
        /// A null or empty definition.
        public static let missingDescription = "MISSING_DESCRIPTION"
        /// A field is missing, unknown, of the wrong type or out of range.
        public static let schemaValidationFailed = "SCHEMA_VALIDATION_FAILED"
        /// A Task state's `Resource` is not a valid ARN.
        public static let invalidResource = "INVALID_RESOURCE"
        /// A state machine (or branch, or item processor) has no terminal state.
        public static let missingEndState = "MISSING_END_STATE"
        /// The same state name appears more than once.
        public static let duplicateStateName = "DUPLICATE_STATE_NAME"
        /// A state name breaks the naming rules.
        public static let invalidStateName = "INVALID_STATE_NAME"
        /// A `StartAt`, `Next` or `Default` names no state in its scope, or a state cannot be reached.
        public static let missingTransitionTarget = "MISSING_TRANSITION_TARGET"
        /// The definition nests deeper than can be checked.
        public static let tooDeeplyNested = "TOO_DEEPLY_NESTED"
        /// The same Map `Label` appears more than once.
        public static let duplicateLabelName = "DUPLICATE_LABEL_NAME"
        /// A Map state's `Label` breaks the naming rules.
        public static let invalidLabelName = "INVALID_LABEL_NAME"
        /// A JSONata expression does not parse (the message is the parser's, without JSONata's `S0xxx` code).
        public static let invalidJSONataExpression = "INVALID_JSONATA_EXPRESSION"
        /// A JSONata expression reads what Step Functions does not offer there (a top-level name, `$$`, or a
        /// `$states` field outside the fields that have it).
        public static let unsupportedJSONataExpression = "UNSUPPORTED_JSONATA_EXPRESSION"
        /// Warning: a field value looks like a JSONPath or intrinsic function but its key has no `.$`.
        public static let noDollar = "NO_DOLLAR"
        /// Warning: a field value looks like a path, but the field's name does not end with `Path`.
        public static let noPath = "NO_PATH"
        /// Warning: a Pass state's `Result` holds something that looks like a path; `Result` is static.
        public static let passResultIsStatic = "PASS_RESULT_IS_STATIC"
    }
}

extension [Diagnostic] {
    /// True when no diagnostic is an error (warnings alone leave a definition valid).
    public var isValid: Bool { !contains { $0.severity == .error } }
}
