"""The `stepwise` commands a person operates executions with (`machines`, `activities`, `executions`, `history`
with `--follow`, `stop`, `redrive`, `delete`, `task success|failure|heartbeat|get`), on a temporary embedded
database (`--db`) and against `stepwise serve --port 0 --in-memory`: exact lines where they are stable, ISO 8601
dates, one-line errors with exit status 1 (2 for usage), and the warning for an activity that no worker polls."""
import json
import os
import re
import signal
import subprocess
import time

import pytest

from conftest import ACCOUNT, BINARY, REGION

ISO_UTC = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"
ISO_KOLKATA = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+05:30"
STATES = f"arn:aws:states:{REGION}:{ACCOUNT}"

NESTED = {"StartAt": "Both", "States": {
    "Both": {"Type": "Parallel", "ResultPath": None, "Next": "Each", "Branches": [
        {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": True}}},
        {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "End": True}}}]},
    "Each": {"Type": "Map", "ItemsPath": "$.items", "End": True, "ItemProcessor": {"StartAt": "In", "States": {
        "In": {"Type": "Pass", "Next": "Boom"},
        "Boom": {"Type": "Fail", "Error": "Oven.Broken", "Cause": "too\ncold"}}}}}}
WAITS = {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 3600, "End": True}}}


def bake(activity):
    return {"StartAt": "Bake", "States": {
        "Bake": {"Type": "Task", "Resource": f"{STATES}:activity:{activity}", "End": True}}}


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("home")


