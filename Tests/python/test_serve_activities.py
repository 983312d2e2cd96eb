"""Activities served by a boto3 worker thread: GetActivityTask, SendTaskSuccess/Failure/Heartbeat."""
import json
import threading
import time

import pytest

from conftest import create_machine, full_history, wait_for_status


def activity_machine(activity_arn, heartbeat=None, catch=False):
    task = {"Type": "Task", "Resource": activity_arn, "End": True}
    if heartbeat:
        task["HeartbeatSeconds"] = heartbeat
    if catch:
        task["Catch"] = [{"ErrorEquals": ["Worker.Bad"], "ResultPath": "$.error", "Next": "Handled"}]
        task.pop("End")
        task["Next"] = "Handled"
        return {"StartAt": "Work", "States": {"Work": task, "Handled": {"Type": "Pass", "End": True}}}
    return {"StartAt": "Work", "States": {"Work": task}}


def test_create_describe_list_delete_activity(sfn):
    arn = sfn.create_activity(name="Lifecycle")["activityArn"]
    assert arn.endswith(":activity:Lifecycle")
    assert sfn.describe_activity(activityArn=arn)["name"] == "Lifecycle"
    assert arn in [a["activityArn"] for a in sfn.list_activities()["activities"]]
    sfn.delete_activity(activityArn=arn)
    with pytest.raises(sfn.exceptions.ActivityDoesNotExist):
        sfn.describe_activity(activityArn=arn)


def test_worker_thread_serves_tasks_with_heartbeats(server, sfn):
    activity = sfn.create_activity(name="Doubler")["activityArn"]
    machine = create_machine(sfn, "Doubling", activity_machine(activity, heartbeat=5))
    stop = threading.Event()
    served = []

    def worker():
        client = server.client()
        while not stop.is_set():
            task = client.get_activity_task(activityArn=activity, workerName="worker-1")
            if not task.get("taskToken"):
                continue
            client.send_task_heartbeat(taskToken=task["taskToken"])
            value = json.loads(task["input"])["n"]
            client.send_task_success(taskToken=task["taskToken"], output=json.dumps({"doubled": value * 2}))
            served.append(value)

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    executions = [sfn.start_execution(stateMachineArn=machine, input=json.dumps({"n": n}))["executionArn"] for n in range(5)]
    outputs = [json.loads(wait_for_status(sfn, arn)["output"]) for arn in executions]
    stop.set()
    assert outputs == [{"doubled": n * 2} for n in range(5)]
    assert sorted(served) == list(range(5))
    types = [e["type"] for e in full_history(sfn, executions[0])]
    assert types == [
        "ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded",
        "TaskStateExited", "ExecutionSucceeded"]
    started = [e for e in full_history(sfn, executions[0]) if e["type"] == "ActivityStarted"][0]
    assert started["activityStartedEventDetails"]["workerName"] == "worker-1"
    # The worker's last poll is still open; a poll with nothing queued answers without a token.
    thread.join(timeout=1)


def test_worker_failure_is_caught(server, sfn):
    activity = sfn.create_activity(name="Failing")["activityArn"]
    machine = create_machine(sfn, "FailingWork", activity_machine(activity, catch=True))
    execution = sfn.start_execution(stateMachineArn=machine, input='{"k": 1}')["executionArn"]
    task = sfn.get_activity_task(activityArn=activity)
    assert json.loads(task["input"]) == {"k": 1}
    sfn.send_task_failure(taskToken=task["taskToken"], error="Worker.Bad", cause="cannot do it")
    described = wait_for_status(sfn, execution)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"k": 1, "error": {"Error": "Worker.Bad", "Cause": "cannot do it"}}
    # The token is spent: answering again is TaskTimedOut, as on AWS.
    with pytest.raises(sfn.exceptions.TaskTimedOut):
        sfn.send_task_success(taskToken=task["taskToken"], output="{}")


def test_uncaught_worker_failure_fails_the_execution(sfn):
    activity = sfn.create_activity(name="Uncaught")["activityArn"]
    machine = create_machine(sfn, "UncaughtWork", activity_machine(activity))
    execution = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    task = sfn.get_activity_task(activityArn=activity)
    sfn.send_task_failure(taskToken=task["taskToken"], error="Worker.Crash", cause="boom")
    described = wait_for_status(sfn, execution)
    assert (described["status"], described["error"], described["cause"]) == ("FAILED", "Worker.Crash", "boom")
    failed = [e for e in full_history(sfn, execution) if e["type"] == "ActivityFailed"][0]
    assert failed["activityFailedEventDetails"] == {"error": "Worker.Crash", "cause": "boom"}


def test_missed_heartbeat_times_the_task_out(sfn):
    activity = sfn.create_activity(name="Silent")["activityArn"]
    machine = create_machine(sfn, "SilentWork", activity_machine(activity, heartbeat=1))
    execution = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    task = sfn.get_activity_task(activityArn=activity)
    assert task["taskToken"]
    described = wait_for_status(sfn, execution, timeout=10)
    # AWS reports a heartbeat timeout as States.Timeout, with no cause, on the event and the execution.
    assert (described["status"], described["error"]) == ("FAILED", "States.Timeout") and "cause" not in described
    timed_out = [e for e in full_history(sfn, execution) if e["type"] == "ActivityTimedOut"][0]
    assert timed_out["activityTimedOutEventDetails"] == {"error": "States.Timeout"}
    with pytest.raises(sfn.exceptions.TaskTimedOut):
        sfn.send_task_heartbeat(taskToken=task["taskToken"])


def test_poll_on_empty_queue_returns_without_token(server):
    client = server.client()
    activity = client.create_activity(name="Idle")["activityArn"]
    began = time.monotonic()
    holder = {}
    thread = threading.Thread(target=lambda: holder.update(client.get_activity_task(activityArn=activity)), daemon=True)
    thread.start()
    thread.join(timeout=1.0)
    assert thread.is_alive(), "the poll should be held open while no task is queued"
    # Start work for it: the held poll receives the task.
    machine = create_machine(client, "IdleWork", activity_machine(activity))
    client.start_execution(stateMachineArn=machine, input='{"late": true}')
    thread.join(timeout=10)
    assert json.loads(holder["input"]) == {"late": True} and time.monotonic() - began < 10
    client.send_task_success(taskToken=holder["taskToken"], output="{}")
