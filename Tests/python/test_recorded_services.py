"""Service integrations forwarded with `stepwise serve --aws-endpoint` (moto here), checked against the answers
LocalStack's authors recorded against real AWS (tests/aws/services/stepfunctions/v2/... snapshot files in
localstack/localstack). Only what Step Functions itself makes is compared: error names and the wording around the
service's message in causes; ids and the service's own messages come from moto."""
import json
import re

import pytest

from test_aws_endpoint import aws, moto, run, sfn  # noqa: F401 (fixtures)

REQUEST_ID = re.compile(r"Request ID: [^;,)]*")


def failed(sfn, name, resource, parameters):
    states = {"Call": {"Type": "Task", "Resource": resource, "Parameters": parameters, "End": True}}
    described = run(sfn, name, states, "Call")
    assert described["status"] == "FAILED", described
    return described["error"], REQUEST_ID.sub("Request ID: <request_id>", described["cause"])


def test_dynamodb_put_item_no_such_table(sfn):
    # error_handling/test_task_service_dynamodb.snapshot.json, test_put_item_no_such_table: the optimized integration
    # words its cause as the AWS SDK for Java 1.x does.
    error, cause = failed(sfn, "DdbNoTable", "arn:aws:states:::dynamodb:putItem",
                          {"TableName": "no-such-table", "Item": {"id": {"S": "id1"}}})
    assert error == "DynamoDB.ResourceNotFoundException"
    assert cause.endswith(" (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException; "
                          "Request ID: <request_id>; Proxy: null)"), cause


def test_aws_sdk_dynamodb_put_item_no_such_table(sfn):
    # error_handling/test_aws_sdk.snapshot.json, test_dynamodb_put_item_no_such_table: aws-sdk integrations word
    # causes as the AWS SDK for Java 2.x does.
    error, cause = failed(sfn, "SdkDdbNoTable", "arn:aws:states:::aws-sdk:dynamodb:putItem",
                          {"TableName": "no-such-table", "Item": {"id": {"S": "id1"}}})
    assert error == "DynamoDb.ResourceNotFoundException"
    assert cause.endswith(" (Service: DynamoDb, Status Code: 400, Request ID: <request_id>)"), cause


# moto accepts a table name of '/recorded' and an SQS MessageBody of null, so the unmodeled-code cases
# (DynamoDB.AmazonDynamoDBException, SQS.AmazonSQSException, DynamoDb.DynamoDbException) are checked in
# Tests/StepwiseEngineTests/ServiceForwardingErrorTests.swift with the recorded answers.


def test_dynamodb_put_item_metadata_keeps_the_service_header_names(sfn, moto):
    # services/test_dynamodb_task_service.snapshot.json, test_base_integrations[DYNAMODB_PUT_GET_ITEM]: the header
    # names in SdkHttpMetadata are spelled as the service sent them (x-amzn-RequestId, Content-Type); AllHttpHeaders
    # is in the SDK HashMap's order, HttpHeaders sorted with case ignored.
    aws(moto, "dynamodb").create_table(
        TableName="recorded-meta", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    states = {"Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                      "Parameters": {"TableName": "recorded-meta", "Item": {"id": {"S": "id1"}}}, "End": True}}
    described = run(sfn, "DdbMeta", states, "Put")
    assert described["status"] == "SUCCEEDED", described
    metadata = json.loads(described["output"])["SdkHttpMetadata"]
    names = list(metadata["HttpHeaders"])
    assert names == sorted(names, key=str.lower)
    assert set(metadata["AllHttpHeaders"]) == set(names)
    wire = {name.lower(): name for name in names}
    # moto spells Content-Type as AWS does (its request id header is its own, x-amzn-requestid).
    assert wire["content-type"] == "Content-Type" and "content-type" not in metadata["AllHttpHeaders"], names


def test_events_put_events_entries_first_and_a_failed_entry_fails(sfn):
    # services/test_events_task_service.snapshot.json, test_put_events_base: the output is {Entries, FailedEntryCount};
    # test_put_events_no_source: an entry without Source fails the task with EventBridge.FailedEntry, the answer as cause.
    entry = {"Detail": {"Message": "HelloWorld1"}, "DetailType": "detail-type", "Source": "some.source"}
    states = {"Put": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
                      "Parameters": {"Entries": [entry]}, "End": True}}
    described = run(sfn, "EventsBase", states, "Put")
    assert described["status"] == "SUCCEEDED", described
    assert list(json.loads(described["output"])) == ["Entries", "FailedEntryCount"]
    states["Put"]["Parameters"]["Entries"] = [entry, {"Detail": {"Message": "HelloWorld"}, "DetailType": "detail-type"}]
    described = run(sfn, "EventsNoSource", states, "Put")
    if described["status"] == "SUCCEEDED":
        pytest.skip("moto accepted an entry without Source")
    assert described["status"] == "FAILED" and described["error"] == "EventBridge.FailedEntry", described
    cause = json.loads(described["cause"])
    assert list(cause) == ["Entries", "FailedEntryCount"] and cause["FailedEntryCount"] == 1


def test_a_call_without_an_answer_is_the_sdk_client_exception():
    # error_handling/test_task_service_sqs.snapshot.json, test_send_message_no_such_queue_no_catch: a request that
    # gets no answer fails with SQS.SdkClientException, "Unable to execute HTTP request: ..." (the host part is ours).
    import socket
    from test_aws_endpoint import forwarding_server
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    server = forwarding_server(closed)
    try:
        described = run(server.client(), "SqsNoAnswer", {"Send": {
            "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {"QueueUrl": f"{closed}/123456789012/q", "MessageBody": "m"}, "End": True}}, "Send")
    finally:
        server.stop()
    assert described["status"] == "FAILED", described
    assert described["error"] == "SQS.SdkClientException"
    assert described["cause"].startswith("Unable to execute HTTP request: "), described["cause"]


def test_events_put_events_names_the_state_machine_and_execution_in_resources(sfn, moto):
    # services/test_events_task_service.snapshot.json, test_put_events_base: each event delivered has the entry's own
    # resources, then the state machine's ARN and the execution's.
    sqs, events = aws(moto, "sqs"), aws(moto, "events")
    queue = sqs.create_queue(QueueName="put-events-target")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="from-step-functions", EventPattern=json.dumps({"source": ["resources.source"]}))
    events.put_targets(Rule="from-step-functions", Targets=[{"Id": "queue", "Arn": queue_arn}])
    entries = [{"Detail": {"Message": "HelloWorld1"}, "DetailType": "detail-type", "Source": "resources.source"},
               {"Detail": {"Message": "HelloWorld2"}, "DetailType": "detail-type", "Source": "resources.source",
                "Resources": [queue]}]
    states = {"Put": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
                      "Parameters": {"Entries": entries}, "End": True}}
    described = run(sfn, "EventsResources", states, "Put")
    assert described["status"] == "SUCCEEDED", described
    delivered = []
    for _ in range(10):
        for message in sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
            delivered.append(json.loads(message["Body"]))
        if len(delivered) >= 2:
            break
    if not delivered:
        pytest.skip("moto delivered no event to the rule's queue")
    ours = [described["stateMachineArn"], described["executionArn"]]
    by_message = {event["detail"]["Message"]: event["resources"] for event in delivered}
    assert by_message == {"HelloWorld1": ours, "HelloWorld2": [queue] + ours}
