"""State machines, executions to every terminal status, history paging, stop and redrive, through boto3 and the CLI."""
import json

import pytest

from conftest import ROLE, create_machine, full_history, machine_arn, wait_for_status

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "End": True}}}
FAIL = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Custom.Oops", "Cause": "went wrong"}}}
SLOW = {"StartAt": "W", "TimeoutSeconds": 1, "States": {"W": {"Type": "Wait", "Seconds": 30, "End": True}}}
WAIT = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}}
CHAIN = {
    "StartAt": "S0",
    "States": {**{f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(9)}, "S9": {"Type": "Pass", "End": True}},
}


def test_create_describe_list_and_delete_machines(sfn):
    arn = create_machine(sfn, "Adder", PASS, tags=[{"key": "team", "value": "flow"}])
    assert arn == machine_arn("Adder")
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert described["name"] == "Adder" and described["status"] == "ACTIVE" and described["type"] == "STANDARD"
    assert json.loads(described["definition"]) == PASS and described["roleArn"] == ROLE
    assert described["loggingConfiguration"] == {"level": "OFF", "includeExecutionData": False}
    assert described["tracingConfiguration"] == {"enabled": False}
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "team", "value": "flow"}]
    sfn.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "test"}])
    sfn.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "env", "value": "test"}]
    updated = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(CHAIN))
    assert "updateDate" in updated
    assert json.loads(sfn.describe_state_machine(stateMachineArn=arn)["definition"]) == CHAIN
    names = [m["name"] for m in sfn.list_state_machines()["stateMachines"]]
    assert "Adder" in names
    sfn.delete_state_machine(stateMachineArn=arn)
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.describe_state_machine(stateMachineArn=arn)


def test_express_machine_runs_synchronously(sfn):
    arn = create_machine(sfn, "ExpressAdder", PASS, type="EXPRESS")
    assert sfn.describe_state_machine(stateMachineArn=arn)["type"] == "EXPRESS"
    result = sfn.start_sync_execution(stateMachineArn=arn, input='{"a": 2, "b": 3}')
    assert result["status"] == "SUCCEEDED" and json.loads(result["output"]) == {"sum": 5}
    standard = create_machine(sfn, "StandardForSync", PASS)
    with pytest.raises(sfn.exceptions.StateMachineTypeNotSupported):
        sfn.start_sync_execution(stateMachineArn=standard, input="{}")


def test_succeeded_with_output_and_history(sfn):
    arn = create_machine(sfn, "Sum", PASS)
    started = sfn.start_execution(stateMachineArn=arn, name="first", input='{"a": 1, "b": 41}')
    described = wait_for_status(sfn, started["executionArn"])
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"sum": 42}
    assert described["inputDetails"] == {"included": True} and described["outputDetails"] == {"included": True}
    assert described["redriveStatus"] == "NOT_REDRIVABLE" and described["redriveCount"] == 0
    events = full_history(sfn, started["executionArn"])
    assert [e["type"] for e in events] == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    assert [e["id"] for e in events] == [1, 2, 3, 4]
    assert json.loads(events[0]["executionStartedEventDetails"]["input"]) == {"a": 1, "b": 41}
    assert json.loads(events[-1]["executionSucceededEventDetails"]["output"]) == {"sum": 42}
    stripped = full_history(sfn, started["executionArn"], includeExecutionData=False)
    assert "input" not in stripped[0]["executionStartedEventDetails"]
    assert "output" not in stripped[-1].get("executionSucceededEventDetails", {})
    # Starting again with the same name and input while it is finished is refused.
    with pytest.raises(sfn.exceptions.ExecutionAlreadyExists):
        sfn.start_execution(stateMachineArn=arn, name="first", input='{"a": 1, "b": 41}')
    listed = sfn.list_executions(stateMachineArn=arn, statusFilter="SUCCEEDED")["executions"]
    assert [e["name"] for e in listed] == ["first"]
    for_execution = sfn.describe_state_machine_for_execution(executionArn=started["executionArn"])
    assert for_execution["stateMachineArn"] == arn and json.loads(for_execution["definition"]) == PASS
    # After an update, the execution still reports the definition it ran with.
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(CHAIN))
    assert json.loads(sfn.describe_state_machine_for_execution(executionArn=started["executionArn"])["definition"]) == PASS


def test_failed_timed_out_and_aborted(sfn):
    failed = sfn.start_execution(stateMachineArn=create_machine(sfn, "Fails", FAIL))["executionArn"]
    timed_out = sfn.start_execution(stateMachineArn=create_machine(sfn, "TimesOut", SLOW))["executionArn"]
    waiting = sfn.start_execution(stateMachineArn=create_machine(sfn, "Waits", WAIT))["executionArn"]
    described = wait_for_status(sfn, failed)
    assert (described["status"], described["error"], described["cause"]) == ("FAILED", "Custom.Oops", "went wrong")
    assert full_history(sfn, failed)[-1]["executionFailedEventDetails"] == {"error": "Custom.Oops", "cause": "went wrong"}
    stopped = sfn.stop_execution(executionArn=waiting, error="Operator.Stop", cause="no longer needed")
    assert "stopDate" in stopped
    aborted = wait_for_status(sfn, waiting)
    assert (aborted["status"], aborted["error"], aborted["cause"]) == ("ABORTED", "Operator.Stop", "no longer needed")
    assert full_history(sfn, waiting)[-1]["type"] == "ExecutionAborted"
    described = wait_for_status(sfn, timed_out, timeout=10)
    assert described["status"] == "TIMED_OUT"
    assert full_history(sfn, timed_out)[-1]["type"] == "ExecutionTimedOut"


