"""Execution histories of basic states, Wait and nested Step Functions executions on `stepwise serve`, replayed
from answers recorded against AWS: LocalStack's `*.snapshot.json` files beside its Step Functions tests hold the
responses and histories AWS gave (identifiers masked). Each test runs the recorded definition on the recorded input
and compares the history event by event (types, ids, previousEventId, every detail) and DescribeExecution."""
import datetime
import json
import re

import pytest

from conftest import REGION, create_machine, full_history, wait_for_status

PASS_RESULT = {"StartAt": "State_1", "States": {"State_1": {"Type": "Pass", "Result": {"Arg1": "argument1"}, "End": True}}}
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def run(sfn, name, definition, execution_input):
    arn = create_machine(sfn, name, definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps(execution_input))["executionArn"]
    return wait_for_status(sfn, execution), full_history(sfn, execution)


def parsed(events):
    """The history as the recordings show it: no timestamps, JSON texts (input, output, parameters) parsed."""
    shown = []
    for event in events:
        event = {key: value for key, value in event.items() if key != "timestamp"}
        for key, value in event.items():
            if key.endswith("EventDetails"):
                event[key] = {field: json.loads(text) if field in ("input", "output", "parameters") else text
                              for field, text in value.items()}
        shown.append(event)
    return shown


# --- Wait: TimestampPath (test_wait.snapshot.json, TestSfnWait::test_wait_timestamppath[...], recorded against AWS)

WAIT_TIMESTAMP_PATH = {"StartAt": "State_1", "States": {"State_1": {"Type": "Wait", "TimestampPath": "$.start_at", "End": True}}}


