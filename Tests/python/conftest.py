"""Fixtures for the tests that drive `stepwise serve` with real AWS clients (boto3 and the aws CLI).

Each test module starts its own server (`stepwise serve --port 0 --in-memory`, or on a temporary database), reads
the port from the line "stepwise serve: listening on http://HOST:PORT" and stops the server by PID at the end.
The binary is $STEPWISE_BIN, else .build/debug/stepwise.
"""
import json
import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[2]
BINARY = os.environ.get("STEPWISE_BIN", str(ROOT / ".build" / "debug" / "stepwise"))
ACCOUNT = "123456789012"
REGION = "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/StepwiseTests"
CLIENT_ENV = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": REGION}


class Server:
    """A running `stepwise serve` subprocess."""

    def __init__(self, *args):
        self.process = subprocess.Popen(
            [BINARY, "serve", "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        self.endpoint = None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            match = re.search(r"listening on (http://[^\s]+)", line)
            if match:
                self.endpoint = match.group(1)
                break
        if self.endpoint is None:
            self.process.kill()
            raise RuntimeError(f"stepwise serve did not start: {self.process.stderr.read()}")
        # serve logs one line per request on standard error: keep reading it so the pipe never fills.
        self.log_lines = []
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.process.stderr:
            self.log_lines.append(line)

    def client(self, read_timeout=70):
        return boto3.client(
            "stepfunctions", endpoint_url=self.endpoint, region_name=REGION,
            aws_access_key_id="test", aws_secret_access_key="test",
            config=Config(retries={"max_attempts": 0}, read_timeout=read_timeout, connect_timeout=5,
                          inject_host_prefix=False))  # StartSyncExecution would go to sync-127.0.0.1

    def aws(self, *args, check=True):
        """Runs `aws stepfunctions ARGS` against the server; returns (exit code, parsed JSON or text, stderr)."""
        result = subprocess.run(
            ["aws", "--endpoint-url", self.endpoint, "--output", "json", "stepfunctions", *args],
            capture_output=True, text=True, env={**os.environ, **CLIENT_ENV}, timeout=60)
        if check and result.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} failed: {result.stderr}")
        body = result.stdout.strip()
        try:
            parsed = json.loads(body) if body else None
        except json.JSONDecodeError:
            parsed = body
        return result.returncode, parsed, result.stderr

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.process.poll() is None:
            os.kill(self.process.pid, sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode


@pytest.fixture(scope="module")
def server():
    running = Server("--in-memory")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def sfn(server):
    return server.client()


def serve_with_function(tmp_path_factory, name, bootstrap_script):
    """A `stepwise serve --in-memory` running one local Lambda function `name` whose bootstrap is the shell script
    given; yields its client and stops it after."""
    directory = tmp_path_factory.mktemp(name)
    bootstrap = directory / "bootstrap"
    bootstrap.write_text(bootstrap_script)
    bootstrap.chmod(0o755)
    running = Server("--in-memory", "--function", f"{name}={bootstrap}")
    try:
        yield running.client()
    finally:
        running.stop()


def machine_arn(name):
    return f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}"


def create_machine(sfn, name, definition, **extra):
    return sfn.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE, **extra)["stateMachineArn"]


def wait_for_status(sfn, execution_arn, timeout=20):
    """Polls DescribeExecution until the execution leaves RUNNING."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        described = sfn.describe_execution(executionArn=execution_arn)
        if described["status"] != "RUNNING":
            return described
        time.sleep(0.05)
    raise AssertionError(f"{execution_arn} still RUNNING after {timeout}s")


def full_history(sfn, execution_arn, **kwargs):
    events, token = [], None
    while True:
        page = sfn.get_execution_history(executionArn=execution_arn, **kwargs, **({"nextToken": token} if token else {}))
        events += page["events"]
        token = page.get("nextToken")
        if not token:
            return events
