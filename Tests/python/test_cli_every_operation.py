"""Every operation of the Step Functions API through the aws CLI against `stepwise serve`.

The list of operations is botocore's model of the service (the one the aws CLI is generated from), so an operation
AWS adds, or one this walk forgets, fails the last assertion. Each call's answer is checked against what the API
reference documents for it; other suites test each operation in depth with boto3.
"""
import json
import os
import subprocess
import time

import botocore.session
import pytest

from conftest import ACCOUNT, CLIENT_ENV, REGION, ROLE

pytestmark = pytest.mark.skipif(
    subprocess.run(["aws", "--version"], capture_output=True).returncode != 0, reason="the aws CLI is not installed")

PREFIX = f"arn:aws:states:{REGION}:{ACCOUNT}"


def kebab(operation):
    return "".join("-" + c.lower() if c.isupper() else c for c in operation).lstrip("-")


class CLI:
    """`aws stepfunctions ...` against the server, recording each operation called."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.called = set()

    def __call__(self, operation, *args, expect_error=None, **env):
        self.called.add(operation)
        # StartSyncExecution and TestState carry the host prefix `sync-` in AWS's model: the README says to turn it off.
        environment = {**os.environ, **CLIENT_ENV, "AWS_DISABLE_HOST_PREFIX_INJECTION": "true", "AWS_PAGER": "",
                       "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", **env}
        result = subprocess.run(
            ["aws", "--endpoint-url", self.endpoint, "--output", "json", "stepfunctions", operation, *args],
            capture_output=True, text=True, env=environment, timeout=60)
        if expect_error:
            assert result.returncode != 0, f"{operation} should fail with {expect_error}: {result.stdout}"
            assert expect_error in result.stderr, result.stderr
            return result.stderr
        assert result.returncode == 0, f"aws stepfunctions {operation} {' '.join(args)}: {result.stderr}"
        return json.loads(result.stdout) if result.stdout.strip() else {}


def wait(cli, execution_arn, *, leaving="RUNNING", timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        described = cli("describe-execution", "--execution-arn", execution_arn)
        if described["status"] != leaving:
            return described
        time.sleep(0.05)
    raise AssertionError(f"{execution_arn} still {leaving} after {timeout}s")


def task_token(cli, activity_arn):
    task = cli("get-activity-task", "--activity-arn", activity_arn, "--worker-name", "cli-worker")
    assert task.get("taskToken"), f"no task for {activity_arn}: {task}"
    return task


def test_every_operation_through_the_aws_cli(server):
    cli = CLI(server.endpoint)

    # Definitions: checked without creating anything.
    task_definition = lambda activity: json.dumps(
        {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity, "End": True}}})
    assert cli("validate-state-machine-definition", "--definition", task_definition(f"{PREFIX}:activity:x"))["result"] == "OK"
    invalid = cli("validate-state-machine-definition", "--definition", '{"StartAt": "Nowhere", "States": {}}')
    assert invalid["result"] == "FAIL" and invalid["diagnostics"][0]["severity"] == "ERROR"

    # Activities.
    activity = cli("create-activity", "--name", "cli-every-op")["activityArn"]
    assert activity == f"{PREFIX}:activity:cli-every-op"
    assert cli("describe-activity", "--activity-arn", activity)["name"] == "cli-every-op"
    assert activity in [a["activityArn"] for a in cli("list-activities")["activities"]]

    # A machine with versions and an alias.
    created = cli("create-state-machine", "--name", "CliEveryOp", "--role-arn", ROLE,
                  "--definition", task_definition(activity), "--publish", "--version-description", "first")
    machine = created["stateMachineArn"]
    assert created["stateMachineVersionArn"] == machine + ":1"
    assert cli("describe-state-machine", "--state-machine-arn", machine)["status"] == "ACTIVE"
    assert machine in [m["stateMachineArn"] for m in cli("list-state-machines")["stateMachines"]]
    updated = cli("update-state-machine", "--state-machine-arn", machine, "--definition",
                  json.dumps({"StartAt": "Work", "States": {"Work": {
                      "Type": "Task", "Resource": activity, "TimeoutSeconds": 300, "End": True}}}))
    assert "revisionId" in updated and "stateMachineVersionArn" not in updated
    published = cli("publish-state-machine-version", "--state-machine-arn", machine, "--description", "second")
    assert published["stateMachineVersionArn"] == machine + ":2"
    versions = cli("list-state-machine-versions", "--state-machine-arn", machine)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in versions] == [machine + ":2", machine + ":1"]
    alias = cli("create-state-machine-alias", "--name", "live", "--routing-configuration",
                f"stateMachineVersionArn={machine}:2,weight=100")["stateMachineAliasArn"]
    assert alias == machine + ":live"
    assert cli("describe-state-machine-alias", "--state-machine-alias-arn", alias)["routingConfiguration"] == [
        {"stateMachineVersionArn": machine + ":2", "weight": 100}]
    assert [a["stateMachineAliasArn"] for a in cli("list-state-machine-aliases", "--state-machine-arn", machine)[
        "stateMachineAliases"]] == [alias]
    assert "updateDate" in cli("update-state-machine-alias", "--state-machine-alias-arn", alias, "--description", "the live one")

    # An execution through the alias, answered by a worker: heartbeat, then success.
    started = cli("start-execution", "--state-machine-arn", alias, "--name", "through-alias", "--input", '{"n": 1}')
    run = started["executionArn"]
    assert run == f"{PREFIX}:execution:CliEveryOp:through-alias"
    task = task_token(cli, activity)
    assert json.loads(task["input"]) == {"n": 1}
    assert cli("send-task-heartbeat", "--task-token", task["taskToken"]) == {}
    assert cli("send-task-success", "--task-token", task["taskToken"], "--task-output", '{"done": true}') == {}
    finished = wait(cli, run)
    assert finished["status"] == "SUCCEEDED" and json.loads(finished["output"]) == {"done": True}
    assert finished["stateMachineAliasArn"] == alias and finished["stateMachineVersionArn"] == machine + ":2"
    for_execution = cli("describe-state-machine-for-execution", "--execution-arn", run)
    # Its output has no version member: the definition and revision shown are version 2's.
    assert for_execution["stateMachineArn"] == machine and for_execution["revisionId"] == updated["revisionId"]
    assert json.loads(for_execution["definition"])["States"]["Work"]["TimeoutSeconds"] == 300
    types = [e["type"] for e in cli("get-execution-history", "--execution-arn", run)["events"]]
    assert types[0] == "ExecutionStarted" and types[-1] == "ExecutionSucceeded" and "ActivitySucceeded" in types

    # A failure, then a redrive that succeeds.
    failing = cli("start-execution", "--state-machine-arn", machine, "--name", "fails-then-redriven")["executionArn"]
    assert cli("send-task-failure", "--task-token", task_token(cli, activity)["taskToken"],
               "--error", "Oops", "--cause", "on purpose") == {}
    failed = wait(cli, failing)
    assert (failed["status"], failed["error"], failed["cause"]) == ("FAILED", "Oops", "on purpose")
    assert "redriveDate" in cli("redrive-execution", "--execution-arn", failing)
    cli("send-task-success", "--task-token", task_token(cli, activity)["taskToken"], "--task-output", "{}")
    redriven = wait(cli, failing)
    assert redriven["status"] == "SUCCEEDED" and redriven["redriveCount"] == 1

    # A stop.
    stopping = cli("start-execution", "--state-machine-arn", machine, "--name", "stopped")["executionArn"]
    assert "stopDate" in cli("stop-execution", "--execution-arn", stopping, "--error", "Halt", "--cause", "by hand")
    stopped = wait(cli, stopping)
    assert (stopped["status"], stopped["error"]) == ("ABORTED", "Halt")
    listed = cli("list-executions", "--state-machine-arn", machine)["executions"]
    assert {e["name"]: e["status"] for e in listed} == {
        "through-alias": "SUCCEEDED", "fails-then-redriven": "SUCCEEDED", "stopped": "ABORTED"}

    # Tags.
    assert cli("tag-resource", "--resource-arn", machine, "--tags", "key=team,value=orders", "key=tier,value=1") == {}
    assert cli("untag-resource", "--resource-arn", machine, "--tag-keys", "tier") == {}
    assert cli("list-tags-for-resource", "--resource-arn", machine)["tags"] == [{"key": "team", "value": "orders"}]

    # TestState: one state, with its inspection data.
    tested = cli("test-state", "--role-arn", ROLE, "--inspection-level", "DEBUG", "--input", '{"a": 1}', "--definition",
                 json.dumps({"Type": "Pass", "Parameters": {"b.$": "$.a"}, "End": True}))
    assert tested["status"] == "SUCCEEDED" and json.loads(tested["output"]) == {"b": 1}
    assert json.loads(tested["inspectionData"]["afterParameters"]) == {"b": 1}

    # An Express machine, run synchronously.
    express = cli("create-state-machine", "--name", "CliEveryOpExpress", "--role-arn", ROLE, "--type", "EXPRESS",
                  "--definition", json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 42, "End": True}}}))
    synced = cli("start-sync-execution", "--state-machine-arn", express["stateMachineArn"], "--input", "{}")
    assert synced["status"] == "SUCCEEDED" and synced["output"] == "42"
    cli("describe-execution", "--execution-arn", synced["executionArn"], expect_error="InvalidArn")

    # A Distributed Map's Map Run, updated while an item waits for a worker.
    mapped = cli("create-state-machine", "--name", "CliEveryOpMap", "--role-arn", ROLE, "--definition", json.dumps(
        {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": True, "MaxConcurrency": 1, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity, "End": True}}}}}}))
    map_execution = cli("start-execution", "--state-machine-arn", mapped["stateMachineArn"], "--input", "[1, 2]")["executionArn"]
    deadline = time.monotonic() + 20
    runs = []
    while not runs and time.monotonic() < deadline:
        runs = cli("list-map-runs", "--execution-arn", map_execution)["mapRuns"]
    assert len(runs) == 1
    map_run = runs[0]["mapRunArn"]
    assert cli("update-map-run", "--map-run-arn", map_run, "--max-concurrency", "2", "--tolerated-failure-count", "1") == {}
    described = cli("describe-map-run", "--map-run-arn", map_run)
    assert (described["maxConcurrency"], described["toleratedFailureCount"]) == (2, 1)
    for _ in range(2):
        cli("send-task-success", "--task-token", task_token(cli, activity)["taskToken"], "--task-output", '"ok"')
    assert json.loads(wait(cli, map_execution)["output"]) == ["ok", "ok"]
    assert cli("describe-map-run", "--map-run-arn", map_run)["status"] == "SUCCEEDED"

    # Deletions, in the order AWS allows them (a version an alias routes to cannot go).
    cli("delete-state-machine-version", "--state-machine-version-arn", machine + ":2", expect_error="ConflictException")
    assert cli("delete-state-machine-alias", "--state-machine-alias-arn", alias) == {}
    assert cli("delete-state-machine-version", "--state-machine-version-arn", machine + ":2") == {}
    assert [v["stateMachineVersionArn"] for v in cli("list-state-machine-versions", "--state-machine-arn", machine)[
        "stateMachineVersions"]] == [machine + ":1"]
    assert cli("delete-state-machine", "--state-machine-arn", machine) == {}
    assert cli("delete-activity", "--activity-arn", activity) == {}
    cli("describe-activity", "--activity-arn", activity, expect_error="ActivityDoesNotExist")

    operations = {kebab(name) for name in botocore.session.get_session().get_service_model("stepfunctions").operation_names}
    assert len(operations) >= 37
    assert operations - cli.called == set(), "operations the walk did not call"


def test_validate_state_machine_definition_with_boto3(sfn):
    ok = sfn.validate_state_machine_definition(
        definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}), type="STANDARD")
    assert ok["result"] == "OK" and ok["diagnostics"] == []
    bad = sfn.validate_state_machine_definition(
        definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "Q"}}}))
    assert bad["result"] == "FAIL"
    assert {d["severity"] for d in bad["diagnostics"]} == {"ERROR"}
    missing = [d for d in bad["diagnostics"] if d["code"] == "MISSING_TRANSITION_TARGET"]
    assert len(missing) == 1 and missing[0]["location"] == "/States/P/Next" and "Q" in missing[0]["message"]
    # Express rules are checked when the type says so: an activity is not allowed in an Express machine.
    express = sfn.validate_state_machine_definition(
        definition=json.dumps({"StartAt": "T", "States": {"T": {
            "Type": "Task", "Resource": f"{PREFIX}:activity:a", "End": True}}}), type="EXPRESS")
    assert express["result"] == "FAIL"