@pytest.mark.parametrize("suffix", ["Z", ".000000Z", ".000Z", ".00Z", ".0000000Z"])
def test_wait_timestamppath_with_an_offset_waits_and_exits(sfn, suffix):
    start_at = datetime.datetime.now(tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + suffix
    described, events = run(sfn, "WaitTimestampOk" + re.sub(r"\W", "", suffix), WAIT_TIMESTAMP_PATH, {"start_at": start_at})
    assert described["status"] == "SUCCEEDED"
    assert [(e["id"], e["previousEventId"], e["type"]) for e in events] == [
        (1, 0, "ExecutionStarted"), (2, 0, "WaitStateEntered"), (3, 2, "WaitStateExited"), (4, 3, "ExecutionSucceeded")]


@pytest.mark.parametrize("suffix", ["", ".000000", ".000"])
def test_wait_timestamppath_without_an_offset_fails_naming_path_and_value(sfn, suffix):
    # AWS: "... format string: $.start_at == 2023-12-06T08:00:24" (the path, then the value it found).
    start_at = datetime.datetime.now(tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + suffix
    described, events = run(sfn, "WaitTimestampBad" + re.sub(r"\W", "", suffix), WAIT_TIMESTAMP_PATH, {"start_at": start_at})
    cause = ("An error occurred while executing the state 'State_1' (entered at the event id #2). The TimestampPath "
             f"parameter does not reference a valid ISO-8601 extended offset date-time format string: $.start_at == {start_at}")
    assert parsed(events) == [
        {"id": 1, "previousEventId": 0, "type": "ExecutionStarted", "executionStartedEventDetails": {
            "input": {"start_at": start_at}, "inputDetails": {"truncated": False}, "roleArn": events[0]["executionStartedEventDetails"]["roleArn"]}},
        {"id": 2, "previousEventId": 0, "type": "WaitStateEntered", "stateEnteredEventDetails": {
            "input": {"start_at": start_at}, "inputDetails": {"truncated": False}, "name": "State_1"}},
        {"id": 3, "previousEventId": 2, "type": "ExecutionFailed", "executionFailedEventDetails": {
            "error": "States.Runtime", "cause": cause}},
    ]
    assert (described["status"], described["error"], described["cause"]) == ("FAILED", "States.Runtime", cause)


# --- states:startExecution (request-response) -------------------------------------------------------------------

SFN_START_EXECUTION = {"StartAt": "StartExecution", "States": {"StartExecution": {
    "Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
    "Parameters": {"StateMachineArn.$": "$.StateMachineArn", "Input.$": "$.Input", "Name.$": "$.Name"}, "End": True}}}


def assert_sdk_metadata(output):
    """StartExecution's answer as the SDK hands it over: SdkHttpMetadata lists every header in AllHttpHeaders and
    gives it once in HttpHeaders; SdkResponseMetadata repeats the request id."""
    metadata = output["SdkHttpMetadata"]
    assert set(metadata) == {"AllHttpHeaders", "HttpHeaders", "HttpStatusCode"} and metadata["HttpStatusCode"] == 200
    headers = metadata["HttpHeaders"]
    assert set(headers) == {"connection", "Content-Length", "Content-Type", "Date", "x-amzn-RequestId"}
    assert metadata["AllHttpHeaders"] == {name: [value] for name, value in headers.items()}
    assert headers["connection"] == "keep-alive" and headers["Content-Type"] == "application/x-amz-json-1.0"
    assert re.fullmatch(r"\d+", headers["Content-Length"])
    assert re.fullmatch(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT", headers["Date"])
    assert re.fullmatch(UUID, headers["x-amzn-RequestId"])
    assert output["SdkResponseMetadata"] == {"RequestId": headers["x-amzn-RequestId"]}


def test_start_execution_outputs_the_sdk_answer_with_its_http_metadata(sfn):
    # test_sfn_task_service.snapshot.json, TestTaskServiceSfn::test_start_execution_input_json (recorded against AWS):
    # the task's output is {ExecutionArn, SdkHttpMetadata, SdkResponseMetadata, StartDate}.
    target = create_machine(sfn, "RecordedStartTarget", PASS_RESULT)
    execution_input = {"StateMachineArn": target, "Input": {"Hello": "World"}, "Name": "TestStartTarget"}
    described, events = run(sfn, "RecordedStartExecution", SFN_START_EXECUTION, execution_input)
    assert described["status"] == "SUCCEEDED"
    shown = parsed(events)
    assert [(e["id"], e["previousEventId"], e["type"]) for e in shown] == [
        (1, 0, "ExecutionStarted"), (2, 0, "TaskStateEntered"), (3, 2, "TaskScheduled"), (4, 3, "TaskStarted"),
        (5, 4, "TaskSucceeded"), (6, 5, "TaskStateExited"), (7, 6, "ExecutionSucceeded")]
    assert shown[2]["taskScheduledEventDetails"] == {
        "parameters": {"Input": {"Hello": "World"}, "StateMachineArn": target, "Name": "TestStartTarget"},
        "region": REGION, "resource": "startExecution", "resourceType": "states"}
    succeeded = shown[4]["taskSucceededEventDetails"]
    assert (succeeded["resource"], succeeded["resourceType"], succeeded["outputDetails"]) == (
        "startExecution", "states", {"truncated": False})
    output = succeeded["output"]
    assert set(output) == {"ExecutionArn", "SdkHttpMetadata", "SdkResponseMetadata", "StartDate"}
    assert output["ExecutionArn"] == target.replace(":stateMachine:", ":execution:") + ":TestStartTarget"
    assert_sdk_metadata(output)
    assert shown[5]["stateExitedEventDetails"]["output"] == output
    assert json.loads(described["output"]) == output
    child = wait_for_status(sfn, output["ExecutionArn"])
    assert (child["status"], json.loads(child["input"])) == ("SUCCEEDED", {"Hello": "World"})


@pytest.mark.parametrize("resource", [
    "arn:aws:states:::states:startExecution", "arn:aws:states:::states:startExecution.sync",
    "arn:aws:states:::states:startExecution.sync:2"])
def test_start_execution_of_a_missing_machine_fails_with_the_sdk_exception(sfn, resource):
    # test_task_service_sfn.snapshot.json, TestTaskServiceSfn::test_start_execution_no_such_arn (recorded against AWS):
    # the error is the SDK's exception class under StepFunctions., the cause the SDK's message with its details.
    missing = f"arn:aws:states:{REGION}:123456789012:stateMachine:NoSuchArn{len(resource)}"
    definition = json.loads(json.dumps(SFN_START_EXECUTION))
    definition["States"]["StartExecution"]["Resource"] = resource
    execution_input = {"StateMachineArn": missing, "Input": None, "Name": "TestStartTarget"}
    described, events = run(sfn, f"RecordedNoSuchArn{len(resource)}", definition, execution_input)
    suffix = resource.split(":states:")[-1]
    error = "StepFunctions.StateMachineDoesNotExistException"
    cause = events[4]["taskFailedEventDetails"]["cause"]
    assert re.fullmatch(
        re.escape(f"State Machine Does Not Exist: '{missing}' (Service: AWSStepFunctions; Status Code: 400; "
                  "Error Code: StateMachineDoesNotExist; Request ID: ") + UUID + re.escape("; Proxy: null)"), cause)
    assert parsed(events)[1:] == [
        {"id": 2, "previousEventId": 0, "type": "TaskStateEntered", "stateEnteredEventDetails": {
            "input": execution_input, "inputDetails": {"truncated": False}, "name": "StartExecution"}},
        {"id": 3, "previousEventId": 2, "type": "TaskScheduled", "taskScheduledEventDetails": {
            "parameters": {"Input": None, "StateMachineArn": missing, "Name": "TestStartTarget"}, "region": REGION,
            "resource": suffix, "resourceType": "states"}},
        {"id": 4, "previousEventId": 3, "type": "TaskStarted", "taskStartedEventDetails": {
            "resource": suffix, "resourceType": "states"}},
        {"id": 5, "previousEventId": 4, "type": "TaskFailed", "taskFailedEventDetails": {
            "cause": cause, "error": error, "resource": suffix, "resourceType": "states"}},
        {"id": 6, "previousEventId": 5, "type": "ExecutionFailed", "executionFailedEventDetails": {
            "cause": cause, "error": error}},
    ]
    assert (described["status"], described["error"], described["cause"]) == ("FAILED", error, cause)


# --- states:startExecution.sync with Credentials (test_credentials_base.snapshot.json,
# TestCredentialsBase::test_cross_account_states_start_sync_execution[...], recorded against AWS) ----------------

TRUSTED_ROLE = "arn:aws:iam::123456789012:role/TrustedForChild"
SYNC_PARAMETERS = {"StateMachineArn.$": "$.StateMachineArn", "Input.$": "$.Input", "Name.$": "$.Name"}
CREDENTIALS_TEMPLATES = {
    "JSONATA": {"QueryLanguage": "JSONata", "StartAt": "StartExecution", "States": {"StartExecution": {
        "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
        "Arguments": {"StateMachineArn": "{% $states.input.StateMachineArn %}", "Input": "{% $states.input.Input %}",
                      "Name": "{% $states.input.Name %}"},
        "Credentials": {"RoleArn": "{% $states.input.CredentialsRoleArn %}"}, "End": True}}},
    "PATH": {"StartAt": "StartExecution", "States": {"StartExecution": {
        "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "Parameters": SYNC_PARAMETERS,
        "Credentials": {"RoleArn.$": "$.CredentialsRoleArn"}, "End": True}}},
    "PATH_CONTEXT": {"StartAt": "StartExecution", "States": {
        "StartExecution": {"Type": "Pass", "Assign": {"roleArn.$": "$.CredentialsRoleArn"}, "Next": "RunTask"},
        "RunTask": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "Parameters": SYNC_PARAMETERS,
                    "Credentials": {"RoleArn.$": "$$.Execution.Input.CredentialsRoleArn"}, "End": True}}},
    "VARIABLE": {"StartAt": "StartExecution", "States": {
        "StartExecution": {"Type": "Pass", "Assign": {"roleArn.$": "$.CredentialsRoleArn"}, "Next": "RunTask"},
        "RunTask": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "Parameters": SYNC_PARAMETERS,
                    "Credentials": {"RoleArn.$": "$roleArn"}, "End": True}}},
    "INTRINSIC": {"StartAt": "StartExecution", "States": {"StartExecution": {
        "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "Parameters": SYNC_PARAMETERS,
        "Credentials": {"RoleArn.$": "States.Format('{}', $.CredentialsRoleArn)"}, "End": True}}},
}


@pytest.mark.parametrize("template", list(CREDENTIALS_TEMPLATES))
def test_sync_child_with_credentials(sfn, template):
    # TaskScheduled records the Credentials' role as taskCredentials; TaskSubmitted records StartExecution's answer
    # with the SDK's HTTP metadata; the task's output is the child's DescribeExecution with Input/Output as JSON
    # text and the redrive fields.
    target = create_machine(sfn, "CredentialsTarget" + template.replace("_", ""), PASS_RESULT)
    name = "TestTaskTargetWithCredentials"
    execution_input = {"StateMachineArn": target, "Input": json.dumps("InputFromTrustedAccount"), "Name": name,
                       "CredentialsRoleArn": TRUSTED_ROLE}
    described, events = run(sfn, "CredentialsSync" + template.replace("_", ""), CREDENTIALS_TEMPLATES[template], execution_input)
    assert described["status"] == "SUCCEEDED"
    shown = parsed(events)
    first = 2 if template in ("PATH_CONTEXT", "VARIABLE") else 0  # the Pass state that assigns $roleArn
    task = shown[1 + first:]
    types = ["TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited",
             "ExecutionSucceeded"]
    assert [(e["id"], e["previousEventId"], e["type"]) for e in task] == [
        (2 + first + i, (1 + first + i) if i or first else 0, kind) for i, kind in enumerate(types)]
    child_arn = target.replace(":stateMachine:", ":execution:") + ":" + name
    assert task[1]["taskScheduledEventDetails"] == {
        "parameters": {"StateMachineArn": target, "Input": json.dumps("InputFromTrustedAccount"), "Name": name},
        "region": REGION, "resource": "startExecution.sync", "resourceType": "states",
        "taskCredentials": {"roleArn": TRUSTED_ROLE}}
    assert task[2]["taskStartedEventDetails"] == {"resource": "startExecution.sync", "resourceType": "states"}
    submitted = task[3]["taskSubmittedEventDetails"]
    assert (submitted["resource"], submitted["resourceType"], submitted["outputDetails"]) == (
        "startExecution.sync", "states", {"truncated": False})
    assert set(submitted["output"]) == {"ExecutionArn", "SdkHttpMetadata", "SdkResponseMetadata", "StartDate"}
    assert submitted["output"]["ExecutionArn"] == child_arn
    assert_sdk_metadata(submitted["output"])
    output = task[4]["taskSucceededEventDetails"]["output"]
    assert isinstance(output["StartDate"], int) and isinstance(output["StopDate"], int)
    assert {key: value for key, value in output.items() if key not in ("StartDate", "StopDate")} == {
        "ExecutionArn": child_arn, "Input": json.dumps("InputFromTrustedAccount"), "InputDetails": {"Included": True},
        "Name": name, "Output": '{"Arg1":"argument1"}', "OutputDetails": {"Included": True}, "RedriveCount": 0,
        "RedriveStatus": "NOT_REDRIVABLE", "RedriveStatusReason": "Execution is SUCCEEDED and cannot be redriven",
        "StateMachineArn": target, "Status": "SUCCEEDED"}
    assert task[5]["stateExitedEventDetails"]["output"] == output
    assert json.loads(described["output"]) == output


ECHO_BOOTSTRAP = r"""#!/bin/sh
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS="$(mktemp)"
  EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")" || exit 1
  ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '\r' | cut -d' ' -f2)"
  rm -f "$HEADERS"
  curl -sS -X POST -d "$EVENT" "$API/invocation/$ID/response" >/dev/null
done
"""


@pytest.fixture(scope="module")
def sfn_with_echo(tmp_path_factory):
    from conftest import serve_with_function
    yield from serve_with_function(tmp_path_factory, "echo", ECHO_BOOTSTRAP)


def test_lambda_function_task_with_credentials_records_task_credentials(sfn_with_echo):
    # test_credentials_base.snapshot.json, TestCredentialsBase::test_cross_account_lambda_task (recorded against AWS):
    # a function ARN as Resource records the Credentials' role on LambdaFunctionScheduled.
    function = f"arn:aws:lambda:{REGION}:123456789012:function:echo"
    definition = {"StartAt": "LambdaTask", "States": {"LambdaTask": {
        "Type": "Task", "Resource": function, "Credentials": {"RoleArn.$": "$.CredentialsRoleArn"}, "End": True}}}
    execution_input = {"Payload": json.dumps("PayloadFromTrustedAccount"), "CredentialsRoleArn": TRUSTED_ROLE}
    described, events = run(sfn_with_echo, "CredentialsLambdaTask", definition, execution_input)
    assert described["status"] == "SUCCEEDED", described
    assert parsed(events)[1:] == [
        {"id": 2, "previousEventId": 0, "type": "TaskStateEntered", "stateEnteredEventDetails": {
            "input": execution_input, "inputDetails": {"truncated": False}, "name": "LambdaTask"}},
        {"id": 3, "previousEventId": 2, "type": "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails": {
            "input": execution_input, "inputDetails": {"truncated": False}, "resource": function,
            "taskCredentials": {"roleArn": TRUSTED_ROLE}}},
        {"id": 4, "previousEventId": 3, "type": "LambdaFunctionStarted"},
        {"id": 5, "previousEventId": 4, "type": "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails": {
            "output": execution_input, "outputDetails": {"truncated": False}}},
        {"id": 6, "previousEventId": 5, "type": "TaskStateExited", "stateExitedEventDetails": {
            "name": "LambdaTask", "output": execution_input, "outputDetails": {"truncated": False}}},
        {"id": 7, "previousEventId": 6, "type": "ExecutionSucceeded", "executionSucceededEventDetails": {
            "output": execution_input, "outputDetails": {"truncated": False}}},
    ]


@pytest.mark.parametrize("credentials", [{}, {"InvalidField": "invalid"}], ids=["EMPTY_CREDENTIALS", "INVALID_CREDENTIALS_FIELD"])
def test_credentials_without_a_role_arn_are_an_invalid_definition(sfn, credentials):
    # test_credentials_base.snapshot.json, TestCredentialsBase::test_invalid_credentials_field[...] (recorded against AWS).
    definition = {"StartAt": "State0", "QueryLanguage": "JSONata", "States": {"State0": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": "{% $state.input %}",
        "Credentials": credentials, "End": True}}}
    with pytest.raises(sfn.exceptions.InvalidDefinition) as raised:
        create_machine(sfn, f"InvalidCredentials{len(credentials)}", definition)
    message = ("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'RoleArn' is required but was "
               "missing at /States/State0/Credentials'")
    assert raised.value.response["Error"]["Message"] == message
    assert raised.value.response["message"] == message


