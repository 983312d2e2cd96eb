import OrderedCollections

/// Checks a state machine definition the way AWS Step Functions' `ValidateStateMachineDefinition` does.
///
/// Validation works on the raw JSON rather than on a typed model, so it reports every problem in one pass:
/// unknown and missing fields, wrong types and ranges, transition targets that do not exist, unreachable
/// states, malformed choice rules, paths and intrinsic functions, and fields of the wrong query language.
///
/// ```swift
/// let diagnostics = StatesLanguageValidator.validate(definitionText)
/// if diagnostics.isValid { print("valid") }
/// ```
///
/// Bad input never traps: text that is not JSON gives one `INVALID_JSON_DESCRIPTION` diagnostic with the line
/// and column of the parse error, and nesting deeper than ``maximumNestingDepth`` gives `TOO_DEEPLY_NESTED`.
public enum StatesLanguageValidator {
    /// How deeply Parallel branches, Map processors and choice rules may nest before validation stops descending.
    public static let maximumNestingDepth = 100

    /// AWS's limit on the size of a state machine definition, in bytes of UTF-8.
    public static let maximumDefinitionSize = 1_048_576

    /// Validates definition text: parses it as JSON, then checks it. Never throws and never traps.
    ///
    /// - Parameter jsonataSyntax: parse every JSONata expression (a syntax error is the definition's); without it
    ///   only the brackets are checked, and an expression that does not parse fails when it is evaluated.
    public static func validate(_ text: String, jsonataSyntax: Bool = true) -> [Diagnostic] {
        if text.allSatisfy({ $0.isWhitespace }) {
            return [notAnObject]
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: text)
        } catch {
            if let unrecognized = unrecognizedToken(text, error) { return [unrecognized] }
            let message = "Invalid JSON: \(error.message) at line \(error.line), column \(error.column)"
            return [Diagnostic(code: Diagnostic.Code.invalidJSONDescription, path: "", message: message)]
        }
        var diagnostics: [Diagnostic] = []
        if text.utf8.count > maximumDefinitionSize {
            diagnostics.append(
                Diagnostic(
                    code: Diagnostic.Code.schemaValidationFailed, path: "",
                    message: "The definition is \(text.utf8.count) bytes, more than the maximum of \(maximumDefinitionSize)"
                ))
        }
        for path in DuplicateStateScanner.duplicateStatePaths(in: text) {
            let name = path.split(separator: "/").last.map { String($0) } ?? ""
            let unescaped = name.replacing("~1", with: "/").replacing("~0", with: "~")
            diagnostics.append(
                Diagnostic(
                    code: Diagnostic.Code.duplicateStateName, path: DefinitionValidator.awsLocation(path, in: json),
                    message: "Duplicate state name: \(unescaped)"))
        }
        return diagnostics + validate(json, jsonataSyntax: jsonataSyntax)
    }

    /// Validates definition bytes (a file's contents): UTF-8 text, then as ``validate(_:)-(String)``.
    /// Bytes that are not UTF-8 give one `INVALID_JSON_DESCRIPTION` diagnostic.
    public static func validate(bytes: some Collection<UInt8>) -> [Diagnostic] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return [
                Diagnostic(
                    code: Diagnostic.Code.invalidJSONDescription, path: "",
                    message: "Invalid JSON: the definition is not UTF-8 text")
            ]
        }
        return validate(text)
    }

    /// A word where a JSON value belongs (`not a definition`, `{"a": nul}`), as AWS's parser (Jackson) reports it,
    /// recorded against AWS (LocalStack's test_sfn_api_validation, NOT_A_DEF): `INVALID_JSON_DESCRIPTION`, location
    /// `[Source: (String)"not a definition"; line: 1, column: 4]` (the text, its first 500 characters then
    /// `[truncated N chars]`; the column after the word), message `Unrecognized token 'not': was expecting (JSON
    /// String, Number, Array, Object or token 'null', 'true' or 'false')` then a newline, ` at ` and the location.
    static func unrecognizedToken(_ text: String, _ error: JSONParseError) -> Diagnostic? {
        guard error.message.hasPrefix("Invalid literal") || error.message.hasSuffix("; expected a JSON value") else { return nil }
        let utf8 = Array(text.utf8)
        guard error.offset < utf8.count, let start = String(decoding: utf8[error.offset...], as: UTF8.self).first,
            start.isLetter || start == "_" || start == "$"
        else { return nil }
        let rest = String(decoding: utf8[error.offset...], as: UTF8.self)
        let word = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }.prefix(256))
        // a word that runs to the end of the text is an unexpected end of input to Jackson, not a token
        guard word.count < rest.count else { return nil }
        let token = word.count == 256 ? word + "..." : word
        // Jackson counts UTF-16 characters from the start of the line; the column is the one after the word.
        let before = String(decoding: utf8[..<error.offset], as: UTF8.self)
        let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
        let column = before[lineStart...].utf16.count + word.utf16.count + 1
        let content = Array(text.utf16)
        var source = "(String)\"" + String(decoding: content.prefix(500), as: UTF16.self) + "\""
        if content.count > 500 { source += "[truncated \(content.count - 500) chars]" }
        let location = "[Source: \(source); line: \(error.line), column: \(column)]"
        let message = "Unrecognized token '\(token)': was expecting (JSON String, Number, Array, Object or token 'null', "
            + "'true' or 'false')\n at \(location)"
        return Diagnostic(code: Diagnostic.Code.invalidJSONDescription, path: location, message: message)
    }

    /// A definition that is not a JSON object (empty text, `null`, an array, a scalar), as recorded against AWS
    /// (LocalStack's test_sfn_api_validation, EMPTY_STRING): `SCHEMA_VALIDATION_FAILED`, "Definition must be a valid
    /// JSON object", without a location.
    static var notAnObject: Diagnostic {
        Diagnostic(code: Diagnostic.Code.schemaValidationFailed, path: "", message: notAnObjectMessage)
    }
    public static let notAnObjectMessage = "Definition must be a valid JSON object"

    /// Validates a parsed definition. Never throws and never traps.
    public static func validate(_ json: JSONValue, jsonataSyntax: Bool = true) -> [Diagnostic] {
        var validator = DefinitionValidator()
        validator.checksJSONataSyntax = jsonataSyntax
        validator.validateDefinition(json)
        return validator.diagnostics
    }
}

