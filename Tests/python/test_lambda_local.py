"""Lambda Task states on `stepwise serve --function NAME=COMMAND`, driven by boto3: the function is a shell-script
bootstrap talking to the Lambda Runtime API with curl (a client this project did not write). Covers lambda:invoke's
output shape and Task events, a function ARN as Resource, the function's own error name reaching Catch, and
Sandbox.Timedout."""
import json
import os
import stat

import pytest

from conftest import Server, create_machine, full_history, wait_for_status

BOOTSTRAP = r"""#!/bin/sh
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS="$(mktemp)"
  EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")" || exit 1
  ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '\r' | cut -d' ' -f2)"
  rm -f "$HEADERS"
  case "$EVENT" in
    *burn*) curl -sS -X POST -H "Lambda-Runtime-Function-Error-Type: Pizza.Burnt" \
              -d '{"errorType":"Pizza.Burnt","errorMessage":"too hot"}' "$API/invocation/$ID/error" >/dev/null ;;
    *sleep*) sleep 30 ;;
    *) curl -sS -X POST -d "{\"baked\":$EVENT}" "$API/invocation/$ID/response" >/dev/null ;;
  esac
done
"""


@pytest.fixture(scope="module")
def sfn(tmp_path_factory):
    directory = tmp_path_factory.mktemp("lambda")
    bootstrap = directory / "bootstrap"
    bootstrap.write_text(BOOTSTRAP)
    bootstrap.chmod(bootstrap.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    running = Server("--in-memory", "--function", f"oven={bootstrap}")
    yield running.client()
    running.stop()


def test_lambda_invoke_runs_the_bootstrap_and_answers_aws_output_shape(sfn):
    definition = {"StartAt": "Bake", "States": {"Bake": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "oven", "Payload.$": "$"}, "End": True}}}
    arn = create_machine(sfn, "LocalInvoke", definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"size": 12}))["executionArn"]
    described = wait_for_status(sfn, execution)
    assert described["status"] == "SUCCEEDED", described
    output = json.loads(described["output"])
    assert output["Payload"] == {"baked": {"size": 12}}
    assert output["StatusCode"] == 200
    assert output["ExecutedVersion"] == "$LATEST"
    events = full_history(sfn, execution)
    scheduled = next(e for e in events if e["type"] == "TaskScheduled")["taskScheduledEventDetails"]
    assert scheduled["resourceType"] == "lambda" and scheduled["resource"] == "invoke"
    assert json.loads(scheduled["parameters"]) == {"FunctionName": "oven", "Payload": {"size": 12}}
    assert [e["type"] for e in events if e["type"].startswith("Task")] == [
        "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited"]


def test_function_arn_resource_outputs_the_payload_itself(sfn):
    definition = {"StartAt": "Bake", "States": {"Bake": {
        "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:oven", "End": True}}}
    arn = create_machine(sfn, "LocalArn", definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"n": 1}))["executionArn"]
    described = wait_for_status(sfn, execution)
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == {"baked": {"n": 1}}
    events = full_history(sfn, execution)
    assert [e["type"] for e in events if e["type"].startswith("LambdaFunction")] == [
        "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded"]
    scheduled = next(e for e in events if e["type"] == "LambdaFunctionScheduled")["lambdaFunctionScheduledEventDetails"]
    assert scheduled["resource"] == "arn:aws:lambda:us-east-1:123456789012:function:oven"
    assert json.loads(scheduled["input"]) == {"n": 1}
    succeeded = next(e for e in events if e["type"] == "LambdaFunctionSucceeded")["lambdaFunctionSucceededEventDetails"]
    assert json.loads(succeeded["output"]) == {"baked": {"n": 1}}


def test_the_functions_error_type_reaches_catch(sfn):
    definition = {"StartAt": "Bake", "States": {
        "Bake": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"FunctionName": "oven", "Payload": {"do": "burn"}},
                 "Catch": [{"ErrorEquals": ["Pizza.Burnt"], "Next": "Caught"}], "End": True},
        "Caught": {"Type": "Pass", "End": True}}}
    arn = create_machine(sfn, "LocalBurnt", definition)
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    described = wait_for_status(sfn, execution)
    assert described["status"] == "SUCCEEDED", described
    output = json.loads(described["output"])
    assert output["Error"] == "Pizza.Burnt"
    assert json.loads(output["Cause"])["errorMessage"] == "too hot"


def test_a_function_over_its_timeout_fails_with_sandbox_timedout(sfn):
    definition = {"StartAt": "Bake", "States": {"Bake": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "oven", "Payload": {"do": "sleep"}}, "End": True}}}
    arn = create_machine(sfn, "LocalTimeout", definition)
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    described = wait_for_status(sfn, execution, timeout=30)
    assert described["status"] == "FAILED"
    assert described["error"] == "Sandbox.Timedout"
    assert "Task timed out after 3.00 seconds" in described["cause"]
