"""Mocked integrations on `stepwise serve --mock-config FILE` (and $SFN_MOCK_CONFIG), with AWS Step Functions Local's
mock configuration file unchanged: the test case is chosen by `#TestCase` after the state machine ARN in
StartExecution, through boto3 and the aws CLI; and `stepwise run --mock-config FILE --test-case NAME`."""
import json
import os
import subprocess

import pytest

from conftest import BINARY, Server, create_machine, full_history, machine_arn, wait_for_status

MOCKS = {
    "StateMachines": {
        "Inference": {"TestCases": {
            "HappyPath": {"Infer": "MockedInference"},
            "ModelLoading": {"Infer": "NotReadyTwice"},
            "Rejected": {"Infer": "Invalid"},
        }},
        "Pipeline": {"TestCases": {"AllMocked": {"Fetch": "Fetched", "Notify": "Notified", "PerItem": "PerItem"}}},
    },
    "MockedResponses": {
        "MockedInference": {"0": {"Return": {"Body": "{\"label\":\"cat\",\"score\":0.97}", "ContentType": "application/json"}}},
        "NotReadyTwice": {
            "0-1": {"Throw": {"Error": "SageMakerRuntime.ModelNotReadyException", "Cause": "The model is loading."}},
            "2": {"Return": {"Body": "{\"label\":\"dog\"}"}},
        },
        "Invalid": {"0": {"Throw": {"Error": "SageMakerRuntime.ValidationErrorException", "Cause": "bad input"}}},
        "Fetched": {"0": {"Return": {"StatusCode": 200, "Payload": {"items": [1, 2]}}}},
        "Notified": {"0": {"Return": {"MessageId": "m-1"}}},
        "PerItem": {"0": {"Return": "a"}, "1": {"Return": "b"}},
    },
}

# The seed's inference step: SageMaker Runtime's InvokeEndpoint through the AWS SDK integration, unchanged on AWS.
INFERENCE = {"StartAt": "Infer", "States": {
    "Infer": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sagemakerruntime:invokeEndpoint",
              "Parameters": {"EndpointName": "classifier", "ContentType": "application/json", "Body.$": "States.JsonToString($)"},
              "ResultSelector": {"prediction.$": "States.StringToJson($.Body)"},
              "Retry": [{"ErrorEquals": ["SageMakerRuntime.ModelNotReadyException"], "IntervalSeconds": 1, "MaxAttempts": 2,
                         "BackoffRate": 1}],
              "End": True}}}

PIPELINE = {"StartAt": "Fetch", "States": {
    "Fetch": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "fetch", "Payload.$": "$"}, "ResultSelector": {"items.$": "$.Payload.items"}, "Next": "Each"},
    "Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1, "ResultPath": "$.letters", "Next": "Notify",
             "ItemProcessor": {"StartAt": "PerItem", "States": {
                 "PerItem": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                             "Parameters": {"Bucket": "b", "Key": "k"}, "End": True}}}},
    "Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish.waitForTaskToken",
               "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message.$": "$$.Task.Token"},
               "ResultPath": "$.notified", "End": True}}}


@pytest.fixture(scope="module")
def mock_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("mocks") / "MockConfigFile.json"
    path.write_text(json.dumps(MOCKS))
    return str(path)


@pytest.fixture(scope="module")
def mocked(mock_file):
    running = Server("--in-memory", "--mock-config", mock_file)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def sfn(mocked):
    return mocked.client()


@pytest.fixture(scope="module")
def machines(sfn):
    return {"Inference": create_machine(sfn, "Inference", INFERENCE), "Pipeline": create_machine(sfn, "Pipeline", PIPELINE)}


def test_inference_step_answers_the_mocked_response_recorded_as_the_real_call(sfn, machines):
    arn = machines["Inference"]
    started = sfn.start_execution(stateMachineArn=arn + "#HappyPath", input=json.dumps({"image": "cat.png"}))
    described = wait_for_status(sfn, started["executionArn"])
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"prediction": {"label": "cat", "score": 0.97}}
    # The execution names the plain state machine ARN, as Step Functions Local does.
    assert described["stateMachineArn"] == arn
    events = full_history(sfn, started["executionArn"])
    types = [e["type"] for e in events]
    assert types == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                     "TaskStateExited", "ExecutionSucceeded"]
    scheduled = next(e for e in events if e["type"] == "TaskScheduled")["taskScheduledEventDetails"]
    assert scheduled["resourceType"] == "aws-sdk:sagemakerruntime" and scheduled["resource"] == "invokeEndpoint"
    assert json.loads(scheduled["parameters"])["EndpointName"] == "classifier"
    succeeded = next(e for e in events if e["type"] == "TaskSucceeded")["taskSucceededEventDetails"]
    assert json.loads(succeeded["output"])["ContentType"] == "application/json"


def test_thrown_errors_per_invocation_range_are_retried(sfn, machines):
    started = sfn.start_execution(stateMachineArn=machines["Inference"] + "#ModelLoading")
    described = wait_for_status(sfn, started["executionArn"], timeout=30)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"prediction": {"label": "dog"}}
    failed = [e["taskFailedEventDetails"] for e in full_history(sfn, started["executionArn"]) if e["type"] == "TaskFailed"]
    assert [(f["error"], f["cause"]) for f in failed] == [("SageMakerRuntime.ModelNotReadyException", "The model is loading.")] * 2


