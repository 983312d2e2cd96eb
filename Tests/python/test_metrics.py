"""`GET /metrics` (Prometheus text), `GET /health` and the per-request log line of `stepwise serve`."""
import json
import re
import time
import urllib.request

import pytest

from conftest import ROLE, Server


@pytest.fixture(scope="module")
def server():
    server = Server("--in-memory", "--log-format", "json")
    yield server
    server.stop()


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def samples(text):
    """{(name, frozenset(labels)): value} of a Prometheus text exposition."""
    result = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$', line)
        assert match, f"not Prometheus text: {line!r}"
        labels = frozenset(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match.group(3) or ""))
        result[(match.group(1), labels)] = float(match.group(4))
    return result


def value(metrics, name, **labels):
    return metrics.get((name, frozenset(labels.items())))


def scrape(server):
    status, headers, body = get(server.endpoint + "/metrics")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    return samples(body)


def test_health_is_ok(server):
    status, headers, body = get(server.endpoint + "/health")
    assert status == 200
    assert json.loads(body) == {"status": "ok"}


def test_queue_depth_and_oldest_task_age_are_right_at_every_scrape(server):
    sfn = server.client()
    activity = sfn.create_activity(name="queue-work")["activityArn"]
    machine = sfn.create_state_machine(
        name="queued", roleArn=ROLE,
        definition=json.dumps({"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity, "End": True}}}))["stateMachineArn"]
    assert value(scrape(server), "stepwise_activity_queue_depth", activity="queue-work") == 0
    executions = [sfn.start_execution(stateMachineArn=machine, name=f"q{i}")["executionArn"] for i in range(3)]
    time.sleep(1.1)
    metrics = scrape(server)
    assert value(metrics, "stepwise_activity_queue_depth", activity="queue-work") == 3
    assert value(metrics, "stepwise_activity_oldest_task_age_seconds", activity="queue-work") >= 1.0
    assert value(metrics, "stepwise_executions_running", state_machine="queued") == 3
    assert value(metrics, "stepwise_executions_started_total", state_machine="queued") == 3

    task = sfn.get_activity_task(activityArn=activity, workerName="w1")
    sfn.send_task_success(taskToken=task["taskToken"], output="{}")
    task = sfn.get_activity_task(activityArn=activity, workerName="w1")
    sfn.send_task_failure(taskToken=task["taskToken"], error="Boom", cause="broken")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        metrics = scrape(server)
        if value(metrics, "stepwise_executions_failed_total", state_machine="queued") == 1:
            break
        time.sleep(0.1)
    assert value(metrics, "stepwise_activity_queue_depth", activity="queue-work") == 1
    assert value(metrics, "stepwise_executions_running", state_machine="queued") == 1
    assert value(metrics, "stepwise_executions_succeeded_total", state_machine="queued") == 1
    assert value(metrics, "stepwise_executions_failed_total", state_machine="queued") == 1
    assert value(metrics, "stepwise_activities_scheduled_total", activity="queue-work") == 3
    assert value(metrics, "stepwise_activities_started_total", activity="queue-work") == 2
    assert value(metrics, "stepwise_activities_succeeded_total", activity="queue-work") == 1
    assert value(metrics, "stepwise_activities_failed_total", activity="queue-work") == 1
    assert value(metrics, "stepwise_activity_run_time_seconds_count", activity="queue-work") == 2
    assert value(metrics, "stepwise_activity_schedule_time_seconds_count", activity="queue-work") == 2
    assert value(metrics, "stepwise_execution_time_seconds_count", state_machine="queued") == 2
    assert value(metrics, "stepwise_state_transitions_total") >= 3

    sfn.stop_execution(executionArn=executions[2])
    metrics = scrape(server)
    assert value(metrics, "stepwise_activity_queue_depth", activity="queue-work") == 0
    assert value(metrics, "stepwise_activity_oldest_task_age_seconds", activity="queue-work") == 0
    assert value(metrics, "stepwise_executions_aborted_total", state_machine="queued") == 1
    assert value(metrics, "stepwise_executions_running", state_machine="queued") == 0


def test_api_requests_are_counted_timed_and_logged(server):
    sfn = server.client()
    sfn.list_state_machines()
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.describe_state_machine(stateMachineArn="arn:aws:states:us-east-1:123456789012:stateMachine:nope")
    metrics = scrape(server)
    assert value(metrics, "stepwise_api_requests_total", operation="ListStateMachines", code="200") >= 1
    assert value(metrics, "stepwise_api_requests_total", operation="DescribeStateMachine", code="StateMachineDoesNotExist") == 1
    assert value(metrics, "stepwise_api_request_duration_seconds_count", operation="ListStateMachines") >= 1
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = [json.loads(line) for line in server.log_lines if line.startswith("{")]
        failures = [line for line in lines if line.get("operation") == "DescribeStateMachine"]
        if failures:
            break
        time.sleep(0.05)
    assert failures, server.log_lines[-5:]
    line = failures[-1]
    assert line["level"] == "info" and line["message"] == "request"
    assert line["status"] == "400" and line["code"] == "StateMachineDoesNotExist"
    assert re.fullmatch(r"[0-9a-f-]{36}", line["request_id"])
    assert float(line["duration_ms"]) >= 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])


def test_health_is_unavailable_with_a_reason_when_the_store_cannot_be_written(tmp_path):
    directory = tmp_path / "data"
    directory.mkdir()
    server = Server("--db", str(directory / "stepwise.sqlite"))
    try:
        assert get(server.endpoint + "/health")[0] == 200
        for path in directory.iterdir():
            path.unlink()
        directory.rmdir()  # the data directory went away under the server
        status, headers, body = get(server.endpoint + "/health")
        assert status == 503
        answer = json.loads(body)
        assert answer["status"] == "unavailable"
        assert "database" in answer["reason"] and "not writable" in answer["reason"]
    finally:
        server.stop()


def test_redrives_are_counted(server):
    sfn = server.client()
    machine = sfn.create_state_machine(
        name="redriven", roleArn=ROLE,
        definition=json.dumps({"StartAt": "Fail", "States": {"Fail": {"Type": "Fail", "Error": "E"}}}))["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine, name="r1")["executionArn"]
    deadline = time.monotonic() + 10
    while value(scrape(server), "stepwise_executions_failed_total", state_machine="redriven") != 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    scrape(server)  # the observer has seen it end and let it go: a redrive must not count its first run again
    sfn.redrive_execution(executionArn=arn)
    while time.monotonic() < deadline:
        metrics = scrape(server)
        if value(metrics, "stepwise_executions_failed_total", state_machine="redriven") == 2:
            break
        time.sleep(0.05)
    assert value(metrics, "stepwise_executions_started_total", state_machine="redriven") == 1
    assert value(metrics, "stepwise_executions_redriven_total", state_machine="redriven") == 1
    assert value(metrics, "stepwise_executions_failed_total", state_machine="redriven") == 2


def test_concurrent_scrapes_count_each_event_once(server):
    import threading
    sfn = server.client()
    machine = sfn.create_state_machine(
        name="scraped", roleArn=ROLE,
        definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "Q"}, "Q": {"Type": "Pass", "End": True}}}))["stateMachineArn"]
    for i in range(5):
        sfn.start_execution(stateMachineArn=machine, name=f"s{i}")
    threads = [threading.Thread(target=scrape, args=(server,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        metrics = scrape(server)
        if value(metrics, "stepwise_executions_succeeded_total", state_machine="scraped") == 5:
            break
        time.sleep(0.05)
    assert value(metrics, "stepwise_executions_started_total", state_machine="scraped") == 5
    assert value(metrics, "stepwise_executions_succeeded_total", state_machine="scraped") == 5
    assert value(metrics, "stepwise_execution_time_seconds_count", state_machine="scraped") == 5


def test_every_execution_and_commit_is_counted_by_the_engine_without_scrapes(tmp_path):
    """The engine counts what it commits: executions that start and end between two scrapes, every Map iteration's
    states, and each group commit (stepwise_store_commit_*); after a restart, the gauges come from its queues."""
    db = str(tmp_path / "metrics.sqlite")
    server = Server("--db", db)
    try:
        sfn = server.client()
        machine = sfn.create_state_machine(
            name="mapped", roleArn=ROLE,
            definition=json.dumps({"StartAt": "Each", "States": {"Each": {
                "Type": "Map", "End": True, "ItemsPath": "$.items",
                "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}}}))["stateMachineArn"]
        arns = [sfn.start_execution(stateMachineArn=machine, input=json.dumps({"items": list(range(10))}))["executionArn"]
                for _ in range(3)]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(sfn.describe_execution(executionArn=a)["status"] == "RUNNING" for a in arns):
            time.sleep(0.05)
        metrics = scrape(server)  # the first scrape: everything happened before it
        assert value(metrics, "stepwise_executions_started_total", state_machine="mapped") == 3
        assert value(metrics, "stepwise_executions_succeeded_total", state_machine="mapped") == 3
        # Each execution enters the Map state once and the Pass state once per item.
        assert value(metrics, "stepwise_state_transitions_total") == 3 * 11
        assert value(metrics, "stepwise_store_commit_batch_size_count") >= 1
        assert value(metrics, "stepwise_store_commit_duration_seconds_count") >= 1
        assert value(metrics, "stepwise_executions_running", state_machine="mapped") == 0
        # The engine logs its events: each start and end, at info.
        log = "".join(server.log_lines)
        assert log.count("execution started") == 3 and log.count("execution ended") == 3, log[-2000:]

        activity = sfn.create_activity(name="after-restart")["activityArn"]
        waiting = sfn.create_state_machine(
            name="waiting", roleArn=ROLE,
            definition=json.dumps({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": activity, "End": True}}}))["stateMachineArn"]
        sfn.start_execution(stateMachineArn=waiting, name="w1")
    finally:
        server.stop()
    server = Server("--db", db, "--log-format", "json")
    try:
        metrics = scrape(server)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not any("resuming running executions" in l for l in server.log_lines):
            time.sleep(0.05)
        resumed = [json.loads(l) for l in server.log_lines if "resuming running executions" in l]
        assert resumed and resumed[0]["level"] == "notice" and str(resumed[0].get("count")) == "1", server.log_lines
        assert value(metrics, "stepwise_executions_running", state_machine="waiting") == 1
        assert value(metrics, "stepwise_activity_queue_depth", activity="after-restart") == 1
        assert value(metrics, "stepwise_activity_oldest_task_age_seconds", activity="after-restart") >= 0
    finally:
        server.stop()
