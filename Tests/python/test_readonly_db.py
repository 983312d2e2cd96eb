"""`stepwise serve` on a database it cannot write (a read-only file, a read-only directory, or --read-only): it
starts read-only. Describe, List and GetExecutionHistory answer from the file; every other operation answers
AccessDeniedException naming the reason; the file is not changed."""
import hashlib
import json
import os

import pytest
from botocore.exceptions import ClientError

from conftest import Server

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"done": True}, "End": True}}}


def waits_on(activity_arn):
    return {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": activity_arn, "End": True}}}


def make_database(path):
    """A database written by stepwise serve: a finished execution and one waiting on an activity."""
    server = Server("--db", str(path))
    try:
        client = server.client()
        activity = client.create_activity(name="Glaze")["activityArn"]
        quick = client.create_state_machine(name="Quick", definition=json.dumps(PASS),
                                            roleArn="arn:aws:iam::123456789012:role/r")["stateMachineArn"]
        slow = client.create_state_machine(name="Slow", definition=json.dumps(waits_on(activity)),
                                           roleArn="arn:aws:iam::123456789012:role/r")["stateMachineArn"]
        done = client.start_execution(stateMachineArn=quick, name="done")["executionArn"]
        waiting = client.start_execution(stateMachineArn=slow, name="waiting", input='{"n": 1}')["executionArn"]
        for _ in range(100):
            if client.describe_execution(executionArn=done)["status"] != "RUNNING":
                break
    finally:
        server.stop()
    return activity, quick, slow, done, waiting


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def denied(call, reason):
    with pytest.raises(ClientError) as raised:
        call()
    error = raised.value.response["Error"]
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Code"] == "AccessDeniedException", error
    assert reason in error["Message"], error["Message"]
    return error["Message"]


def check_read_only_server(path, names, reason, *flags):
    activity, quick, slow, done, waiting = names
    before = digest(path)
    server = Server("--db", str(path), *flags)
    try:
        client = server.client()
        # Reads answer from the file.
        machines = sorted(m["name"] for m in client.list_state_machines()["stateMachines"])
        assert machines == ["Quick", "Slow"]
        assert client.describe_state_machine(stateMachineArn=quick)["name"] == "Quick"
        assert [a["name"] for a in client.list_activities()["activities"]] == ["Glaze"]
        finished = client.describe_execution(executionArn=done)
        assert finished["status"] == "SUCCEEDED" and json.loads(finished["output"]) == {"done": True}
        assert client.describe_execution(executionArn=waiting)["status"] == "RUNNING"
        history = [e["type"] for e in client.get_execution_history(executionArn=waiting)["events"]]
        assert history[:3] == ["ExecutionStarted", "TaskStateEntered", "ActivityScheduled"]
        assert [e["name"] for e in client.list_executions(stateMachineArn=slow)["executions"]] == ["waiting"]
        # Writes are refused, each naming the reason, before anything is done.
        message = denied(lambda: client.start_execution(stateMachineArn=quick, name="new"), reason)
        assert "StartExecution" in message
        denied(lambda: client.create_activity(name="Other"), reason)
        denied(lambda: client.delete_state_machine(stateMachineArn=quick), reason)
        denied(lambda: client.stop_execution(executionArn=waiting), reason)
        denied(lambda: client.get_activity_task(activityArn=activity), reason)
        denied(lambda: client.send_task_success(taskToken="x" * 20, output="{}"), reason)
        denied(lambda: client.tag_resource(resourceArn=quick, tags=[{"key": "k", "value": "v"}]), reason)
        # Still as before.
        assert client.describe_execution(executionArn=waiting)["status"] == "RUNNING"
    finally:
        server.stop()
    assert digest(path) == before


def test_read_only_flag_serves_reads_and_refuses_writes(tmp_path):
    path = tmp_path / "db.sqlite"
    names = make_database(path)
    check_read_only_server(path, names, "--read-only", "--read-only")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only files")
def test_a_read_only_file_is_served_read_only(tmp_path):
    path = tmp_path / "db.sqlite"
    names = make_database(path)
    path.chmod(0o444)
    check_read_only_server(path, names, "the file is read-only")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write in read-only directories")
def test_a_read_only_directory_is_served_read_only(tmp_path):
    directory = tmp_path / "data"
    directory.mkdir()
    path = directory / "db.sqlite"
    names = make_database(path)
    directory.chmod(0o555)
    try:
        check_read_only_server(path, names, "is not writable")
    finally:
        directory.chmod(0o755)


def test_read_only_needs_an_existing_database(tmp_path):
    import subprocess
    from conftest import BINARY
    path = tmp_path / "missing.sqlite"
    result = subprocess.run([BINARY, "serve", "--port", "0", "--db", str(path), "--read-only"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert str(path) in result.stderr and "does not exist" in result.stderr, result.stderr
    assert not path.exists()
