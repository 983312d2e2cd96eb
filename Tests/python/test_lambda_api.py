"""Lambda's REST API on `stepwise serve` (same port as Step Functions), driven by the aws CLI and boto3: a zip
(deflated, made by Python's zipfile) whose bootstrap is a shell script talking to the Runtime API with curl is
created, invoked, reconfigured, re-coded, throttled, listed and deleted; a Task with lambda:invoke runs it; Python
runtimes run with awslambdaric; Lambda's error shapes for what is refused."""
import base64
import hashlib
import io
import json
import os
import stat
import subprocess
import time
import zipfile

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import ACCOUNT, CLIENT_ENV, REGION, Server, create_machine, full_history, wait_for_status

ROLE = f"arn:aws:iam::{ACCOUNT}:role/lambda-role"

BOOTSTRAP = r"""#!/bin/sh
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS="$(mktemp)"
  EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")" || exit 1
  ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '\r' | cut -d' ' -f2)"
  rm -f "$HEADERS"
  case "$EVENT" in
    *fail*) curl -sS -X POST -H "Lambda-Runtime-Function-Error-Type: Oven.Broken" \
              -d '{"errorType":"Oven.Broken","errorMessage":"no heat"}' "$API/invocation/$ID/error" >/dev/null ;;
    *sleep*) sleep 30 ;;
    *) curl -sS -X POST -d "{\"VERSION\":\"$VERSION\",\"greeting\":\"${GREETING:-none}\",\"event\":$EVENT}" \
              "$API/invocation/$ID/response" >/dev/null ;;
  esac
done
"""


