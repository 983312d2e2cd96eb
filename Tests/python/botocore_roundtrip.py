"""Drives a Step Functions endpoint with botocore (the engine of boto3 and the aws CLI) and prints what it parsed.

Usage: botocore_roundtrip.py ENDPOINT ACCESS_KEY SECRET_KEY [SESSION_TOKEN]

Run by StepwiseServerTests against `buildApplication` on a loopback port with a recording backend: it checks that
botocore signs requests the server accepts, and parses the server's responses and errors. Prints one JSON object.
"""
import json
import sys

import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError


def main():
    endpoint, access_key, secret_key = sys.argv[1:4]
    token = sys.argv[4] if len(sys.argv) > 4 else None
    session = botocore.session.get_session()
    client = session.create_client(
        "stepfunctions", region_name="us-east-1", endpoint_url=endpoint,
        aws_access_key_id=access_key, aws_secret_access_key=secret_key, aws_session_token=token,
        config=Config(retries={"max_attempts": 1}))
    out = {}

    def call(name, fn):
        try:
            out[name] = {"ok": fn()}
        except ClientError as error:
            out[name] = {"error": error.response["Error"]["Code"], "message": error.response["Error"]["Message"],
                         "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}

    machine = "arn:aws:states:us-east-1:123456789012:stateMachine:HelloWorld"
    execution = "arn:aws:states:us-east-1:123456789012:execution:HelloWorld:run-1"
    call("start", lambda: (lambda r: {"executionArn": r["executionArn"], "startDate": r["startDate"].timestamp()})(
        client.start_execution(stateMachineArn=machine, name="run-1", input='{"order": 42}')))
    call("describe", lambda: (lambda r: {"status": r["status"], "startDate": r["startDate"].timestamp()})(
        client.describe_execution(executionArn=execution)))
    call("history", lambda: [e["type"] for e in client.get_execution_history(executionArn=execution)["events"]])
    call("task", lambda: (lambda r: {"taskToken": r.get("taskToken"), "input": r.get("input")})(
        client.get_activity_task(activityArn="arn:aws:states:us-east-1:123456789012:activity:Worker")))
    call("tags", lambda: client.list_tags_for_resource(resourceArn=machine)["tags"])
    call("badArn", lambda: client.describe_execution(executionArn=machine))
    call("badName", lambda: client.start_execution(stateMachineArn=machine, name="bad name"))
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
