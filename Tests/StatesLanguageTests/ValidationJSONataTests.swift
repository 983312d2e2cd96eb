import Foundation
import Testing

@testable import StatesLanguage

/// JSONata expressions in a definition are parsed when it is validated: a syntax error is the definition's, as AWS
/// reports it: `INVALID_JSONATA_EXPRESSION` at the field, with the parser's message and without JSONata's code
/// (floci-io/floci#2745 and #2786 quote AWS's answers).
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
        "$states.input.`field with space`.value",
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

    /// The expression and the message AWS answers (the parser's, without its `S0xxx: ` code). The first eight were
    /// measured against AWS with ValidateStateMachineDefinition (floci-io/floci#2745, #2786); the rest are the same
    /// parser messages.
    static let malformed: [(String, String)] = [
        ("a[1,2)", #"Expected "]", got ",""#),
        (#""unterminated"#, "String literal must be terminated by a matching quote"),
        ("1 +", "Unexpected end of expression"),
        (#"{"a":}"#, #"The symbol "}" cannot be used as a unary operator"#),
        ("$x :=", "Unexpected end of expression"),
        (#"$match("a", /abc"#, "No terminating / in regular expression"),
        ("phone %.other", #"The symbol "." cannot be used as a unary operator"#),
        ("", "Unexpected end of expression"),
        ("$count($states.input.items", #"Expected ")" before end of expression"#),
        ("$states.input.items[0", #"Expected "]" before end of expression"#),
        ("{'a': 1", #"Expected "}" before end of expression"#),
        ("$states.input.a)", #"Syntax error: ")""#),
        ("$f(])", #"The symbol "]" cannot be used as a unary operator"#),
        ("'unterminated", "String literal must be terminated by a matching quote"),
        ("$match($s, /abc)", "No terminating / in regular expression"),
        // As jsonata-js reads a regular expression: an unescaped bracket inside a class still counts, so this one
        // never closes.
        ("$match($s, /^[a-z(]+@/i)", "No terminating / in regular expression"),
        ("a.b.", "Unexpected end of expression"),
    ]

    @Test(arguments: malformed)
    func reportsMalformedExpressions(_ expression: String, _ message: String) throws {
        let found = Self.diagnostics(output: expression)
        #expect(found.count == 1, "\(expression): \(found)")
        let diagnostic = try #require(found.first, "\(expression)")
        #expect(diagnostic.code == "INVALID_JSONATA_EXPRESSION")
        #expect(diagnostic.path == "/States/A/Output/n")
        #expect(diagnostic.message == message, "\(expression)")
    }

    @Test func aCommentThatNeverClosesIsRefused() {
        #expect(Self.diagnostics(output: "/* never closed").map(\.code) == ["INVALID_JSONATA_EXPRESSION"])
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
        #expect(Self.diagnostics(output: "$states.result.x").map(\.message) == ["Field '$states.result' does not exist."])
        #expect(Self.diagnostics(output: "$states.result.x").map(\.code) == ["UNSUPPORTED_JSONATA_EXPRESSION"])
    }
}
