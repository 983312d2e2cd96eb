"""`stepwise serve --aws-endpoint URL`: Task states calling other AWS services are forwarded to moto's server (an
implementation this project did not write; it serves DynamoDB, SQS, SNS and EventBridge on one port), signed with
SigV4 from the SDK credential chain (environment variables here). The services' effects are checked with boto3
against moto; their errors reach Catch with AWS's names."""
import json
import os
import re
import subprocess
import sys
import time

import boto3
import pytest

from conftest import ACCOUNT, REGION, Server, create_machine, wait_for_status

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": REGION,
               "AWS_REGION": REGION}


@pytest.fixture(scope="module")
def moto():
    if not os.environ.get("CI"):
        pytest.importorskip("moto.server")  # scripts/test.sh installs it; in CI its absence is a failure
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    endpoint = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        if match:
            endpoint = match.group(1)
            break
    if endpoint is None:
        process.kill()
        raise RuntimeError("moto did not start")
    yield endpoint
    process.kill()
    process.wait()


def forwarding_server(endpoint):
    """`stepwise serve --in-memory --aws-endpoint ENDPOINT`, started with CREDENTIALS in its environment (it signs with
    the SDK chain), this process's environment left as it was."""
    saved = {key: os.environ.get(key) for key in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    try:
        return Server("--in-memory", "--aws-endpoint", endpoint)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def sfn(moto):
    running = forwarding_server(moto)
    yield running.client()
    running.stop()


def aws(moto, service):
    return boto3.client(service, endpoint_url=moto, region_name=REGION, aws_access_key_id="testing",
                        aws_secret_access_key="testing")


def run(sfn, name, states, start, execution_input=None):
    arn = create_machine(sfn, name, {"StartAt": start, "States": states})
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps(execution_input or {}))["executionArn"]
    return wait_for_status(sfn, execution, timeout=30)


@pytest.fixture(scope="module")
def table(moto):
    dynamodb = aws(moto, "dynamodb")
    dynamodb.create_table(TableName="orders", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    return dynamodb


def test_dynamodb_put_update_get_delete(sfn, table):
    states = {
        "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "ResultPath": None,
                "Parameters": {"TableName": "orders", "Item": {"id": {"S.$": "$.id"}, "qty": {"N": "2"}}}, "Next": "Update"},
        "Update": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem", "ResultPath": None,
                   "Parameters": {"TableName": "orders", "Key": {"id": {"S.$": "$.id"}}, "UpdateExpression": "SET qty = :q",
                                  "ExpressionAttributeValues": {":q": {"N": "5"}}}, "Next": "Get"},
        "Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem", "ResultPath": "$.got",
                "Parameters": {"TableName": "orders", "Key": {"id": {"S.$": "$.id"}}}, "Next": "Delete"},
        "Delete": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:deleteItem", "ResultPath": None,
                   "Parameters": {"TableName": "orders", "Key": {"id": {"S": "gone"}}}, "End": True},
    }
    table.put_item(TableName="orders", Item={"id": {"S": "gone"}})
    described = run(sfn, "Dynamo", states, "Put", {"id": "o-1"})
    assert described["status"] == "SUCCEEDED", described
    got = json.loads(described["output"])["got"]
    assert got["Item"] == {"id": {"S": "o-1"}, "qty": {"N": "5"}}
    assert got["SdkHttpMetadata"]["HttpStatusCode"] == 200 and "RequestId" in got["SdkResponseMetadata"]
    # AllHttpHeaders lists each header's values, HttpHeaders gives it once (LocalStack's test_callback.snapshot.json,
    # recorded against AWS).
    headers = got["SdkHttpMetadata"]["HttpHeaders"]
    assert headers and got["SdkHttpMetadata"]["AllHttpHeaders"] == {name: [value] for name, value in headers.items()}
    assert table.get_item(TableName="orders", Key={"id": {"S": "o-1"}})["Item"]["qty"] == {"N": "5"}
    assert "Item" not in table.get_item(TableName="orders", Key={"id": {"S": "gone"}})


def test_a_failed_condition_is_caught_as_dynamodb_conditional_check_failed(sfn, table):
    table.put_item(TableName="orders", Item={"id": {"S": "taken"}})
    states = {
        "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                "Parameters": {"TableName": "orders", "Item": {"id": {"S": "taken"}},
                               "ConditionExpression": "attribute_not_exists(id)"},
                "Catch": [{"ErrorEquals": ["DynamoDB.ConditionalCheckFailedException"], "Next": "Caught"}], "End": True},
        "Caught": {"Type": "Pass", "End": True},
    }
    described = run(sfn, "DynamoCondition", states, "Put")
    assert described["status"] == "SUCCEEDED", described
    output = json.loads(described["output"])
    assert output["Error"] == "DynamoDB.ConditionalCheckFailedException"
    assert "Status Code: 400" in output["Cause"]


def test_aws_sdk_dynamodb_names_errors_with_the_sdk_service_name(sfn, table):
    states = {
        "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:getItem",
                "Parameters": {"TableName": "missing-table", "Key": {"id": {"S": "x"}}}, "End": True},
    }
    described = run(sfn, "SdkMissingTable", states, "Get")
    assert described["status"] == "FAILED"
    assert described["error"] == "DynamoDb.ResourceNotFoundException"
    states["Get"]["Parameters"]["TableName"] = "orders"
    states["Get"]["Parameters"]["Key"]["id"]["S"] = "taken"
    described = run(sfn, "SdkGet", states, "Get")
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == {"Item": {"id": {"S": "taken"}}}


