import Foundation
import OrderedCollections
import Testing

@testable import StatesLanguage

/// AWS's "Transforming data with JSONata in Step Functions": `{% %}` fields, `$states`, variables, AWS's
/// added functions, and JSONata errors as `States.QueryEvaluationError`.
@Suite struct JSONataTemplateTests {
    @Test func awsConversionExample() throws {
        let arguments: JSONValue = [
            "static": "Hello", "title": "{% $states.input.title %}", "name": "{% $customerName %}",
            "not-evaluated": "$customerName",
        ]
        let result = try JSONata.evaluateTemplate(
            arguments, states: ["input": ["title": "Doctor"]], variables: ["customerName": "María"])
        #expect(result == ["static": "Hello", "title": "Doctor", "name": "María", "not-evaluated": "$customerName"])
    }

    @Test func nestedTemplatesAndLiterals() throws {
        let template: JSONValue = [
            "greeting": "{% 'Hello ' & $states.input.name %}",
            "list": ["{% $states.input.n * 2 %}", 3, "plain", ["{% $states.context.Execution.Name %}"]],
            "flag": true, "nothing": .null,
            "almost": "{% not closed", "whole": "{% $states.input %}",
        ]
        let states: JSONValue = ["input": ["name": "Ana", "n": 21], "context": ["Execution": ["Name": "run-1"]]]
        let result = try JSONata.evaluateTemplate(template, states: states, variables: [:])
        #expect(result == [
            "greeting": "Hello Ana", "list": [42, 3, "plain", ["run-1"]], "flag": true, "nothing": .null,
            "almost": "{% not closed", "whole": ["name": "Ana", "n": 21],
        ])
    }

    @Test func resultAndErrorOutput() throws {
        let states: JSONValue = [
            "input": [:], "result": ["Payload": ["total": 5]],
            "errorOutput": ["Error": "States.TaskFailed", "Cause": "boom"],
        ]
        #expect(try JSONata.evaluateTemplate("{% $states.result.Payload.total %}", states: states, variables: [:]) == 5)
        #expect(try JSONata.evaluateTemplate("{% $states.errorOutput.Error %}", states: states, variables: [:]) == "States.TaskFailed")
    }

    @Test func undefinedIsAQueryEvaluationError() {
        #expect {
            try JSONata.evaluateTemplate(["x": "{% $states.input.missing %}"], states: ["input": [:]], variables: [:])
        } throws: { error in
            (error as? StatesError)?.error == "States.QueryEvaluationError"
        }
    }

    static let errorCases: [(String, String)] = [
        ("{% $states.input.s + 1 %}", "T2001"),
        ("{% 1 - $states.input.s %}", "T2002"),
        ("{% $string(1/0) %}", "D1001"),
        ("{% -$states.input.s %}", "D1002"),
        ("{% $states.input.s < 1 %}", "T2009"),
        ("{% {'a': 1} < 1 %}", "T2010"),
        ("{% $number('abc') %}", "D3030"),
        ("{% $sqrt(-1) %}", "D3060"),
        ("{% $sum(['a']) %}", "T0412"),
        ("{% $substring(1) %}", "T0411"),  // the context ($, null in a template) does not fit the string parameter
        ("{% $substring() %}", "T0410"),
        ("{% $error('custom failure') %}", "D3137"),
        ("{% $assert(false, 'must hold') %}", "D3141"),
        ("{% $single([1, 2]) %}", "D3138"),
        ("{% $formatBase(10, 1) %}", "D3100"),
        ("{% $toMillis('yesterday') %}", "D3110"),
        ("{% $replace('abc', '', 'x') %}", "D3010"),
        ("{% [1..'a'] %}", "T2004"),
        ("{% $states.input.s() %}", "T1006"),
        ("{% 1 ~> 2 %}", "T2006"),
        ("{% {'a': 1, 'a': 2} %}", "D1009"),
        ("{% {1: 2} %}", "T1003"),
        ("{% $sort([1, 'a']) %}", "D3070"),
        ("{% 'unterminated %}", "S0101"),
        ("{% (1 + 2 %}", "S0203"),
        ("{% 1 + %}", "S0207"),
        ("{% [1, 2 3] %}", "S0202"),
        ("{% 1 2 %}", "S0201"),
        ("{% 5 := 3 %}", "S0212"),
        ("{% a.5 %}", "S0213"),
        ("{% // %}", "S0301"),
    ]

    @Test(arguments: errorCases) func jsonataErrors(_ expression: String, _ code: String) {
        #expect {
            try JSONata.evaluateTemplate(.string(expression), states: ["input": ["s": "text"]], variables: [:])
        } throws: { error in
            guard let error = error as? StatesError else { return false }
            // syntax errors carry JSONata's own text; evaluation errors name the expression first, as AWS does
            return error.error == StatesError.Name.queryEvaluationError
                && (error.cause.hasPrefix(code + ":") || error.cause.contains(" threw an error during evaluation. \(code):"))
        }
    }

    /// An evaluation bound has no code in the cause (recorded against AWS, floci-io/floci#2737).
    @Test func runawayRecursionFailsWithAWSsStackOverflowCause() {
        #expect {
            try JSONata.evaluateTemplate(
                .string("{% ($f := function($n) { 1 + $f($n + 1) }; $f(0)) %}"), states: ["input": [:]], variables: [:])
        } throws: { error in
            (error as? StatesError)?.cause.hasSuffix(
                " threw an error during evaluation: Stack overflow error: Check for non-terminating recursive function. "
                    + "Consider rewriting as tail-recursive.") == true
        }
    }

    @Test func errorMessagesCarryJSONataWording() throws {
        let expression = try JSONataExpression(parsing: "$states.input.s + 1")
        #expect(throws: StatesError(StatesError.Name.queryEvaluationError, cause: "T2001: The left side of the \"+\" operator must evaluate to a number")) {
            try expression.evaluate(input: .null, bindings: ["states": ["input": ["s": "text"]]])
        }
        #expect(throws: JSONataError(code: "S0202", message: "Expected \"]\", got \"3\"", position: 6)) {
            try JSONataExpression(parsing: "[1, 2 3]")
        }
    }

    static let stepFunctionsCases: [JSONataCase] = [
        JSONataCase("$partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)", .null, json: "[[1, 2, 3], [4, 5, 6], [7, 8, 9]]"),
        JSONataCase("$partition([1, 2, 3, 4, 5], 2)", .null, json: "[[1, 2], [3, 4], [5]]"),
        JSONataCase("$range(0, 10, 2)", .null, [0, 2, 4, 6, 8, 10]),
        JSONataCase("$range(5, 1, -2)", .null, [5, 3, 1]),
        JSONataCase("$hash('abc', 'SHA-256')", .null, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        JSONataCase("$hash('abc', 'MD5')", .null, "900150983cd24fb0d6963f7d28e17f72"),
        JSONataCase("$parse('{\"a\": [1, true]}')", .null, json: #"{"a": [1, true]}"#),
        JSONataCase("$parse('{\"a\": 1}').a + 1", .null, 2),
        JSONataCase("$random(7) = $random(7)", .null, true),
        JSONataCase("$random(7) >= 0 and $random(7) < 1", .null, true),
        JSONataCase("$length($uuid())", .null, 36),
        JSONataCase("$substring($uuid(), 14, 1)", .null, "4"),
    ]

    @Test(arguments: stepFunctionsCases) func stepFunctionsFunctions(_ example: JSONataCase) throws { try example.check() }

    @Test func choiceConditionWithVariables() throws {
        let rule = try CompiledChoiceRule(.condition("{% $states.input.age >= $minimum and $states.context.Execution.Name = 'x' %}"))
        let scope = EvaluationScope(input: ["age": 21], context: ["Execution": ["Name": "x"]], variables: ["minimum": 18])
        #expect(try rule.evaluate(in: scope))
        let young = EvaluationScope(input: ["age": 16], context: ["Execution": ["Name": "x"]], variables: ["minimum": 18])
        #expect(try !rule.evaluate(in: young))
    }
}
