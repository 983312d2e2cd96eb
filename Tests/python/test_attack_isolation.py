"""Attack suite, isolation: runtime bombs (huge sorts, joins and ranges, an inline Map of 100,000 items, deep
values built state by state, a catastrophic regular expression) run while other clients are answered within a
second and another execution runs to its end; SIGTERM stops the server promptly whatever runs.

Each bomb's own answer is checked loosely (it may finish, or fail with the error AWS uses for its kind): what
this file proves is that the work runs outside the engine's lock, beside everything else."""
import json
import os
import signal
import threading
import time

import pytest

from attack_support import Liveness
from conftest import Server, create_machine, wait_for_status


@pytest.fixture(scope="module")
def server():
    running = Server("--in-memory")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def sfn(server):
    return server.client()


@pytest.fixture(scope="module")
def quick(sfn):
    """A machine whose executions take three Pass states: the 'other execution' run beside each bomb."""
    return create_machine(sfn, "QuickBeside", {"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "C"},
        "C": {"Type": "Pass", "Result": {"done": True}, "End": True}}})


def jsonata_pass(output):
    return {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": output, "End": True}}}


def inline_map(count):
    return {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {
        "Type": "Map", "Items": "{% [1.." + str(count) + "] %}",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I",
                          "States": {"I": {"Type": "Pass", "End": True}}},
        "End": True}}}


def deep_passes(count, depth):
    template = {"inner.$": "$"}
    for _ in range(depth - 1):
        template = {"w": template}
    states = {}
    for index in range(count):
        state = {"Type": "Pass", "Parameters": template}
        state.update({"Next": f"P{index + 1}"} if index + 1 < count else {"End": True})
        states[f"P{index}"] = state
    return {"StartAt": "P0", "States": states}


# Each bomb: (machine name, definition, input, the statuses and errors its own execution may end with).
BOMBS = [
    ("SortMillion", jsonata_pass("{% $count($sort([1..1000000])) %}"), "{}",
     {"SUCCEEDED", "FAILED"}, {None, "States.QueryEvaluationError"}),
    ("SortByFunction", jsonata_pass("{% $count($sort([1..20000], function($a, $b) { $a < $b })) %}"), "{}",
     {"SUCCEEDED", "FAILED"}, {None, "States.QueryEvaluationError"}),
    ("JoinMapped", jsonata_pass("{% $length($join($map([1..30000], function($v) { $string($v) }), ',')) %}"), "{}",
     {"SUCCEEDED", "FAILED"}, {None, "States.QueryEvaluationError", "States.DataLimitExceeded"}),
    ("RangeBillion", jsonata_pass("{% $count([0..1000000000]) %}"), "{}",
     {"FAILED", "SUCCEEDED"}, {None, "States.QueryEvaluationError"}),
    ("IntrinsicRange", {"StartAt": "R", "States": {"R": {
        "Type": "Pass", "Parameters": {"r.$": "States.ArrayRange(0, 100000000, 1)"}, "End": True}}}, "{}",
     {"FAILED"}, {"States.IntrinsicFailure"}),
    ("InlineMap100k", inline_map(100_000), "{}",
     {"FAILED", "SUCCEEDED"}, {None, "States.Runtime", "States.DataLimitExceeded", "States.QueryEvaluationError"}),
    ("DeepPasses", deep_passes(12, 500), "{}", {"FAILED"}, {"States.Runtime"}),
    ("Backtracking", jsonata_pass("{% $match($states.input.s, /(a+)+$/) %}"), json.dumps({"s": "a" * 5000 + "!"}),
     {"SUCCEEDED", "FAILED"}, {None, "States.QueryEvaluationError"}),
    # Memory bombs: each doubles or repeats a value in few steps, and fails its state at the evaluation's memory
    # budget (128 MiB), not by taking the server's memory.
    ("DoublingString", jsonata_pass("{% $length($reduce([1..40], function($a, $b) { $a & $a }, 'x')) %}"), "{}",
     {"FAILED"}, {"States.QueryEvaluationError"}),
    ("DoublingArray", jsonata_pass("{% $count($reduce([1..40], function($a, $b) { $append($a, $a) }, [1])) %}"), "{}",
     {"FAILED"}, {"States.QueryEvaluationError"}),
    ("RepeatedValueWritten", jsonata_pass("{% $length($string([1..100000].[$states.input.a])) %}"),
     json.dumps({"a": list(range(1000))}), {"FAILED"}, {"States.QueryEvaluationError"}),
]


