import Testing

@testable import StatesLanguage

/// `DescribeStateMachine`'s `variableReferences`, as recorded against AWS (LocalStack's
/// test_sfn_api_variable_references, test_base_variable_references_in_assign_templates: BASE_REFERENCE_IN_PARAMETERS,
/// BASE_REFERENCE_IN_CHOICE, BASE_REFERENCE_IN_WAIT, BASE_REFERENCE_IN_OUTPUTPATH, BASE_REFERENCE_IN_INTRINSIC_FUNCTION,
/// BASE_REFERENCE_IN_FAIL, BASE_ASSIGN_FROM_*, BASE_EVALUATION_ORDER_PASS_STATE, MAP_STATE_REFERENCE_IN_*).
@Suite struct VariableReferencesTests {
    static let cases: [(String, [String: [String]]?)] = [
        // a template value without ".$" is a literal; with it, a path to a variable
        (#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"r": "$r"}, "Assign": {"r": "x"}, "Next": "B"},"#
            + #""B": {"Type": "Pass", "ResultPath": "$.r", "Parameters": {"r.$": "$r"}, "End": true}}}"#,
         ["B": ["r"]]),
        // a Choice rule's Variable and ...Path operand; sorted; an Assign's path counts for its state
        (#"{"StartAt": "S", "States": {"S": {"Type": "Pass", "Assign": {"guess": 1, "answer": 2}, "Next": "C"},"#
            + #""C": {"Type": "Choice", "Choices": [{"Variable": "$guess", "StringEqualsPath": "$answer", "Next": "Y"}], "Default": "N"},"#
            + #""Y": {"Type": "Succeed"}, "N": {"Type": "Pass", "Assign": {"guess.$": "$answer"}, "Next": "C"}}}"#,
         ["C": ["answer", "guess"], "N": ["answer"]]),
        // Wait paths, OutputPath, InputPath, Fail paths
        (#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$waitTime", "Next": "U"},"#
            + #""U": {"Type": "Wait", "TimestampPath": "$startAt", "Next": "P"},"#
            + #""P": {"Type": "Pass", "InputPath": "$answer", "OutputPath": "$answer.x", "Assign": {"answer": "<omitted>"}, "Next": "F"},"#
            + #""F": {"Type": "Fail", "CausePath": "$causeVar", "ErrorPath": "$errorVar"}}}"#,
         ["W": ["waitTime"], "U": ["startAt"], "P": ["answer"], "F": ["causeVar", "errorVar"]]),
        // intrinsic functions' arguments, not their quoted strings, $. or $$.
        (#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"a": {"f.$": "States.Format('Hi {} $no', $name, $.x, $$.Execution.Id)"},"#
            + #""s.$": "States.MathAdd(States.MathAdd($value1, $value2), 1)", "u.$": "States.UUID()"}, "End": true}}}"#,
         ["P": ["name", "value1", "value2"]]),
        // paths to the input only: none, and no map at all
        (#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"a": 1}, "Assign": {"t.$": "$.a", "u.$": "States.ArrayLength($.a)"}, "End": true}}}"#,
         nil),
        // a Map's ItemSelector, ItemsPath and MaxConcurrencyPath count for the Map; its processor's states for themselves
        (#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$list", "MaxConcurrencyPath": "$max","#
            + #""ItemSelector": {"v.$": "States.Format($template, $$.Map.Item.Value)", "b": "$bucket"},"#
            + #""ItemProcessor": {"StartAt": "In", "States": {"In": {"Type": "Pass", "Parameters": {"q.$": "$question"}, "End": true}}},"#
            + #""ToleratedFailureCountPath": "$count", "End": true}}}"#,
         ["M": ["count", "list", "max", "template"], "In": ["question"]]),
        // JSONata: the variables an expression reads, not $states, built-in functions or its own bindings
        (#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass","#
            + #""Output": {"a": "{% $sum($states.input.n) + $bias %}", "b": "{% ($y := 2; $map([1], function($v) { $v + $y + $z })) %}"},"#
            + #""Assign": {"c": "{% $states.input %}"}, "End": true}}}"#,
         ["P": ["bias", "z"]]),
    ]

    @Test(arguments: cases)
    func references(_ definition: String, _ expected: [String: [String]]?) {
        #expect(VariableReferences.of(definition: definition) == expected)
    }
}
