"""JSONata expressions are checked when a definition is created, updated or validated, with AWS's codes, messages
and locations. Every expected answer is one floci-io/floci measured against real AWS (us-east-1) and quotes in
issues #2670 and #2745 and pull requests #2699 and #2786."""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE, create_machine


def pass_with_output(output):
    return {"QueryLanguage": "JSONata", "StartAt": "E", "States": {"E": {"Type": "Pass", "Output": output, "End": True}}}


def create_error(sfn, name, definition):
    with pytest.raises(ClientError) as raised:
        sfn.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE)
    return raised.value.response["Error"]


def test_create_refuses_a_top_level_reference(sfn):
    error = create_error(sfn, "TopLevelReference", pass_with_output({"v": "{% phone[0] %}"}))
    assert error["Code"] == "InvalidDefinition"
    assert error["Message"] == ("Invalid State Machine Definition: 'UNSUPPORTED_JSONATA_EXPRESSION: Reference to "
                                "'phone' at the top level is not supported. at /States/E/Output/v'")


def test_create_refuses_an_expression_that_does_not_parse(sfn):
    error = create_error(sfn, "InvalidJSONata", pass_with_output({"v": "{% phone[1,2) %}"}))
    assert error["Code"] == "InvalidDefinition"
    assert error["Message"] == ("Invalid State Machine Definition: 'INVALID_JSONATA_EXPRESSION: Expected \"]\", "
                                "got \",\" at /States/E/Output/v'")


def test_create_accepts_the_anchored_form(sfn):
    create_machine(sfn, "AnchoredReference", pass_with_output({"v": "{% $states.input.phone[0] %}"}))


def test_update_refuses_a_top_level_reference(sfn):
    arn = create_machine(sfn, "UpdateTopLevel", pass_with_output({"v": "{% $states.input.phone %}"}))
    with pytest.raises(ClientError) as raised:
        sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_with_output({"v": "{% phone %}"})))
    assert raised.value.response["Error"]["Code"] == "InvalidDefinition"
    assert "UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level" in raised.value.response["Error"]["Message"]


@pytest.mark.parametrize("expression,message", [
    ("a[1,2)", 'Expected "]", got ","'),
    ('"unterminated', "String literal must be terminated by a matching quote"),
    ("1 +", "Unexpected end of expression"),
    ('{"a":}', 'The symbol "}" cannot be used as a unary operator'),
    ("$x :=", "Unexpected end of expression"),
    ('$match("a", /abc', "No terminating / in regular expression"),
    ("phone %.other", 'The symbol "." cannot be used as a unary operator'),
    ("", "Unexpected end of expression"),
])
def test_validate_reports_the_parser_message(sfn, expression, message):
    definition = {"QueryLanguage": "JSONata", "StartAt": "Main", "States": {"Main": {
        "Type": "Pass", "Output": "{% " + expression + " %}", "End": True}}}
    answer = sfn.validate_state_machine_definition(definition=json.dumps(definition))
    assert answer["result"] == "FAIL"
    assert answer["diagnostics"] == [{"severity": "ERROR", "code": "INVALID_JSONATA_EXPRESSION", "message": message,
                                      "location": "/States/Main/Output"}]


@pytest.mark.parametrize("expression,message", [
    ("$$", "Reference to '$$' is not supported."),
    ("$.phone", "Reference to '$' at the top level is not supported."),
    ("$states.errorOutput", "Field '$states.errorOutput' does not exist."),
])
def test_validate_reports_what_an_expression_cannot_read(sfn, expression, message):
    answer = sfn.validate_state_machine_definition(definition=json.dumps(pass_with_output("{% " + expression + " %}")))
    assert answer["result"] == "FAIL"
    assert answer["diagnostics"] == [{"severity": "ERROR", "code": "UNSUPPORTED_JSONATA_EXPRESSION",
                                      "message": message, "location": "/States/E/Output"}]


def test_validate_reports_each_distinct_name(sfn):
    answer = sfn.validate_state_machine_definition(definition=json.dumps(pass_with_output({"v": "{% aaa + bbb %}"})))
    assert [(d["message"], d["location"]) for d in answer["diagnostics"]] == [
        ("Reference to 'aaa' at the top level is not supported.", "/States/E/Output/v"),
        ("Reference to 'bbb' at the top level is not supported.", "/States/E/Output/v"),
    ]


def test_validate_locates_a_choice_rule_by_index(sfn):
    definition = {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% phone = 1 %}", "Next": "E"}], "Default": "E"},
        "E": {"Type": "Pass", "End": True}}}
    answer = sfn.validate_state_machine_definition(definition=json.dumps(definition))
    assert [d["location"] for d in answer["diagnostics"]] == ["/States/C/Choices[0]/Condition"]


def test_validate_accepts_error_output_in_a_catcher(sfn):
    definition = {"QueryLanguage": "JSONata", "StartAt": "Main", "States": {
        "Main": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Handled",
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}", "Next": "Handled"}]},
        "Handled": {"Type": "Pass", "End": True}}}
    answer = sfn.validate_state_machine_definition(definition=json.dumps(definition))
    assert answer == {"result": "OK", "diagnostics": [], "truncated": False, "ResponseMetadata": answer["ResponseMetadata"]}
