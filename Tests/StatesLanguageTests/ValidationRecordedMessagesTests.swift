import Testing

@testable import StatesLanguage

/// Definition diagnostics worded as recorded against AWS (LocalStack's test_sfn_api_validation snapshots,
/// test_validate_state_machine_definition_not_a_definition and ..._type_standard).
@Suite struct ValidationRecordedMessagesTests {
    @Test("EMPTY_STRING: not a JSON object")
    func emptyText() {
        for text in ["", "  ", "null", "[]"] {
            let diagnostics = StatesLanguageValidator.validate(text)
            #expect(diagnostics.map(\.code) == ["SCHEMA_VALIDATION_FAILED"], "\(text)")
            #expect(diagnostics.first?.message == "Definition must be a valid JSON object")
            #expect(diagnostics.first?.path == "")
        }
    }

    @Test("EMPTY_DICT: one diagnostic names both missing fields")
    func emptyObject() {
        let diagnostics = StatesLanguageValidator.validate("{}")
        #expect(diagnostics.map(\.message) == ["These fields are required: [States, StartAt]"])
        let noStartAt = StatesLanguageValidator.validate(#"{"States": {"P": {"Type": "Pass", "End": true}}}"#)
        #expect(noStartAt.map(\.message) == ["These fields are required: [StartAt]"])
    }

    @Test("NOT_A_DEF: Jackson's unrecognized token, with the source and the column after the word")
    func notADefinition() {
        let diagnostics = StatesLanguageValidator.validate("not a definition")
        let location = #"[Source: (String)"not a definition"; line: 1, column: 4]"#
        #expect(diagnostics.map(\.code) == ["INVALID_JSON_DESCRIPTION"])
        #expect(diagnostics.first?.path == location)
        #expect(diagnostics.first?.message == "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object "
            + "or token 'null', 'true' or 'false')\n at " + location)
    }
}
