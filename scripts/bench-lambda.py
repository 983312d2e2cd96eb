#!/usr/bin/env python3
"""Benchmarks of the local Lambda behind `stepwise serve` (docs/benchmarks.md, "Local Lambda").

Starts `stepwise serve --in-memory --port 0` ($STEPWISE_BIN, else .build/release/stepwise, else .build/debug/stepwise),
creates functions through Lambda's API from zips, and measures with boto3:

- warm round trip: `Invoke` of a function whose process is already running (p50 / p90 over N calls);
- cold start: `Invoke` right after `UpdateFunctionConfiguration` (which stops the idle processes), p50;
- throughput: one Standard execution of a Map over 1,000 items with MaxConcurrency 50, each item a
  `lambda:invoke` Task (measured on the second run, when the 50 processes are warm);
- memory: the resident set (VmRSS) of each warm function process after the Map.

Two runtimes: a `bootstrap` shell script using curl (a process per step of each invocation), and a `bootstrap`
in Python with one keep-alive connection (closer to a compiled runtime client). Run: python3 scripts/bench-lambda.py
"""
import io
import json
import os
import re
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import boto3
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[1]
ROLE = "arn:aws:iam::123456789012:role/bench"
INVOCATIONS = int(os.environ.get("BENCH_INVOCATIONS", "300"))

SHELL_BOOTSTRAP = r"""#!/bin/sh
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS="$(mktemp)"
  EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")" || exit 1
  ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '\r' | cut -d' ' -f2)"
  rm -f "$HEADERS"
  curl -sS -X POST -d "$EVENT" "$API/invocation/$ID/response" >/dev/null
done
"""

PYTHON_BOOTSTRAP = r"""#!/usr/bin/env python3
import http.client, os
host, _, prefix = os.environ["AWS_LAMBDA_RUNTIME_API"].partition("/")
prefix = "/" + prefix if prefix else ""
connection = http.client.HTTPConnection(host)
while True:
    connection.request("GET", prefix + "/2018-06-01/runtime/invocation/next")
    answer = connection.getresponse()
    event = answer.read()
    request_id = answer.getheader("Lambda-Runtime-Aws-Request-Id")
    connection.request("POST", f"{prefix}/2018-06-01/runtime/invocation/{request_id}/response", body=event)
    connection.getresponse().read()
"""


def binary():
    if os.environ.get("STEPWISE_BIN"):
        return os.environ["STEPWISE_BIN"]
    for configuration in ("release", "debug"):
        candidate = ROOT / ".build" / configuration / "stepwise"
        if candidate.exists():
            return str(candidate)
    sys.exit("build stepwise first (swift build -c release --product stepwise)")


def package(script):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("bootstrap")
        info.external_attr = (0o100755) << 16
        archive.writestr(info, script)
    return buffer.getvalue()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def rss_kb(pid):
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"VmRSS:\s+(\d+) kB", text)
    return int(match.group(1)) if match else None


def descendants(pid):
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(entry.name))
    return children


def bench(server_pid, endpoint, name, script):
    lam = boto3.client("lambda", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="x",
                       aws_secret_access_key="x", config=Config(retries={"max_attempts": 0}, read_timeout=120))
    sfn = boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="x",
                       aws_secret_access_key="x", config=Config(retries={"max_attempts": 0}))
    lam.create_function(FunctionName=name, Runtime="provided.al2023", Role=ROLE, Handler="echo", Timeout=30,
                        Code={"ZipFile": package(script)})
    payload = json.dumps({"n": 1}).encode()
    lam.invoke(FunctionName=name, Payload=payload)
    warm = []
    for _ in range(INVOCATIONS):
        started = time.perf_counter()
        lam.invoke(FunctionName=name, Payload=payload)["Payload"].read()
        warm.append((time.perf_counter() - started) * 1000)
    cold = []
    for timeout in range(10):
        lam.update_function_configuration(FunctionName=name, Timeout=20 + timeout)
        started = time.perf_counter()
        lam.invoke(FunctionName=name, Payload=payload)["Payload"].read()
        cold.append((time.perf_counter() - started) * 1000)
    definition = {"StartAt": "Each", "States": {"Each": {
        "Type": "Map", "MaxConcurrency": 50, "ItemsPath": "$.items",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Call", "States": {"Call": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": name, "Payload.$": "$"}, "OutputPath": "$.Payload", "End": True}}},
        "End": True}}}
    machine = sfn.create_state_machine(name=f"map-{name}", definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]
    items = json.dumps({"items": [{"i": i} for i in range(1000)]})
    rounds = []
    for _ in range(2):
        started = time.perf_counter()
        execution = sfn.start_execution(stateMachineArn=machine, input=items)["executionArn"]
        while True:
            described = sfn.describe_execution(executionArn=execution)
            if described["status"] != "RUNNING":
                break
            time.sleep(0.01)
        elapsed = time.perf_counter() - started
        assert described["status"] == "SUCCEEDED", described
        rounds.append(elapsed)
    # The server's children are this function's processes (the previous function was deleted, its processes killed).
    processes = [pid for pid in descendants(server_pid) if rss_kb(pid)]
    memory = [rss_kb(pid) for pid in processes]
    lam.delete_function(FunctionName=name)
    return {
        "warm_p50_ms": round(statistics.median(warm), 2), "warm_p90_ms": round(percentile(warm, 0.9), 2),
        "cold_p50_ms": round(statistics.median(cold), 1), "map_1000_seconds": round(rounds[-1], 2),
        "map_1000_per_second": round(1000 / rounds[-1], 1), "warm_processes": len(memory),
        "rss_per_process_mb": round(statistics.median(memory) / 1024, 1) if memory else None,
    }


def main():
    server = subprocess.Popen([binary(), "serve", "--in-memory", "--port", "0", "--log-level", "error"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        endpoint = None
        for line in server.stdout:
            match = re.search(r"listening on (http://\S+)", line)
            if match:
                endpoint = match.group(1)
                break
        if endpoint is None:
            sys.exit("stepwise serve did not start")
        results = {"shell+curl bootstrap": bench(server.pid, endpoint, "shell", SHELL_BOOTSTRAP),
                   "python bootstrap": bench(server.pid, endpoint, "python", PYTHON_BOOTSTRAP)}
        print(json.dumps({"binary": binary(), "invocations": INVOCATIONS, "results": results}, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