def test_sqs_send_message_sends_a_json_body_as_text(sfn, moto):
    sqs = aws(moto, "sqs")
    queue = sqs.create_queue(QueueName="orders")["QueueUrl"]
    states = {"Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                       "Parameters": {"QueueUrl": queue, "MessageBody": {"order.$": "$.order"}}, "End": True}}
    described = run(sfn, "Sqs", states, "Send", {"order": 7})
    assert described["status"] == "SUCCEEDED", described
    output = json.loads(described["output"])
    assert output["MessageId"] and output["MD5OfMessageBody"]
    received = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1)["Messages"]
    assert json.loads(received[0]["Body"]) == {"order": 7}


def test_sqs_to_a_missing_queue_fails_with_queue_does_not_exist(sfn):
    missing = f"http://127.0.0.1/{ACCOUNT}/no-such-queue"
    states = {"Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                       "Parameters": {"QueueUrl": missing, "MessageBody": "hi"}, "End": True}}
    described = run(sfn, "SqsMissing", states, "Send")
    assert described["status"] == "FAILED"
    assert described["error"] == "SQS.QueueDoesNotExistException"


def test_sns_publish_and_a_missing_topic(sfn, moto):
    topic = aws(moto, "sns").create_topic(Name="alerts")["TopicArn"]
    states = {"Publish": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                          "Parameters": {"TopicArn": topic, "Message": {"alert": "oven"}}, "End": True}}
    described = run(sfn, "Sns", states, "Publish")
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"])["MessageId"]
    states["Publish"]["Parameters"]["TopicArn"] = f"arn:aws:sns:{REGION}:{ACCOUNT}:no-such-topic"
    described = run(sfn, "SnsMissing", states, "Publish")
    assert described["status"] == "FAILED"
    assert described["error"].startswith("SNS.") and described["error"].endswith("Exception")


def test_eventbridge_put_events(sfn):
    states = {"Put": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
                      "Parameters": {"Entries": [{"Source": "pizza", "DetailType": "baked", "Detail": {"size": 12}}]},
                      "End": True}}
    described = run(sfn, "Events", states, "Put")
    assert described["status"] == "SUCCEEDED", described
    output = json.loads(described["output"])
    assert output["FailedEntryCount"] == 0 and output["Entries"][0]["EventId"]


def test_without_an_endpoint_the_service_task_fails_at_once(tmp_path):
    running = Server("--in-memory")
    try:
        client = running.client()
        described = run(client, "NoEndpoint", {"Put": {
            "Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
            "Parameters": {"TableName": "t", "Item": {}}, "End": True}}, "Put")
        assert described["status"] == "FAILED" and described["error"] == "States.Runtime"
        assert "dynamodb:putItem" in described["cause"]
    finally:
        running.stop()


def test_stepwise_run_forwards_with_aws_endpoint(moto, table, tmp_path):
    from conftest import BINARY
    definition = tmp_path / "put.asl.json"
    definition.write_text(json.dumps({"StartAt": "Put", "States": {"Put": {
        "Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
        "Parameters": {"TableName": "orders", "Item": {"id": {"S.$": "$.id"}}}, "OutputPath": "$.SdkHttpMetadata.HttpStatusCode",
        "End": True}}}))
    result = subprocess.run(
        [BINARY, "run", str(definition), "--db", str(tmp_path / "run.sqlite"), "--input", '{"id": "from-run"}',
         "--aws-endpoint", moto],
        capture_output=True, text=True, env={**os.environ, **CREDENTIALS}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == 200
    assert table.get_item(TableName="orders", Key={"id": {"S": "from-run"}})["Item"] == {"id": {"S": "from-run"}}


def test_sqs_wait_for_task_token_waits_for_the_answer_and_fails_when_the_send_fails(sfn, moto):
    sqs = aws(moto, "sqs")
    queue = sqs.create_queue(QueueName="callbacks")["QueueUrl"]
    states = {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                      "Parameters": {"QueueUrl": queue, "MessageBody": {"token.$": "$$.Task.Token", "n.$": "$.n"}},
                      "End": True}}
    arn = create_machine(sfn, "SqsCallback", {"StartAt": "Ask", "States": states})
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"n": 4}))["executionArn"]
    messages = []
    deadline = time.monotonic() + 20
    while not messages and time.monotonic() < deadline:
        messages = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1).get("Messages", [])
    body = json.loads(messages[0]["Body"])
    assert sfn.describe_execution(executionArn=execution)["status"] == "RUNNING"
    sfn.send_task_success(taskToken=body["token"], output=json.dumps({"doubled": body["n"] * 2}))
    described = wait_for_status(sfn, execution)
    assert described["status"] == "SUCCEEDED" and json.loads(described["output"]) == {"doubled": 8}

    states["Ask"]["Parameters"]["QueueUrl"] = f"http://127.0.0.1/{ACCOUNT}/no-such-queue"
    described = run(sfn, "SqsCallbackMissing", states, "Ask", {"n": 1})
    assert described["status"] == "FAILED" and described["error"] == "SQS.QueueDoesNotExistException", described.get("cause")
