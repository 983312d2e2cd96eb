"""The `stepwise` commands that work against a Step Functions endpoint (`deploy`, `start`, `executions`, `describe`,
`history`, and the listing and operating commands in test_cli.py): against `stepwise serve --port 0 --in-memory` through the client, and against the embedded engine on a
temporary database (`--db`). Bad input must give a clear message and exit status 1 (2 for usage), never a crash."""
import json
import os
import re
import socket
import subprocess

import pytest

from conftest import ACCOUNT, BINARY, REGION, Server

PASS_ONE = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"n": 1}, "End": True}}}
PASS_TWO = {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": {"n": 2}, "End": True}}}
ADD = {"StartAt": "Add", "States": {"Add": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "End": True}}}
FAILS = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Oven.Broken", "Cause": "too cold"}}}
ACTIVITY = f"arn:aws:states:{REGION}:{ACCOUNT}:activity:remote-cli-bake"
USES_ACTIVITY = {"StartAt": "Bake", "States": {"Bake": {"Type": "Task", "Resource": ACTIVITY, "End": True}}}


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """An empty home directory: no ~/.aws files of the machine running the tests are read."""
    return tmp_path_factory.mktemp("home")


def stepwise(home, *args, timeout=60):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k not in ("STEPWISE_DB", "STEPWISE_ROLE_ARN")}
    environment.update({"HOME": str(home), "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"})
    result = subprocess.run([BINARY, *args], capture_output=True, text=True, env=environment, timeout=timeout)
    # Never a Swift crash report, whatever the input.
    assert "Fatal error" not in result.stderr and "Stack dump" not in result.stderr, result.stderr
    return result


def write(tmp_path, name, definition):
    path = tmp_path / name
    path.write_text(definition if isinstance(definition, str) else json.dumps(definition))
    return str(path)


@pytest.fixture(params=["remote", "embedded"])
def target(request, server, tmp_path):
    """The options that pick the backend: the served engine over HTTP, or a fresh embedded database."""
    if request.param == "remote":
        return ["--endpoint", server.endpoint]
    return ["--db", str(tmp_path / "engine.sqlite")]


def test_deploy_created_unchanged_updated(home, tmp_path, target):
    name = f"deploy-{tmp_path.name[-12:]}".replace("_", "-")
    path = write(tmp_path, "machine.asl.json", PASS_ONE)
    first = stepwise(home, "deploy", path, "--name", name, *target)
    assert first.returncode == 0, first.stderr
    arn = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}"
    assert first.stdout == f"created {arn}\n"
    again = stepwise(home, "deploy", path, "--name", name, *target)
    assert again.stdout == f"unchanged {arn}\n"
    write(tmp_path, "machine.asl.json", PASS_TWO)
    changed = stepwise(home, "deploy", path, "--name", name, *target)
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout == f"updated {arn}\n"


def test_deploy_creates_the_activities_it_uses(home, tmp_path, target):
    path = write(tmp_path, "bake.json", USES_ACTIVITY)
    first = stepwise(home, "deploy", path, "--name", "bakes", "--type", "STANDARD", *target)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [f"activity created {ACTIVITY}",
                                         f"created arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:bakes"]
    second = stepwise(home, "deploy", path, "--name", "bakes", *target)
    assert second.stdout.splitlines()[0] == f"activity exists {ACTIVITY}"
    # An activity of another account is not created here.
    foreign = write(tmp_path, "foreign.json", json.dumps(USES_ACTIVITY).replace(ACCOUNT, "999999999999"))
    third = stepwise(home, "deploy", foreign, "--name", "foreign", *target)
    assert third.stdout.splitlines() == [f"created arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:foreign"], third.stderr