def peak_rss_mib(pid):
    """The process's peak resident memory so far (VmHWM), in MiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return 0


@pytest.mark.parametrize("name", ["DoublingString", "DoublingArray", "RepeatedValueWritten"])
def test_a_memory_bomb_fails_within_its_budget(name):
    """A memory bomb fails its own state with the cause naming the memory limit, and the server's peak memory stays
    within a few times the 128 MiB budget (before the budget, these took 1.2-2.3 GiB and more)."""
    _, definition, payload, _, _ = next(bomb for bomb in BOMBS if bomb[0] == name)
    running = Server("--in-memory")
    try:
        sfn = running.client()
        machine = create_machine(sfn, name, definition)
        execution = sfn.start_execution(stateMachineArn=machine, input=payload)["executionArn"]
        described = wait_for_status(sfn, execution, timeout=300)
        assert described["status"] == "FAILED", described
        assert described["error"] == "States.QueryEvaluationError", described
        assert "memory limit" in described["cause"], described
        assert peak_rss_mib(running.process.pid) < 700, peak_rss_mib(running.process.pid)
    finally:
        running.stop()


@pytest.mark.parametrize("name,definition,payload,statuses,errors", BOMBS, ids=[bomb[0] for bomb in BOMBS])
def test_a_bomb_runs_beside_other_work(server, sfn, quick, name, definition, payload, statuses, errors):
    bomb = create_machine(sfn, name, definition)
    with Liveness(server) as live:
        started = time.monotonic()
        execution = sfn.start_execution(stateMachineArn=bomb, input=payload)["executionArn"]
        assert time.monotonic() - started < 1.0, "StartExecution waited for the bomb"
        # Another execution starts and ends meanwhile (its StartExecution waits for its own first step only).
        other = sfn.start_execution(stateMachineArn=quick, input="{}")["executionArn"]
        done = wait_for_status(sfn, other, timeout=10)
        assert done["status"] == "SUCCEEDED" and json.loads(done["output"]) == {"done": True}
        # Sized to take seconds in a debug build on a busy machine (a release build is several times faster).
        described = wait_for_status(sfn, execution, timeout=300)
    live.check()
    assert described["status"] in statuses, described
    assert described.get("error") in errors, described


def test_sigterm_stops_the_server_while_a_bomb_runs():
    server = Server("--in-memory")
    try:
        sfn = server.client()
        bomb = create_machine(sfn, "SortBeforeStop", jsonata_pass(
            "{% $count($sort($map([1..1000000], function($v) { -$v }))) %}"))
        sfn.start_execution(stateMachineArn=bomb, input="{}")
        # Ask while the evaluation runs: the server is answering, then stops at once on SIGTERM.
        sfn.list_state_machines()
        started = time.monotonic()
        os.kill(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=30)
        elapsed = time.monotonic() - started
        assert elapsed < 5.0, f"SIGTERM took {elapsed:.1f} s to stop the server"
    finally:
        server.stop(signal.SIGKILL)


def test_many_bombs_at_once_leave_the_api_answering(server, sfn):
    bomb = create_machine(sfn, "SortMany", jsonata_pass("{% $count($sort([1..1000000])) %}"))
    with Liveness(server) as live:
        executions = [sfn.start_execution(stateMachineArn=bomb, input="{}")["executionArn"] for _ in range(6)]
        results = [wait_for_status(sfn, arn, timeout=300) for arn in executions]
    live.check()
    assert all(result["status"] in ("SUCCEEDED", "FAILED") for result in results)
