"""Bad requests answered with AWS's error codes (never a 500, never a crash), through boto3, raw HTTP and the CLI."""
import json
import urllib.request

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import ACCOUNT, REGION, ROLE, create_machine

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
MACHINE = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:ErrorsMachine"
MISSING_MACHINE = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:Nope"
MISSING_EXECUTION = f"arn:aws:states:{REGION}:{ACCOUNT}:execution:ErrorsMachine:nope"
MISSING_ACTIVITY = f"arn:aws:states:{REGION}:{ACCOUNT}:activity:Nope"
# A well-formed stepwise token (swt1.<base64url of an execution ARN>.<random>) for an execution that does not exist.
UNKNOWN_TOKEN = "swt1.YXJuOmF3czpzdGF0ZXM6dXMtZWFzdC0xOjEyMzQ1Njc4OTAxMjpleGVjdXRpb246WDpZ.0123456789abcdef"


@pytest.fixture(scope="module")
def raw(server):
    """A client without boto3's own parameter checks, so malformed requests reach the server."""
    return boto3.client(
        "stepfunctions", endpoint_url=server.endpoint, region_name=REGION, aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(parameter_validation=False, retries={"max_attempts": 0}, inject_host_prefix=False))


@pytest.fixture(scope="module", autouse=True)
def machine(sfn):
    create_machine(sfn, "ErrorsMachine", PASS)
    sfn.start_execution(stateMachineArn=MACHINE, name="taken", input='{"a": 1}')


CASES = [
    ("describe_state_machine", {"stateMachineArn": "not-an-arn"}, "InvalidArn"),
    ("describe_state_machine", {"stateMachineArn": MISSING_MACHINE}, "StateMachineDoesNotExist"),
    ("describe_state_machine", {"stateMachineArn": MISSING_EXECUTION}, "InvalidArn"),
    ("describe_execution", {"executionArn": MISSING_EXECUTION}, "ExecutionDoesNotExist"),
    ("describe_execution", {"executionArn": MACHINE}, "InvalidArn"),
    ("describe_activity", {"activityArn": MISSING_ACTIVITY}, "ActivityDoesNotExist"),
    ("create_state_machine", {"name": "bad name", "definition": json.dumps(PASS), "roleArn": ROLE}, "InvalidName"),
    ("create_state_machine", {"name": "x" * 81, "definition": json.dumps(PASS), "roleArn": ROLE}, "ValidationException"),
    ("create_state_machine", {"name": "Broken", "definition": "{not json", "roleArn": ROLE}, "InvalidDefinition"),
    ("create_state_machine", {"name": "NoStates", "definition": '{"StartAt": "A"}', "roleArn": ROLE}, "InvalidDefinition"),
    ("create_state_machine", {"name": "ErrorsMachine", "definition": json.dumps({"StartAt": "Q", "States": {"Q": {"Type": "Succeed"}}}), "roleArn": ROLE}, "StateMachineAlreadyExists"),
    ("create_state_machine", {"name": "NoRole", "definition": json.dumps(PASS)}, "ValidationException"),
    ("create_state_machine", {"name": "BadType", "definition": json.dumps(PASS), "roleArn": ROLE, "type": "FAST"}, "ValidationException"),
    ("create_activity", {"name": "bad/name"}, "InvalidName"),
    ("start_execution", {"stateMachineArn": MACHINE, "input": "{oops"}, "InvalidExecutionInput"),
    ("start_execution", {"stateMachineArn": MACHINE, "name": "taken", "input": '{"a": 2}'}, "ExecutionAlreadyExists"),
    ("start_execution", {"stateMachineArn": MACHINE, "name": "has space"}, "InvalidName"),
    ("start_execution", {"stateMachineArn": MISSING_MACHINE}, "StateMachineDoesNotExist"),
    ("start_execution", {"input": "{}"}, "ValidationException"),
    ("stop_execution", {"executionArn": MISSING_EXECUTION}, "ExecutionDoesNotExist"),
    ("send_task_success", {"taskToken": "garbage", "output": "{}"}, "InvalidToken"),
    ("send_task_success", {"taskToken": UNKNOWN_TOKEN, "output": "{not json"}, "InvalidOutput"),
    ("send_task_heartbeat", {"taskToken": UNKNOWN_TOKEN}, "TaskDoesNotExist"),
    ("send_task_failure", {"taskToken": "garbage"}, "InvalidToken"),
    ("get_activity_task", {"activityArn": MISSING_ACTIVITY}, "ActivityDoesNotExist"),
    ("get_execution_history", {"executionArn": MISSING_EXECUTION}, "ExecutionDoesNotExist"),
    ("get_execution_history", {"executionArn": f"{MACHINE.replace('stateMachine', 'execution')}:taken", "nextToken": "bogus"}, "InvalidToken"),
    ("list_executions", {"stateMachineArn": MACHINE, "maxResults": 1001}, "ValidationException"),
    ("list_executions", {"stateMachineArn": MACHINE, "statusFilter": "BOGUS"}, "ValidationException"),
    ("list_executions", {"stateMachineArn": MISSING_MACHINE}, "StateMachineDoesNotExist"),
    ("list_state_machines", {"nextToken": "bogus"}, "InvalidToken"),
    ("update_state_machine", {"stateMachineArn": MACHINE}, "MissingRequiredParameter"),
    ("update_state_machine", {"stateMachineArn": MISSING_MACHINE, "definition": json.dumps(PASS)}, "StateMachineDoesNotExist"),
    ("tag_resource", {"resourceArn": MISSING_MACHINE, "tags": [{"key": "a", "value": "b"}]}, "ResourceNotFound"),
    ("tag_resource", {"resourceArn": MACHINE, "tags": [{"key": f"k{i}", "value": "v"} for i in range(51)]}, "TooManyTags"),
    ("list_tags_for_resource", {"resourceArn": MISSING_EXECUTION}, "InvalidArn"),
    ("describe_state_machine_for_execution", {"executionArn": MISSING_EXECUTION}, "ExecutionDoesNotExist"),
    ("redrive_execution", {"executionArn": MISSING_EXECUTION}, "ExecutionDoesNotExist"),
]


