import OrderedCollections
import Testing

import StatesLanguage

/// Evaluates a one-rule Choice written as JSON against an input.
func evaluateRule(_ ruleJSON: String, input: JSONValue, variables: JSONObject = [:], context: JSONValue = [:]) throws -> Bool {
    let text = #"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [\#(ruleJSON.dropLast()), "Next": "Yes"}], "Default": "No"}, "Yes": {"Type": "Succeed"}, "No": {"Type": "Succeed"}}}"#
    let definition = try StateMachineDefinition(parsing: text)
    guard case .choice(let choice) = definition.states["C"] else { throw StatesError("Test", cause: "no choice") }
    let scope = EvaluationScope(input: input, context: context, variables: variables)
    return try choice.choices[0].rule.evaluate(in: scope)
}

@Suite("Choice rules: AWS's documented examples")
struct RuntimeChoiceDocumentedTests {
    @Test(arguments: [
        (#"{"Variable": "$.foo", "NumericEquals": 1}"#, #"{"foo": 1}"#, true),
        (#"{"Variable": "$.foo", "NumericEquals": 1}"#, #"{"foo": 1.0}"#, true),
        (#"{"Variable": "$.foo", "NumericEquals": 1}"#, #"{"foo": 2}"#, false),
        (#"{"Variable": "$.foo", "StringEquals": "MyString"}"#, #"{"foo": "MyString"}"#, true),
        (#"{"Variable": "$.foo", "StringEquals": "MyString"}"#, #"{"foo": "mystring"}"#, false),
        (#"{"Variable": "$.foo", "StringGreaterThan": "MyStringABC"}"#, #"{"foo": "MyStringABD"}"#, true),
        (#"{"Variable": "$.foo", "StringGreaterThan": "MyStringABC"}"#, #"{"foo": "MyStringAB"}"#, false),
        (#"{"Variable": "$.possiblyNullValue", "IsNull": true}"#, #"{"possiblyNullValue": null}"#, true),
        (#"{"Variable": "$.possiblyNullValue", "IsNull": true}"#, #"{"possiblyNullValue": 0}"#, false),
        (#"{"Variable": "$.foo", "StringMatches": "log-*.txt"}"#, #"{"foo": "log-2024.txt"}"#, true),
        (#"{"Variable": "$.foo", "StringMatches": "log-*.txt"}"#, #"{"foo": "log-.txt"}"#, true),
        (#"{"Variable": "$.foo", "StringMatches": "log-*.txt"}"#, #"{"foo": "logs-1.txt"}"#, false),
        (#"{"Variable": "$.foo", "TimestampEquals": "2001-01-01T12:00:00Z"}"#, #"{"foo": "2001-01-01T12:00:00Z"}"#, true),
        (#"{"Variable": "$.foo", "TimestampEquals": "2001-01-01T12:00:00Z"}"#, #"{"foo": "2001-01-01T13:00:00+01:00"}"#, true),
        (#"{"Variable": "$.foo", "TimestampEquals": "2001-01-01T12:00:00Z"}"#, #"{"foo": "2001-01-01T12:00:01Z"}"#, false),
        (#"{"Variable": "$.foo", "StringEqualsPath": "$.bar"}"#, #"{"foo": "x", "bar": "x"}"#, true),
        (#"{"Variable": "$.foo", "StringEqualsPath": "$.bar"}"#, #"{"foo": "x", "bar": "y"}"#, false),
        // And with an IsPresent guard: the second rule only runs when the key exists.
        (#"{"And": [{"Variable": "$.keyThatMightNotExist", "IsPresent": true}, {"Variable": "$.keyThatMightNotExist", "StringEquals": "foo"}]}"#, #"{}"#, false),
        (#"{"And": [{"Variable": "$.keyThatMightNotExist", "IsPresent": true}, {"Variable": "$.keyThatMightNotExist", "StringEquals": "foo"}]}"#, #"{"keyThatMightNotExist": "foo"}"#, true),
        // The documented Not / And / Or rules.
        (#"{"Not": {"Variable": "$.type", "StringEquals": "Private"}}"#, #"{"type": "Public"}"#, true),
        (#"{"Not": {"Variable": "$.type", "StringEquals": "Private"}}"#, #"{"type": "Private"}"#, false),
        (#"{"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}]}"#, #"{"value": 20}"#, true),
        (#"{"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}]}"#, #"{"value": 30}"#, false),
        (#"{"Or": [{"Variable": "$.value", "NumericLessThan": 0}, {"Variable": "$.value", "NumericGreaterThan": 100}]}"#, #"{"value": 101}"#, true),
        (#"{"Or": [{"Variable": "$.value", "NumericLessThan": 0}, {"Variable": "$.value", "NumericGreaterThan": 100}]}"#, #"{"value": 50}"#, false),
    ])
    func documented(rule: String, input: String, expected: Bool) throws {
        #expect(try evaluateRule(rule, input: JSONValue(parsing: input)) == expected)
    }

    /// The documented Choice state: the first matching rule wins, then Default.
    @Test func firstMatchThenDefault() throws {
        let text = #"""
            {"StartAt": "ChoiceStateX", "States": {
              "ChoiceStateX": {"Type": "Choice", "Choices": [
                {"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
                {"Variable": "$.value", "NumericEquals": 0, "Next": "ValueIsZero"},
                {"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}], "Next": "ValueInTwenties"}
              ], "Default": "DefaultState"},
              "Public": {"Type": "Succeed"}, "ValueIsZero": {"Type": "Succeed"}, "ValueInTwenties": {"Type": "Succeed"},
              "DefaultState": {"Type": "Fail", "Cause": "No Matches!"}}}
            """#
        let definition = try StateMachineDefinition(parsing: text)
        guard case .choice(let choice) = definition.states["ChoiceStateX"] else {
            Issue.record("not a choice")
            return
        }
        let compiled = try CompiledChoiceState(choice)
        func next(_ input: String) throws -> String { try compiled.select(in: EvaluationScope(input: JSONValue(parsing: input))).next }
        #expect(try next(#"{"type": "Public", "value": 0}"#) == "Public")
        #expect(try next(#"{"type": "Private", "value": 0}"#) == "ValueIsZero")
        #expect(try next(#"{"type": "Private", "value": 22}"#) == "ValueInTwenties")
        #expect(try next(#"{"type": "Private", "value": 50}"#) == "DefaultState")
        #expect(try compiled.select(in: EvaluationScope(input: ["type": "Private", "value": 22])).choiceIndex == 2)
        #expect(try compiled.select(in: EvaluationScope(input: ["type": "Private", "value": 1])).choiceIndex == nil)
    }

    @Test func noMatchWithoutDefault() throws {
        let choice = ChoiceState(choices: [
            .init(rule: .comparison(.init(variable: "$.x", operator: .numericEquals, operand: 1)), next: "A")
        ])
        #expect {
            try choice.select(in: EvaluationScope(input: ["x": 2]))
        } throws: { error in
            (error as? StatesError) == StatesError.noNextState
        }
    }
}

@Suite("Choice rules: edge cases")
struct RuntimeChoiceEdgeTests {
    @Test(arguments: [
        // Type mismatches are false, not errors.
        (#"{"Variable": "$.v", "StringEquals": "1"}"#, #"{"v": 1}"#, false),
        (#"{"Variable": "$.v", "NumericEquals": 1}"#, #"{"v": "1"}"#, false),
        (#"{"Variable": "$.v", "BooleanEquals": true}"#, #"{"v": "true"}"#, false),
        (#"{"Variable": "$.v", "TimestampLessThan": "2020-01-01T00:00:00Z"}"#, #"{"v": 5}"#, false),
        (#"{"Variable": "$.v", "TimestampLessThan": "2020-01-01T00:00:00Z"}"#, #"{"v": "yesterday"}"#, false),
        (#"{"Not": {"Variable": "$.v", "NumericEquals": 1}}"#, #"{"v": "1"}"#, true),
        (#"{"Variable": "$.v", "StringMatches": "*"}"#, #"{"v": 3}"#, false),
        (#"{"Variable": "$.v", "NumericEqualsPath": "$.w"}"#, #"{"v": 1, "w": "1"}"#, false),
        // Numbers by value.
        (#"{"Variable": "$.v", "NumericLessThan": 2.5}"#, #"{"v": 2}"#, true),
        (#"{"Variable": "$.v", "NumericGreaterThanEquals": 2}"#, #"{"v": 2.0}"#, true),
        (#"{"Variable": "$.v", "NumericLessThanEquals": -1}"#, #"{"v": -1e0}"#, true),
        (#"{"Variable": "$.v", "NumericGreaterThan": 9007199254740992}"#, #"{"v": 9007199254740993}"#, true),
        (#"{"Variable": "$.v", "NumericLessThanPath": "$.w"}"#, #"{"v": 1.5, "w": 2}"#, true),
        (#"{"Variable": "$.v", "NumericGreaterThanPath": "$.w"}"#, #"{"v": 1.5, "w": 2}"#, false),
        (#"{"Variable": "$.v", "NumericGreaterThanEqualsPath": "$.w"}"#, #"{"v": 2, "w": 2.0}"#, true),
        (#"{"Variable": "$.v", "NumericLessThanEqualsPath": "$.w"}"#, #"{"v": 3, "w": 2}"#, false),
        // Strings by code units, case-sensitive.
        (#"{"Variable": "$.v", "StringLessThan": "b"}"#, #"{"v": "a"}"#, true),
        (#"{"Variable": "$.v", "StringLessThan": "a"}"#, #"{"v": "B"}"#, true),
        (#"{"Variable": "$.v", "StringLessThan": "abc"}"#, #"{"v": "ab"}"#, true),
        (#"{"Variable": "$.v", "StringLessThanEquals": "ab"}"#, #"{"v": "ab"}"#, true),
        (#"{"Variable": "$.v", "StringGreaterThanEquals": "ab"}"#, #"{"v": "aa"}"#, false),
        (#"{"Variable": "$.v", "StringEquals": "é"}"#, #"{"v": "e\u0301"}"#, false),
        (#"{"Variable": "$.v", "StringGreaterThanPath": "$.w"}"#, #"{"v": "b", "w": "a"}"#, true),
        (#"{"Variable": "$.v", "StringLessThanPath": "$.w"}"#, #"{"v": "b", "w": "a"}"#, false),
        (#"{"Variable": "$.v", "StringLessThanEqualsPath": "$.w"}"#, #"{"v": "a", "w": "a"}"#, true),
        (#"{"Variable": "$.v", "StringGreaterThanEqualsPath": "$.w"}"#, #"{"v": "a", "w": "b"}"#, false),
        // Booleans.
        (#"{"Variable": "$.v", "BooleanEquals": false}"#, #"{"v": false}"#, true),
        (#"{"Variable": "$.v", "BooleanEqualsPath": "$.w"}"#, #"{"v": true, "w": true}"#, true),
        (#"{"Variable": "$.v", "BooleanEqualsPath": "$.w"}"#, #"{"v": true, "w": false}"#, false),
        // Type tests.
        (#"{"Variable": "$.v", "IsNull": false}"#, #"{"v": 0}"#, true),
        (#"{"Variable": "$.v", "IsNumeric": true}"#, #"{"v": 1.5}"#, true),
        (#"{"Variable": "$.v", "IsNumeric": true}"#, #"{"v": "1.5"}"#, false),
        (#"{"Variable": "$.v", "IsNumeric": false}"#, #"{"v": "1.5"}"#, true),
        (#"{"Variable": "$.v", "IsString": true}"#, #"{"v": ""}"#, true),
        (#"{"Variable": "$.v", "IsString": true}"#, #"{"v": null}"#, false),
        (#"{"Variable": "$.v", "IsBoolean": true}"#, #"{"v": false}"#, true),
        (#"{"Variable": "$.v", "IsBoolean": true}"#, #"{"v": 0}"#, false),
        (#"{"Variable": "$.v", "IsTimestamp": true}"#, #"{"v": "2016-08-18T17:33:00Z"}"#, true),
        (#"{"Variable": "$.v", "IsTimestamp": true}"#, #"{"v": "2016-08-18T17:33:00.123456+05:30"}"#, true),
        (#"{"Variable": "$.v", "IsTimestamp": true}"#, #"{"v": "2016-08-18t17:33:00z"}"#, false),
        (#"{"Variable": "$.v", "IsTimestamp": true}"#, #"{"v": "2016-08-18 17:33:00Z"}"#, false),
        (#"{"Variable": "$.v", "IsTimestamp": true}"#, #"{"v": "2016-08-18T17:33:00"}"#, false),
        (#"{"Variable": "$.v", "IsTimestamp": true}"#, #"{"v": "2016-02-30T00:00:00Z"}"#, false),
        (#"{"Variable": "$.v", "IsTimestamp": true}"#, #"{"v": "2016-02-29T00:00:00Z"}"#, true),
        (#"{"Variable": "$.v", "IsTimestamp": true}"#, #"{"v": "2015-02-29T00:00:00Z"}"#, false),
        (#"{"Variable": "$.v", "IsTimestamp": true}"#, #"{"v": "2016-08-18T24:00:00Z"}"#, false),
        (#"{"Variable": "$.v", "IsTimestamp": false}"#, #"{"v": 1471541580}"#, true),
        // IsPresent never raises.
        (#"{"Variable": "$.missing", "IsPresent": false}"#, #"{}"#, true),
        (#"{"Variable": "$.v", "IsPresent": true}"#, #"{"v": null}"#, true),
        (#"{"Variable": "$.a.b.c", "IsPresent": true}"#, #"{"a": 1}"#, false),
        // Timestamps as instants, fractions and offsets included.
        (#"{"Variable": "$.v", "TimestampLessThan": "2001-01-01T12:00:00Z"}"#, #"{"v": "2001-01-01T11:59:59.999Z"}"#, true),
        (#"{"Variable": "$.v", "TimestampGreaterThan": "2001-01-01T12:00:00Z"}"#, #"{"v": "2001-01-01T12:00:00.001Z"}"#, true),
        (#"{"Variable": "$.v", "TimestampEquals": "2001-01-01T12:00:00.5Z"}"#, #"{"v": "2001-01-01T12:00:00.500000Z"}"#, true),
        (#"{"Variable": "$.v", "TimestampLessThanEquals": "2001-01-01T12:00:00Z"}"#, #"{"v": "2001-01-01T07:00:00-05:00"}"#, true),
        (#"{"Variable": "$.v", "TimestampGreaterThanEquals": "2001-01-01T12:00:00Z"}"#, #"{"v": "2001-01-01T12:30:00+01:00"}"#, false),
        (#"{"Variable": "$.v", "TimestampLessThan": "2000-01-01T00:00:00Z"}"#, #"{"v": "1999-12-31T23:59:59Z"}"#, true),
        (#"{"Variable": "$.v", "TimestampGreaterThanPath": "$.w"}"#, #"{"v": "2024-03-01T00:00:00Z", "w": "2024-02-29T23:59:59Z"}"#, true),
        (#"{"Variable": "$.v", "TimestampEqualsPath": "$.w"}"#, #"{"v": "2024-03-01T00:00:00Z", "w": "2024-03-01T00:00:00+00:00"}"#, true),
        (#"{"Variable": "$.v", "TimestampLessThanPath": "$.w"}"#, #"{"v": "2024-03-01T00:00:00Z", "w": "not a time"}"#, false),
        (#"{"Variable": "$.v", "TimestampLessThanEqualsPath": "$.w"}"#, #"{"v": "2024-03-01T00:00:00Z", "w": "2024-03-01T00:00:00Z"}"#, true),
        (#"{"Variable": "$.v", "TimestampGreaterThanEqualsPath": "$.w"}"#, #"{"v": "2024-03-01T00:00:00Z", "w": "2024-03-01T00:00:01Z"}"#, false),
        // StringMatches: wildcards and escapes.
        (#"{"Variable": "$.v", "StringMatches": "*"}"#, #"{"v": ""}"#, true),
        (#"{"Variable": "$.v", "StringMatches": "a*b*c"}"#, #"{"v": "aXXbYYbc"}"#, true),
        (#"{"Variable": "$.v", "StringMatches": "a*b*c"}"#, #"{"v": "aXXbYYbcd"}"#, false),
        (#"{"Variable": "$.v", "StringMatches": "*.log"}"#, #"{"v": "x.log.log"}"#, true),
        (#"{"Variable": "$.v", "StringMatches": "log-\\*.txt"}"#, #"{"v": "log-*.txt"}"#, true),
        (#"{"Variable": "$.v", "StringMatches": "log-\\*.txt"}"#, #"{"v": "log-1.txt"}"#, false),
        (#"{"Variable": "$.v", "StringMatches": "C:\\\\*"}"#, #"{"v": "C:\\temp"}"#, true),
        (#"{"Variable": "$.v", "StringMatches": "C:\\\\*"}"#, #"{"v": "C:temp"}"#, false),
        (#"{"Variable": "$.v", "StringMatches": "ABC"}"#, #"{"v": "abc"}"#, false),
        // Context object and variables.
        (#"{"Variable": "$$.Execution.Name", "StringEquals": "run-1"}"#, #"{}"#, true),
        (#"{"Variable": "$counter", "NumericGreaterThan": 2}"#, #"{}"#, true),
        (#"{"Variable": "$.v", "NumericEqualsPath": "$counter"}"#, #"{"v": 3}"#, true),
    ])
    func edge(rule: String, input: String, expected: Bool) throws {
        let result = try evaluateRule(
            rule, input: JSONValue(parsing: input), variables: ["counter": 3],
            context: ["Execution": ["Name": "run-1"]])
        #expect(result == expected)
    }

    @Test(arguments: [
        (#"{"Variable": "$.missing", "StringEquals": "x"}"#, "$.missing"),
        (#"{"Variable": "$.missing", "IsNull": true}"#, "$.missing"),
        (#"{"Variable": "$.v", "NumericEqualsPath": "$.other"}"#, "$.other"),
        (#"{"Variable": "$undefinedVariable", "BooleanEquals": true}"#, "$undefinedVariable"),
        (#"{"Not": {"Variable": "$.a[5]", "NumericEquals": 1}}"#, "$.a[5]"),
    ])
    func missingPathIsARuntimeError(rule: String, path: String) throws {
        #expect {
            try evaluateRule(rule, input: ["v": 1, "a": [1]])
        } throws: { error in
            guard let error = error as? StatesError else { return false }
            return error.error == "States.Runtime"
                && error.cause == "Invalid path '\(path)': The choice state's condition path references an invalid value."
        }
    }

    @Test func shortCircuitSkipsMissingPaths() throws {
        #expect(try evaluateRule(#"{"Or": [{"Variable": "$.v", "IsPresent": false}, {"Variable": "$.v", "NumericEquals": 1}]}"#, input: [:]))
        #expect(try !evaluateRule(#"{"And": [{"Variable": "$.v", "IsPresent": true}, {"Variable": "$.v", "NumericEquals": 1}]}"#, input: [:]))
    }

    @Test func jsonataConditions() throws {
        let literal = try CompiledChoiceRule(.condition(true))
        #expect(try literal.evaluate(in: EvaluationScope(input: [:])))
        let expression = try CompiledChoiceRule(.condition("{% $states.input.n > 1 %}"))
        #expect(try expression.evaluate(in: EvaluationScope(input: ["n": 2])))
        // JSONata 2.0: `undefined > 1` is undefined (not false), so the Condition evaluates to nothing
        #expect(throws: StatesError.self) { try expression.evaluate(in: EvaluationScope(input: [:])) }
        #expect(throws: StatesError.self) { try expression.evaluate(in: EvaluationScope(input: [:]), condition: CompiledChoiceRule.noJSONata) }
        let notBoolean = try CompiledChoiceRule(.condition("{% $states.input.n + 1 %}"))
        #expect(throws: StatesError(StatesError.Name.queryEvaluationError, cause: "The JSONata expression '$states.input.n + 1' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was 'number' for value: 3")) {
            try notBoolean.evaluate(in: EvaluationScope(input: ["n": 2]))
        }
        let hooked = try expression.evaluate(in: EvaluationScope(input: [:])) { text, _ throws(StatesError) in
            #expect(text == "{% $states.input.n > 1 %}")
            return true
        }
        #expect(hooked)
        #expect {
            try expression.evaluate(in: EvaluationScope(input: [:])) { _, _ throws(StatesError) in "yes" }
        } throws: { error in
            (error as? StatesError)?.error == "States.QueryEvaluationError"
        }
    }

}