def make_zip(files):
    """A deflated zip of {name: (text, mode)}, as `zip` and the AWS toolkits write them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (text, mode) in files.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return buffer.getvalue()


def bootstrap_zip(version):
    return make_zip({"bootstrap": (BOOTSTRAP.replace("$VERSION", version), 0o755), "README": ("padding " * 200, 0o644)})


def lambda_client(endpoint, key="test", secret="test"):
    return boto3.client(
        "lambda", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=key, aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 0}, read_timeout=60))


@pytest.fixture(scope="module")
def server():
    running = Server("--in-memory")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def lam(server):
    return lambda_client(server.endpoint)


def aws_lambda(server, *args, check=True):
    result = subprocess.run(
        ["aws", "--endpoint-url", server.endpoint, "--output", "json", "lambda", *args],
        capture_output=True, text=True, env={**os.environ, **CLIENT_ENV}, timeout=60)
    if check and result.returncode != 0:
        raise AssertionError(f"aws lambda {' '.join(args)} failed: {result.stderr}")
    return result


def invoke(lam, name, event):
    answer = lam.invoke(FunctionName=name, Payload=json.dumps(event).encode())
    return answer, json.loads(answer["Payload"].read())


def test_the_aws_cli_creates_and_invokes_a_zip_with_a_curl_bootstrap(server, tmp_path):
    package = tmp_path / "function.zip"
    package.write_bytes(bootstrap_zip("v1"))
    created = json.loads(aws_lambda(
        server, "create-function", "--function-name", "oven", "--runtime", "provided.al2023", "--handler", "bake",
        "--role", ROLE, "--zip-file", f"fileb://{package}", "--timeout", "5").stdout)
    assert created["FunctionName"] == "oven"
    assert created["FunctionArn"] == f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:oven"
    assert created["Runtime"] == "provided.al2023" and created["Handler"] == "bake" and created["Role"] == ROLE
    assert created["Timeout"] == 5 and created["MemorySize"] == 128
    assert created["CodeSize"] == package.stat().st_size
    assert created["CodeSha256"] == base64.b64encode(hashlib.sha256(package.read_bytes()).digest()).decode()
    assert created["State"] == "Active" and created["PackageType"] == "Zip" and created["Version"] == "$LATEST"

    out = tmp_path / "out.json"
    # The aws CLI v1 sends --payload as given (v2 would need --cli-binary-format raw-in-base64-out).
    result = aws_lambda(server, "invoke", "--function-name", "oven", "--payload", '{"size": 12}', str(out))
    meta = json.loads(result.stdout)
    assert meta["StatusCode"] == 200 and meta["ExecutedVersion"] == "$LATEST" and "FunctionError" not in meta
    assert json.loads(out.read_text()) == {"VERSION": "v1", "greeting": "none", "event": {"size": 12}}


def test_a_function_error_is_unhandled_with_the_error_document(lam):
    answer, payload = invoke(lam, "oven", "fail")
    assert answer["StatusCode"] == 200
    assert answer["FunctionError"] == "Unhandled"
    assert payload == {"errorType": "Oven.Broken", "errorMessage": "no heat"}


def test_get_and_list_functions(lam):
    function = lam.get_function(FunctionName="oven")
    assert function["Configuration"]["FunctionName"] == "oven"
    assert "Concurrency" not in function
    configuration = lam.get_function_configuration(FunctionName=f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:oven")
    assert configuration["Timeout"] == 5
    names = [f["FunctionName"] for f in lam.list_functions()["Functions"]]
    assert "oven" in names


def test_update_configuration_changes_environment_and_timeout(lam):
    updated = lam.update_function_configuration(
        FunctionName="oven", Timeout=1, MemorySize=256, Environment={"Variables": {"GREETING": "hello"}})
    assert updated["Timeout"] == 1 and updated["MemorySize"] == 256
    assert updated["Environment"]["Variables"] == {"GREETING": "hello"}
    _, payload = invoke(lam, "oven", {"n": 1})
    assert payload["greeting"] == "hello"
    started = time.monotonic()
    answer, payload = invoke(lam, "oven", "sleep")
    assert time.monotonic() - started < 10
    assert answer["FunctionError"] == "Unhandled"
    assert payload["errorType"] == "Sandbox.Timedout"
    assert "Task timed out after 1.00 seconds" in payload["errorMessage"]
    lam.update_function_configuration(FunctionName="oven", Timeout=5)


def test_update_code_runs_the_new_package(lam):
    package = bootstrap_zip("v2")
    updated = lam.update_function_code(FunctionName="oven", ZipFile=package)
    assert updated["CodeSha256"] == base64.b64encode(hashlib.sha256(package).digest()).decode()
    _, payload = invoke(lam, "oven", {"n": 2})
    assert payload["VERSION"] == "v2" and payload["greeting"] == "hello"


def test_reserved_concurrency_zero_throttles(lam):
    assert lam.put_function_concurrency(FunctionName="oven", ReservedConcurrentExecutions=0)["ReservedConcurrentExecutions"] == 0
    assert lam.get_function(FunctionName="oven")["Concurrency"] == {"ReservedConcurrentExecutions": 0}
    assert lam.get_function_concurrency(FunctionName="oven")["ReservedConcurrentExecutions"] == 0
    with pytest.raises(ClientError) as caught:
        invoke(lam, "oven", {})
    assert caught.value.response["Error"]["Code"] == "TooManyRequestsException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    lam.delete_function_concurrency(FunctionName="oven")
    _, payload = invoke(lam, "oven", {"n": 3})
    assert payload["event"] == {"n": 3}


def test_a_lambda_invoke_task_runs_the_created_function(server, lam):
    sfn = server.client()
    definition = {"StartAt": "Bake", "States": {"Bake": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "oven", "Payload.$": "$"}, "End": True}}}
    arn = create_machine(sfn, "ApiFunction", definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"pie": 1}))["executionArn"]
    described = wait_for_status(sfn, execution)
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"])["Payload"]["event"] == {"pie": 1}
    assert "TaskSucceeded" in [e["type"] for e in full_history(sfn, execution)]


@pytest.mark.parametrize("call, code, status", [
    (lambda lam: lam.get_function(FunctionName="nothing"), "ResourceNotFoundException", 404),
    (lambda lam: lam.invoke(FunctionName="nothing"), "ResourceNotFoundException", 404),
    (lambda lam: lam.get_function(FunctionName="oven", Qualifier="7"), "ResourceNotFoundException", 404),
    (lambda lam: lam.create_function(FunctionName="oven", Runtime="provided.al2023", Role=ROLE, Handler="x",
                                     Code={"ZipFile": bootstrap_zip("x")}), "ResourceConflictException", 409),
    (lambda lam: lam.create_function(FunctionName="bad-zip", Runtime="provided.al2023", Role=ROLE, Handler="x",
                                     Code={"ZipFile": b"not a zip"}), "InvalidParameterValueException", 400),
    (lambda lam: lam.create_function(FunctionName="slow", Runtime="provided.al2023", Role=ROLE, Handler="x", Timeout=901,
                                     Code={"ZipFile": bootstrap_zip("x")}), "ValidationException", 400),
    (lambda lam: lam.create_function(FunctionName="norole", Runtime="provided.al2023", Role="lambda-role", Handler="x",
                                     Code={"ZipFile": bootstrap_zip("x")}), "ValidationException", 400),
    (lambda lam: lam.create_function(FunctionName="node", Runtime="nodejs20.x", Role=ROLE, Handler="index.handler",
                                     Code={"ZipFile": bootstrap_zip("x")}), "InvalidParameterValueException", 400),
    (lambda lam: lam.update_function_configuration(FunctionName="oven", Environment={"Variables": {"AWS_REGION": "x"}}),
     "InvalidParameterValueException", 400),
    (lambda lam: lam.update_function_configuration(FunctionName="oven", MemorySize=20000), "ValidationException", 400),
    (lambda lam: lam.invoke(FunctionName="oven", Payload=b"{not json"), "InvalidRequestContentException", 400),
])
def test_lambda_error_shapes(lam, call, code, status):
    with pytest.raises(ClientError) as caught:
        call(lam)
    assert caught.value.response["Error"]["Code"] == code
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert caught.value.response["Error"]["Message"]


def test_a_zip_without_bootstrap_fails_with_invalid_entrypoint(lam):
    lam.create_function(FunctionName="empty", Runtime="provided.al2", Role=ROLE, Handler="x",
                        Code={"ZipFile": make_zip({"readme.txt": ("no bootstrap", 0o644)})})
    answer, payload = invoke(lam, "empty", {})
    assert answer["FunctionError"] == "Unhandled"
    assert payload["errorType"] == "Runtime.InvalidEntrypoint"


def test_delete_function(server, lam):
    aws_lambda(server, "delete-function", "--function-name", "empty")
    result = aws_lambda(server, "get-function", "--function-name", "empty", check=False)
    assert result.returncode != 0 and "ResourceNotFoundException" in result.stderr


PYTHON_HANDLER = """
import os
def handle(event, context):
    if event.get("boom"):
        raise ValueError("bad dough")
    return {"python": True, "event": event, "name": context.function_name}