/// One validation pass over a definition; collects diagnostics instead of stopping at the first.
struct DefinitionValidator {
    var diagnostics: [Diagnostic] = []
    /// The language the whole state machine declares (JSONPath when it declares none).
    var machineLanguage: ValidationLanguage = .jsonPath
    /// Every state name seen so far, across all scopes, with where it was first defined.
    var stateNames: [String: String] = [:]
    /// Every Map `Label` seen so far.
    var labels: [String: String] = [:]
    /// Which `$states` members the JSONata field being checked may read (`result`, `errorOutput`).
    var jsonataReadable: Set<String> = []
    /// Whether JSONata expressions are parsed (see ``StatesLanguageValidator/validate(_:jsonataSyntax:)``).
    var checksJSONataSyntax = true
    /// The definition being validated, to write a location the way AWS writes it for JSONata diagnostics.
    var document: JSONValue = .null

    // MARK: Reporting

    /// Records a diagnostic at `path`, a JSON pointer into the definition, written as AWS writes locations
    /// (``awsLocation(_:)``: `/States/C/Choices[0]/Next`, `/States/P/Branches[0]/States/a/b`).
    mutating func report(_ code: String, _ path: String, _ message: String, _ severity: Diagnostic.Severity = .error) {
        diagnostics.append(Diagnostic(code: code, path: awsLocation(path), message: message, severity: severity))
    }

    /// A `SCHEMA_VALIDATION_FAILED` error.
    mutating func schema(_ path: String, _ message: String) {
        report(Diagnostic.Code.schemaValidationFailed, path, message)
    }

    // MARK: Top level

    mutating func validateDefinition(_ json: JSONValue) {
        document = json
        guard case .object(let definition) = json else {
            diagnostics.append(StatesLanguageValidator.notAnObject)
            return
        }
        for key in definition.keys where !ValidationFields.topLevel.contains(key) {
            schema("", "Field '\(key)' is not supported")
        }
        if let language = definition["QueryLanguage"] {
            machineLanguage = checkQueryLanguage(language, path: "/QueryLanguage") ?? .jsonPath
        }
        if let timeout = definition["TimeoutSeconds"] {
            checkInteger(timeout, path: "/TimeoutSeconds", field: "TimeoutSeconds", range: 0...99_999_999)
        }
        if let version = definition["Version"], version != "1.0" {
            schema("/Version", "Value should be one of the following: [1.0]")
        }
        checkOptionalString(definition, "Comment", base: "")
        validateScope(definition, path: "", depth: 0)
    }

    /// Checks a `QueryLanguage` value and returns the language it names. AWS reads any value but exactly `JSONPath`
    /// as JSONata, so the fields of a state with `"QueryLanguage": "jsonata"` are judged as JSONata's
    /// (floci-io/floci#2968, measured against AWS).
    mutating func checkQueryLanguage(_ value: JSONValue, path: String) -> ValidationLanguage? {
        guard let text = value.stringValue, let language = ValidationLanguage(rawValue: text) else {
            schema(path, "The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata]")
            return .jsonata
        }
        return language
    }

