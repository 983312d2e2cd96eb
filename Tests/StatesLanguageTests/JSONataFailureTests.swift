import Foundation
import OrderedCollections
import Testing

@testable import StatesLanguage

/// JSONata fields fail as AWS words it: the expression (trimmed) and the field, relative to the state, with `/`
/// before object keys and `[i]` for array indexes.
@Suite struct JSONataFailureTests {
    static let fieldCases: [(template: JSONValue, field: String, cause: String)] = [
        ("{% $states.input.missing %}", "Output",
         "The JSONata expression '$states.input.missing' specified for the field 'Output' returned nothing (undefined)."),
        (["v": "{%   $states.input.missing   %}"], "Output",
         "The JSONata expression '$states.input.missing' specified for the field 'Output/v' returned nothing (undefined)."),
        (["Input": ["ids": [1, "{% $x %}"]]], "Arguments",
         "The JSONata expression '$x' specified for the field 'Arguments/Input/ids[1]' returned nothing (undefined)."),
        (["n": "{% 1 + 'a' %}"], "Assign",
         "The JSONata expression '1 + 'a'' specified for the field 'Assign/n' threw an error during evaluation. "
            + "T2002: The right side of the \"+\" operator must evaluate to a number"),
        ("{% $number(null) %}", "Items",
         "The JSONata expression '$number(null)' specified for the field 'Items' threw an error during evaluation. "
            + "T0410: Argument 1 of function \"number\" does not match function signature"),
    ]

    @Test(arguments: fieldCases) func failureNamesExpressionAndField(_ template: JSONValue, _ field: String, _ cause: String) {
        #expect(throws: StatesError(StatesError.Name.queryEvaluationError, cause: cause)) {
            try JSONata.evaluateTemplate(template, states: ["input": [:]], variables: [:], field: field)
        }
    }

    @Test func unexpectedTypeNamesBothTypesAndTheValue() {
        let error = JSONataFailure.unexpectedType("$states.input.list", field: "Items", expected: "array", value: ["a": 1])
        #expect(error.error == "States.QueryEvaluationError")
        #expect(error.cause == "The JSONata expression '$states.input.list' specified for the field 'Items' returned an "
            + "unexpected result type. Expected 'array', but was 'object' for value: {\"a\":1}")
    }

    @Test(arguments: [
        (JSONValue.int(3), 3 as Int?), (.double(3.0), 3), (.double(2.5), nil), (.string("3"), nil), (.int(-1), nil), (.null, nil),
    ])
    func integerFields(_ value: JSONValue, _ expected: Int?) throws {
        if let expected {
            #expect(try JSONataFailure.integer(value, expression: "x", field: "MaxConcurrency", minimum: 0) == expected)
        } else {
            #expect(throws: StatesError.self) {
                try JSONataFailure.integer(value, expression: "x", field: "MaxConcurrency", minimum: 0)
            }
        }
    }

    @Test func conditionHookNamesTheRule() {
        let hook = JSONata.condition(field: "Choices[2]/Condition")
        #expect(throws: StatesError(
            StatesError.Name.queryEvaluationError,
            cause: "The JSONata expression '$states.input.n' specified for the field 'Choices[2]/Condition' returned an "
                + "unexpected result type. Expected 'boolean', but was 'number' for value: 4")) {
            try hook("{% $states.input.n %}", EvaluationScope(input: ["n": 4]))
        }
        #expect(throws: StatesError(
            StatesError.Name.queryEvaluationError,
            cause: "The JSONata expression '$states.input.m' specified for the field 'Choices[2]/Condition' returned nothing (undefined).")) {
            try hook("{% $states.input.m %}", EvaluationScope(input: ["n": 4]))
        }
    }
}

/// A value built deeper than the States Language's nesting limit fails the expression (U1004) instead of
/// overflowing the stack when it is converted or freed.
@Suite struct JSONataDeepValueTests {
    static let builders = [
        #"$reduce([1..20000], function($a, $b) { {"a": $a} }, {})"#,
        #"$reduce([1..20000], function($a, $b) { [[$a]] }, [])"#,
        #"($f := function($x, $n) { $n = 0 ? $x : $f({"a": $x}, $n - 1) }; $f({}, 20000))"#,
        #"$reduce([1..20000], function($a, $b) { $zip($a, [$b]) }, [1])"#,
    ]

