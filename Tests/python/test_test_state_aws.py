"""TestState as AWS answers it in recordings of the real service: which states take a mock and what a mock must look
like, the messages of refused requests, the state a stateName finds, Map states (tolerated failures, items, the
inspection data), retries used up, the context object TestState builds and the one a request may give."""
import json
import re

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT, REGION, ROLE


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def refused(sfn, **arguments):
    with pytest.raises(ClientError) as excinfo:
        sfn.test_state(**arguments)
    return error_of(excinfo)


LAMBDA_TASK = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "foo", "Payload": "bar"}, "End": True}
INNER_TASK = {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"FunctionName": "foo", "Payload": "bar"}, "End": True}
# A Map whose one inner state is named TestState, as in AWS's own examples.
JSONATA_MAP = {
    "Type": "Map", "QueryLanguage": "JSONata", "Items": "{% $states.input.Values %}",
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "TestState", "States": {"TestState": INNER_TASK}},
    "Output": "{% $states %}", "End": True,
}
PARALLEL = {"Type": "Parallel", "End": True, "Branches": [
    {"StartAt": "Branch1", "States": {"Branch1": dict(INNER_TASK)}},
    {"StartAt": "Branch2", "States": {"Branch2": dict(INNER_TASK)}},
]}
VALUES = json.dumps({"Values": ["first", "second", "third"]})


# Which states take a mock, and the messages of refused requests.

@pytest.mark.parametrize("state, type_name", [
    ({"Type": "Pass", "End": True}, "Pass"),
    ({"Type": "Fail", "Error": "E", "Cause": "C"}, "Fail"),
    ({"Type": "Succeed"}, "Succeed"),
])
@pytest.mark.parametrize("mock", [{"result": json.dumps({"mock": "x"})}, {"errorOutput": {"error": "E", "cause": "C"}}])
def test_a_state_that_calls_nothing_takes_no_mock(sfn, state, type_name, mock):
    assert refused(sfn, definition=json.dumps(state), inspectionLevel="TRACE", mock=mock) == (
        "ValidationException", f"State type '{type_name}' is not supported when a mock is specified")


@pytest.mark.parametrize("state", [JSONATA_MAP, PARALLEL])
def test_map_and_parallel_need_a_mock(sfn, state):
    assert refused(sfn, definition=json.dumps(state), roleArn=ROLE, inspectionLevel="TRACE") == (
        "InvalidDefinition",
        "TestState API does not support Map or Parallel states. Supported state types include: "
        "[Task, Wait, Pass, Succeed, Fail, Choice]")


def test_a_task_without_a_mock_needs_a_role(sfn):
    assert refused(sfn, definition=json.dumps(LAMBDA_TASK), input="{}", inspectionLevel="TRACE") == (
        "ValidationException", "RoleArn must be specified when testing a Task state")


def test_a_mock_has_one_of_result_and_error_output(sfn):
    mock = {"result": json.dumps({"mock": "response"}), "errorOutput": {"error": "Error", "cause": "Cause"}}
    assert refused(sfn, definition=json.dumps(LAMBDA_TASK), mock=mock) == (
        "ValidationException", "A test mock should have only one of the following fields: [result, errorOutput].")


def test_reveal_secrets_is_refused_with_a_mock(sfn):
    assert refused(sfn, definition=json.dumps(LAMBDA_TASK), mock={"result": "{}"}, revealSecrets=True) == (
        "ValidationException", "TestState does not support RevealSecrets when a mock is specified.")


def test_a_mocked_result_must_be_json(sfn):
    assert refused(sfn, definition=json.dumps(LAMBDA_TASK), mock={"result": "not json"}) == (
        "ValidationException", "Mocked result must be valid JSON")


