"""One engine per database file, with two real processes.

`stepwise serve` on a file owns it (an exclusive lock on `<db>.owner` holding its PID and endpoint). Other commands
on the same file go through that server (deploy, start, executions, describe, history, run); a second `serve` on
the file fails at once naming the owner; after `kill -9` of the server the lock is gone and the file opens again.
"""
import re
import json
import os
import signal
import subprocess
import time

import pytest

from conftest import BINARY, Server, machine_arn

PASS_DEFINITION = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": True}, "End": True}}}


def cli(*args, db, env=None, timeout=60):
    """Runs `stepwise ARGS --db DB` without AWS endpoint settings; returns the completed process."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
    environment.update(env or {})
    return subprocess.run(
        [BINARY, *args, "--db", db], capture_output=True, text=True, timeout=timeout, env=environment)


@pytest.fixture()
def database(tmp_path):
    return str(tmp_path / "owned.sqlite")


@pytest.fixture()
def definition_file(tmp_path):
    path = tmp_path / "hello.asl.json"
    path.write_text(json.dumps(PASS_DEFINITION))
    return str(path)


@pytest.fixture()
def owner(database):
    server = Server("--db", database)
    yield server
    server.stop(sig=signal.SIGKILL)


def test_the_owner_file_names_the_server(owner, database):
    record = json.loads(open(database + ".owner").read())
    assert record["pid"] == owner.process.pid
    assert record["endpoint"] == owner.endpoint


def test_commands_on_the_servers_file_go_through_the_server(owner, database, definition_file):
    deployed = cli("deploy", definition_file, "--name", "Hello", db=database)
    assert deployed.returncode == 0, deployed.stderr
    assert deployed.stdout.split()[0] == "created"
    assert f"served by process {owner.process.pid} at {owner.endpoint}" in deployed.stderr
    # The server sees the machine the command deployed: there is one engine, the server's.
    sfn = owner.client()
    assert sfn.describe_state_machine(stateMachineArn=machine_arn("Hello"))["name"] == "Hello"

    started = cli("start", "Hello", "--name", "first", "--wait", db=database)
    assert started.returncode == 0, started.stderr
    arn = "arn:aws:states:us-east-1:123456789012:execution:Hello:first"
    first_line, output = started.stdout.split("\n", 1)
    assert first_line == f"started Hello {arn}"  # `start` prints the machine name and the execution ARN
    assert json.loads(output) == {"ok": True}
    assert sfn.describe_execution(executionArn=arn)["status"] == "SUCCEEDED"

    listed = cli("executions", "Hello", db=database)
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"^SUCCEEDED +first ", listed.stdout, re.M), listed.stdout
    described = cli("describe", arn, db=database)
    assert described.returncode == 0, described.stderr
    assert json.loads(described.stdout)["status"] == "SUCCEEDED"
    history = cli("history", arn, db=database)
    assert history.returncode == 0, history.stderr
    assert "ExecutionSucceeded" in history.stdout

    ran = cli("run", definition_file, "--input", "{}", db=database)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == {"ok": True}
    machines = [m["name"] for m in sfn.list_state_machines()["stateMachines"]]
    assert "hello" in machines  # `run` names the machine from the file, dropping .asl.json, as deploy does


def test_a_second_server_on_the_file_fails_at_once_naming_the_owner(owner, database):
    second = subprocess.run(
        [BINARY, "serve", "--port", "0", "--db", database], capture_output=True, text=True, timeout=30)
    assert second.returncode != 0
    assert f"in use by process {owner.process.pid}" in second.stderr
    assert owner.endpoint in second.stderr
    assert owner.process.poll() is None


def test_after_kill_9_the_file_opens_again(database, definition_file):
    server = Server("--db", database)
    sfn = server.client()
    sfn.create_state_machine(
        name="Kept", definition=json.dumps(PASS_DEFINITION), roleArn="arn:aws:iam::123456789012:role/R")
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=10)
    # No stale lock: the file opens in this process's engine, and what the server wrote is there.
    started = cli("start", "Kept", "--name", "after", "--wait", db=database)
    assert started.returncode == 0, started.stderr
    assert "served by" not in started.stderr
    assert json.loads(started.stdout.split("\n", 1)[1]) == {"ok": True}
    again = Server("--db", database)
    try:
        assert again.client().describe_state_machine(stateMachineArn=machine_arn("Kept"))["name"] == "Kept"
    finally:
        again.stop()


def test_a_process_that_owns_the_file_without_an_endpoint_is_named(database, tmp_path):
    # `stepwise run` on a Wait holds the file with no endpoint for as long as the run lasts.
    waiting = tmp_path / "wait.asl.json"
    waiting.write_text(json.dumps({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": True}}}))
    runner = subprocess.Popen(
        [BINARY, "run", str(waiting), "--db", database], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(200):
            if os.path.exists(database + ".owner") and open(database + ".owner").read():
                break
            time.sleep(0.05)
        refused = cli("executions", "wait-asl", db=database)
        assert refused.returncode == 1
        assert f"in use by process {runner.pid}" in refused.stderr
    finally:
        runner.kill()
        runner.wait()


def test_reading_commands_do_not_advance_executions(database, tmp_path):
    # With no owner, `executions`, `describe` and `history` open the file without starting an engine: an execution
    # whose Wait is over stays RUNNING until an engine runs again (here `start --wait`, which starts one).
    waiting = tmp_path / "short-wait.asl.json"
    waiting.write_text(json.dumps({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": True}}}))
    assert cli("deploy", str(waiting), "--name", "Short", db=database).returncode == 0
    started = cli("start", "Short", "--name", "paused", db=database)
    assert started.returncode == 0, started.stderr
    arn = started.stdout.split()[-1]  # `started MACHINE ARN`
    time.sleep(1.5)
    for _ in range(2):
        described = cli("describe", arn, db=database)
        assert described.returncode == 0, described.stderr
        assert json.loads(described.stdout)["status"] == "RUNNING"
        listed = cli("executions", "Short", db=database).stdout
        assert re.search(r"^RUNNING +paused ", listed, re.M), listed
        assert "ExecutionSucceeded" not in cli("history", arn, db=database).stdout
    resumed = cli("start", "Short", "--name", "resumer", "--wait", db=database)
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(cli("describe", arn, db=database).stdout)["status"] == "SUCCEEDED"