def test_start_wait_executions_describe_history(home, tmp_path, target):
    name = "adds"
    assert stepwise(home, "deploy", write(tmp_path, "add.json", ADD), "--name", name, *target).returncode == 0
    input_file = write(tmp_path, "input.json", '{"a": 2, "b": 3}')
    started = stepwise(home, "start", name, "--input", f"@{input_file}", "--name", "first", "--wait", *target)
    assert started.returncode == 0, started.stderr
    lines = started.stdout.splitlines()
    execution = f"arn:aws:states:{REGION}:{ACCOUNT}:execution:{name}:first"
    assert lines[0] == f"started {name} {execution}"
    assert json.loads("\n".join(lines[1:])) == {"sum": 5}

    # By ARN, without waiting: the one line alone.
    other = stepwise(home, "start", f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}", "--input", '{"a":1,"b":1}', *target)
    assert other.returncode == 0, other.stderr
    assert other.stdout.startswith(f"started {name} arn:aws:states:{REGION}:{ACCOUNT}:execution:{name}:")
    assert len(other.stdout.splitlines()) == 1

    listed = stepwise(home, "executions", name, "--status", "SUCCEEDED", *target)
    assert listed.returncode == 0, listed.stderr
    rows = [re.split(r"  +", line) for line in listed.stdout.splitlines()]
    assert rows[0] == ["STATUS", "NAME", "STARTED", "STOPPED", "ARN"]
    assert ["SUCCEEDED", "first", execution] in [[row[0], row[1], row[4]] for row in rows[1:]]
    assert stepwise(home, "executions", name, "--status", "FAILED", *target).stdout.splitlines() == [
        "STATUS  NAME  STARTED  STOPPED  ARN"]

    described = stepwise(home, "describe", execution, *target)
    assert described.returncode == 0, described.stderr
    body = json.loads(described.stdout)
    assert body["status"] == "SUCCEEDED"
    assert json.loads(body["output"]) == {"sum": 5}
    assert body["executionArn"] == execution

    history = stepwise(home, "history", execution, *target)
    assert history.returncode == 0, history.stderr
    rows = [re.split(r"  +", line) for line in history.stdout.splitlines()]
    assert rows[0] == ["TIME", "ELAPSED", "ID", "EVENT", "STATE", "ERROR", "CAUSE"]
    assert [row[2:] for row in rows[1:]] == [
        ["1", "ExecutionStarted"], ["2", "PassStateEntered", "Add"], ["3", "PassStateExited", "Add"], ["4", "ExecutionSucceeded"]]
    reverse = stepwise(home, "history", execution, "--reverse", *target)
    assert re.split(r"  +", reverse.stdout.splitlines()[1])[2:] == ["4", "ExecutionSucceeded"]
    as_json = [json.loads(line) for line in stepwise(home, "history", execution, "--output", "json", *target).stdout.splitlines()]
    assert [event["type"] for event in as_json] == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    assert json.loads(as_json[0]["executionStartedEventDetails"]["input"]) == {"a": 2, "b": 3}


def test_failed_execution_exits_1_with_error_and_cause(home, tmp_path, target):
    assert stepwise(home, "deploy", write(tmp_path, "fails.json", FAILS), "--name", "fails", *target).returncode == 0
    result = stepwise(home, "start", "fails", "--wait", *target)
    assert result.returncode == 1
    assert "error: execution FAILED: Oven.Broken: too cold" in result.stderr


@pytest.mark.parametrize("args, status, message", [
    (["deploy", "/nonexistent/machine.json"], 1, "cannot read the definition file /nonexistent/machine.json"),
    (["deploy", "@BAD"], 1, "BAD.json:"),
    (["deploy", "@OK", "--type", "LONG"], 2, "--type must be STANDARD or EXPRESS"),
    (["start", "no-such-machine"], 1, "there is no state machine named no-such-machine"),
    (["start", "@MACHINE", "--input", "{not json"], 1, "--input must be JSON or @FILE"),
    (["executions", "@MACHINE", "--status", "DONE"], 2, "--status must be one of RUNNING"),
    (["describe", "not-an-arn"], 1, "error: InvalidArn"),
    (["describe", f"arn:aws:states:{REGION}:{ACCOUNT}:execution:none:x"], 1, "error: ExecutionDoesNotExist"),
    (["history", f"arn:aws:states:{REGION}:{ACCOUNT}:execution:none:x"], 1, "error: ExecutionDoesNotExist"),
    (["start"], 2, "Missing expected argument"),
])
def test_bad_input(home, tmp_path, target, args, status, message):
    bad = write(tmp_path, "BAD.json", "{not json")
    ok = write(tmp_path, "OK.json", PASS_ONE)
    machine = f"bad-input-{abs(hash(tmp_path.name)) % 100000}"
    assert stepwise(home, "deploy", ok, "--name", machine, *target).returncode == 0
    replaced = [{"@BAD": bad, "@OK": ok, "@MACHINE": machine}.get(arg, arg) for arg in args]
    result = stepwise(home, *replaced, *target)
    assert result.returncode == status, result.stdout + result.stderr
    assert message in result.stderr, result.stderr


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_remote_errors(home, tmp_path):
    unreachable = stepwise(home, "executions", "m", "--endpoint", f"http://127.0.0.1:{free_port()}")
    assert unreachable.returncode == 1
    assert "does not answer (connection refused)" in unreachable.stderr
    bad_url = stepwise(home, "executions", "m", "--endpoint", "ftp://127.0.0.1")
    assert bad_url.returncode == 1
    assert "not an http or https URL" in bad_url.stderr
    both = stepwise(home, "executions", "m", "--endpoint", "http://127.0.0.1:1", "--db", str(tmp_path / "x.sqlite"))
    assert both.returncode == 2
    assert "--db is for the embedded engine" in both.stderr


def test_unsupported_profile_is_a_clear_error(home, tmp_path, server):
    (home / ".aws").mkdir(exist_ok=True)
    (home / ".aws" / "config").write_text("[profile admin]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/Admin\n"
                                          "source_profile = default\n")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment["HOME"] = str(home)
    result = subprocess.run([BINARY, "executions", "m", "--endpoint", server.endpoint, "--profile", "admin"],
                            capture_output=True, text=True, env=environment, timeout=60)
    assert result.returncode == 1
    assert "profile 'admin' gets its credentials with role_arn (AssumeRole), which Stepwise does not support" in result.stderr
