"""Runtime and definition errors named and worded as AWS Step Functions records them, through boto3 against
`stepwise serve`: the state prefix on the failures the service raises ("An error occurred while executing the state
'X' (entered at the event id #N). "), JSONata failures naming the expression and the field, Fail and Map path
values, Wait timestamps refused at create, unknown service integrations refused at create, and the fields of
ExecutionTimedOut."""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import create_machine, full_history, wait_for_status

PREFIX = "An error occurred while executing the state "

FAILURES = [
    (
        "UndefinedOutput",
        {"QueryLanguage": "JSONata", "StartAt": "Transform", "States": {
            "Transform": {"Type": "Pass", "Output": {"v": "{% $states.input.missing %}"}, "End": True}}},
        "{}",
        "States.QueryEvaluationError",
        PREFIX + "'Transform' (entered at the event id #2). The JSONata expression '$states.input.missing' specified "
        "for the field 'Output/v' returned nothing (undefined).",
    ),
    (
        "ItemsNotArray",
        {"QueryLanguage": "JSONata", "StartAt": "Fan", "States": {
            "Fan": {"Type": "Map", "Items": "{% $states.input.list %}", "End": True,
                    "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}}}}},
        '{"list": "abc"}',
        "States.QueryEvaluationError",
        PREFIX + "'Fan' (entered at the event id #2). The JSONata expression '$states.input.list' specified for the "
        "field 'Items' returned an unexpected result type. Expected 'array', but was 'string' for value: \"abc\"",
    ),
    (
        "InputPathMissing",
        {"StartAt": "First", "States": {
            "First": {"Type": "Pass", "Next": "Second"},
            "Second": {"Type": "Pass", "InputPath": "$.nope", "End": True}}},
        "{}",
        "States.Runtime",
        PREFIX + "'Second' (entered at the event id #4). Invalid path '$.nope' : No results for path: $['nope']",
    ),
    (
        "FailErrorPathMissing",
        {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.error", "CausePath": "$.cause"}}},
        '{"cause": "c"}',
        "States.Runtime",
        # AWS's words, as localstack/localstack#11951 quotes them; the input as it was given (localstack#11953)
        PREFIX + "'F' (entered at the event id #2). The JSONPath '$.error' specified for the field 'ErrorPath' "
        + "could not be found in the input '{\"cause\": \"c\"}'",
    ),
    (
        "FailPathsResolved",
        {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.error", "CausePath": "$.cause"}}},
        '{"error": "Custom.Error", "cause": "because"}',
        "Custom.Error",
        "because",
    ),
    (
        "NegativeToleratedFailureCountPath",
        {"StartAt": "Fan", "States": {
            "Fan": {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailureCountPath": "$.t", "End": True,
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                      "StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}}}}},
        '{"items": [1, 2], "t": -1}',
        "States.Runtime",
        PREFIX + "'Fan' (entered at the event id #2). ToleratedFailureCount cannot be negative.",
    ),
]


@pytest.mark.parametrize("name,definition,execution_input,error,cause", FAILURES, ids=[case[0] for case in FAILURES])
def test_runtime_failure_is_worded_as_aws(sfn, name, definition, execution_input, error, cause):
    arn = create_machine(sfn, "Errors" + name, definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=execution_input)["executionArn"]
    described = wait_for_status(sfn, execution)
    assert (described["status"], described["error"], described["cause"]) == ("FAILED", error, cause)
    assert full_history(sfn, execution)[-1]["executionFailedEventDetails"] == {"error": error, "cause": cause}


def test_a_catch_receives_the_prefixed_cause(sfn):
    arn = create_machine(sfn, "ErrorsCaught", {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {
            "B": {"Type": "Pass", "Output": "{% $states.input.nope %}", "End": True}}}],
            "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Output": "{% $states.errorOutput %}",
                       "Next": "Done"}], "Next": "Done"},
        "Done": {"Type": "Succeed"}}})
    execution = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    described = wait_for_status(sfn, execution)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {
        "Error": "States.QueryEvaluationError",
        "Cause": PREFIX + "'B' (entered at the event id #4). The JSONata expression '$states.input.nope' specified "
        "for the field 'Output' returned nothing (undefined).",
    }


@pytest.mark.parametrize("timestamp", ["2026-13-01T00:00:00Z", "yesterday", "2026-01-01 00:00:00Z"])
def test_an_invalid_wait_timestamp_is_refused_at_create(sfn, timestamp):
    definition = {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Timestamp": timestamp, "End": True}}}
    with pytest.raises(ClientError) as raised:
        create_machine(sfn, "ErrorsBadTimestamp", definition)
    assert raised.value.response["Error"]["Code"] == "InvalidDefinition"
    assert raised.value.response["Error"]["Message"] == (
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp "
        "at /States/Hold/Timestamp'")


def test_an_unknown_service_integration_is_refused_at_create(sfn):
    definition = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::nosuchservice:doIt",
                                                   "End": True}}}
    with pytest.raises(ClientError) as raised:
        create_machine(sfn, "ErrorsUnknownIntegration", definition)
    assert raised.value.response["Error"]["Code"] == "InvalidDefinition"
    assert "The resource provided arn:aws:states:::nosuchservice:doIt is not recognized." in (
        raised.value.response["Error"]["Message"])


def test_a_known_integration_is_accepted(sfn):
    definition = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets",
                                                   "End": True}}}
    assert create_machine(sfn, "ErrorsKnownIntegration", definition)


def test_an_execution_timeout_names_states_timeout_without_a_cause(sfn):
    arn = create_machine(sfn, "ErrorsTimesOut", {"TimeoutSeconds": 1, "StartAt": "Hold", "States": {
        "Hold": {"Type": "Wait", "Seconds": 30, "End": True}}})
    execution = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    described = wait_for_status(sfn, execution, timeout=15)
    assert described["status"] == "TIMED_OUT"
    # As AWS describes a timed-out execution: no error or cause (its ExecutionTimedOut event names States.Timeout).
    assert "error" not in described and "cause" not in described
    last = full_history(sfn, execution)[-1]
    assert last["type"] == "ExecutionTimedOut"
    assert last["executionTimedOutEventDetails"] == {"error": "States.Timeout"}
    # the timeout ends the execution from outside its states: previousEventId 0 (floci-io/floci#2782, measured on AWS)
    assert last["previousEventId"] == 0


def test_a_fail_state_without_error_or_cause_reports_neither(sfn):
    # AWS records a bare Fail state as `"executionFailedEventDetails": {}` and describes the execution without them.
    arn = create_machine(sfn, "ErrorsBareFail", {"StartAt": "F", "States": {"F": {"Type": "Fail"}}})
    execution = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    described = wait_for_status(sfn, execution)
    assert described["status"] == "FAILED"
    assert "error" not in described and "cause" not in described
    assert full_history(sfn, execution)[-1]["executionFailedEventDetails"] == {}
    only_error = create_machine(sfn, "ErrorsFailNoCause", {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}})
    execution = sfn.start_execution(stateMachineArn=only_error, input="{}")["executionArn"]
    described = wait_for_status(sfn, execution)
    assert described["error"] == "E" and "cause" not in described
    assert full_history(sfn, execution)[-1]["executionFailedEventDetails"] == {"error": "E"}
