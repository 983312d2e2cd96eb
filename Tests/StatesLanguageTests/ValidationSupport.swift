import Testing

@testable import StatesLanguage

/// One invalid definition and the diagnostic it must produce.
struct InvalidCase: CustomTestStringConvertible, Sendable {
    var name: String
    var definition: String
    var code: String
    var path: String
    var severity: Diagnostic.Severity = .error
    var testDescription: String { name }
}

/// A state machine whose `States` object is `states` (JSON members text), starting at `startAt`.
func machine(_ states: String, startAt: String = "A", extra: String = "") -> String {
    """
    { \(extra) "StartAt": "\(startAt)", "States": { \(states) } }
    """
}

/// `Pass` state text ending the machine, named `name`.
func endPass(_ name: String) -> String { "\"\(name)\": { \"Type\": \"Pass\", \"End\": true }" }

/// A Choice state `C` with one rule (the JSON object text `rule`, without Next) going to `Done`.
func choiceMachine(rule: String) -> String {
    let withNext = rule.hasSuffix("}") ? String(rule.dropLast()) + ", \"Next\": \"Done\" }" : rule
    return machine(
        """
        "C": { "Type": "Choice", "Choices": [ \(withNext) ], "Default": "Done" }, \(endPass("Done"))
        """, startAt: "C")
}

/// Checks that validating `definition` yields a diagnostic with `code` at `path`.
func expectDiagnostic(
    _ definition: String, code: String, path: String, severity: Diagnostic.Severity = .error,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let diagnostics = StatesLanguageValidator.validate(definition)
    let found = diagnostics.contains { $0.code == code && $0.path == path && $0.severity == severity }
    #expect(found, "expected \(severity.rawValue) \(code) at \(path), got \(diagnostics)", sourceLocation: sourceLocation)
}

/// Checks that `definition` is valid and produces no diagnostic at all (not even a warning).
func expectClean(_ definition: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let diagnostics = StatesLanguageValidator.validate(definition)
    #expect(diagnostics.isEmpty, "expected no diagnostics, got \(diagnostics)", sourceLocation: sourceLocation)
}
