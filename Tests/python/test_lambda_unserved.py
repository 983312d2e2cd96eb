"""A Lambda Task that nothing serves on `stepwise serve` fails at once (it used to hang after TaskScheduled), through
boto3: the optimized lambda:invoke integration and a function ARN as Resource, caught by name; any other integration
fails the execution with States.Runtime naming the resource."""
import json

from conftest import create_machine, full_history, wait_for_status


def test_lambda_invoke_without_a_function_fails_at_once_and_is_caught(sfn):
    definition = {"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"FunctionName": "no-such-function", "Payload.$": "$"},
                 "Catch": [{"ErrorEquals": ["Lambda.ResourceNotFoundException"], "Next": "Caught"}], "End": True},
        "Caught": {"Type": "Pass", "End": True}}}
    arn = create_machine(sfn, "LambdaUnservedInvoke", definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"n": 1}))["executionArn"]
    described = wait_for_status(sfn, execution)
    assert described["status"] == "SUCCEEDED"
    output = json.loads(described["output"])
    assert output["Error"] == "Lambda.ResourceNotFoundException"
    assert "no-such-function" in output["Cause"]
    types = [e["type"] for e in full_history(sfn, execution)]
    assert "TaskScheduled" in types and "TaskFailed" in types


def test_function_arn_without_a_function_fails_the_execution(sfn):
    function = "arn:aws:lambda:us-east-1:123456789012:function:absent"
    arn = create_machine(sfn, "LambdaUnservedArn", {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": function, "End": True}}})
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    described = wait_for_status(sfn, execution)
    assert described["status"] == "FAILED"
    assert described["error"] == "Lambda.ResourceNotFoundException"
    assert function in described["cause"]


def test_other_integration_without_a_server_fails_with_states_runtime(sfn):
    resource = "arn:aws:states:::dynamodb:putItem"
    arn = create_machine(sfn, "UnservedDynamo", {"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": resource, "Parameters": {"TableName": "t", "Item": {}}, "End": True}}})
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    described = wait_for_status(sfn, execution)
    assert described["status"] == "FAILED"
    assert described["error"] == "States.Runtime"
    assert resource in described["cause"]
