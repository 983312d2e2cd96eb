import Testing

@testable import StatesLanguage

/// Choice states and choice rules (JSONPath operators at any depth; JSONata `Condition`).
@Suite struct ValidationChoiceTests {
    static let schema = "SCHEMA_VALIDATION_FAILED"
    static let rule = "/States/C/Choices[0]"

    static let cases: [InvalidCase] = [
        InvalidCase(
            name: "no Choices", definition: machine(#""C": {"Type": "Choice", "Default": "D"}, "# + endPass("D"), startAt: "C"), code: schema,
            path: "/States/C"),
        InvalidCase(
            name: "empty Choices", definition: machine(#""C": {"Type": "Choice", "Choices": [], "Default": "D"}, "# + endPass("D"), startAt: "C"),
            code: schema, path: "/States/C/Choices"),
        InvalidCase(
            name: "Choices not an array",
            definition: machine(#""C": {"Type": "Choice", "Choices": {}, "Default": "D"}, "# + endPass("D"), startAt: "C"), code: schema,
            path: "/States/C/Choices"),
        InvalidCase(
            name: "Default not a string",
            definition: machine(
                #""C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "D"}], "Default": 1}, "# + endPass("D"),
                startAt: "C"), code: schema, path: "/States/C/Default"),
        InvalidCase(
            name: "top-level rule without Next",
            definition: machine(
                #""C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true}], "Default": "D"}, "# + endPass("D"), startAt: "C"),
            code: schema, path: rule),
        InvalidCase(
            name: "rule not an object",
            definition: machine(#""C": {"Type": "Choice", "Choices": ["x"], "Default": "D"}, "# + endPass("D"), startAt: "C"), code: schema,
            path: rule),
        InvalidCase(name: "no comparison operator", definition: choiceMachine(rule: #"{"Variable": "$.x"}"#), code: schema, path: rule),
        InvalidCase(
            name: "two comparison operators", definition: choiceMachine(rule: #"{"Variable": "$.x", "NumericEquals": 1, "NumericLessThan": 2}"#),
            code: schema, path: rule),
        InvalidCase(name: "operator without Variable", definition: choiceMachine(rule: #"{"NumericEquals": 1}"#), code: schema, path: rule),
        InvalidCase(
            name: "Variable not a path", definition: choiceMachine(rule: #"{"Variable": "x", "IsPresent": true}"#), code: schema,
            path: rule + "/Variable"),
        InvalidCase(name: "unknown operator", definition: choiceMachine(rule: #"{"Variable": "$.x", "NumericEqual": 1}"#), code: schema, path: rule),
        InvalidCase(name: "And empty", definition: choiceMachine(rule: #"{"And": []}"#), code: schema, path: rule + "/And"),
        InvalidCase(
            name: "Or not an array", definition: choiceMachine(rule: #"{"Or": {"Variable": "$.x", "IsNull": true}}"#), code: schema,
            path: rule + "/Or"),
        InvalidCase(
            name: "Not an array", definition: choiceMachine(rule: #"{"Not": [{"Variable": "$.x", "IsNull": true}]}"#), code: schema,
            path: rule + "/Not"),
        InvalidCase(
            name: "And with Or",
            definition: choiceMachine(rule: #"{"And": [{"Variable": "$.x", "IsNull": true}], "Or": [{"Variable": "$.x", "IsNull": true}]}"#),
            code: schema, path: rule),
        InvalidCase(
            name: "And with Variable", definition: choiceMachine(rule: #"{"Variable": "$.x", "And": [{"Variable": "$.x", "IsNull": true}]}"#),
            code: schema, path: rule),
        InvalidCase(
            name: "Next inside a nested rule", definition: choiceMachine(rule: #"{"And": [{"Variable": "$.x", "IsNull": true, "Next": "D"}]}"#),
            code: schema, path: rule + "/And[0]"),
        InvalidCase(name: "nested rule not an object", definition: choiceMachine(rule: #"{"Or": [1]}"#), code: schema, path: rule + "/Or[0]"),
        InvalidCase(
            name: "bad leaf three levels down",
            definition: choiceMachine(rule: #"{"Not": {"And": [{"Variable": "$.a", "IsNull": false}, {"Or": [{"Variable": "$.b"}]}]}}"#),
            code: schema, path: rule + "/Not/And[1]/Or[0]"),
        InvalidCase(
            name: "StringEquals a number", definition: choiceMachine(rule: #"{"Variable": "$.x", "StringEquals": 1}"#), code: schema,
            path: rule + "/StringEquals"),
        InvalidCase(
            name: "StringMatches a number", definition: choiceMachine(rule: #"{"Variable": "$.x", "StringMatches": 1}"#), code: schema,
            path: rule + "/StringMatches"),
        InvalidCase(
            name: "NumericEquals a string", definition: choiceMachine(rule: #"{"Variable": "$.x", "NumericEquals": "1"}"#), code: schema,
            path: rule + "/NumericEquals"),
        InvalidCase(
            name: "BooleanEquals a string", definition: choiceMachine(rule: #"{"Variable": "$.x", "BooleanEquals": "true"}"#), code: schema,
            path: rule + "/BooleanEquals"),
        InvalidCase(
            name: "TimestampEquals not a timestamp", definition: choiceMachine(rule: #"{"Variable": "$.x", "TimestampEquals": "yesterday"}"#),
            code: schema, path: rule + "/TimestampEquals"),
        InvalidCase(
            name: "IsPresent a string", definition: choiceMachine(rule: #"{"Variable": "$.x", "IsPresent": "yes"}"#), code: schema,
            path: rule + "/IsPresent"),
        InvalidCase(
            name: "NumericEqualsPath not a path", definition: choiceMachine(rule: #"{"Variable": "$.x", "NumericEqualsPath": "y"}"#), code: schema,
            path: rule + "/NumericEqualsPath"),
        InvalidCase(
            name: "StringEqualsPath a number", definition: choiceMachine(rule: #"{"Variable": "$.x", "StringEqualsPath": 3}"#), code: schema,
            path: rule + "/StringEqualsPath"),
        InvalidCase(name: "Condition in a JSONPath rule", definition: choiceMachine(rule: #"{"Condition": true}"#), code: schema, path: rule),
        InvalidCase(
            name: "Output in a JSONPath rule", definition: choiceMachine(rule: #"{"Variable": "$.x", "IsNull": true, "Output": 1}"#), code: schema,
            path: rule),
    ]

    @Test(arguments: cases)
    func reportsTheRule(_ testCase: InvalidCase) {
        expectDiagnostic(testCase.definition, code: testCase.code, path: testCase.path, severity: testCase.severity)
    }

    /// Every comparison operator AWS documents, with a well-typed operand, is accepted.
    static let validRules: [String] = [
        #"{"Variable": "$.s", "StringEquals": "a"}"#, #"{"Variable": "$.s", "StringLessThan": "a"}"#,
        #"{"Variable": "$.s", "StringGreaterThan": "a"}"#, #"{"Variable": "$.s", "StringLessThanEquals": "a"}"#,
        #"{"Variable": "$.s", "StringGreaterThanEquals": "a"}"#, #"{"Variable": "$.s", "StringMatches": "log-*.txt"}"#,
        #"{"Variable": "$.n", "NumericEquals": 1}"#, #"{"Variable": "$.n", "NumericLessThan": 1.5}"#,
        #"{"Variable": "$.n", "NumericGreaterThan": -1}"#, #"{"Variable": "$.n", "NumericLessThanEquals": 0}"#,
        #"{"Variable": "$.n", "NumericGreaterThanEquals": 1e3}"#, #"{"Variable": "$.b", "BooleanEquals": true}"#,
        #"{"Variable": "$.t", "TimestampEquals": "2001-01-01T12:00:00Z"}"#,
        #"{"Variable": "$.t", "TimestampLessThan": "2016-03-14T01:59:00Z"}"#,
        #"{"Variable": "$.t", "TimestampGreaterThan": "2016-03-14T01:59:00.5-05:00"}"#,
        #"{"Variable": "$.t", "TimestampLessThanEquals": "2016-03-14T01:59:00Z"}"#,
        #"{"Variable": "$.t", "TimestampGreaterThanEquals": "2016-03-14T01:59:00Z"}"#,
        #"{"Variable": "$.s", "StringEqualsPath": "$.other"}"#, #"{"Variable": "$.n", "NumericLessThanPath": "$$.Execution.Input.n"}"#,
        #"{"Variable": "$.b", "BooleanEqualsPath": "$.c"}"#, #"{"Variable": "$.t", "TimestampGreaterThanEqualsPath": "$.u"}"#,
        #"{"Variable": "$.x", "IsNull": false}"#, #"{"Variable": "$.x", "IsPresent": true}"#,
        #"{"Variable": "$.x", "IsNumeric": true}"#, #"{"Variable": "$.x", "IsString": true}"#,
        #"{"Variable": "$.x", "IsBoolean": true}"#, #"{"Variable": "$.x", "IsTimestamp": true}"#,
        #"{"Variable": "$myVariable", "NumericGreaterThan": 1}"#, #"{"Variable": "$$.Execution.Name", "StringEquals": "x"}"#,
        #"{"Not": {"Variable": "$.type", "StringEquals": "Private"}}"#,
        #"{"And": [{"Variable": "$.value", "IsPresent": true}, {"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}]}"#,
        #"{"Or": [{"Not": {"And": [{"Variable": "$.a", "IsNull": true}]}}, {"Variable": "$.b", "IsNull": true}], "Comment": "nested three deep"}"#,
        #"{"Variable": "$.x", "IsPresent": true, "Assign": {"seen": true}}"#,
    ]

    @Test(arguments: validRules)
    func acceptsEveryOperator(_ rule: String) {
        expectClean(choiceMachine(rule: rule))
    }

    @Test func jsonataRules() {
        let language = #""QueryLanguage": "JSONata","#
        let valid = machine(
            #""C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n > 1 %}", "Next": "D", "Output": {"n": "{% $states.input.n %}"}}, {"Condition": true, "Next": "D", "Assign": {"x": 1}}], "Default": "D"}, "#
                + endPass("D"), startAt: "C", extra: language)
        expectClean(valid)
        let noCondition = machine(
            #""C": {"Type": "Choice", "Choices": [{"Next": "D"}], "Default": "D"}, "# + endPass("D"), startAt: "C", extra: language)
        expectDiagnostic(noCondition, code: Self.schema, path: Self.rule)
        let variable = machine(
            #""C": {"Type": "Choice", "Choices": [{"Condition": true, "Variable": "$.x", "Next": "D"}], "Default": "D"}, "#
                + endPass("D"), startAt: "C", extra: language)
        expectDiagnostic(variable, code: Self.schema, path: Self.rule)
        let badCondition = machine(
            #""C": {"Type": "Choice", "Choices": [{"Condition": "$.x", "Next": "D"}], "Default": "D"}, "# + endPass("D"),
            startAt: "C", extra: language)
        expectDiagnostic(badCondition, code: Self.schema, path: Self.rule + "/Condition")
    }

    @Test func choiceWithoutDefaultIsValid() {
        expectClean(
            machine(#""C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "D"}]}, "# + endPass("D"), startAt: "C"))
    }
}
