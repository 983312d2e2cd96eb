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