def test_a_mocked_map_or_parallel_result_has_the_states_shape(sfn):
    not_array = {"result": json.dumps({"mock": "an object"})}
    assert refused(sfn, definition=json.dumps(JSONATA_MAP), mock=not_array) == (
        "ValidationException", "Mocked result must be an array.")
    assert refused(sfn, definition=json.dumps(PARALLEL), mock=not_array) == (
        "ValidationException", "Mocked result must be an array.")
    assert refused(sfn, definition=json.dumps(PARALLEL), mock={"result": "[1, 2, 3]"}) == (
        "ValidationException",
        "Mocked result must contain the same number of items as number of Parallel branches.")
    writer = {**{k: v for k, v in JSONATA_MAP.items() if k not in ("QueryLanguage", "Items", "Output")},
              "ItemsPath": "$.Values",
              "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                               "Parameters": {"Bucket": "result-bucket", "Prefix": "mapJobs"}}}
    writer["ItemProcessor"] = {**JSONATA_MAP["ItemProcessor"], "States": {"TestState": LAMBDA_TASK}}
    assert refused(sfn, definition=json.dumps(writer), mock={"result": json.dumps(["an array"])}) == (
        "ValidationException", "Mocked result must be a JSON object.")


def test_an_invalid_state_type_lists_the_types_in_awss_order(sfn):
    code, message = refused(sfn, definition=json.dumps({"Type": "Nonsense", "End": True}), roleArn=ROLE)
    assert code == "InvalidDefinition"
    assert "The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]" in message
    assert "MISSING_END_STATE" not in message


# The state tested.

def test_a_map_whose_inner_state_is_named_test_state(sfn):
    result = sfn.test_state(definition=json.dumps(JSONATA_MAP), roleArn=ROLE, input=json.dumps({"Values": [1, 2, 3]}),
                            mock={"result": json.dumps([1, 1, 1])})
    assert result["status"] == "SUCCEEDED"
    assert json.loads(result["output"])["result"] == [1, 1, 1]


def test_state_name_finds_a_state_in_a_map_or_a_branch(sfn):
    machine = {"StartAt": "State0", "States": {"State0": {
        "Type": "Map", "ItemsPath": "$.Values", "End": True,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                          "StartAt": "HandleItem", "States": {"HandleItem": {"Type": "Pass", "End": True}}}}}}
    result = sfn.test_state(stateName="HandleItem", definition=json.dumps(machine),
                            input=json.dumps({"Value": "HelloWorld"}), inspectionLevel="DEBUG")
    assert result["status"] == "SUCCEEDED" and json.loads(result["output"]) == {"Value": "HelloWorld"}
    parallel = {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "Result": 7, "Next": "Last"},
                                        "Last": {"Type": "Succeed"}}}]}}}
    inner = sfn.test_state(stateName="Inner", definition=json.dumps(parallel))
    assert inner["status"] == "SUCCEEDED" and inner["nextState"] == "Last" and json.loads(inner["output"]) == 7


@pytest.mark.parametrize("name", ["dne", '"invalid"'])
def test_a_state_name_not_in_the_definition(sfn, name):
    machine = {"StartAt": "State0", "States": {"State0": {"Type": "Pass", "End": True}}}
    assert refused(sfn, stateName=name, definition=json.dumps(machine), input="{}") == (
        "ValidationException", "State not found in definition")


# Map states.

CATCHING_MAP = {
    "Type": "Map", "QueryLanguage": "JSONata", "Items": "{% $states.input.Values %}",
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "TestState", "States": {"TestState": {
                          "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:hello", "End": True}}},
    "Catch": [{"ErrorEquals": ["MockException"], "Output": "{% $states %}", "Next": "HandleMockError"},
              {"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Output": "{% $states %}", "Next": "HandleThreshold"}],
    "ToleratedFailureCount": 1, "End": True,
}