    // MARK: Scopes (the top level, a Parallel branch, a Map item processor)

    /// Validates `StartAt` and `States` of one scope, then its transitions, reachability and terminal states.
    mutating func validateScope(_ scope: JSONObject, path: String, depth: Int) {
        let startAt = scope["StartAt"]
        // One diagnostic names every missing field, recorded against AWS (LocalStack's test_sfn_api_validation,
        // EMPTY_DICT): "These fields are required: [States, StartAt]".
        let missing = ["States", "StartAt"].filter { scope[$0] == nil }
        if !missing.isEmpty {
            schema(path, "These fields are required: [\(missing.joined(separator: ", "))]")
        }
        if startAt != nil, startAt?.stringValue == nil {
            schema(path + "/StartAt", "The field 'StartAt' must be a string")
        }
        guard let statesValue = scope["States"] else { return }
        guard case .object(let states) = statesValue else {
            schema(path + "/States", "The field 'States' must be an object")
            return
        }
        let names = Set(states.keys)
        var transitions: [String: [Transition]] = [:]
        var hasTerminalState = false
        for (name, value) in states {
            let statePath = JSONPointer.appending(name, to: path + "/States")
            checkStateName(name, path: statePath)
            var stateTransitions: [Transition] = []
            let terminal = validateState(value, path: statePath, transitions: &stateTransitions, depth: depth)
            hasTerminalState = hasTerminalState || terminal
            transitions[name] = stateTransitions
        }
        // Every dangling target is "Missing 'Next' target", a Default's and StartAt's too, at AWS's locations
        // (`/States/C/Choices[0]/Next`, `/States/A/Default`, `/States/T/Catch[0]/Next`, `/StartAt`), as floci-io/floci#2786
        // measured against AWS; cfn-lint#4074 quotes AWS for a StartAt naming no state: "Missing 'Next' target: Not
        // sure at /StartAt", then every state "is not reachable".
        if let start = startAt?.stringValue, !names.contains(start) {
            report(Diagnostic.Code.missingTransitionTarget, path + "/StartAt", "Missing 'Next' target: \(start)")
        }
        for name in states.keys {
            for transition in transitions[name] ?? [] where !names.contains(transition.target) {
                report(Diagnostic.Code.missingTransitionTarget, transition.path, "Missing 'Next' target: \(transition.target)")
            }
        }
        // A workflow with no terminal state is reported as that alone, not also as states it cannot reach
        // (floci-io/floci#2786: AWS's MISSING_END_STATE suppresses the unreachable states, not the dangling targets).
        let missingEnd = !states.isEmpty && !hasTerminalState
        if let start = startAt?.stringValue, !missingEnd {
            var reached: Set<String> = names.contains(start) ? [start] : []
            var pending = Array(reached)
            while let name = pending.popLast() {
                for transition in transitions[name] ?? [] where names.contains(transition.target) {
                    if reached.insert(transition.target).inserted { pending.append(transition.target) }
                }
            }
            for name in states.keys where !reached.contains(name) {
                report(
                    Diagnostic.Code.missingTransitionTarget, JSONPointer.appending(name, to: path + "/States"),
                    "State \"\(name)\" is not reachable.")
            }
        }
        if missingEnd {
            // With no location: AWS answers "MISSING_END_STATE: Workflow has no terminal state at null" (floci-io/floci
            // #2735 and #2786, measured against AWS).
            report(Diagnostic.Code.missingEndState, "", "Workflow has no terminal state")
        }
    }

    /// A `Next`, `Default` or catcher `Next` naming a state.
    struct Transition {
        var target: String
        var path: String
    }

    /// State names: 1 to 80 characters, unique in the whole state machine (branches and processors included).
    mutating func checkStateName(_ name: String, path: String) {
        let length = name.unicodeScalars.count
        if length == 0 {
            report(Diagnostic.Code.invalidStateName, path, "State names must not be empty")
        } else if length > 80 {
            report(
                Diagnostic.Code.invalidStateName, path,
                "Invalid State name: State '\(name)' exceeds the 80-character limit allowed by the service")
        }
        if name.unicodeScalars.contains(where: { ($0.value < 0x20) || (0x7F...0x9F).contains($0.value) }) {
            report(Diagnostic.Code.invalidStateName, path, "State name contains a control character")
        }
        if stateNames[name] != nil {
            report(Diagnostic.Code.duplicateStateName, path, "Duplicate state name: \(name)")
        } else {
            stateNames[name] = path
        }
    }
}
