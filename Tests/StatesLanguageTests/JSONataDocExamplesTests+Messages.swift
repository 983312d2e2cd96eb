import Testing

@testable import StatesLanguage

/// Error messages as JSONata words them: its templates insert `{{value}}` and `{{token}}` as JSON, so strings
/// are quoted and Infinity is null. These messages reach Step Functions causes unchanged.
@Suite struct JSONataDocExamplesMessageTests {
    static let cases: [(String, String)] = [
        ("0 / 0", "D1001: Number out of range: null"),
        ("$number('12a')", "D3030: Unable to cast value to a number: \"12a\""),
        ("'a' < 1", "T2009: The values \"a\" and 1 either side of operator \"<\" must be of the same data type"),
        ("-'a'", "D1002: Cannot negate a non-numeric value: \"a\""),
        ("$toMillis('foo')", "D3110: The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given \"foo\""),
        ("$fromMillis(0, '[q]')", "D3132: Unknown component specifier \"q\" in date/time picture string"),
        ("$fromMillis(0, '[DN]')", "D3133: The 'name' modifier can only be applied to months and days in the date/time picture string, not \"D\""),
        ("$formatInteger(1, 'x')", "D3130: Formatting or parsing an integer as a sequence starting with \"x\" is not supported by this implementation"),
        ("{1: 2}", "T1003: Key in object structure must evaluate to a string; got: 1"),
        ("1 + 'a'", "T2002: The right side of the \"+\" operator must evaluate to a number"),
        ("$f(?)", "T1008: Attempted to partially apply a non-function"),
        ("$sum(['a'])", "T0412: Argument 1 of function \"sum\" must be an array of \"numbers\""),
        ("1e999", "S0102: Number out of range: \"1e999\""),
        ("function(a){1}", "S0208: Parameter \"a\" of function definition must be a variable name (start with $)"),
        ("[1..2e7]", "D2014: The size of the sequence allocated by the range operator (..) must not exceed 1e6.  Attempted to allocate 20000000."),
        ("$formatNumber(1, '0e')", "D3093: The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'"),
    ]

    @Test(arguments: cases)
    func message(_ expression: String, _ expected: String) {
        do {
            _ = try JSONataExpression(parsing: expression).evaluateJSONata(input: .null, bindings: [:])
            Issue.record("\(expression) did not fail")
        } catch {
            #expect(error.description == expected)
        }
    }
}
