#!/usr/bin/env python3
"""The client floor of sfn_bench.py's activity workloads: what activity_seq and activity_conc measure when
the server does no work at all.

client_floor.py gives boto3's per-call floor (one DescribeExecution or StartExecution against a canned stub).
An activity round trip is several calls on two threads: the starter's StartExecution, the worker's
GetActivityTask (a long poll that returns when the task appears) and SendTaskSuccess, then the starter's
DescribeExecution polls with their backoff sleeps. This script measures that floor directly: it runs
sfn_bench.py's own w_activity_seq and w_activity_conc (imported, unchanged: same threads, clients, polling
and counts) against a loopback stub that answers each call at once, from a few dictionaries:

- StartExecution queues a task and returns; GetActivityTask hands out a queued task at once or parks until one
  is queued (up to 60 s, as AWS); SendTaskSuccess makes the execution SUCCEEDED; DescribeExecution reports it.
- Everything else the workloads call (CreateActivity, CreateStateMachine, Delete*) answers canned JSON.

The stub is Python too: its own request handling (~0.1 ms per call) is inside the floor, as in
client_floor.py. It also prints the per-call floor and the call count, for the analytical floor
(calls on the critical path × per-call floor).

Usage: python3 bench/activity_floor.py [--bench /work/shared/bench/sfn_bench.py] [--only activity_seq,activity_conc]
                                       [--calls 300] [--json-out F]
Binds 127.0.0.1 on a free port, talks to nothing else, and stops itself.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import socket
import statistics
import sys
import threading
import time
import uuid
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
from botocore.config import Config

REGION = "us-east-1"
ACCOUNT = "123456789012"
POLL_LIMIT_S = 60.0


class StubState:
    """The few facts the activity workloads need, behind one lock."""

    def __init__(self):
        self.lock = threading.Condition()
        self.executions: dict[str, dict] = {}  # arn -> {"status", "input", "startDate", "stopDate", machine}
        self.queues: dict[str, deque] = {}  # activity arn -> tokens
        self.tokens: dict[str, str] = {}  # token -> execution arn
        self.machines: dict[str, str] = {}  # machine arn -> activity arn
        self.calls: dict[str, int] = {}

    def count(self, op: str) -> None:
        with self.lock:
            self.calls[op] = self.calls.get(op, 0) + 1


STATE = StubState()


def handle(op: str, body: dict) -> dict:
    now = time.time()
    s = STATE
    if op == "CreateActivity":
        arn = f"arn:aws:states:{REGION}:{ACCOUNT}:activity:{body['name']}"
        with s.lock:
            s.queues.setdefault(arn, deque())
        return {"activityArn": arn, "creationDate": now}
    if op == "CreateStateMachine":
        arn = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{body['name']}"
        definition = json.loads(body["definition"])
        task = definition["States"][definition["StartAt"]]
        with s.lock:
            s.machines[arn] = task["Resource"]
        return {"stateMachineArn": arn, "creationDate": now}
    if op == "StartExecution":
        machine = body["stateMachineArn"]
        name = body.get("name") or uuid.uuid4().hex
        arn = machine.replace(":stateMachine:", ":execution:") + ":" + name
        token = uuid.uuid4().hex
        with s.lock:
            s.executions[arn] = {"status": "RUNNING", "input": body.get("input", "{}"), "startDate": now,
                                 "stateMachineArn": machine}
            s.tokens[token] = arn
            s.queues.setdefault(s.machines[machine], deque()).append(token)
            s.lock.notify_all()
        return {"executionArn": arn, "startDate": now}
    if op == "GetActivityTask":
        activity = body["activityArn"]
        deadline = time.monotonic() + POLL_LIMIT_S
        with s.lock:
            queue = s.queues.setdefault(activity, deque())
            while not queue:
                left = deadline - time.monotonic()
                if left <= 0:
                    return {}
                s.lock.wait(left)
            token = queue.popleft()
            execution = s.executions[s.tokens[token]]
            return {"taskToken": token, "input": execution["input"]}
    if op == "SendTaskSuccess":
        with s.lock:
            execution = s.executions[s.tokens.pop(body["taskToken"])]
            execution.update(status="SUCCEEDED", output=body.get("output", "{}"), stopDate=time.time())
        return {}
    if op == "DescribeExecution":
        arn = body["executionArn"]
        with s.lock:
            e = dict(s.executions[arn])
        answer = {"executionArn": arn, "stateMachineArn": e["stateMachineArn"], "name": arn.rsplit(":", 1)[-1],
                  "status": e["status"], "startDate": e["startDate"], "input": e["input"]}
        if e["status"] != "RUNNING":
            answer.update(stopDate=e["stopDate"], output=e["output"])
        return answer
    return {}  # DeleteStateMachine, DeleteActivity, ...


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # headers and body go out as two writes; without NODELAY, Nagle + delayed ACK adds ~40 ms
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        op = self.headers.get("X-Amz-Target", "").split(".")[-1]
        STATE.count(op)
        payload = json.dumps(handle(op, body)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def per_call_floor(url: str, calls: int) -> dict:
    """boto3's sequential per-call floor against this stub (as client_floor.py measures it)."""
    client = boto3.client("stepfunctions", endpoint_url=url, region_name=REGION, aws_access_key_id="testing",
                          aws_secret_access_key="testing", config=Config(retries={"max_attempts": 1}))
    activity = f"arn:aws:states:{REGION}:{ACCOUNT}:activity:floor-{uuid.uuid4().hex[:8]}"
    client.create_activity(name=activity.rsplit(":", 1)[-1])
    machine = client.create_state_machine(
        name=f"floor-{uuid.uuid4().hex[:8]}", roleArn=f"arn:aws:iam::{ACCOUNT}:role/r",
        definition=json.dumps({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": activity, "End": True}}}),
    )["stateMachineArn"]
    latencies: dict[str, list] = {"StartExecution": [], "GetActivityTask": [], "SendTaskSuccess": [],
                                  "DescribeExecution": []}
    for i in range(calls + 20):
        steps = []
        t = time.perf_counter()
        arn = client.start_execution(stateMachineArn=machine, name=f"f{i}", input="{}")["executionArn"]
        steps.append(("StartExecution", t))
        t = time.perf_counter()
        task = client.get_activity_task(activityArn=activity)
        steps.append(("GetActivityTask", t))
        t = time.perf_counter()
        client.send_task_success(taskToken=task["taskToken"], output="{}")
        steps.append(("SendTaskSuccess", t))
        t = time.perf_counter()
        client.describe_execution(executionArn=arn)
        steps.append(("DescribeExecution", t))
        if i < 20:  # warm-up
            continue
        ends = [t for _, t in steps[1:]] + [time.perf_counter()]
        for (op, start), end in zip(steps, ends):
            latencies[op].append((end - start) * 1000)
    return {op: round(statistics.median(values), 3) for op, values in latencies.items()}


def load_bench(path: str):
    spec = importlib.util.spec_from_file_location("sfn_bench", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default="/work/shared/bench/sfn_bench.py", help="the sfn_bench.py to run")
    parser.add_argument("--only", default="activity_seq,activity_conc")
    parser.add_argument("--calls", type=int, default=300, help="round trips for the per-call floor")
    parser.add_argument("--poll-min", type=float, default=0.001, help="as sfn_bench.py --poll-min")
    parser.add_argument("--poll-max", type=float, default=0.02, help="as sfn_bench.py --poll-max")
    parser.add_argument("--workload-timeout", type=float, default=180.0)
    parser.add_argument("--json-out", default="")
    args = parser.parse_args()

    bench = load_bench(args.bench)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    results: dict = {"per_call_median_ms": per_call_floor(url, args.calls)}
    for op, value in results["per_call_median_ms"].items():
        print(f"activity_floor.call.{op}: {value} ms", flush=True)

    # sfn_bench's workloads, unchanged, against the stub; their lines are printed as floor.<name>.
    original_emit = bench.emit
    bench.emit = lambda name, value, unit: original_emit(f"activity_floor.{name}", value, unit)
    b = bench.Bench(url, REGION, args.workload_timeout, time.monotonic() + 2 * args.workload_timeout + 60,
                    args.poll_min, args.poll_max)
    for name in [n for n in args.only.split(",") if n]:
        before = dict(STATE.calls)
        results[name] = bench.WORKLOADS[name](b)
        results[name]["calls"] = {op: STATE.calls.get(op, 0) - before.get(op, 0) for op in STATE.calls}
        print(f"activity_floor.{name}.calls: {json.dumps(results[name]['calls'], sort_keys=True)}", flush=True)
    server.shutdown()
    text = json.dumps(results, default=str, sort_keys=True)
    if args.json_out:
        with open(args.json_out, "w") as f:
            f.write(text + "\n")
    print(text, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
