"""TestState through boto3 and the aws CLI, as the Step Functions API reference documents it: inspection levels
(INFO without inspectionData; DEBUG and TRACE with each data-flow step), nextState, and the statuses SUCCEEDED,
FAILED, RETRIABLE and CAUGHT_ERROR for Pass, Choice, Wait, Succeed, Fail and mocked Task states."""
import json
import os
import subprocess

import pytest
from botocore.exceptions import ClientError

from conftest import CLIENT_ENV, ROLE


def run_state(sfn, state, input=None, **extra):
    arguments = {"definition": json.dumps(state), "roleArn": ROLE, **extra}
    if input is not None:
        arguments["input"] = json.dumps(input)
    return sfn.test_state(**arguments)


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


PASS = {
    "Type": "Pass", "InputPath": "$.payload", "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)"},
    "ResultPath": "$.result", "OutputPath": "$.result", "Next": "After",
}


def test_pass_at_info_has_no_inspection_data(sfn):
    result = run_state(sfn, PASS, {"payload": {"n": 21}})
    assert result["status"] == "SUCCEEDED"
    assert json.loads(result["output"]) == {"doubled": 42}
    assert result["nextState"] == "After"
    assert "inspectionData" not in result


@pytest.mark.parametrize("level", ["DEBUG", "TRACE"])
def test_pass_at_debug_shows_each_step(sfn, level):
    result = run_state(sfn, PASS, {"payload": {"n": 21}}, inspectionLevel=level)
    data = result["inspectionData"]
    assert json.loads(data["input"]) == {"payload": {"n": 21}}
    assert json.loads(data["afterInputPath"]) == {"n": 21}
    assert json.loads(data["afterParameters"]) == {"doubled": 42}
    assert json.loads(data["afterResultPath"]) == {"payload": {"n": 21}, "result": {"doubled": 42}}
    assert json.loads(result["output"]) == {"doubled": 42}


def test_end_state_has_no_next_state(sfn):
    result = run_state(sfn, {"Type": "Pass", "Result": {"x": 1}, "End": True}, {})
    assert result["status"] == "SUCCEEDED" and "nextState" not in result
    assert json.loads(result["output"]) == {"x": 1}


def test_choice_picks_the_next_state(sfn):
    choice = {"Type": "Choice", "Default": "Small", "Choices": [
        {"Variable": "$.size", "NumericGreaterThan": 10, "Next": "Large"}]}
    assert run_state(sfn, choice, {"size": 11})["nextState"] == "Large"
    assert run_state(sfn, choice, {"size": 3})["nextState"] == "Small"
    no_default = {"Type": "Choice", "Choices": [{"Variable": "$.size", "NumericGreaterThan": 10, "Next": "Large"}]}
    failed = run_state(sfn, no_default, {"size": 1})
    # AWS reports States.Runtime (floci-io/floci#3167), TestState without the state prefix
    assert failed["status"] == "FAILED" and failed["error"] == "States.Runtime"
    assert failed["cause"] == "Failed to transition out of the state. The state does not point to a next state."
    assert "nextState" not in failed


def test_wait_does_not_wait_and_checks_its_time(sfn):
    wait = {"Type": "Wait", "Seconds": 3600, "Next": "Then"}
    result = run_state(sfn, wait, {"a": 1})
    assert result["status"] == "SUCCEEDED" and result["nextState"] == "Then"
    assert json.loads(result["output"]) == {"a": 1}
    bad = run_state(sfn, {"Type": "Wait", "SecondsPath": "$.s", "End": True}, {"s": "soon"})
    assert bad["status"] == "FAILED" and bad["error"] == "States.Runtime"


def test_succeed_and_fail(sfn):
    succeeded = run_state(sfn, {"Type": "Succeed", "OutputPath": "$.keep"}, {"keep": [1], "drop": 2})
    assert succeeded["status"] == "SUCCEEDED" and json.loads(succeeded["output"]) == [1]
    failed = run_state(sfn, {"Type": "Fail", "Error": "Oops", "Cause": "it broke"}, {})
    assert (failed["status"], failed["error"], failed["cause"]) == ("FAILED", "Oops", "it broke")
    from_paths = run_state(sfn, {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "$.c"}, {"e": "Mine", "c": "why"})
    assert (from_paths["error"], from_paths["cause"]) == ("Mine", "why")


TASK = {
    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"Payload.$": "$"},
    "ResultSelector": {"value.$": "$.Payload"}, "ResultPath": "$.out", "Next": "Done",
    "Retry": [{"ErrorEquals": ["Throttled"], "MaxAttempts": 2, "IntervalSeconds": 3, "BackoffRate": 2}],
    "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Recover"}],
}


def test_mocked_task_result_goes_through_its_data_flow(sfn):
    result = run_state(sfn, TASK, {"id": 7}, inspectionLevel="DEBUG", mock={"result": json.dumps({"Payload": "ok"})})
    assert result["status"] == "SUCCEEDED" and result["nextState"] == "Done"
    assert json.loads(result["output"]) == {"id": 7, "out": {"value": "ok"}}
    data = result["inspectionData"]
    assert json.loads(data["afterParameters"]) == {"Payload": {"id": 7}}
    assert json.loads(data["result"]) == {"Payload": "ok"}
    assert json.loads(data["afterResultSelector"]) == {"value": "ok"}


