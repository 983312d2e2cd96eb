"""ValidateStateMachineDefinition as recorded against AWS (LocalStack's test_sfn_api_validation snapshots): an empty
definition is answered with a diagnostic (no ValidationException), without a location; a text that is not JSON
gets Jackson's message with the source as location; {} gets one diagnostic naming both missing fields."""
import json

import boto3
from botocore.config import Config

from conftest import REGION, ROLE


def unvalidated_client(server):
    return boto3.client("stepfunctions", endpoint_url=server.endpoint, region_name=REGION,
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(parameter_validation=False, retries={"max_attempts": 0}))


def answer(client, definition):
    response = client.validate_state_machine_definition(definition=definition)
    response.pop("ResponseMetadata")
    return response


def test_empty_string(server):
    assert answer(unvalidated_client(server), "") == {
        "result": "FAIL", "truncated": False,
        "diagnostics": [{"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED",
                         "message": "Definition must be a valid JSON object"}]}


def test_not_a_definition(sfn):
    location = '[Source: (String)"not a definition"; line: 1, column: 4]'
    assert answer(sfn, "not a definition")["diagnostics"] == [{
        "severity": "ERROR", "code": "INVALID_JSON_DESCRIPTION", "location": location,
        "message": "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', "
                   "'true' or 'false')\n at " + location}]


def test_empty_object(sfn):
    assert answer(sfn, "{}")["diagnostics"] == [{
        "severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "location": "/",
        "message": "These fields are required: [States, StartAt]"}]


# --- Transition targets, reachability and terminal states, as floci-io/floci#2735 and #2786 measured against AWS
# (cfn-lint#4074 quotes AWS for a StartAt naming no state): every dangling target is "Missing 'Next' target", a
# location writes an array index as [0] and a state name unescaped, and MISSING_END_STATE has no location. ---------

def diagnostics_of(sfn, definition):
    answer = sfn.validate_state_machine_definition(definition=json.dumps(definition))
    return [(d["code"], d["message"], d.get("location")) for d in answer["diagnostics"]]


TARGET = "MISSING_TRANSITION_TARGET"


def test_dangling_targets_and_unreachable_states_at_aws_locations(sfn):
    pass_end = {"Type": "Pass", "End": True}
    assert diagnostics_of(sfn, {"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": True, "Next": "Ghost"}], "Default": "Z"},
        "Z": pass_end}}) == [(TARGET, "Missing 'Next' target: Ghost", "/States/C/Choices[0]/Next")]
    assert diagnostics_of(sfn, {"StartAt": "A", "States": {
        "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": True, "Next": "Z"}], "Default": "Ghost"},
        "Z": pass_end}}) == [(TARGET, "Missing 'Next' target: Ghost", "/States/A/Default")]
    assert diagnostics_of(sfn, {"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Ghost"}], "End": True}}}) == [
        (TARGET, "Missing 'Next' target: Ghost", "/States/T/Catch[0]/Next")]
    assert diagnostics_of(sfn, {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "W", "States": {"W": pass_end, "Ghost": pass_end}}]}}}) == [
        (TARGET, 'State "Ghost" is not reachable.', "/States/P/Branches[0]/States/Ghost")]
    assert diagnostics_of(sfn, {"StartAt": "Start", "States": {"Start": pass_end, "a/b": pass_end}}) == [
        (TARGET, 'State "a/b" is not reachable.', "/States/a/b")]
    assert diagnostics_of(sfn, {"StartAt": "Nope", "States": {"A": pass_end}}) == [
        (TARGET, "Missing 'Next' target: Nope", "/StartAt"), (TARGET, 'State "A" is not reachable.', "/States/A")]
    assert diagnostics_of(sfn, {"StartAt": "M", "States": {"M": {
        "Type": "Map", "ItemsPath": "$.items", "End": True,
        "ItemProcessor": {"StartAt": "Nope", "States": {"A": pass_end}}}}}) == [
        (TARGET, "Missing 'Next' target: Nope", "/States/M/ItemProcessor/StartAt"),
        (TARGET, 'State "A" is not reachable.', "/States/M/ItemProcessor/States/A")]


def test_no_terminal_state_has_no_location(sfn):
    loop = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}}
    assert diagnostics_of(sfn, loop) == [("MISSING_END_STATE", "Workflow has no terminal state", None)]
    try:
        sfn.create_state_machine(name="NoTerminalState", definition=json.dumps(loop), roleArn=ROLE)
    except sfn.exceptions.InvalidDefinition as error:
        assert error.response["Error"]["Message"] == (
            "Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state at null'")
    else:
        raise AssertionError("a machine with no terminal state was created")
