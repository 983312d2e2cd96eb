"""API answers compared with answers recorded against AWS: LocalStack's snapshot files (tests/aws/services/stepfunctions/
v2/*.snapshot.json in localstack/localstack) hold raw AWS responses, with identifiers masked. Each test names the
snapshot file and test it follows; the calls and assertions are written here from the recorded answers."""
import json
import time

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE, create_machine, full_history, wait_for_status

PASS = {"Comment": "BASE_PASS_RESULT", "StartAt": "State_1",
        "States": {"State_1": {"Type": "Pass", "Result": {"Arg1": "argument1"}, "End": True}}}
WAIT_1_MIN = {"StartAt": "State_1", "States": {"State_1": {"Type": "Wait", "Seconds": 60, "End": True}}}
LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:log_group_name:*"


def error_of(excinfo):
    response = excinfo.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


def wait_for_event(sfn, execution_arn, event_type, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(event["type"] == event_type for event in full_history(sfn, execution_arn)):
            return
        time.sleep(0.05)
    raise AssertionError(f"no {event_type} in {execution_arn}")


# test_sfn_api.snapshot.json, TestSnfApi::test_invalid_start_execution_input (recorded against AWS): the input
# "not some json" and "{'not': 'json'" are worded as AWS's JSON parser words them.
@pytest.mark.parametrize("text, reason", [
    ("not some json",
     "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
    ("{'not': 'json'", "Unexpected character (''' (code 39)): was expecting double-quote to start field name"),
    ("", "Invalid execution input."),
])
def test_start_execution_input_that_is_not_json(sfn, text, reason):
    arn = create_machine(sfn, "RecordedBadInput", PASS)
    with pytest.raises(ClientError) as excinfo:
        sfn.start_execution(stateMachineArn=arn, input=text)
    message = f"Invalid State Machine Execution Input: '{reason}'"
    assert error_of(excinfo) == ("InvalidExecutionInput", message, 400)
    assert excinfo.value.response["message"] == message


# The same test: a number, a JSON string and null are inputs AWS starts executions with.
@pytest.mark.parametrize("text", ["2", '"some text"', "null"])
def test_start_execution_input_that_is_a_scalar(sfn, text):
    arn = create_machine(sfn, "RecordedScalarInput", PASS)
    started = sfn.start_execution(stateMachineArn=arn, input=text)
    assert set(started) - {"ResponseMetadata"} == {"executionArn", "startDate"}


# test_sfn_api.snapshot.json, TestSnfApi::test_stop_execution (recorded against AWS twice, 2023 and 2024): a machine
# stopped in its one-minute Wait has three events; ExecutionAborted follows no event (previousEventId 0) and its
# details are empty.
def test_stop_execution_in_a_wait(sfn):
    arn = create_machine(sfn, "RecordedStopWait", WAIT_1_MIN)
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    wait_for_event(sfn, execution, "WaitStateEntered")
    stopped = sfn.stop_execution(executionArn=execution)
    assert set(stopped) - {"ResponseMetadata"} == {"stopDate"}
    assert wait_for_status(sfn, execution)["status"] == "ABORTED"
    events = sfn.get_execution_history(executionArn=execution)["events"]
    assert [(e["id"], e["previousEventId"], e["type"]) for e in events] == [
        (1, 0, "ExecutionStarted"), (2, 0, "WaitStateEntered"), (3, 0, "ExecutionAborted")]
    assert events[2]["executionAbortedEventDetails"] == {}
    assert events[1]["stateEnteredEventDetails"] == {"input": "{}", "inputDetails": {"truncated": False}, "name": "State_1"}


# test_sfn_api_logs.snapshot.json, TestSnfApiLogs::test_incomplete_logging_configuration (recorded against AWS): an
# empty loggingConfiguration is described without destinations, one with an empty destinations list with "destinations":
# [] (level OFF and includeExecutionData false both times).
@pytest.mark.parametrize("configuration, described", [
    ({}, {"includeExecutionData": False, "level": "OFF"}),
    ({"destinations": []}, {"destinations": [], "includeExecutionData": False, "level": "OFF"}),
])
def test_incomplete_logging_configuration(sfn, configuration, described):
    name = "RecordedIncompleteLogging" + str(len(configuration))
    arn = create_machine(sfn, name, PASS, loggingConfiguration=configuration)
    assert sfn.describe_state_machine(stateMachineArn=arn)["loggingConfiguration"] == described


# test_sfn_api_logs.snapshot.json, TestSnfApiLogs::test_update_logging_configuration (recorded against AWS): a log
# level change makes a revision; the same configuration again keeps it; the flag makes another; two destinations or
# a level without one are InvalidLoggingConfiguration.
def test_update_logging_configuration(sfn):
    configuration = {"level": "ALL", "includeExecutionData": True,
                     "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": LOG_GROUP}}]}
    arn = create_machine(sfn, "RecordedUpdateLogging", PASS, loggingConfiguration=configuration)
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert described["loggingConfiguration"] == configuration
    assert "revisionId" not in described
    configuration["level"] = "FATAL"
    sfn.update_state_machine(stateMachineArn=arn, loggingConfiguration=configuration)
    first = sfn.describe_state_machine(stateMachineArn=arn)
    assert first["loggingConfiguration"] == configuration
    sfn.update_state_machine(stateMachineArn=arn, loggingConfiguration=configuration)
    assert sfn.describe_state_machine(stateMachineArn=arn)["revisionId"] == first["revisionId"]
    configuration["includeExecutionData"] = False
    sfn.update_state_machine(stateMachineArn=arn, loggingConfiguration=configuration)
    flagged = sfn.describe_state_machine(stateMachineArn=arn)
    assert flagged["loggingConfiguration"]["includeExecutionData"] is False
    assert flagged["revisionId"] != first["revisionId"]
    two = dict(configuration, destinations=configuration["destinations"] * 2)
    for invalid in (two, {"level": "ALL"}):
        with pytest.raises(ClientError) as excinfo:
            sfn.update_state_machine(stateMachineArn=arn, loggingConfiguration=invalid)
        assert error_of(excinfo) == (
            "InvalidLoggingConfiguration", "Invalid Logging Configuration: Must specify exactly one Log Destination.", 400)