def test_failed_sync_child_is_the_cause_with_aws_member_order(sfn):
    # test_callback.snapshot.json, TestCallback::test_start_execution_sync_delegate_failure (recorded against AWS): the
    # parent fails with States.TaskFailed and the child's DescribeExecution as the cause, members in alphabetical order.
    child = create_machine(sfn, "RecordedDelegateFailure", {"StartAt": "FailState", "States": {"FailState": {
        "Type": "Fail", "Error": "SomeFailure", "Cause": "This state machines raises a 'SomeFailure' failure."}}})
    definition = json.loads(json.dumps(SFN_START_EXECUTION))
    definition["States"]["StartExecution"]["Resource"] = "arn:aws:states:::states:startExecution.sync"
    described, events = run(sfn, "RecordedDelegateFailureParent", definition,
                            {"StateMachineArn": child, "Input": None, "Name": "TestStartTarget"})
    failed = events[5]["taskFailedEventDetails"]
    assert (events[5]["type"], failed["error"], failed["resource"]) == ("TaskFailed", "States.TaskFailed", "startExecution.sync")
    cause = json.loads(failed["cause"])
    assert list(cause) == ["Cause", "Error", "ExecutionArn", "Input", "InputDetails", "Name", "RedriveCount",
                           "RedriveStatus", "StartDate", "StateMachineArn", "Status", "StopDate"]
    assert {key: cause[key] for key in ("Cause", "Error", "Input", "InputDetails", "Name", "Status")} == {
        "Cause": "This state machines raises a 'SomeFailure' failure.", "Error": "SomeFailure", "Input": "{}",
        "InputDetails": {"Included": True}, "Name": "TestStartTarget", "Status": "FAILED"}
    submitted = json.loads(events[4]["taskSubmittedEventDetails"]["output"])
    assert list(submitted) == ["ExecutionArn", "SdkHttpMetadata", "SdkResponseMetadata", "StartDate"]
    assert list(submitted["SdkHttpMetadata"]["HttpHeaders"]) == [
        "connection", "Content-Length", "Content-Type", "Date", "x-amzn-RequestId"]
    assert (described["error"], described["cause"]) == ("States.TaskFailed", failed["cause"])
