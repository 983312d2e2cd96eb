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

def test_an_invalid_state_type_lists_the_types_in_awss_order(sfn):
    code, message = refused(sfn, definition=json.dumps({"Type": "Nonsense", "End": True}), roleArn=ROLE)
    assert code == "InvalidDefinition"
    assert "The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]" in message
    assert "MISSING_END_STATE" not in message


# The state tested.

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

START_EXECUTION = {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                   "Parameters": {"StateMachineArn.$": "$.stateMachineArn", "Input.$": "$.targetInput",
                                  "Name.$": "$.name"}, "End": True}
