"""The seed's pizza example end to end through the client: `pizza --endpoint URL` against `stepwise serve` on a free
loopback port, its handlers polling the served activities over HTTP, gives the same output and the same history
(the same events; concurrent branches may interleave differently) as the run on the embedded engine."""
import collections
import os
import subprocess

import pytest

from conftest import ROOT

PIZZA = os.environ.get("PIZZA_BIN", str(ROOT / ".build" / "debug" / "pizza"))


def run_pizza(*args, timeout=120):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment.update({"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1"})
    result = subprocess.run([PIZZA, *args], capture_output=True, text=True, env=environment, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def summary(lines):
    """status and output lines, and the history as a multiset of `type name` (ids dropped)."""
    head = [line for line in lines if line.startswith(("status:", "output:", "error:"))]
    events = collections.Counter(line.split(" ", 1)[1] for line in lines if line[:1].isdigit())
    return head, events


def test_pizza_through_the_endpoint_matches_the_embedded_run(server):
    if not os.path.exists(PIZZA):
        pytest.skip(f"{PIZZA} is not built")
    usage = subprocess.run([PIZZA, "--help"], capture_output=True, text=True, timeout=30).stdout
    if "--endpoint" not in usage:
        pytest.skip("this pizza build has no --endpoint option yet")
    embedded = summary(run_pizza("--wait", "0"))
    remote = summary(run_pizza("--wait", "0", "--endpoint", server.endpoint))
    assert remote[0] == embedded[0]
    assert remote[0][0] == "status: SUCCEEDED"
    assert remote[1] == embedded[1]
    assert remote[1]["ExecutionSucceeded"] == 1