@pytest.mark.parametrize(("operation", "params", "code"), CASES, ids=[f"{c[0]}-{c[2]}-{i}" for i, c in enumerate(CASES)])
def test_bad_request_gets_aws_error(raw, operation, params, code):
    with pytest.raises(ClientError) as caught:
        getattr(raw, operation)(**params)
    error = caught.value.response["Error"]
    assert error["Code"] == code, error
    assert error["Message"]
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def post(server, target, body, content_type="application/x-amz-json-1.0"):
    request = urllib.request.Request(
        server.endpoint + "/", data=body, method="POST",
        headers={"Content-Type": content_type, **({"X-Amz-Target": target} if target else {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_unknown_operation(server):
    status, body = post(server, "AWSStepFunctions.LaunchRockets", b"{}")
    assert (status, body["__type"]) == (400, "UnknownOperationException")


def test_body_that_is_not_json(server):
    status, body = post(server, "AWSStepFunctions.ListStateMachines", b"{nope")
    assert (status, body["__type"]) == (400, "SerializationException")


def test_member_of_the_wrong_type(server):
    status, body = post(server, "AWSStepFunctions.ListStateMachines", b'{"maxResults": "ten"}')
    assert (status, body["__type"]) == (400, "SerializationException")


def test_cli_prints_aws_error(server):
    code, _, stderr = server.aws("describe-state-machine", "--state-machine-arn", MISSING_MACHINE, check=False)
    assert code != 0
    assert "StateMachineDoesNotExist" in stderr and MISSING_MACHINE in stderr


def test_a_role_arn_that_is_not_an_arn_is_worded_as_aws_words_it(raw):
    # Recorded from AWS (aws/amazon-sagemaker-examples#2432): "Invalid Role Arn: '<execution-role-arn>'"
    with pytest.raises(ClientError) as excinfo:
        raw.create_state_machine(name="BadRole", definition=json.dumps(PASS), roleArn="<execution-role-arn>")
    assert excinfo.value.response["Error"]["Code"] == "InvalidArn"
    assert excinfo.value.response["Error"]["Message"] == "Invalid Role Arn: '<execution-role-arn>'"
