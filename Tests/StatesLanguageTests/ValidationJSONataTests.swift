import Testing

@testable import StatesLanguage

/// The light JSONata syntax check: balanced brackets, closed string/regex/comment literals.
@Suite struct ValidationJSONataTests {
    static let wellFormed: [String] = [
        "$states.input.title",
        "$states.input.price * 2 / 3",
        "$count($states.input.items[price > 10])",
        #"$match($states.input.email, /^[a-z(]+@/i)"#,
        #"{'name': $states.input.name, "tags": ["a", 'b)']}"#,
        #"$states.input.(a & ']')"#,
        "/* a comment with ( */ $x",
        "`field with space`.value",
        #"$string($states.input.n) & "\"quoted\"""#,
        "$states.input.flag ? /yes/ : 'no'",
        "($a := 1; $a + 1)",
    ]

    @Test(arguments: wellFormed)
    func acceptsWellFormedExpressions(_ expression: String) {
        #expect(JSONataSyntax.problem(in: expression[...]) == nil)
    }

    static let malformed: [(String, String)] = [
        ("$count($states.input.items", "missing ')'"),
        ("$states.input.items[0", "missing ']'"),
        ("{'a': 1", "missing '}'"),
        ("$states.input.a)", "unexpected ')'"),
        ("$f(])", "unexpected ']'"),
        ("'unterminated", "unterminated string literal"),
        (#""also unterminated"#, "unterminated string literal"),
        ("$match($s, /abc)", "unterminated regular expression"),
        ("/* never closed", "unterminated comment"),
    ]

    @Test(arguments: malformed)
    func reportsMalformedExpressions(_ expression: String, _ problem: String) {
        #expect(JSONataSyntax.problem(in: expression[...]) == problem)
    }

    @Test func malformedExpressionInADefinition() {
        let definition = machine(
            #""A": {"Type": "Pass", "Output": {"n": "{% $count($states.input.items %}"}, "End": true}"#,
            extra: #""QueryLanguage": "JSONata","#)
        let diagnostics = StatesLanguageValidator.validate(definition)
        #expect(
            diagnostics.contains {
                $0.code == "SCHEMA_VALIDATION_FAILED" && $0.path == "/States/A/Output/n"
                    && $0.message == "The JSONata expression does not parse: missing ')'"
            })
    }
}