def test_thrown_error_fails_the_execution_with_its_name_and_cause(sfn, machines):
    started = sfn.start_execution(stateMachineArn=machines["Inference"] + "#Rejected")
    described = wait_for_status(sfn, started["executionArn"])
    assert described["status"] == "FAILED"
    assert described["error"] == "SageMakerRuntime.ValidationErrorException"
    assert described["cause"] == "bad input"


def test_lambda_map_and_callback_states_are_mocked_through_the_aws_cli(mocked, machines):
    code, started, err = mocked.aws("start-execution", "--state-machine-arn", machines["Pipeline"] + "#AllMocked",
                                    "--input", json.dumps({"order": 7}))
    assert code == 0, err
    described = wait_for_status(mocked.client(), started["executionArn"])
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == {"items": [1, 2], "letters": ["a", "b"], "notified": {"MessageId": "m-1"}}
    _, history, _ = mocked.aws("get-execution-history", "--execution-arn", started["executionArn"])
    types = [e["type"] for e in history["events"]]
    assert types.count("TaskSucceeded") == 4 and "TaskFailed" not in types


def test_without_a_test_case_the_resource_is_called_as_usual(sfn, machines):
    started = sfn.start_execution(stateMachineArn=machines["Inference"])
    described = wait_for_status(sfn, started["executionArn"])
    # Nothing serves aws-sdk:sagemakerruntime here: it fails at once, naming the resource.
    assert described["status"] == "FAILED" and described["error"] == "States.Runtime"
    assert "sagemakerruntime:invokeEndpoint" in described["cause"]


def test_an_unknown_test_case_is_refused(sfn, machines):
    with pytest.raises(sfn.exceptions.InvalidArn) as raised:
        sfn.start_execution(stateMachineArn=machines["Inference"] + "#NoSuchCase")
    assert "NoSuchCase" in str(raised.value)


def test_sfn_mock_config_environment_variable(mock_file):
    env = {**os.environ, "SFN_MOCK_CONFIG": mock_file}
    process = subprocess.Popen([BINARY, "serve", "--port", "0", "--in-memory"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        endpoint = None
        for _ in range(20):
            line = process.stdout.readline()
            if "listening on" in line:
                endpoint = line.split("listening on ")[1].strip()
                break
        assert endpoint
        import boto3
        client = boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1",
                              aws_access_key_id="test", aws_secret_access_key="test")
        arn = create_machine(client, "Inference", INFERENCE)
        started = client.start_execution(stateMachineArn=arn + "#HappyPath", input="{}")
        assert wait_for_status(client, started["executionArn"])["status"] == "SUCCEEDED"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_bad_mock_file_is_refused_before_serving(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"MockedResponses": {"R": {"0": {"Return": 1, "Throw": {"Error": "E"}}}}}))
    result = subprocess.run([BINARY, "serve", "--port", "0", "--in-memory", "--mock-config", str(bad)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "exactly one of Return and Throw" in result.stderr


def test_run_with_a_test_case(tmp_path, mock_file):
    definition = tmp_path / "Inference.asl.json"
    definition.write_text(json.dumps(INFERENCE))
    db = str(tmp_path / "run.sqlite")
    result = subprocess.run([BINARY, "run", str(definition), "--db", db, "--mock-config", mock_file, "--test-case", "HappyPath",
                             "--input", "{}"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"prediction": {"label": "cat", "score": 0.97}}
    missing = subprocess.run([BINARY, "run", str(definition), "--db", db, "--mock-config", mock_file, "--test-case", "Nope"],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode != 0 and "no test case 'Nope'" in missing.stderr


def test_run_needs_no_worker_for_a_mocked_activity(tmp_path):
    activity = "arn:aws:states:us-east-1:123456789012:activity:nobody-polls"
    definition = tmp_path / "Approval.asl.json"
    definition.write_text(json.dumps({"StartAt": "Approve", "States": {"Approve": {"Type": "Task", "Resource": activity, "End": True}}}))
    mocks = tmp_path / "mocks.json"
    mocks.write_text(json.dumps({"StateMachines": {"Approval": {"TestCases": {"Yes": {"Approve": "Approved"}}}},
                                 "MockedResponses": {"Approved": {"0": {"Return": {"approved": True}}}}}))
    db = str(tmp_path / "run.sqlite")
    deployed = subprocess.run([BINARY, "deploy", str(definition), "--db", db], capture_output=True, text=True, timeout=60)
    assert deployed.returncode == 0, deployed.stderr
    env = {**os.environ, "SFN_MOCK_CONFIG": str(mocks)}
    created = subprocess.run([BINARY, "run", str(definition), "--db", db, "--test-case", "Yes"],
                             capture_output=True, text=True, timeout=60, env=env)
    # Mocked, the activity's state answers without a worker; unmocked, `run` refuses to start without one.
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout) == {"approved": True}
    unmocked = subprocess.run([BINARY, "run", str(definition), "--db", db], capture_output=True, text=True, timeout=60)
    assert unmocked.returncode != 0 and "need workers" in unmocked.stderr