"""


def awslambdaric_available():
    return subprocess.run(["python3", "-c", "import awslambdaric"], capture_output=True).returncode == 0


@pytest.mark.skipif(not awslambdaric_available() and not os.environ.get("CI"), reason="awslambdaric is not installed")
def test_a_python_runtime_runs_with_awslambdaric(lam):
    lam.create_function(FunctionName="py", Runtime="python3.12", Role=ROLE, Handler="app.handle", Timeout=30,
                        Code={"ZipFile": make_zip({"app.py": (PYTHON_HANDLER, 0o644)})})
    answer, payload = invoke(lam, "py", {"k": "v"})
    assert "FunctionError" not in answer, payload
    assert payload == {"python": True, "event": {"k": "v"}, "name": "py"}
    answer, payload = invoke(lam, "py", {"boom": True})
    assert answer["FunctionError"] == "Unhandled"
    assert payload["errorType"] == "ValueError" and payload["errorMessage"] == "bad dough"


def test_a_python_runtime_without_awslambdaric_is_refused_clearly(tmp_path, monkeypatch):
    shims = tmp_path / "bin"
    shims.mkdir()
    python = shims / "python3"
    python.write_text("#!/bin/sh\nexit 1\n")
    python.chmod(0o755)
    monkeypatch.setenv("PATH", str(shims))  # the server's python3 cannot import awslambdaric
    running = Server("--in-memory")
    monkeypatch.undo()
    try:
        with pytest.raises(ClientError) as caught:
            lambda_client(running.endpoint).create_function(
                FunctionName="py", Runtime="python3.12", Role=ROLE, Handler="app.handle",
                Code={"ZipFile": make_zip({"app.py": (PYTHON_HANDLER, 0o644)})})
        assert caught.value.response["Error"]["Code"] == "InvalidParameterValueException"
        assert "awslambdaric" in caught.value.response["Error"]["Message"]
    finally:
        running.stop()


def test_functions_survive_a_restart_on_the_same_database(tmp_path):
    database = str(tmp_path / "db.sqlite")
    first = Server("--db", database)
    try:
        lambda_client(first.endpoint).create_function(
            FunctionName="kept", Runtime="provided.al2023", Role=ROLE, Handler="x", Code={"ZipFile": bootstrap_zip("kept")})
    finally:
        first.stop()
    second = Server("--db", database)
    try:
        _, payload = invoke(lambda_client(second.endpoint), "kept", {"again": True})
        assert payload["VERSION"] == "kept" and payload["event"] == {"again": True}
    finally:
        second.stop()


def test_with_auth_lambda_calls_must_be_signed_for_lambda(tmp_path):
    running = Server("--in-memory", "--auth", "AKIDLAMBDA:secret")
    try:
        good = lambda_client(running.endpoint, "AKIDLAMBDA", "secret")
        assert good.list_functions()["Functions"] == []
        with pytest.raises(ClientError) as caught:
            lambda_client(running.endpoint, "AKIDOTHER", "secret").list_functions()
        assert caught.value.response["Error"]["Code"] == "UnrecognizedClientException"
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] in (400, 403)
    finally:
        running.stop()


NOTIFIER = r"""#!/bin/sh
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS="$(mktemp)"
  EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")" || exit 1
  ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '\r' | cut -d' ' -f2)"
  rm -f "$HEADERS"
  printf '%s\n' "$EVENT" >>"$OUT"
  echo "notified: $EVENT"
  curl -sS -X POST -d '{"ok":true}' "$API/invocation/$ID/response" >/dev/null
