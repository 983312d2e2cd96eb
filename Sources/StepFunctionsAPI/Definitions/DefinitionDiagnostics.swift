public import StatesLanguage

extension ValidateStateMachineDefinitionOutput {
    /// The response of `ValidateStateMachineDefinition` for a validator's diagnostics, as AWS builds it:
    /// `result` is `FAIL` when any diagnostic is an error; `severity` `ERROR` (the default) returns errors only,
    /// `WARNING` returns errors and warnings (errors first); at most `maxResults` (0 or absent: 100) are returned and
    /// `truncated` says whether some were left out.
    public init(diagnostics: [Diagnostic], severity: ValidateStateMachineDefinitionSeverity? = nil, maxResults: Int? = nil) {
        let includeWarnings = severity == .warning
        let errors = diagnostics.filter { $0.severity == .error }
        let selected = includeWarnings ? errors + diagnostics.filter { $0.severity == .warning } : errors
        let limit = (maxResults ?? 0) > 0 ? min(maxResults ?? 100, 100) : 100
        self.init(
            result: errors.isEmpty ? .ok : .fail,
            diagnostics: selected.prefix(limit).map(ValidateStateMachineDefinitionDiagnostic.init),
            truncated: selected.count > limit)
    }
}

extension ValidateStateMachineDefinitionDiagnostic {
    /// The wire form of a validator diagnostic. AWS reports the whole document as location `/`, and JSON syntax
    /// errors (`INVALID_JSON_DESCRIPTION`) with a parser position instead of a pointer.
    public init(_ diagnostic: Diagnostic) {
        let location: String? =
            if !diagnostic.path.isEmpty {
                diagnostic.path
            } else if diagnostic.code == Diagnostic.Code.invalidJSONDescription
                || diagnostic.code == Diagnostic.Code.missingEndState
                || diagnostic.message == StatesLanguageValidator.notAnObjectMessage
            {
                nil
            } else {
                "/"
            }
        self.init(
            severity: diagnostic.severity == .error ? .error : .warning, code: diagnostic.code, message: diagnostic.message,
            location: location)
    }
}

extension StepFunctionsError {
    /// AWS's `InvalidDefinition` for the error diagnostics of a definition:
    /// `Invalid State Machine Definition: 'CODE: message at /path, CODE: message at /path'` (the whole document is
    /// `/`, as in AWS's `SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /`).
    public static func invalidDefinition(_ diagnostics: [Diagnostic]) -> StepFunctionsError {
        let parts = diagnostics.filter { $0.severity == .error }.map { diagnostic in
            // A diagnostic AWS gives no location (MISSING_END_STATE) is "at null".
            let location = diagnostic.path.isEmpty ? (diagnostic.code == Diagnostic.Code.missingEndState ? "null" : "/") : diagnostic.path
            return "\(diagnostic.code): \(diagnostic.message) at \(location)"
        }
        return StepFunctionsError(.invalidDefinition, "Invalid State Machine Definition: '\(parts.joined(separator: ", "))'")
    }
}
