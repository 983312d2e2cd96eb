"""SIGKILL the server with executions waiting on timers and on workers, restart it on the same database, finish the
work, and check every execution completes with the right output and history."""
import json
import signal
import time

from conftest import Server, create_machine, full_history, wait_for_status

WAITING = {
    "StartAt": "Nap",
    "States": {
        "Nap": {"Type": "Wait", "Seconds": 2, "Next": "Mark"},
        "Mark": {"Type": "Pass", "Parameters": {"woke.$": "$.id"}, "End": True},
    },
}


def worker_machine(activity_arn):
    return {
        "StartAt": "Work",
        "States": {
            "Work": {"Type": "Task", "Resource": activity_arn, "ResultPath": "$.result", "Next": "Done"},
            "Done": {"Type": "Succeed"},
        },
    }


def test_executions_survive_sigkill(tmp_path):
    db = str(tmp_path / "restart.sqlite")
    first = Server("--db", db)
    try:
        sfn = first.client()
        waiting = create_machine(sfn, "Napper", WAITING)
        activity = sfn.create_activity(name="RestartWorker")["activityArn"]
        working = create_machine(sfn, "Worked", worker_machine(activity), tags=[{"key": "k", "value": "v"}])
        express = create_machine(sfn, "Quick", WAITING, type="EXPRESS", tags=[{"key": "speed", "value": "fast"}])
        naps = [sfn.start_execution(stateMachineArn=waiting, name=f"nap-{i}", input=json.dumps({"id": i}))["executionArn"]
                for i in range(3)]
        jobs = [sfn.start_execution(stateMachineArn=working, name=f"job-{i}", input=json.dumps({"job": i}))["executionArn"]
                for i in range(3)]
        taken = sfn.get_activity_task(activityArn=activity, workerName="before-crash")
        assert taken["taskToken"]
        # Killed right after the poll answers: the poll answered only once the task's ActivityStarted was durable.
    finally:
        assert first.stop(signal.SIGKILL) == -signal.SIGKILL

    second = Server("--db", db)
    try:
        sfn = second.client()
        # Types and tags are the engine's, persisted in the database.
        assert sfn.describe_state_machine(stateMachineArn=working)["type"] == "STANDARD"
        assert sfn.describe_state_machine(stateMachineArn=express)["type"] == "EXPRESS"
        assert sfn.list_tags_for_resource(resourceArn=working)["tags"] == [{"key": "k", "value": "v"}]
        assert sfn.list_tags_for_resource(resourceArn=express)["tags"] == [{"key": "speed", "value": "fast"}]
        # The task taken before the crash is still answerable with its token.
        sfn.send_task_success(taskToken=taken["taskToken"], output=json.dumps({"by": "before-crash"}))
        for _ in range(2):
            task = sfn.get_activity_task(activityArn=activity, workerName="after-crash")
            sfn.send_task_success(taskToken=task["taskToken"], output=json.dumps({"by": "after-crash"}))

        for index, arn in enumerate(naps):
            described = wait_for_status(sfn, arn, timeout=15)
            assert described["status"] == "SUCCEEDED"
            assert json.loads(described["output"]) == {"woke": index}
            events = full_history(sfn, arn)
            assert [e["type"] for e in events] == [
                "ExecutionStarted", "WaitStateEntered", "WaitStateExited", "PassStateEntered", "PassStateExited",
                "ExecutionSucceeded"]
            assert [e["id"] for e in events] == list(range(1, 7))

        workers = []
        for index, arn in enumerate(jobs):
            described = wait_for_status(sfn, arn, timeout=15)
            assert described["status"] == "SUCCEEDED"
            output = json.loads(described["output"])
            assert output["job"] == index
            workers.append(output["result"]["by"])
            events = full_history(sfn, arn)
            types = [e["type"] for e in events]
            assert types == [
                "ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded",
                "TaskStateExited", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"]
            assert [e["id"] for e in events] == list(range(1, len(events) + 1))
        assert sorted(workers) == ["after-crash", "after-crash", "before-crash"]
    finally:
        second.stop()


def test_sigterm_answers_held_poll_empty_and_exits_cleanly():
    import threading
    import time

    server = Server("--in-memory")
    try:
        sfn = server.client()
        activity = sfn.create_activity(name="HeldAtShutdown")["activityArn"]
        answer = {}
        thread = threading.Thread(
            target=lambda: answer.update(sfn.get_activity_task(activityArn=activity)), daemon=True)
        thread.start()
        time.sleep(0.5)
        began = time.monotonic()
        assert server.stop(signal.SIGTERM) == 0
        thread.join(timeout=5)
        assert not thread.is_alive() and "taskToken" not in answer
        assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
        assert time.monotonic() - began < 10
        assert "stopped" in server.process.stdout.read()
    finally:
        server.stop(signal.SIGKILL)