JSONPATH_MAP = {
    "Type": "Map", "ItemsPath": "$$.Execution.Input.values", "End": True,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Inner",
                      "States": {"Inner": {"Type": "Pass", "End": True}}},
    "MaxConcurrency": 1,
}
CONTEXT = {
    "Execution": {"Id": "arn:aws:states:::execution:MyStateMachine:execution-name-12345",
                  "Input": {"input-value": 0, "values": ["charizard", "pikachu", "bulbasaur"]},
                  "Name": "execution-name-12345", "RoleArn": "arn:aws:iam:::role/StepFunctionsRole",
                  "StartTime": "2025-01-15T10:30:00.000Z"},
    "State": {"EnteredTime": "2025-01-15T10:30:01.500Z", "Name": "MyTaskState", "RetryCount": 0},
    "StateMachine": {"Id": "arn:aws:states:::stateMachine:MyStateMachine", "Name": "MyStateMachine"},
}


# Inspection data of JSONPath states.

HELLO = json.dumps({"Value": "HelloWorld"})


# Retries used up.

# Variables and the context object.

def test_the_context_of_a_map_has_the_role_and_a_retry_count(sfn):
    result = sfn.test_state(definition=json.dumps(JSONATA_MAP), roleArn=ROLE, input=json.dumps({"Values": [1]}),
                            mock={"result": "[1]"})
    context = json.loads(result["output"])["context"]
    assert context["Execution"]["RoleArn"] == ROLE
    assert context["State"] == {"Name": "StateName", "EnteredTime": context["State"]["EnteredTime"], "RetryCount": 0}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT.*Z", context["State"]["EnteredTime"])


START_EXECUTION = {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                   "Parameters": {"StateMachineArn.$": "$.stateMachineArn", "Input.$": "$.targetInput",
                                  "Name.$": "$.name"}, "End": True}


@pytest.mark.parametrize("context, reason", [
    ({"Execution": {"Id": 1}}, "Execution.Id must be a string"),
    ({"Map": {}}, "'Map' field is not supported when mocking a Context object"),
    ({"Execution": {"pokemon": "squirtle"}}, "Field 'pokemon' is not allowed"),
    ({"Pokedex": {}}, "Field 'Pokedex' is not allowed"),
    ({**CONTEXT, "Task": {"Token": "abcd123"}},
     "Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service "
     "integration pattern"),
])
def test_a_context_object_aws_refuses(sfn, context, reason):
    arguments = dict(definition=json.dumps(START_EXECUTION), inspectionLevel="TRACE", context=json.dumps(context),
                     input=json.dumps({"stateMachineArn": "arn", "targetInput": None, "name": "exec_name"}),
                     mock={"result": json.dumps({"ExecutionArn": "exec_arn", "StartDate": "2025-01-01T00:00:00"})})
    assert refused(sfn, **arguments) == ("ValidationException", f"Invalid Context object provided: {reason}")


def test_a_context_object_with_a_task_token_for_a_task_that_waits(sfn):
    task = {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "ResultPath": "$.SQS",
            "Parameters": {"QueueUrl": "https://sqs.us-east-2.amazonaws.com/123456789012/myQueue",
                           "MessageBody": {"TaskToken.$": "$$.Task.Token"}}, "Next": "NEXT_STATE"}
    result = sfn.test_state(definition=json.dumps(task), inspectionLevel="TRACE",
                            context=json.dumps({**CONTEXT, "Task": {"Token": "abcd123"}}),
                            mock={"result": json.dumps({"pokemon": ["charizard"]})})
    assert result["status"] == "SUCCEEDED" and result["nextState"] == "NEXT_STATE"
    assert json.loads(result["inspectionData"]["afterParameters"])["MessageBody"] == {"TaskToken": "abcd123"}


def test_a_context_object_given_is_the_states_context(sfn):
    task = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "ResultPath": "$.out",
            "ResultSelector": {"c.$": "$$"}, "End": True}
    for context in ({"Execution": {}, "State": {}, "StateMachine": {}}, {}):
        result = sfn.test_state(definition=json.dumps(task), input="{}", context=json.dumps(context),
                                mock={"result": "{}"})
        assert json.loads(result["output"]) == {"out": {"c": context}}
