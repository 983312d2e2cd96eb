import Testing

@testable import StatesLanguage

/// Input, top level, transitions, reachability, terminal states, names and fields per state type.
@Suite struct ValidationStructureTests {
    static let schema = "SCHEMA_VALIDATION_FAILED"
    static let target = "MISSING_TRANSITION_TARGET"

    static let cases: [InvalidCase] = [
        // Input
        // recorded against AWS (LocalStack's test_sfn_api_validation, EMPTY_STRING): "Definition must be a valid JSON
        // object", SCHEMA_VALIDATION_FAILED without a location
        InvalidCase(name: "empty text", definition: "  \n", code: schema, path: ""),
        InvalidCase(name: "null", definition: "null", code: schema, path: ""),
        InvalidCase(name: "array", definition: "[]", code: schema, path: ""),
        InvalidCase(name: "string", definition: "\"hi\"", code: schema, path: ""),
        // Top level
        InvalidCase(name: "no StartAt", definition: "{\"States\": {\(endPass("A"))}}", code: schema, path: ""),
        InvalidCase(name: "no States", definition: "{\"StartAt\": \"A\"}", code: schema, path: ""),
        InvalidCase(name: "States not an object", definition: "{\"StartAt\": \"A\", \"States\": []}", code: schema, path: "/States"),
        InvalidCase(name: "StartAt not a string", definition: "{\"StartAt\": 1, \"States\": {\(endPass("A"))}}", code: schema, path: "/StartAt"),
        InvalidCase(name: "unknown top-level field", definition: machine(endPass("A"), extra: "\"Coment\": \"x\","), code: schema, path: ""),
        InvalidCase(
            name: "top-level TimeoutSeconds -1", definition: machine(endPass("A"), extra: "\"TimeoutSeconds\": -1,"), code: schema,
            path: "/TimeoutSeconds"),
        InvalidCase(
            name: "top-level Version not a string", definition: machine(endPass("A"), extra: "\"Version\": 1.0,"), code: schema, path: "/Version"),
        InvalidCase(
            name: "QueryLanguage value", definition: machine(endPass("A"), extra: "\"QueryLanguage\": \"jsonpath\","), code: schema,
            path: "/QueryLanguage"),
        // Transitions
        InvalidCase(name: "StartAt names no state", definition: machine(endPass("A"), startAt: "B"), code: target, path: "/StartAt"),
        InvalidCase(
            name: "Next names no state",
            definition: machine(#""A": {"Type": "Pass", "Next": "Bake"}, "# + endPass("B")),
            code: target, path: "/States/A/Next"),
        InvalidCase(
            name: "Default names no state",
            definition: machine(
                #""C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "D"}], "Default": "Nope"}, "#
                    + endPass("D"), startAt: "C"),
            code: target, path: "/States/C/Default"),
        InvalidCase(
            name: "choice rule Next names no state",
            definition: machine(
                #""C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Nope"}], "Default": "D"}, "#
                    + endPass("D"), startAt: "C"),
            code: target, path: "/States/C/Choices[0]/Next"),
        InvalidCase(
            name: "catcher Next names no state",
            definition: machine(
                #""A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Nope"}]}"#
            ),
            code: target, path: "/States/A/Catch[0]/Next"),
        InvalidCase(name: "unreachable state", definition: machine(endPass("A") + ", " + endPass("B")), code: target, path: "/States/B"),
        InvalidCase(
            name: "no terminal state",
            definition: machine(#""A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}"#),
            code: "MISSING_END_STATE", path: ""),
        InvalidCase(name: "neither Next nor End", definition: machine(#""A": {"Type": "Pass"}"#), code: schema, path: "/States/A"),
        InvalidCase(name: "End false and no Next", definition: machine(#""A": {"Type": "Pass", "End": false}"#), code: schema, path: "/States/A"),
        InvalidCase(
            name: "both Next and End",
            definition: machine(#""A": {"Type": "Pass", "Next": "B", "End": true}, "# + endPass("B")),
            code: schema, path: "/States/A"),
        InvalidCase(name: "End not a boolean", definition: machine(#""A": {"Type": "Pass", "End": "yes"}"#), code: schema, path: "/States/A/End"),
        InvalidCase(name: "Next not a string", definition: machine(#""A": {"Type": "Pass", "Next": 5}"#), code: schema, path: "/States/A/Next"),
        // Names
        InvalidCase(
            name: "state name of 81 characters",
            definition: machine(endPass(String(repeating: "n", count: 81)), startAt: String(repeating: "n", count: 81)),
            code: "INVALID_STATE_NAME", path: "/States/" + String(repeating: "n", count: 81)),
        InvalidCase(name: "empty state name", definition: machine(endPass(""), startAt: ""), code: "INVALID_STATE_NAME", path: "/States/"),
        InvalidCase(
            name: "state name reused inside a branch",
            definition: machine(
                #""A": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}]}"#),
            code: "DUPLICATE_STATE_NAME", path: "/States/A/Branches[0]/States/A"),
        // State objects and types
        InvalidCase(name: "state not an object", definition: machine(#""A": 3"#), code: schema, path: "/States/A"),
        InvalidCase(name: "missing Type", definition: machine(#""A": {"End": true}"#), code: schema, path: "/States/A"),
        InvalidCase(name: "unknown Type", definition: machine(#""A": {"Type": "Lambda", "End": true}"#), code: schema, path: "/States/A/Type"),
        InvalidCase(name: "unknown field", definition: machine(#""A": {"Type": "Pass", "End": true, "Foo": 1}"#), code: schema, path: "/States/A"),
        InvalidCase(
            name: "TimeoutSeconds on Pass", definition: machine(#""A": {"Type": "Pass", "End": true, "TimeoutSeconds": 5}"#), code: schema,
            path: "/States/A"),
        InvalidCase(name: "Retry on Pass", definition: machine(#""A": {"Type": "Pass", "End": true, "Retry": []}"#), code: schema, path: "/States/A"),
        InvalidCase(
            name: "Catch on Wait", definition: machine(#""A": {"Type": "Wait", "Seconds": 1, "End": true, "Catch": []}"#), code: schema,
            path: "/States/A"),
        InvalidCase(name: "Next on Succeed", definition: machine(#""A": {"Type": "Succeed", "Next": "A"}"#), code: schema, path: "/States/A"),
        InvalidCase(name: "End on Fail", definition: machine(#""A": {"Type": "Fail", "End": true}"#), code: schema, path: "/States/A"),
        InvalidCase(
            name: "Assign on Succeed", definition: machine(#""A": {"Type": "Succeed", "Assign": {"x": 1}}"#), code: schema, path: "/States/A"),
        InvalidCase(
            name: "Resource on Pass",
            definition: machine(#""A": {"Type": "Pass", "End": true, "Resource": "arn:aws:lambda:us-east-1:1:function:f"}"#), code: schema,
            path: "/States/A"),
        InvalidCase(
            name: "Comment not a string", definition: machine(#""A": {"Type": "Pass", "End": true, "Comment": 1}"#), code: schema,
            path: "/States/A/Comment"),
    ]

    @Test(arguments: cases)
    func reportsTheRule(_ testCase: InvalidCase) {
        expectDiagnostic(testCase.definition, code: testCase.code, path: testCase.path, severity: testCase.severity)
    }

    @Test func notJSONGivesLineAndColumn() throws {
        let diagnostics = StatesLanguageValidator.validate("{\n  \"StartAt\": \"A\",\n  \"States\": {,}\n}")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.code == "INVALID_JSON_DESCRIPTION")
        #expect(diagnostic.message.contains("line 3"))
        #expect(diagnostic.message.contains("column"))
    }

    @Test func messagesReadLikeAWS() {
        let missing = StatesLanguageValidator.validate(machine(#""Bake": {"Type": "Pass", "Next": "Serve"}"#, startAt: "Bake"))
        #expect(missing.contains { $0.message == "Missing 'Next' target: Serve" && $0.path == "/States/Bake/Next" })
        let unreachable = StatesLanguageValidator.validate(machine(endPass("A") + ", " + endPass("Lost")))
        #expect(unreachable.contains { $0.message == "State \"Lost\" is not reachable." })
        let unknown = StatesLanguageValidator.validate(machine(#""A": {"Type": "Pass", "End": true, "Foo": 1}"#))
        #expect(unknown.contains { $0.message == "Field 'Foo' is not supported" })
    }

    @Test func reportsEveryProblemNotJustTheFirst() {
        let definition = machine(
            #""A": {"Type": "Pass", "Next": "Nope", "Bogus": 1}, "B": {"Type": "Wait", "End": true}, "C": {"Type": "Task", "End": true}"#)
        let diagnostics = StatesLanguageValidator.validate(definition)
        #expect(diagnostics.contains { $0.path == "/States/A/Next" && $0.code == "MISSING_TRANSITION_TARGET" })
        #expect(diagnostics.contains { $0.path == "/States/A" && $0.message == "Field 'Bogus' is not supported" })
        #expect(diagnostics.contains { $0.path == "/States/B" && $0.code == "SCHEMA_VALIDATION_FAILED" })
        #expect(diagnostics.contains { $0.path == "/States/C" && $0.message == "These fields are required: [Resource]" })
        #expect(diagnostics.contains { $0.path == "/States/B" && $0.code == "MISSING_TRANSITION_TARGET" })
    }

    @Test func diagnosticsFollowDocumentOrder() {
        let definition = machine(
            #""A": {"Type": "Pass", "Next": "X1"}, "B": {"Type": "Pass", "Next": "X2"}, "C": {"Type": "Pass", "Next": "X3"}, "D": {"Type": "Pass", "Next": "X4"}"#
        )
        let targets = StatesLanguageValidator.validate(definition).filter { $0.message.hasPrefix("Missing 'Next'") }
        #expect(targets.map(\.path) == ["/States/A/Next", "/States/B/Next", "/States/C/Next", "/States/D/Next"])
    }

    @Test func loopsAreValid() {
        expectClean(
            machine(
                #""A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Choice", "Choices": [{"Variable": "$.again", "BooleanEquals": true, "Next": "A"}], "Default": "Done"}, "#
                    + endPass("Done")))
        expectClean(
            machine(
                #""A": {"Type": "Wait", "Seconds": 1, "Next": "B"}, "B": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:poll", "Next": "A", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}]}, "#
                    + endPass("Done")))
    }

    /// A location names a state as it is written, unescaped (AWS: `State "a/b" is not reachable.` at `/States/a/b`,
    /// floci-io/floci#2786).
    @Test func eightyCharacterNamesAndPointerEscaping() {
        let name = String(repeating: "é", count: 80)
        expectClean(machine(endPass(name), startAt: name))
        expectDiagnostic(
            machine(#""a/b~c": {"Type": "Pass", "Next": "x"}, "# + endPass("x"), startAt: "x"), code: Self.target, path: "/States/a/b~c")
    }

    @Test func jsonPointerEscapesSlashAndTilde() {
        #expect(JSONPointer.appending("a/b~c", to: "/States") == "/States/a~1b~0c")
    }
}

/// State names repeated in one `States` object: the parser keeps the last, the text scan finds the repeat.
@Suite struct ValidationDuplicateNameTests {
    @Test func sameNameTwiceInOneStatesObject() {
        let text = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "A": {"Type": "Succeed"}}}"#
        let diagnostics = StatesLanguageValidator.validate(text)
        #expect(diagnostics.contains { $0.code == "DUPLICATE_STATE_NAME" && $0.path == "/States/A" && $0.message == "Duplicate state name: A" })
    }

    @Test func sameNameTwiceInABranchAndEscapedKeys() {
        let text = #"""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "x", "States": {"x": {"Type": "Succeed"}}},
              {"StartAt": "a/b", "States": {"a/b": {"Type": "Succeed"}, "a\/b": {"Type": "Succeed", "Comment": "{\"States\": 1}"}}}]}}}
            """#
        let diagnostics = StatesLanguageValidator.validate(text)
        #expect(
            diagnostics.contains {
                $0.code == "DUPLICATE_STATE_NAME" && $0.path == "/States/P/Branches[1]/States/a/b" && $0.message == "Duplicate state name: a/b"
            })
    }

    @Test func repeatedFieldsInsideAStateAreNotStateNames() {
        let text = #"{"StartAt": "States", "States": {"States": {"Type": "Pass", "Comment": "a", "Comment": "b", "End": true}}}"#
        #expect(!StatesLanguageValidator.validate(text).contains { $0.code == "DUPLICATE_STATE_NAME" })
    }
}
