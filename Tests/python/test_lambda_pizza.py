"""The seed's make-dough/bake switch to Lambda, through the client: `stepwise serve --function MakeDough=pizza
--function Bake=pizza` runs those handlers as local Lambda functions whose bootstrap is the pizza executable itself
(its Lambda role, through the Runtime API), and `pizza --endpoint URL --on-lambda MakeDough --on-lambda Bake` lowers
their steps to lambda:invoke; the run gives the same output as the all-activity run."""
import os
import subprocess

import pytest

from conftest import ROOT, Server

PIZZA = os.environ.get("PIZZA_BIN", str(ROOT / ".build" / "debug" / "pizza"))


@pytest.fixture(scope="module")
def lambda_server():
    if not os.path.exists(PIZZA):
        pytest.skip(f"{PIZZA} is not built")
    running = Server("--in-memory", "--function", f"MakeDough={PIZZA}", "--function", f"Bake={PIZZA}")
    yield running
    running.stop()


def run_pizza(*args, timeout=120):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment.update({"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1"})
    result = subprocess.run([PIZZA, *args], capture_output=True, text=True, env=environment, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def test_pizza_with_handlers_on_lambda_through_the_endpoint(lambda_server):
    lines = run_pizza("--wait", "0", "--endpoint", lambda_server.endpoint, "--on-lambda", "MakeDough", "--on-lambda", "Bake")
    assert "status: SUCCEEDED" in lines
    embedded = run_pizza("--wait", "0")
    assert [l for l in lines if l.startswith("output:")] == [l for l in embedded if l.startswith("output:")]
    events = [line.split(" ", 1)[1] for line in lines if line[:1].isdigit()]
    assert events.count("TaskScheduled") == 2 and events.count("TaskSucceeded") == 2
    assert events.count("ActivityScheduled") == 7


@pytest.fixture(scope="module")
def bare_server():
    if not os.path.exists(PIZZA):
        pytest.skip(f"{PIZZA} is not built")
    running = Server("--in-memory")
    yield running
    running.stop()


def test_pizza_deploys_its_lambda_placements_through_the_lambda_api(bare_server):
    """No --function: pizza creates MakeDough and Bake through serve's Lambda API (the same ensure path as on AWS)."""
    import boto3
    lines = run_pizza("--wait", "0", "--endpoint", bare_server.endpoint, "--on-lambda", "MakeDough", "--on-lambda", "Bake")
    assert "status: SUCCEEDED" in lines
    lam = boto3.client("lambda", endpoint_url=bare_server.endpoint, region_name="us-east-1",
                       aws_access_key_id="test", aws_secret_access_key="test")
    dough = lam.get_function(FunctionName="MakeDough")
    assert dough["Configuration"]["Timeout"] == 30 and dough["Configuration"]["MemorySize"] == 512
    assert dough["Configuration"]["Runtime"] == "provided.al2023" and dough["Configuration"]["Handler"] == "MakeDough"
    assert dough["Concurrency"]["ReservedConcurrentExecutions"] == 2
    assert sorted(f["FunctionName"] for f in lam.list_functions()["Functions"]) == ["Bake", "MakeDough"]
    # Again: the functions are brought up to date in place, and the run still succeeds.
    again = run_pizza("--wait", "0", "--endpoint", bare_server.endpoint, "--on-lambda", "MakeDough")
    assert "status: SUCCEEDED" in again