def environment(home, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k not in ("STEPWISE_DB", "TZ")}
    env.update({"HOME": str(home), "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "TZ": "UTC"}, **extra)
    return env


def stepwise(home, *args, timeout=90, **env):
    result = subprocess.run([BINARY, *args], capture_output=True, text=True, env=environment(home, **env), timeout=timeout)
    assert "Fatal error" not in result.stderr and "Stack dump" not in result.stderr, result.stderr
    return result


def ok(home, *args, **env):
    result = stepwise(home, *args, **env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def cells(line):
    return re.split(r"  +", line)


def write(tmp_path, name, definition):
    path = tmp_path / name
    path.write_text(definition if isinstance(definition, str) else json.dumps(definition))
    return str(path)


@pytest.fixture(params=["remote", "embedded"])
def target(request, server, tmp_path):
    if request.param == "remote":
        return ["--endpoint", server.endpoint]
    return ["--db", str(tmp_path / "engine.sqlite")]


def unique(tmp_path, prefix):
    return f"{prefix}-{abs(hash(str(tmp_path))) % 10**8}"


def test_machines_and_activities(home, tmp_path, target):
    name = unique(tmp_path, "listed")
    activity = unique(tmp_path, "oven")
    path = write(tmp_path, "bake.asl.json", bake(activity))
    assert ok(home, "deploy", path, "--name", name, *target).splitlines()[-1] == f"created {STATES}:stateMachine:{name}"

    table = ok(home, "machines", *target).splitlines()
    assert cells(table[0]) == ["NAME", "TYPE", "CREATED", "ARN"]
    row = next(cells(line) for line in table[1:] if cells(line)[0] == name)
    assert row[1] == "STANDARD" and re.fullmatch(ISO_UTC, row[2]) and row[3] == f"{STATES}:stateMachine:{name}"
    as_json = [json.loads(line) for line in ok(home, "machines", "--output", "json", *target).splitlines()]
    mine = next(machine for machine in as_json if machine["name"] == name)
    assert mine["stateMachineArn"] == f"{STATES}:stateMachine:{name}" and mine["type"] == "STANDARD"
    assert re.fullmatch(ISO_UTC, mine["creationDate"])

    table = ok(home, "activities", *target).splitlines()
    assert cells(table[0]) == ["NAME", "CREATED", "ARN"]
    row = next(cells(line) for line in table[1:] if cells(line)[0] == activity)
    assert re.fullmatch(ISO_UTC, row[1]) and row[2] == f"{STATES}:activity:{activity}"
    # The local time zone by default, UTC with --utc.
    local = ok(home, "activities", *target, TZ="Asia/Kolkata").splitlines()
    assert re.fullmatch(ISO_KOLKATA, next(cells(line)[1] for line in local if cells(line)[0] == activity))
    utc = ok(home, "activities", "--utc", *target, TZ="Asia/Kolkata").splitlines()
    assert re.fullmatch(ISO_UTC, next(cells(line)[1] for line in utc if cells(line)[0] == activity))

    assert ok(home, "delete", "--activity", activity, *target) == f"deleted {STATES}:activity:{activity}\n"
    assert ok(home, "delete", name, *target) == f"deleted {STATES}:stateMachine:{name}\n"
    assert name not in ok(home, "machines", *target)
    assert activity not in ok(home, "activities", *target)
    gone = stepwise(home, "delete", name, *target)
    assert (gone.returncode, gone.stderr) == (1, f"error: there is no state machine named {name}\n")


def test_history_shows_time_elapsed_state_path_error_and_cause(home, tmp_path, target):
    name = unique(tmp_path, "nested")
    ok(home, "deploy", write(tmp_path, "nested.asl.json", NESTED), "--name", name, *target)
    failed = stepwise(home, "start", name, "--name", "run1", "--input", '{"items": [1, 2]}', "--wait", *target)
    assert failed.returncode == 1
    assert failed.stderr == "error: execution FAILED: Oven.Broken: too cold\n"

    lines = ok(home, "history", f"{name}/run1", *target).splitlines()
    rows = [cells(line) for line in lines]
    assert rows[0] == ["TIME", "ELAPSED", "ID", "EVENT", "STATE", "ERROR", "CAUSE"]
    assert all(re.fullmatch(ISO_UTC, row[0]) for row in rows[1:])
    assert all(re.fullmatch(r"\d+\.\d{3}s|\d+m\d{2}\.\d{3}s", row[1]) for row in rows[1:])
    by_id = {row[2]: row[3:] for row in rows[1:]}
    assert by_id["4"] == ["PassStateEntered", "Both#0/Left"]
    assert by_id["6"] == ["PassStateEntered", "Both#1/Right"]
    assert by_id["8"] == ["ParallelStateSucceeded", "Both"]
    assert ["MapIterationStarted", "Each[1]"] in by_id.values()
    assert ["PassStateEntered", "Each[1]/In"] in by_id.values()
    assert ["FailStateEntered", "Each[0]/Boom"] in by_id.values()
    assert ["MapStateFailed", "Each"] in by_id.values()
    last = rows[-1]
    assert last[3:] == ["ExecutionFailed", "Oven.Broken", "too\\ncold"]  # a cause stays on its line

    # Following an execution that has stopped prints its history and ends.
    followed = ok(home, "history", f"{name}/run1", "--follow", *target).splitlines()
    assert [cells(line)[2:] for line in followed] == [row[2:] for row in rows]

    reverse = ok(home, "history", f"{name}/run1", "--reverse", *target).splitlines()
    assert reverse[0] == lines[0] and cells(reverse[1])[2] == last[2]
    events = [json.loads(line) for line in ok(home, "history", f"{name}/run1", "--output", "json", *target).splitlines()]
    assert events[-1]["executionFailedEventDetails"] == {"error": "Oven.Broken", "cause": "too\ncold"}
    assert all(re.fullmatch(ISO_UTC, event["timestamp"]) for event in events)
    kolkata = ok(home, "history", f"{name}/run1", *target, TZ="Asia/Kolkata").splitlines()
    assert re.fullmatch(ISO_KOLKATA, cells(kolkata[1])[0])

    table = ok(home, "executions", name, *target).splitlines()
    assert cells(table[0]) == ["STATUS", "NAME", "STARTED", "STOPPED", "ARN"]
    status, execution, started, stopped, arn = cells(table[1])
    assert (status, execution, arn) == ("FAILED", "run1", f"{STATES}:execution:{name}:run1")
    assert re.fullmatch(ISO_UTC, started) and re.fullmatch(ISO_UTC, stopped)
    everything = ok(home, "executions", *target).splitlines()
    assert cells(everything[0]) == ["STATUS", "MACHINE", "NAME", "STARTED", "STOPPED", "ARN"]
    assert ["FAILED", name, "run1"] in [cells(line)[:3] for line in everything[1:]]


def test_stop_redrive_and_delete(home, tmp_path, target):
    name = unique(tmp_path, "naps")
    ok(home, "deploy", write(tmp_path, "naps.asl.json", WAITS), "--name", name, *target)
    started = ok(home, "start", name, "--name", "long", *target)
    arn = f"{STATES}:execution:{name}:long"
    assert started == f"started {name} {arn}\n"
    stopped = ok(home, "stop", f"{name}/long", "--error", "Ops.Stopped", "--cause", "by hand", *target)
    assert re.fullmatch(rf"stopped {re.escape(arn)} at {ISO_UTC}\n", stopped)
    described = json.loads(ok(home, "describe", arn, *target))
    assert (described["status"], described["error"], described["cause"]) == ("ABORTED", "Ops.Stopped", "by hand")
    history = ok(home, "history", arn, *target).splitlines()
    assert cells(history[-1])[3:] == ["ExecutionAborted", "Ops.Stopped", "by hand"]

    again = stepwise(home, "stop", arn, *target)
    assert again.returncode == 0 or again.stderr.startswith("error: ")  # AWS answers success for a stopped execution

    redriven = ok(home, "redrive", arn, *target)
    assert re.fullmatch(rf"redriven {re.escape(arn)} at {ISO_UTC}\n", redriven)
    assert json.loads(ok(home, "describe", arn, *target))["status"] == "RUNNING"
    ok(home, "stop", arn, *target)

    succeeded = ok(home, "deploy", write(tmp_path, "quick.json", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}),
                   "--name", f"{name}-quick", *target)
    assert succeeded.startswith("created ")
    ok(home, "start", f"{name}-quick", "--name", "done", "--wait", *target)
    refused = stepwise(home, "redrive", f"{name}-quick/done", *target)
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: ExecutionNotRedrivable: ") and refused.stderr.count("\n") == 1


def test_task_commands(home, tmp_path, target):
    activity = unique(tmp_path, "kiln")
    name = unique(tmp_path, "fires")
    ok(home, "deploy", write(tmp_path, "fires.json", bake(activity)), "--name", name, *target)
    ok(home, "start", name, "--name", "one", "--input", '{"clay": 1}', *target)
    token, task_input = ok(home, "task", "get", activity, *target).splitlines()
    assert json.loads(task_input) == {"clay": 1}
    assert ok(home, "task", "heartbeat", token, *target) == "task heartbeat sent\n"
    (tmp_path / "token").write_text(token + "\n")
    assert ok(home, "task", "success", f"@{tmp_path / 'token'}", "--task-output", '{"fired": true}', *target) == "task success sent\n"
    described = json.loads(ok(home, "describe", f"{name}/one", *target))
    assert described["status"] == "SUCCEEDED" and json.loads(described["output"]) == {"fired": True}

    ok(home, "start", name, "--name", "two", *target)
    task = json.loads(ok(home, "task", "get", f"{STATES}:activity:{activity}", "--output", "json", *target))
    assert json.loads(task["input"]) == {}
    result = subprocess.run([BINARY, "task", "failure", "-", "--error", "Kiln.Cracked", "--cause", "too hot", *target],
                            input=task["taskToken"], capture_output=True, text=True, env=environment(home), timeout=60)
    assert (result.returncode, result.stdout) == (0, "task failure sent\n"), result.stderr
    history = ok(home, "history", f"{name}/two", *target).splitlines()
    assert cells(history[-1])[3:] == ["ExecutionFailed", "Kiln.Cracked", "too hot"]
    started_recorded = ["ActivityStarted", "Bake"] in [cells(line)[3:5] for line in history]

    # A token that was answered, and bad output: one line each.
    late = stepwise(home, "task", "heartbeat", token, *target)
    assert late.returncode == 1 and late.stderr.startswith("error: TaskTimedOut") and late.stderr.count("\n") == 1
    bad = stepwise(home, "task", "success", token, "--task-output", "{oops", *target)
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: --task-output must be JSON or @FILE (a file holding JSON): ")
    missing = stepwise(home, "task", "success", token, *target)
    assert missing.returncode == 2 and "--task-output" in missing.stderr
    # A process that takes a task and exits at once keeps its ActivityStarted (the engine's last commits are not
    # cancelled with it).
    assert started_recorded, "ActivityStarted missing from the history"


def test_deploy_reports_definition_errors_before_creating_anything(home, tmp_path, target):
    activity = unique(tmp_path, "never")
    broken = bake(activity)
    broken["States"]["Bake"].pop("End")
    broken["States"]["Bake"]["Next"] = "Srve"
    broken["States"]["Serve"] = {"Type": "Pass", "End": True}
    path = write(tmp_path, "broken.asl.json", broken)
    result = stepwise(home, "deploy", path, *target)
    assert result.returncode == 1
    assert result.stdout == ""
    # Every error, one line each, in the format of `stepwise validate`.
    assert result.stderr.splitlines() == [
        f"error: {path}: ERROR MISSING_TRANSITION_TARGET at /States/Bake/Next: Missing 'Next' target: Srve",
        f"error: {path}: ERROR MISSING_TRANSITION_TARGET at /States/Serve: State \"Serve\" is not reachable."]
    assert activity not in ok(home, "activities", *target)
    assert "broken" not in ok(home, "machines", *target)


def test_machine_name_from_file_drops_asl_json(home, tmp_path, target):
    path = write(tmp_path, "order-totals.asl.json", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    assert ok(home, "deploy", path, *target) == f"created {STATES}:stateMachine:order-totals\n"


def test_start_wait_says_which_activity_has_no_worker(home, tmp_path, target):
    activity = unique(tmp_path, "lonely")
    name = unique(tmp_path, "lonely-run")
    ok(home, "deploy", write(tmp_path, "lonely.json", bake(activity)), "--name", name, *target)
    process = subprocess.Popen([BINARY, "start", name, "--name", "waits", "--wait", "--warn-after", "1", *target],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment(home))
    try:
        # The first line arrives through the pipe while the execution still runs (printed at once).
        assert process.stdout.readline() == f"started {name} {STATES}:execution:{name}:waits\n"
        warning = process.stderr.readline()
        assert warning == (f"warning: no worker is polling activity {activity}: the task of state Bake has waited "
                           f"{warning.split('has waited ')[1].split(' s')[0]} s (ActivityScheduled, no ActivityStarted); "
                           f"start a worker for {STATES}:activity:{activity}\n")
        if target[0] == "--endpoint":
            token = ok(home, "task", "get", activity, *target).splitlines()[0]
            ok(home, "task", "success", token, "--task-output", '{"baked": 1}', *target)
            out, err = process.communicate(timeout=30)
            assert process.returncode == 0, err
            assert json.loads(out) == {"baked": 1}
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            process.wait(timeout=10)


def test_history_follow_prints_events_until_the_end(home, tmp_path, server):
    target = ["--endpoint", server.endpoint]
    activity = unique(tmp_path, "followed")
    name = unique(tmp_path, "follows")
    ok(home, "deploy", write(tmp_path, "follow.json", bake(activity)), "--name", name, *target)
    ok(home, "start", name, "--name", "f", *target)
    process = subprocess.Popen([BINARY, "history", f"{name}/f", "--follow", "--warn-after", "1", *target],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment(home))
    try:
        assert cells(process.stdout.readline().rstrip("\n")) == ["TIME", "ELAPSED", "ID", "EVENT", "STATE", "ERROR", "CAUSE"]
        seen = [cells(process.stdout.readline().rstrip("\n"))[3:5] for _ in range(3)]
        assert seen == [["ExecutionStarted"], ["TaskStateEntered", "Bake"], ["ActivityScheduled", "Bake"]]
        assert process.stderr.readline().startswith(f"warning: no worker is polling activity {activity}: ")
        token = ok(home, "task", "get", activity, *target).splitlines()[0]
        ok(home, "task", "success", token, "--task-output", "{}", *target)
        out, err = process.communicate(timeout=30)
        assert process.returncode == 0, err
        assert [cells(line)[3] for line in out.splitlines()] == [
            "ActivityStarted", "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded"]
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            process.wait(timeout=10)


@pytest.mark.parametrize("args, status, message", [
    (["deploy", "/nonexistent/m.asl.json"], 1, "error: cannot read the definition file /nonexistent/m.asl.json: no such file"),
    (["deploy", "@DIR"], 1, "error: cannot read the definition file @DIR: it is a directory"),
    (["start", "m", "--input", "{x"], 1,
     "error: --input must be JSON or @FILE (a file holding JSON): Unexpected 'x'; expected a member name in double quotes at line 1, column 2"),
    (["start", "m", "--input", "@/nonexistent.json"], 1, "error: cannot read the --input file /nonexistent.json: no such file"),
    (["history", "m/e", "--follow", "--reverse"], 2, "--reverse and --follow exclude each other"),
    (["machines", "--output", "yaml"], 2, "yaml"),
    (["stop"], 2, "Missing expected argument"),
    (["executions", "--limit", "0"], 2, "--limit must be at least 1"),
    (["task", "get", "no-such-activity"], 1, "error: there is no activity named no-such-activity"),
    # A mistyped command names itself and the nearest command (ArgumentParser alone said "2 unexpected arguments").
    (["runn", "m.asl.json"], 2, "error: 'runn' is not a stepwise command. Did you mean 'stepwise run'? The commands: validate, run, serve,"),
    (["task", "sucess", "token"], 2, "error: 'sucess' is not a stepwise task command. Did you mean 'stepwise task success'?"),
    (["frobnicate"], 2, "error: 'frobnicate' is not a stepwise command. The commands:"),
])
def test_errors_are_one_line(home, tmp_path, args, status, message):
    replaced = [str(tmp_path) if arg == "@DIR" else arg.replace("@DIR", str(tmp_path)) for arg in args]
    result = stepwise(home, *replaced, "--db", str(tmp_path / "e.sqlite"))
    assert result.returncode == status, result.stderr
    assert message.replace("@DIR", str(tmp_path)) in result.stderr
    if status == 1:
        assert result.stderr.count("\n") == 1 and "Usage" not in result.stderr
    assert "NSCocoaErrorDomain" not in result.stderr and "errno" not in result.stderr


def test_endpoint_and_port_errors_are_one_line(home, server):
    port = int(server.endpoint.rsplit(":", 1)[1])
    busy = stepwise(home, "serve", "--port", str(port), "--in-memory", timeout=30)
    assert busy.returncode == 1
    assert busy.stderr.endswith(f"error: cannot listen on 127.0.0.1:{port}: the port is already in use "
                                "(another stepwise serve?); choose another with --port, or --port 0\n")
    unreachable = stepwise(home, "machines", "--endpoint", "http://127.0.0.1:9")
    assert unreachable.returncode == 1
    assert unreachable.stderr == ("error: the Step Functions endpoint http://127.0.0.1:9 does not answer "
                                  "(connection refused): is the server running?\n")


@pytest.mark.parametrize("args, expected", [
    (["--help"], ["machines", "activities", "stop", "redrive", "delete", "task", "history"]),
    (["help", "task"], ["success", "failure", "heartbeat", "get"]),
    (["history", "--help"], ["--follow", "--utc", "--output <output>", "--warn-after"]),
])
def test_help_exits_zero(home, args, expected):
    result = stepwise(home, *args)
    assert result.returncode == 0, result.stderr
    assert all(word in result.stdout for word in expected), result.stdout
    assert "error" not in result.stderr


def test_describe_prints_iso_dates(home, tmp_path, target):
    name = unique(tmp_path, "described")
    ok(home, "deploy", write(tmp_path, "d.json", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}),
       "--name", name, *target)
    ok(home, "start", name, "--name", "d", "--wait", *target)
    described = json.loads(ok(home, "describe", f"{name}/d", *target))
    assert re.fullmatch(ISO_UTC, described["startDate"]) and re.fullmatch(ISO_UTC, described["stopDate"])
    local = json.loads(ok(home, "describe", f"{name}/d", *target, TZ="Asia/Kolkata"))
    assert re.fullmatch(ISO_KOLKATA, local["startDate"])
    assert re.fullmatch(ISO_UTC, json.loads(ok(home, "describe", f"{name}/d", "--utc", *target, TZ="Asia/Kolkata"))["stopDate"])


def test_table_keeps_names_that_are_not_ascii(home, tmp_path, target):
    name = unique(tmp_path, "pizza")
    definition = {"StartAt": "Bake 🍕 ü", "States": {"Bake 🍕 ü": {"Type": "Pass", "Next": "Done"}, "Done": {"Type": "Succeed"}}}
    ok(home, "deploy", write(tmp_path, "p.json", definition), "--name", name, *target)
    ok(home, "start", name, "--name", "n", "--wait", *target)
    rows = [cells(line) for line in ok(home, "history", f"{name}/n", *target).splitlines()]
    assert [row[3:] for row in rows[1:4]] == [["ExecutionStarted"], ["PassStateEntered", "Bake 🍕 ü"], ["PassStateExited", "Bake 🍕 ü"]]


def test_express_executions_are_not_listed(home, tmp_path, target):
    # As on AWS, an EXPRESS machine's executions are not listed: `executions` of all machines leaves them out, and of
    # that machine alone says why in one line.
    name = unique(tmp_path, "quick")
    path = write(tmp_path, f"{name}.asl.json", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    ok(home, "deploy", path, "--type", "EXPRESS", *target)
    result = stepwise(home, "executions", name, *target)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (f"error: {name} is an EXPRESS state machine: its executions are not listed, as on AWS "
                             "(StartSyncExecution answers each one's result)\n")
    assert ok(home, "executions", *target).splitlines()[0].startswith("STATUS")


def test_serve_stops_cleanly_after_its_reader_went_away(home):
    # `stepwise serve | head -1`: the reader of standard output has gone when the server says it stopped. The write
    # fails (EPIPE) and the line is dropped; the server used to trap on it ("Fatal error ... Broken pipe").
    process = subprocess.Popen([BINARY, "serve", "--port", "0", "--in-memory"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=environment(home))
    try:
        assert process.stdout.readline().startswith("stepwise serve: listening on http://127.0.0.1:")
        process.stdout.close()
        os.kill(process.pid, signal.SIGTERM)
        err = process.stderr.read()
        assert process.wait(timeout=30) == 0, err
        assert "Fatal error" not in err
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def test_run_leaves_only_the_database_file(home, tmp_path):
    # The README: the WAL "is folded back in and removed when the engine closes the file (when `serve` or a command
    # exits ...)". `run` exited with its engine shut down but the file still open, leaving an 18 MB -wal and the -shm.
    database = tmp_path / "run.sqlite"
    machine = write(tmp_path, "quick.asl.json", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    for _ in range(2):
        assert json.loads(ok(home, "run", machine, "--input", '{"a": 1}', "--db", str(database))) == {"a": 1}
        assert sorted(path.name for path in tmp_path.glob("run.sqlite*")) == ["run.sqlite", "run.sqlite.owner"]
    assert len(ok(home, "executions", "--db", str(database)).splitlines()) == 3


@pytest.mark.parametrize("command", [["machines"], ["activities"], ["executions"], ["describe", "m/e"],
                                     ["history", "m/e"], ["graph", "m"]])
def test_reading_commands_create_no_database(home, tmp_path, command):
    # A mistyped --db made a reading command create the file (and its directories) and list nothing without a word.
    database = tmp_path / "typo" / "enigne.sqlite"
    result = stepwise(home, *command, "--db", str(database))
    assert f"stepwise: there is no database at {database} yet (nothing has run there)\n" in result.stderr
    assert result.returncode == (0 if len(command) == 1 else 1), result.stderr
    assert not (tmp_path / "typo").exists()


LOOPING_BOOTSTRAP = """#!/bin/sh
echo $$ > "PID_FILE"
while true; do
  curl -sS -o /dev/null "http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation/next" || sleep 1
done
"""


def alive(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            return "\nState:\tZ" not in status.read()
    except FileNotFoundError:
        return False


def test_run_stopped_by_sigterm_kills_its_functions_and_says_the_execution_resumes(home, tmp_path):
    # SIGTERM (or Ctrl-C) on `run --function` killed only `run`: the function's bootstrap, started through a shell in a
    # process group of its own, went on looping, and nothing said what became of the execution.
    bootstrap = tmp_path / "bootstrap"
    pid_file = tmp_path / "bootstrap.pid"
    bootstrap.write_text(LOOPING_BOOTSTRAP.replace("PID_FILE", str(pid_file)))
    bootstrap.chmod(0o755)
    machine = write(tmp_path, "slow.asl.json", {"StartAt": "L", "States": {"L": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f", "Payload": {}},
        "End": True}}})
    database = tmp_path / "slow.sqlite"
    process = subprocess.Popen([BINARY, "run", machine, "--db", str(database), "--function", f"f={bootstrap}"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=environment(home))
    try:
        deadline = time.time() + 30
        while not (pid_file.exists() and pid_file.read_text().strip()) and time.time() < deadline:
            time.sleep(0.1)
        bootstrap_pid = int(pid_file.read_text())
        time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 143, stderr
    assert re.fullmatch(rf"stepwise: stopped waiting; the execution {STATES}:execution:slow:[0-9a-f-]{{36}} stays RUNNING in "
                        rf"{re.escape(str(database))} and resumes when an engine has that file open \(stepwise serve, or "
                        r"stepwise run again\)\n", stderr), stderr
    deadline = time.time() + 5
    while alive(bootstrap_pid) and time.time() < deadline:
        time.sleep(0.1)
    survived = alive(bootstrap_pid)
    if survived:
        os.kill(bootstrap_pid, signal.SIGKILL)  # not left behind by a failing run of this test
    assert not survived
    listed = ok(home, "executions", "--db", str(database)).splitlines()
    assert cells(listed[1])[:2] == ["RUNNING", "slow"]