def test_mocked_error_is_retriable_then_caught(sfn):
    mock = {"errorOutput": {"error": "Throttled", "cause": "slow down"}}
    retriable = run_state(sfn, TASK, {"id": 7}, inspectionLevel="DEBUG", mock=mock)
    assert retriable["status"] == "RETRIABLE" and retriable["error"] == "Throttled"
    assert retriable["inspectionData"]["errorDetails"] == {"retryIndex": 0, "retryBackoffIntervalSeconds": 3}
    second = run_state(sfn, TASK, {"id": 7}, inspectionLevel="DEBUG", mock=mock, stateConfiguration={"retrierRetryCount": 1})
    assert second["status"] == "RETRIABLE"
    assert second["inspectionData"]["errorDetails"]["retryBackoffIntervalSeconds"] == 6
    # The retrier's attempts are used up: the catcher takes the error.
    caught = run_state(sfn, TASK, {"id": 7}, inspectionLevel="DEBUG", mock=mock, stateConfiguration={"retrierRetryCount": 2})
    assert caught["status"] == "CAUGHT_ERROR" and caught["nextState"] == "Recover"
    assert json.loads(caught["output"]) == {"id": 7, "error": {"Error": "Throttled", "Cause": "slow down"}}
    assert caught["inspectionData"]["errorDetails"] == {"catchIndex": 0}


def test_uncaught_error_fails(sfn):
    bare = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True}
    failed = run_state(sfn, bare, {}, mock={"errorOutput": {"error": "Boom", "cause": "bad"}})
    assert (failed["status"], failed["error"], failed["cause"]) == ("FAILED", "Boom", "bad")
    assert "nextState" not in failed


def test_jsonata_state(sfn):
    state = {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::lambda:invoke",
             "Arguments": {"Payload": "{% $states.input.n * 2 %}"}, "Output": "{% $states.result.Payload + 1 %}",
             "Assign": {"seen": "{% $states.result.Payload %}"}, "End": True}
    result = run_state(sfn, state, {"n": 5}, inspectionLevel="DEBUG", mock={"result": json.dumps({"Payload": 10})})
    assert result["status"] == "SUCCEEDED" and json.loads(result["output"]) == 11
    assert json.loads(result["inspectionData"]["afterArguments"]) == {"Payload": 10}
    assert json.loads(result["inspectionData"]["variables"]) == {"seen": 10}


def test_variables_and_state_name(sfn):
    machine = {"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Pass", "Parameters": {"v.$": "$greeting"}, "End": True}}}
    result = sfn.test_state(definition=json.dumps(machine), roleArn=ROLE, stateName="B", variables=json.dumps({"greeting": "hi"}))
    assert json.loads(result["output"]) == {"v": "hi"}


@pytest.mark.parametrize("arguments, code", [
    ({"definition": json.dumps({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True})}, "ValidationException"),
    ({"definition": json.dumps(PASS), "mock": {"result": "{}"}}, "ValidationException"),
    ({"definition": json.dumps({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True}),
      "mock": {"result": "not json"}}, "ValidationException"),
    ({"definition": json.dumps({"Type": "Pass", "End": True}), "input": "{not json"}, "InvalidExecutionInput"),
    ({"definition": json.dumps({"Type": "Nonsense", "End": True})}, "InvalidDefinition"),
    ({"definition": "[]"}, "InvalidDefinition"),
    ({"definition": json.dumps({"Type": "Pass", "End": True}), "roleArn": "not-an-arn"}, "InvalidArn"),
    ({"definition": json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}), "stateName": "Missing"},
     "ValidationException"),
])
def test_bad_requests(sfn, arguments, code):
    with pytest.raises(ClientError) as excinfo:
        sfn.test_state(**{"roleArn": ROLE, **arguments})
    assert error_of(excinfo)[0] == code


def test_aws_cli_test_state(server):
    # TestState, like StartSyncExecution, has the host prefix `sync-`: the CLI reaches the server itself only with
    # host prefix injection disabled (see the README).
    done = subprocess.run(
        ["aws", "--endpoint-url", server.endpoint, "--output", "json", "stepfunctions", "test-state",
         "--definition", json.dumps(PASS), "--role-arn", ROLE, "--input", json.dumps({"payload": {"n": 1}}),
         "--inspection-level", "DEBUG"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, **CLIENT_ENV, "AWS_DISABLE_HOST_PREFIX_INJECTION": "true"})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "SUCCEEDED" and json.loads(result["output"]) == {"doubled": 2}
    assert json.loads(result["inspectionData"]["afterInputPath"]) == {"n": 1}


def test_a_jsonata_failure_names_its_field_as_an_execution_does(sfn):
    # The cause names the field, as an execution's does ("... specified for the field 'Output' returned nothing").
    state = {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input.missing %}", "End": True}
    result = run_state(sfn, state, {"n": 1})
    assert result["status"] == "FAILED" and result["error"] == "States.QueryEvaluationError"
    assert "specified for the field 'Output' returned nothing (undefined)" in result["cause"]
    fail = {"Type": "Fail", "QueryLanguage": "JSONata", "Error": "{% 1 %}"}
    result = run_state(sfn, fail, {})
    assert result["error"] == "States.QueryEvaluationError"
    assert "specified for the field 'Error' returned an unexpected result type. Expected 'string'" in result["cause"]


def test_an_assign_over_256_kib_fails_as_in_an_execution(sfn):
    state = {"Type": "Pass", "QueryLanguage": "JSONata", "Assign": {"v": "{% $pad('', 262143, 'x') %}"}, "End": True}
    result = run_state(sfn, state, {})
    assert result["status"] == "FAILED" and result["error"] == "States.DataLimitExceeded"
