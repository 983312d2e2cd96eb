"""SIGKILL `stepwise serve` right after a GetActivityTask answers, many times, at different points: a poll answers only
once its task's ActivityStarted is durable, so after each restart every task a worker received has its start recorded
(none shows ActivitySucceeded without ActivityStarted), a task no worker received is handed out again (none lost), and
no task reaches two workers (none run twice)."""
import json
import os
import signal
import threading
import time

from conftest import Server, create_machine, full_history

LIVES = 12
STARTS_PER_LIFE = 6
POLLERS = 4


def machine(activity_arn):
    return {
        "StartAt": "Work",
        "States": {
            "Work": {"Type": "Task", "Resource": activity_arn, "ResultPath": "$.result", "End": True},
        },
    }


def serve_until_killed(server, sfn, activity, life, kill_after, pause):
    """Runs POLLERS threads polling the activity; SIGKILLs the server `pause` seconds after the `kill_after`-th answer
    with a task. Returns the (token, worker) pairs the pollers received."""
    received = []
    lock = threading.Lock()
    killed = threading.Event()

    def poller(index):
        worker = f"life{life}-poller{index}"
        while not killed.is_set():
            try:
                answer = sfn.get_activity_task(activityArn=activity, workerName=worker)
            except Exception:
                return  # the server is gone: this poll got nothing
            token = answer.get("taskToken")
            if not token:
                continue
            with lock:
                received.append((token, worker))
                last = len(received) == kill_after
            if last:
                if pause:
                    time.sleep(pause)
                os.kill(server.process.pid, signal.SIGKILL)
                killed.set()

    threads = [threading.Thread(target=poller, args=(index,), daemon=True) for index in range(POLLERS)]
    for thread in threads:
        thread.start()
    killed.wait(timeout=60)
    if not killed.is_set():
        os.kill(server.process.pid, signal.SIGKILL)
    for thread in threads:
        thread.join(timeout=30)
    server.process.wait(timeout=30)
    return received


def test_polls_answered_before_a_kill_have_their_start_recorded(tmp_path):
    db = str(tmp_path / "crash-polls.sqlite")
    executions = []
    received_by = {}  # token -> worker, for every task a poller ever received
    unanswered = []  # tokens received before the last kill, answered in the next life
    activity = working = None
    for life in range(LIVES):
        server = Server("--db", db)
        try:
            sfn = server.client()
            if activity is None:
                activity = sfn.create_activity(name="CrashPolls")["activityArn"]
                working = create_machine(sfn, "CrashPolls", machine(activity))
            # Every task received in the last life has its start recorded (naming its worker), and is answerable.
            started = started_workers(sfn, executions)
            for worker in set(received_by[token] for token in unanswered):
                count = sum(1 for token in unanswered if received_by[token] == worker)
                assert started.get(worker, 0) >= count, f"{worker} received {count} tasks; starts recorded: {started}"
            for token in unanswered:
                sfn.send_task_success(taskToken=token, output=json.dumps({"by": received_by[token]}))
            unanswered = []
            for index in range(STARTS_PER_LIFE):
                name = f"life{life}-{index}"
                executions.append(sfn.start_execution(
                    stateMachineArn=working, name=name, input=json.dumps({"name": name}))["executionArn"])
            # Kill after the 1st to 4th answer of this life, at once or a moment later (other polls mid-commit).
            received = serve_until_killed(
                server, sfn, activity, life, kill_after=1 + life % 4, pause=[0, 0, 0.002, 0.02][life % 4])
        finally:
            server.stop(signal.SIGKILL)
        for token, worker in received:
            assert token not in received_by, f"task handed to {received_by[token]} and again to {worker}"
            received_by[token] = worker
            unanswered.append(token)

    server = Server("--db", db)
    try:
        sfn = server.client()
        for token in unanswered:
            sfn.send_task_success(taskToken=token, output=json.dumps({"by": received_by[token]}))
        # A task no poller received is queued again, and handed out once. One whose start was committed as the server
        # was killed, its answer not yet written, stays with the worker it was handed to (as on AWS, until a timeout):
        # its execution is stopped here.
        orphans = []
        queued = 0
        for arn in executions:
            if sfn.describe_execution(executionArn=arn)["status"] != "RUNNING":
                continue
            events = full_history(sfn, arn)
            starts = [e for e in events if e["type"] == "ActivityStarted"]
            if any(e["type"] == "ActivitySucceeded" for e in events):
                continue  # answered above, finishing
            if starts:
                worker = starts[0]["activityStartedEventDetails"].get("workerName", "")
                assert worker.startswith("life") and len(starts) == 1, (arn, starts)
                orphans.append(arn)
            else:
                queued += 1
        for _ in range(queued):
            answer = sfn.get_activity_task(activityArn=activity, workerName="final")
            token = answer["taskToken"]
            assert token not in received_by, f"task handed to {received_by[token]} and again after the last restart"
            received_by[token] = "final"
            sfn.send_task_success(taskToken=token, output=json.dumps({"by": "final"}))
        for arn in orphans:
            sfn.stop_execution(executionArn=arn)
            executions.remove(arn)

        deadline = time.monotonic() + 60
        for arn in executions:
            while sfn.describe_execution(executionArn=arn)["status"] == "RUNNING" and time.monotonic() < deadline:
                time.sleep(0.05)
        workers = []
        for arn in executions:
            described = sfn.describe_execution(executionArn=arn)
            assert described["status"] == "SUCCEEDED", arn
            events = full_history(sfn, arn)
            types = [e["type"] for e in events]
            assert types == [
                "ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded",
                "TaskStateExited", "ExecutionSucceeded"], (arn, types)
            started = next(e for e in events if e["type"] == "ActivityStarted")
            by = json.loads(described["output"])["result"]["by"]
            # The start names the worker that received the task, and that worker answered it.
            assert started["activityStartedEventDetails"].get("workerName") == by, (arn, started, by)
            workers.append(by)
        assert len(received_by) == len(executions)
        print(f"{len(executions)} executions over {LIVES + 1} lives; {len(orphans)} handed as the server was killed")
        assert sorted(workers) == sorted(received_by.values())
        assert sum(1 for worker in workers if worker != "final") >= LIVES
    finally:
        server.stop()


def started_workers(sfn, executions):
    """How many ActivityStarted events name each worker, over the executions' histories."""
    counts = {}
    for arn in executions:
        for event in full_history(sfn, arn):
            if event["type"] == "ActivityStarted":
                worker = event.get("activityStartedEventDetails", {}).get("workerName")
                counts[worker] = counts.get(worker, 0) + 1
    return counts
