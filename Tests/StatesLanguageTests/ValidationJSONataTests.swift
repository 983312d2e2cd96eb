import Foundation
import Testing

@testable import StatesLanguage

/// JSONata expressions in a definition are parsed when it is validated: a syntax error is the definition's
/// (`SCHEMA_VALIDATION_FAILED` at the field), with JSONata's code and message.
@Suite struct ValidationJSONataTests {
    static func diagnostics(output expression: String, state: String = "Pass") -> [Diagnostic] {
        let text = expression.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let definition = machine(
            #""A": {"Type": "\#(state)", "Output": {"n": "{% \#(text) %}"}, "End": true}"#,
            extra: #""QueryLanguage": "JSONata","#)
        return StatesLanguageValidator.validate(definition)
    }

    static let wellFormed: [String] = [
        "$states.input.title",
        "$states.input.price * 2 / 3",
        "$count($states.input.items[price > 10])",
        #"$match($states.input.email, /^[a-z.]+@/i)"#,
        #"{'name': $states.input.name, "tags": ["a", 'b)']}"#,
        #"$states.input.(a & ']')"#,
        "/* a comment with ( */ $x",
        "`field with space`.value",
        #"$string($states.input.n) & "\"quoted\"""#,
        "$states.input.flag ? /yes/ : 'no'",
        "($a := 1; $a + 1)",
        // `$states.result` in a string or a comment is not read: no placement error for a Pass state.
        "'see $states.result'",
        "/* $states.result */ 1",
    ]

    @Test(arguments: wellFormed)
    func acceptsWellFormedExpressions(_ expression: String) {
        #expect(Self.diagnostics(output: expression).isEmpty, "\(expression)")
    }

    static let malformed: [(String, String)] = [
        ("$count($states.input.items", "S0203"),
        ("$states.input.items[0", "S0203"),
        ("{'a': 1", "S0203"),
        ("$states.input.a)", "S0201"),
        ("$f(])", "S0211"),
        ("'unterminated", "S0101"),
        (#""also unterminated"#, "S0101"),
        ("$match($s, /abc)", "S0302"),
        // As jsonata-js reads a regular expression: an unescaped bracket inside a class still counts, so this one
        // never closes.
        ("$match($s, /^[a-z(]+@/i)", "S0302"),
        ("/* never closed", "S0106"),
        // Balanced, and still not JSONata: found only at run time before.
        ("1 +", "S0207"),
        ("$x :=", "S0207"),
        ("a.b.", "S0207"),
    ]

    @Test(arguments: malformed)
    func reportsMalformedExpressions(_ expression: String, _ code: String) throws {
        let found = Self.diagnostics(output: expression)
        let diagnostic = try #require(found.first, "\(expression)")
        #expect(diagnostic.code == "SCHEMA_VALIDATION_FAILED")
        #expect(diagnostic.path == "/States/A/Output/n")
        #expect(diagnostic.message.hasPrefix("The JSONata expression '\(expression)' does not parse: \(code)"), "\(diagnostic.message)")
    }

    /// Definitions stored by an earlier version (which checked only brackets) are compiled without the parse, so the
    /// executions running on them are not failed by an upgrade: an expression that does not parse fails when reached.
    @Test func storedDefinitionsAreNotParsedAgain() {
        let definition = machine(
            #""A": {"Type": "Pass", "Output": {"n": "{% 1 + %}"}, "End": true}"#, extra: #""QueryLanguage": "JSONata","#)
        #expect(!StatesLanguageValidator.validate(definition).isEmpty)
        #expect(StatesLanguageValidator.validate(definition, jsonataSyntax: false).isEmpty)
    }

    @Test func resultIsStillRefusedWhereItIsNotAvailable() {
        #expect(Self.diagnostics(output: "$states.result.x").contains {
            $0.code == "SCHEMA_VALIDATION_FAILED" && $0.message.contains("'$states.result' is only available")
        })
    }
}
