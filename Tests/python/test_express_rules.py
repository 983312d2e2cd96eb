"""Express rules as AWS has them: DescribeExecution and GetExecutionHistory refuse Express executions, EXPRESS
machines refuse activities, the `.sync` / `.waitForTaskToken` patterns and Distributed Maps at CreateStateMachine and
UpdateStateMachine, and StartSyncExecution works from the aws CLI (given AWS_DISABLE_HOST_PREFIX_INJECTION, since
the CLI otherwise sends it to the host `sync-<endpoint host>`)."""
import json
import os
import subprocess

import pytest
from botocore.exceptions import ClientError

from conftest import CLIENT_ENV, ROLE, create_machine

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": True}, "End": True}}}
ACTIVITY = "arn:aws:states:us-east-1:123456789012:activity:Work"


def task(resource):
    return {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": resource, "End": True}}}


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def test_describe_and_history_refuse_express_executions(sfn):
    arn = create_machine(sfn, "ExpressRefused", PASS, type="EXPRESS")
    started = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    assert ":express:ExpressRefused:" in started
    for call in (lambda: sfn.describe_execution(executionArn=started), lambda: sfn.get_execution_history(executionArn=started)):
        with pytest.raises(sfn.exceptions.InvalidArn) as excinfo:
            call()
        assert error_of(excinfo)[1] == "Invalid Arn: 'Resource type not valid in this context: express'"
    # StartSyncExecution still answers the result (it never describes the execution).
    result = sfn.start_sync_execution(stateMachineArn=arn)
    assert result["status"] == "SUCCEEDED" and json.loads(result["output"]) == {"ok": True}


@pytest.mark.parametrize("resource, reason", [
    (ACTIVITY, "Activity ARN"),
    ("arn:aws:states:::lambda:invoke.waitForTaskToken", "'.waitForTaskToken' service integration"),
    ("arn:aws:states:::states:startExecution.sync:2", "'.sync' service integration"),
    ("arn:aws:states:::ecs:runTask.sync", "'.sync' service integration"),
])
def test_express_machines_refuse_activities_and_callbacks(sfn, resource, reason):
    with pytest.raises(sfn.exceptions.InvalidDefinition) as excinfo:
        create_machine(sfn, "ExpressBad", task(resource), type="EXPRESS")
    message = error_of(excinfo)[1]
    assert message.startswith("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support")
    assert reason in message and "at /States/T/Resource" in message
    # The same definition is fine in a STANDARD machine.
    create_machine(sfn, f"StandardOk{abs(hash(resource)) % 10000}", task(resource))


def test_nested_states_are_checked_and_updates_too(sfn):
    nested = {"StartAt": "Par", "States": {"Par": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "Fine", "States": {"Fine": {"Type": "Pass", "End": True}}},
        {"StartAt": "Wait", "States": {"Wait": {"Type": "Task", "Resource": ACTIVITY, "End": True}}}]}}}
    with pytest.raises(sfn.exceptions.InvalidDefinition) as excinfo:
        create_machine(sfn, "ExpressNested", nested, type="EXPRESS")
    assert "at /States/Par/Branches[1]/States/Wait/Resource" in error_of(excinfo)[1]
    arn = create_machine(sfn, "ExpressUpdated", PASS, type="EXPRESS")
    with pytest.raises(sfn.exceptions.InvalidDefinition):
        sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(task(ACTIVITY)))
    # A plain Lambda invoke is allowed in Express.
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(task("arn:aws:states:::lambda:invoke")))


def test_express_machines_refuse_a_distributed_map(sfn):
    # A policy pack's rules, measured with ValidateStateMachineDefinition (2026-09-05): a Distributed Map runs only
    # in a STANDARD machine (its children may be EXPRESS).
    machine = {"StartAt": "M", "States": {"M": {"Type": "Map", "End": True, "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
        "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}}}
    with pytest.raises(sfn.exceptions.InvalidDefinition) as excinfo:
        create_machine(sfn, "ExpressDistributed", machine, type="EXPRESS")
    assert error_of(excinfo)[1] == (
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'Mode' with value 'DISTRIBUTED' is not "
        "supported inside 'EXPRESS' state machines at /States/M/ItemProcessor/ProcessorConfig/Mode'")
    create_machine(sfn, "StandardDistributed", machine)


def run_cli(server, env, *args):
    return subprocess.run(
        ["aws", "--endpoint-url", server.endpoint, "--output", "json", "stepfunctions", *args],
        capture_output=True, text=True, env={**os.environ, **CLIENT_ENV, **env}, timeout=60)


def test_start_sync_execution_from_the_aws_cli(server, sfn):
    arn = create_machine(sfn, "ExpressCli", PASS, type="EXPRESS")
    # As documented in the README: without host prefix injection the CLI calls the endpoint itself.
    done = run_cli(server, {"AWS_DISABLE_HOST_PREFIX_INJECTION": "true"}, "start-sync-execution", "--state-machine-arn", arn,
                   "--input", "{}")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "SUCCEEDED" and json.loads(result["output"]) == {"ok": True}
    # Without it, the CLI sends StartSyncExecution to sync-127.0.0.1, which is not this server.
    refused = run_cli(server, {"AWS_DISABLE_HOST_PREFIX_INJECTION": "false"}, "start-sync-execution", "--state-machine-arn", arn,
                      "--cli-connect-timeout", "2")
    assert refused.returncode != 0 and "sync-" in refused.stderr
