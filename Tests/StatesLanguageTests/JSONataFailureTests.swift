import Foundation
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
