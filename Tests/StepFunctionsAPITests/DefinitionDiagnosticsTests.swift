import StatesLanguage
import Testing

@testable import StepFunctionsAPI

@Suite("Definition diagnostics on the wire")
struct DefinitionDiagnosticsTests {
    static let diagnostics = [
        Diagnostic(code: "PASS_RESULT_IS_STATIC", path: "/States/P", message: "static result", severity: .warning),
        Diagnostic(code: "MISSING_TRANSITION_TARGET", path: "/States/A/Next", message: "Missing 'Next' target: B"),
        Diagnostic(code: "SCHEMA_VALIDATION_FAILED", path: "", message: "The field 'StartAt' is required"),
    ]

    @Test("errors only by default, warnings on request, FAIL when an error exists")
    func severities() {
        let errors = ValidateStateMachineDefinitionOutput(diagnostics: Self.diagnostics)
        #expect(errors.result == .fail)
        #expect(errors.diagnostics.map(\.code) == ["MISSING_TRANSITION_TARGET", "SCHEMA_VALIDATION_FAILED"])
        #expect(errors.diagnostics[0].location == "/States/A/Next")
        #expect(errors.diagnostics[1].location == "/")
        let syntax = ValidateStateMachineDefinitionDiagnostic(Diagnostic(code: "INVALID_JSON_DESCRIPTION", path: "", message: "Unexpected end"))
        #expect(syntax.location == nil)
        #expect(errors.truncated == false)
        let all = ValidateStateMachineDefinitionOutput(diagnostics: Self.diagnostics, severity: .warning)
        #expect(all.diagnostics.map(\.severity) == [.error, .error, .warning])
        let warningsOnly = ValidateStateMachineDefinitionOutput(diagnostics: [Self.diagnostics[0]], severity: .warning)
        #expect(warningsOnly.result == .ok)
        #expect(warningsOnly.diagnostics.count == 1)
    }

    @Test("maxResults truncates")
    func truncation() {
        let output = ValidateStateMachineDefinitionOutput(diagnostics: Self.diagnostics, severity: .warning, maxResults: 1)
        #expect(output.diagnostics.count == 1)
        #expect(output.truncated == true)
    }

    @Test("InvalidDefinition lists the errors as AWS does")
    func invalidDefinition() {
        let error = StepFunctionsError.invalidDefinition(Self.diagnostics)
        #expect(error.code == .invalidDefinition)
        #expect(
            error.message
                == "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next, "
                + "SCHEMA_VALIDATION_FAILED: The field 'StartAt' is required at /'")
        // AWS's recorded answer for a definition without States.
        let recorded = StepFunctionsError.invalidDefinition([
            Diagnostic(code: "SCHEMA_VALIDATION_FAILED", path: "", message: "These fields are required: [States]")
        ])
        #expect(recorded.message == "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'")
    }
}