done
"""


def test_an_event_invocation_answers_202_at_once_and_runs_the_function(server, lam, tmp_path):
    out = tmp_path / "events.txt"
    lam.create_function(FunctionName="notifier", Runtime="provided.al2023", Role=ROLE, Handler="x",
                        Environment={"Variables": {"OUT": str(out)}},
                        Code={"ZipFile": make_zip({"bootstrap": (NOTIFIER, 0o755)})})
    answer = lam.invoke(FunctionName="notifier", InvocationType="Event", Payload=b'{"n": 1}')
    assert answer["StatusCode"] == 202
    assert answer["Payload"].read() == b""
    assert "FunctionError" not in answer
    # The aws CLI's --invocation-type Event.
    meta = json.loads(aws_lambda(server, "invoke", "--function-name", "notifier", "--invocation-type", "Event",
                                 "--payload", '{"n": 2}', str(tmp_path / "ignored.json")).stdout)
    assert meta["StatusCode"] == 202
    deadline = time.time() + 60
    while time.time() < deadline and (not out.exists() or len(out.read_text().splitlines()) < 2):
        time.sleep(0.05)
    assert sorted(json.loads(line)["n"] for line in out.read_text().splitlines()) == [1, 2]


def test_an_event_over_one_megabyte_is_refused_before_it_is_queued(lam):
    with pytest.raises(ClientError) as caught:
        lam.invoke(FunctionName="oven", InvocationType="Event", Payload=json.dumps("x" * (1024 * 1024)).encode())
    assert caught.value.response["Error"]["Code"] == "RequestTooLargeException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 413
    # The same payload synchronously is under the 6 MB limit.
    answer = lam.invoke(FunctionName="oven", Payload=json.dumps("x" * (1024 * 1024)).encode())
    assert answer["StatusCode"] == 200


def test_log_type_tail_answers_the_last_4_kb_of_the_invocation_log(server, lam):
    answer = lam.invoke(FunctionName="notifier", Payload=b'{"n": 3}', LogType="Tail")
    assert answer["StatusCode"] == 200
    log = base64.b64decode(answer["LogResult"]).decode()
    lines = log.splitlines()
    assert lines[0].startswith("START RequestId: ") and lines[0].endswith(" Version: $LATEST")
    assert 'notified: {"n": 3}' in lines
    assert any(line.startswith("END RequestId: ") for line in lines)
    assert lines[-1].startswith("REPORT RequestId: ") and "\tMemory Size: 128 MB\t" in lines[-1]
    # Without LogType (None), no LogResult; the aws CLI's --log-type Tail prints it.
    assert "LogResult" not in lam.invoke(FunctionName="notifier", Payload=b"{}")
    meta = json.loads(aws_lambda(server, "invoke", "--function-name", "notifier", "--log-type", "Tail",
                                 "--payload", '{"n": 4}', "/dev/null").stdout)
    assert 'notified: {"n": 4}' in base64.b64decode(meta["LogResult"]).decode()