    @Test(arguments: builders) func deepValueFailsTheExpression(_ text: String) throws {
        let expression = try JSONataExpression(parsing: text)
        #expect {
            try expression.evaluateJSONata(input: .null, bindings: [:])
        } throws: { error in
            (error as? JSONataError)?.code == "U1004"
        }
    }

    @Test func valuesWithinTheLimitStillBuild() throws {
        let expression = try JSONataExpression(parsing: #"$reduce([1..400], function($a, $b) { {"a": $a} }, {})"#)
        let value = try #require(try expression.evaluateJSONata(input: .null, bindings: [:]))
        #expect(value.nestingDepth == 401)
    }
}

/// `$formatNumber` pictures as JSONata 2.0 formats them (docs.jsonata.org, numeric functions, and the XPath
/// `format-number` rules it follows).
@Suite struct JSONataFormatNumberPictureTests {
    static let cases: [(Double, String, String)] = [
        (12345678.9, "9,999.99", "12,345,678.90"),
        (1234.5678, "00.000e0", "12.346e2"),
        (0.234, "0.0e0", "2.3e-1"),
        (0.14, "01%", "14%"),
        (0.4857, "###.###‰", "485.7‰"),
        (34.555, "#0.00;(#0.00)", "34.56"),
        (-34.555, "#0.00;(#0.00)", "(34.56)"),
        (12345.6, "#,###.00", "12,345.60"),
        (12, "9999", "0012"),
        (123412345678.9, "9,9,99.99", "123412345,6,78.90"),  // irregular: separators only where the picture has them
        (12345678, "#,##,##0", "123,45,678"),
        (1234567.5, "#,##0.00", "1,234,567.50"),
        (0.5, "#.00", ".50"),
        (3, "#", "3"),
        (0, "#", "0"),
        (-3, "#", "-3"),
        (0.000123, "0.00e00", "1.23e-04"),
        (1.5, "0.0000,00", "1.5000,00"),
        (42, "$#0 each", "$42 each"),
        (0.25, "%#0", "%25"),
    ]

    @Test(arguments: cases) func picture(_ value: Double, _ picture: String, _ expected: String) throws {
        #expect(try JSONataNumberFormat.format(value, picture: picture, at: 0) == expected)
    }
}

/// `$fromMillis` timezone and grouped pictures (docs.jsonata.org date/time functions, XPath `format-dateTime`).
@Suite struct JSONataDateTimePictureTests {
    static let instant = "1521801216617"  // 2018-03-23T10:33:36.617Z

    static let cases: [(String, String)] = [
        ("$fromMillis(\(instant), '[H01]:[m01] [Z]', '+0530')", "16:03 +05:30"),
        ("$fromMillis(\(instant), '[Z0]', '+0530')", "+5:30"),
        ("$fromMillis(\(instant), '[Z0]', '-0500')", "-5"),
        ("$fromMillis(\(instant), '[Z0000]', '+0530')", "+0530"),
        ("$fromMillis(\(instant), '[Z01:01t]')", "Z"),
        ("$fromMillis(\(instant), '[Z]')", "+00:00"),
        ("$fromMillis(\(instant), '[z]', '-0500')", "GMT-05:00"),
        ("$fromMillis(\(instant), '[Y9,999,*]')", "2,018"),
        ("$fromMillis(\(instant), '[Y#,##0]')", "2,018"),
        ("$fromMillis(\(instant), '[Y,2]')", "18"),
        ("$fromMillis(\(instant), '[MNn,3-3]')", "Mar"),
        ("$fromMillis(\(instant), '[D1o] [MNn] [Y]')", "23rd March 2018"),
        ("$fromMillis(\(instant), '[Dwo] [MNn]')", "twenty-third March"),
        ("$fromMillis(\(instant), '[YI]')", "MMXVIII"),
        ("$fromMillis(\(instant), '[W]/[w] [E] [C]')", "12/4 ISO ISO"),
        ("$fromMillis(\(instant))", "2018-03-23T10:33:36.617Z"),
    ]

    @Test(arguments: cases) func picture(_ text: String, _ expected: String) throws {
        #expect(try JSONataExpression(parsing: text).evaluateJSONata(input: .null, bindings: [:]) == .string(expected))
    }
}
