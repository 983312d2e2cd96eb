import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// Runtime errors named and worded as AWS Step Functions records them: the state prefix on the failures the
/// service raises, JSONata failures naming the expression and the field, and the user's own errors unchanged.
@Suite("Engine: runtime error wording")
struct RuntimeErrorWordingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var definition: String
        var input = "{}"
        var error: String
        var cause: String
        var testDescription: String { name }
    }

    static let prefix = "An error occurred while executing the state "

    static let cases: [Case] = [
        Case(
            name: "JSONata Output that is undefined (recorded from AWS)",
            definition: #"""
                {"QueryLanguage": "JSONata", "StartAt": "Transform", "States": {
                  "Transform": {"Type": "Pass", "Output": {"v": "{% $states.input.missing %}"}, "End": true}}}
                """#,
            error: "States.QueryEvaluationError",
            cause: prefix + "'Transform' (entered at the event id #2). The JSONata expression '$states.input.missing' "
                + "specified for the field 'Output/v' returned nothing (undefined)."),
        Case(
            name: "JSONata Arguments nested field, after a first state",
            definition: #"""
                {"QueryLanguage": "JSONata", "StartAt": "First", "States": {
                  "First": {"Type": "Pass", "Next": "Call"},
                  "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Arguments": {"FunctionName": "f", "Payload": {"ids": ["{% $states.input.id %}"]}}, "End": true}}}
                """#,
            error: "States.QueryEvaluationError",
            cause: prefix + "'Call' (entered at the event id #4). The JSONata expression '$states.input.id' "
                + "specified for the field 'Arguments/Payload/ids[0]' returned nothing (undefined)."),
        Case(
            name: "JSONata evaluation error",
            definition: #"""
                {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
                  "P": {"Type": "Pass", "Output": "{%  $states.input.s + 1  %}", "End": true}}}
                """#,
            input: #"{"s": "text"}"#,
            error: "States.QueryEvaluationError",
            cause: prefix + "'P' (entered at the event id #2). The JSONata expression '$states.input.s + 1' specified for "
                + "the field 'Output' threw an error during evaluation. T2001: The left side of the \"+\" operator must evaluate to a number"),
        Case(
            name: "JSONata Map Items that is not an array",
            definition: #"""
                {"QueryLanguage": "JSONata", "StartAt": "Fan", "States": {
                  "Fan": {"Type": "Map", "Items": "{% $states.input.list %}",
                    "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}}}
                """#,
            input: #"{"list": {"a": 1}}"#,
            error: "States.QueryEvaluationError",
            cause: prefix + "'Fan' (entered at the event id #2). The JSONata expression '$states.input.list' specified for "
                + "the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {\"a\":1}"),
        Case(
            name: "JSONata Choice condition that is not a boolean",
            definition: #"""
                {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [
                    {"Condition": "{% true %}", "Next": "Done"}, {"Condition": "{% 1 %}", "Next": "Done"}], "Default": "Done"},
                  "Done": {"Type": "Succeed"}}}
                """#,
            error: "", cause: ""),  // the first rule matches: a later rule is never evaluated
        Case(
            name: "JSONata Choice condition that is not a boolean, second rule",
            definition: #"""
                {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [
                    {"Condition": "{% false %}", "Next": "Done"}, {"Condition": "{% 'yes' %}", "Next": "Done"}], "Default": "Done"},
                  "Done": {"Type": "Succeed"}}}
                """#,
            error: "States.QueryEvaluationError",
            cause: prefix + "'C' (entered at the event id #2). The JSONata expression ''yes'' specified for the field "
                + "'Choices[1]/Condition' returned an unexpected result type. Expected 'boolean', but was 'string' for value: \"yes\""),
        Case(
            name: "JSONata Map MaxConcurrency below zero",
            definition: #"""
                {"QueryLanguage": "JSONata", "StartAt": "Fan", "States": {
                  "Fan": {"Type": "Map", "Items": [1], "MaxConcurrency": "{% -1 %}",
                    "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}}}
                """#,
            error: "States.QueryEvaluationError",
            cause: prefix + "'Fan' (entered at the event id #2). The JSONata expression '-1' specified for the field "
                + "'MaxConcurrency' returned an invalid value. Expected an integer of at least 0, but was -1"),
        Case(
            name: "JSONPath Map MaxConcurrencyPath that is negative",
            definition: #"""
                {"StartAt": "Fan", "States": {
                  "Fan": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrencyPath": "$.c",
                    "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}}}
                """#,
            input: #"{"items": [1], "c": -2}"#,
            error: "States.Runtime",
            cause: prefix + "'Fan' (entered at the event id #2). The MaxConcurrencyPath parameter does not reference "
                + "a valid non-negative integer: '$.c'"),
        Case(
            name: "JSONPath Distributed Map ToleratedFailureCountPath that is not a number",
            definition: #"""
                {"StartAt": "Fan", "States": {
                  "Fan": {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailureCountPath": "$.t",
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}}}
                """#,
            input: #"{"items": [1], "t": "two"}"#,
            error: "States.Runtime",
            cause: prefix + "'Fan' (entered at the event id #2). The ToleratedFailureCountPath field refers to value \"two\" "
                + "which is not a valid integer: $.t"),
        Case(
            name: "Fail state ErrorPath that matches nothing",
            definition: #"""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.error", "Cause": "c"}}}
                """#,
            error: "States.Runtime",
            // AWS's words, quoted in localstack/localstack#11951
            cause: prefix + "'F' (entered at the event id #2). The JSONPath '$.error' specified for the field 'ErrorPath' "
                + "could not be found in the input '{}'"),
        Case(
            name: "Fail state CausePath with an intrinsic function",
            definition: #"""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "CausePath": "States.Format('n is {}', $.n)"}}}
                """#,
            input: #"{"n": 3}"#,
            error: "E", cause: "n is 3"),
        Case(
            name: "Fail state's own error and cause pass unchanged",
            definition: #"""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "States.Runtime", "Cause": "mine"}}}
                """#,
            error: "States.Runtime", cause: "mine"),
        Case(
            name: "JSONata Fail state whose Cause is undefined",
            definition: #"""
                {"QueryLanguage": "JSONata", "StartAt": "F", "States": {
                  "F": {"Type": "Fail", "Error": "E", "Cause": "{% $states.input.why %}"}}}
                """#,
            error: "States.QueryEvaluationError",
            cause: prefix + "'F' (entered at the event id #2). The JSONata expression '$states.input.why' specified for "
                + "the field 'Cause' returned nothing (undefined)."),
        Case(
            name: "JSONata Wait Seconds that is a string",
            definition: #"""
                {"QueryLanguage": "JSONata", "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": "{% 'ten' %}", "End": true}}}
                """#,
            error: "States.QueryEvaluationError",
            cause: prefix + "'W' (entered at the event id #2). The JSONata expression ''ten'' specified for the field "
                + "'Seconds' returned an unexpected result type. Expected 'integer', but was 'string' for value: \"ten\""),
        Case(
            name: "JSONPath data-flow failure after retries keeps the entry event",
            definition: #"""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.missing", "End": true}}}
                """#,
            error: "States.Runtime",
            cause: prefix + "'A' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']"),
    ]

    @Test(arguments: cases) func failureIsWordedAsAWS(_ test: Case) async throws {
        try await withTestEngine { engine, _ in
            let result = try await engine.runToCompletion(definition: test.definition, input: test.input)
            if test.error.isEmpty {
                #expect(result.status == .succeeded, "\(result.error ?? "") \(result.cause ?? "")")
                return
            }
            #expect(result.status == .failed)
            #expect(result.error == test.error)
            #expect(result.cause == test.cause)
        }
    }

    @Test func catchSeesThePrefixedCause() async throws {
        try await withTestEngine { engine, _ in
            let definition = #"""
                {"QueryLanguage": "JSONata", "StartAt": "M", "States": {
                  "M": {"Type": "Map", "Items": "{% $states.input.n %}",
                    "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}},
                    "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "Caught", "Output": "{% $states.errorOutput %}"}],
                    "End": true},
                  "Caught": {"Type": "Succeed"}}}
                """#
            let result = try await engine.runToCompletion(definition: definition, input: #"{"n": 5}"#)
            #expect(result.status == .succeeded)
            let output = try #require(result.output.flatMap { try? JSONValue(parsing: $0) })
            #expect(output["Error"] == "States.QueryEvaluationError")
            #expect(output["Cause"]?.stringValue?.hasPrefix(Self.prefix + "'M' (entered at the event id #2). ") == true)
        }
    }
}