def test_history_pages_forward_and_in_reverse(sfn):
    arn = create_machine(sfn, "Chain", CHAIN)
    execution = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    wait_for_status(sfn, execution)
    everything = full_history(sfn, execution)
    assert len(everything) == 22  # started, 10 x (entered, exited), succeeded
    first = sfn.get_execution_history(executionArn=execution, maxResults=5)
    assert [e["id"] for e in first["events"]] == [1, 2, 3, 4, 5] and first["nextToken"]
    second = sfn.get_execution_history(executionArn=execution, maxResults=5, nextToken=first["nextToken"])
    assert [e["id"] for e in second["events"]] == [6, 7, 8, 9, 10]
    paged = full_history(sfn, execution, maxResults=3)
    assert [e["id"] for e in paged] == list(range(1, 23))
    reverse = full_history(sfn, execution, maxResults=4, reverseOrder=True)
    assert [e["id"] for e in reverse] == list(range(22, 0, -1))
    assert reverse[0]["type"] == "ExecutionSucceeded"
    # As AWS records it: the first state's entered event is chained to 0, every later one to the event before.
    assert everything[1]["previousEventId"] == 0
    for event in everything[2:]:
        assert event["previousEventId"] == event["id"] - 1


def test_list_executions_pages(sfn):
    arn = create_machine(sfn, "Many", PASS)
    for index in range(7):
        sfn.start_execution(stateMachineArn=arn, name=f"run-{index}", input='{"a": 1, "b": 1}')
    names, token = [], None
    while True:
        page = sfn.list_executions(stateMachineArn=arn, maxResults=3, **({"nextToken": token} if token else {}))
        assert len(page["executions"]) <= 3
        names += [e["name"] for e in page["executions"]]
        token = page.get("nextToken")
        if not token:
            break
    assert sorted(names) == [f"run-{i}" for i in range(7)]


def test_redrive_a_failed_execution(sfn):
    """A worker that fails its first task and succeeds after: the execution FAILS, then SUCCEEDS once redriven."""
    activity = sfn.create_activity(name="Flaky")["activityArn"]
    arn = create_machine(sfn, "Redrive", {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity, "End": True}}})
    execution = sfn.start_execution(stateMachineArn=arn, input='{"n": 3}')["executionArn"]
    task = sfn.get_activity_task(activityArn=activity, workerName="flaky")
    sfn.send_task_failure(taskToken=task["taskToken"], error="Worker.Transient", cause="first attempt fails")
    failed = wait_for_status(sfn, execution)
    assert failed["status"] == "FAILED" and failed["error"] == "Worker.Transient"
    assert failed["redriveStatus"] == "REDRIVABLE"
    redriven = sfn.redrive_execution(executionArn=execution)
    assert "redriveDate" in redriven
    task = sfn.get_activity_task(activityArn=activity, workerName="flaky")
    assert json.loads(task["input"]) == {"n": 3}
    sfn.send_task_success(taskToken=task["taskToken"], output='{"done": true}')
    described = wait_for_status(sfn, execution)
    assert described["status"] == "SUCCEEDED" and json.loads(described["output"]) == {"done": True}
    assert described["redriveCount"] == 1 and "redriveDate" in described
    types = [e["type"] for e in full_history(sfn, execution)]
    assert types.count("ExecutionFailed") == 1 and "ExecutionRedriven" in types
    assert types.index("ExecutionFailed") < types.index("ExecutionRedriven") < types.index("ExecutionSucceeded")
    listed = sfn.list_executions(stateMachineArn=arn, redriveFilter="REDRIVEN")["executions"]
    assert [e["executionArn"] for e in listed] == [execution] and listed[0]["redriveCount"] == 1
    assert sfn.list_executions(stateMachineArn=arn, redriveFilter="NOT_REDRIVEN")["executions"] == []


def test_redrive_of_a_succeeded_execution_is_refused(sfn):
    arn = create_machine(sfn, "NoRedrive", PASS)
    execution = sfn.start_execution(stateMachineArn=arn, input='{"a": 0, "b": 0}')["executionArn"]
    wait_for_status(sfn, execution)
    with pytest.raises(sfn.exceptions.ExecutionNotRedrivable):
        sfn.redrive_execution(executionArn=execution)


def test_aws_cli_round_trip(server):
    _, created, _ = server.aws(
        "create-state-machine", "--name", "CliMachine", "--role-arn", ROLE, "--definition", json.dumps(PASS))
    arn = created["stateMachineArn"]
    _, started, _ = server.aws("start-execution", "--state-machine-arn", arn, "--name", "cli-run", "--input", '{"a": 2, "b": 2}')
    wait_for_status(server.client(), started["executionArn"])
    _, described, _ = server.aws("describe-execution", "--execution-arn", started["executionArn"])
    assert described["status"] == "SUCCEEDED" and json.loads(described["output"]) == {"sum": 4}
    _, history, _ = server.aws("get-execution-history", "--execution-arn", started["executionArn"], "--reverse-order")
    assert history["events"][0]["type"] == "ExecutionSucceeded"
    _, listed, _ = server.aws("list-state-machines")
    assert arn in [m["stateMachineArn"] for m in listed["stateMachines"]]
    code, _, stderr = server.aws("describe-execution", "--execution-arn", started["executionArn"] + "-nope", check=False)
    assert code != 0 and "ExecutionDoesNotExist" in stderr
