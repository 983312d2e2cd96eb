#!/usr/bin/env python3
"""Soak: `stepwise serve` on a database file holding many open executions (half waiting on an activity task, half in
a long Wait) while a steady trickle starts new ones and completes tasks. Reports the server's RSS, API latency
(p50/p99 per operation) and, at the end, how long a restart on that database takes to answer again.

    STEPWISE_BIN=.build/release/stepwise python3 scripts/soak.py --open 10000 --minutes 3

Needs boto3. Binds 127.0.0.1 on a free port; stops only the servers it started. The figures go in
docs/benchmarks.md ("Soak").
"""
import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

ROLE = "arn:aws:iam::123456789012:role/soak"


def start_server(binary, db):
    process = subprocess.Popen([binary, "serve", "--port", "0", "--db", db, "--log-level", "warning"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    started = time.monotonic()
    for line in process.stdout:
        match = re.search(r"listening on (http://\S+)", line)
        if match:
            ready = time.monotonic() - started
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return process, match.group(1), ready
    raise RuntimeError("stepwise serve did not start")


def client(endpoint):
    return boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="soak",
                        aws_secret_access_key="soak",
                        config=Config(retries={"max_attempts": 0}, read_timeout=90, max_pool_connections=32))


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Timings:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples = {}
        self.errors = {}

    def timed(self, name, call):
        began = time.perf_counter()
        try:
            return call()
        except Exception as error:  # noqa: BLE001 — counted and reported
            with self.lock:
                self.errors[name] = self.errors.get(name, 0) + 1
            print(f"soak: {name} failed: {error}", file=sys.stderr)
            return None
        finally:
            with self.lock:
                self.samples.setdefault(name, []).append((time.perf_counter() - began) * 1000)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--open", type=int, default=10_000, help="open executions to hold")
    parser.add_argument("--minutes", type=float, default=3, help="length of the steady phase")
    parser.add_argument("--rate", type=float, default=10, help="starts and completions per second meanwhile")
    parser.add_argument("--db", help="database file (default: a new temporary one)")
    arguments = parser.parse_args()
    binary = os.environ.get("STEPWISE_BIN", ".build/debug/stepwise")
    db = arguments.db or os.path.join(tempfile.mkdtemp(prefix="stepwise-soak-"), "soak.sqlite")

    server, endpoint, first_ready = start_server(binary, db)
    sfn = client(endpoint)
    activity = sfn.create_activity(name="soak-work")["activityArn"]
    on_task = sfn.create_state_machine(
        name="soak-task", roleArn=ROLE,
        definition=json.dumps({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": activity, "End": True}}}))
    on_wait = sfn.create_state_machine(
        name="soak-wait", roleArn=ROLE,
        definition=json.dumps({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 86400, "End": True}}}))
    machines = [on_task["stateMachineArn"], on_wait["stateMachineArn"]]
    timings = Timings()
    rss = [(0.0, rss_mib(server.pid))]
    began = time.monotonic()

    # Fill: N open executions, from 8 client threads.
    clients = [client(endpoint) for _ in range(8)]

    def fill(index):
        c = clients[index % len(clients)]
        timings.timed("StartExecution (fill)", lambda: c.start_execution(
            stateMachineArn=machines[index % 2], name=f"open-{index}", input=json.dumps({"n": index})))

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(fill, range(arguments.open)))
    fill_seconds = time.monotonic() - began
    rss.append((time.monotonic() - began, rss_mib(server.pid)))
    print(f"soak: {arguments.open} open executions in {fill_seconds:.1f} s; RSS {rss[-1][1]:.0f} MiB", file=sys.stderr)

    # Steady phase: a trickle of starts and completions, probes of the read operations, RSS every 5 s.
    stop = threading.Event()
    counter = [arguments.open]

    def trickle():
        c = client(endpoint)
        interval = 1 / arguments.rate
        while not stop.is_set():
            counter[0] += 1
            index = counter[0]
            timings.timed("StartExecution", lambda: c.start_execution(
                stateMachineArn=machines[index % 2], name=f"open-{index}", input=json.dumps({"n": index})))
            task = timings.timed("GetActivityTask", lambda: c.get_activity_task(activityArn=activity, workerName="soak"))
            if task and task.get("taskToken"):
                timings.timed("SendTaskSuccess", lambda: c.send_task_success(taskToken=task["taskToken"], output="{}"))
            stop.wait(interval)

    def probe():
        c = client(endpoint)
        index = 0
        while not stop.is_set():
            index += 1
            arn = f"{machines[index % 2].replace(':stateMachine:', ':execution:')}:open-{index % arguments.open}"
            timings.timed("DescribeExecution", lambda: c.describe_execution(executionArn=arn))
            timings.timed("GetExecutionHistory", lambda: c.get_execution_history(executionArn=arn, maxResults=100))
            timings.timed("ListExecutions", lambda: c.list_executions(stateMachineArn=machines[index % 2], maxResults=100))
            stop.wait(0.05)

    threads = [threading.Thread(target=trickle), threading.Thread(target=probe)]
    for thread in threads:
        thread.start()
    steady_end = time.monotonic() + arguments.minutes * 60
    while time.monotonic() < steady_end:
        time.sleep(5)
        rss.append((time.monotonic() - began, rss_mib(server.pid)))
    stop.set()
    for thread in threads:
        thread.join()
    open_now = sum(
        1 for arn in machines
        for page in sfn.get_paginator("list_executions").paginate(stateMachineArn=arn, statusFilter="RUNNING")
        for _ in page["executions"])

    # Restart on the same database: SIGTERM, then time until the new server answers.
    stopping = time.monotonic()
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=120)
    shutdown_seconds = time.monotonic() - stopping
    restarting = time.monotonic()
    server, endpoint, ready = start_server(binary, db)
    client(endpoint).list_state_machines()
    restart_seconds = time.monotonic() - restarting
    rss_after_restart = rss_mib(server.pid)
    sample = client(endpoint).describe_execution(
        executionArn=f"{machines[1].replace(':stateMachine:', ':execution:')}:open-1")["status"]
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=120)

    print(f"\nSoak: {arguments.open} open executions, {arguments.minutes:g} min at {arguments.rate:g} starts and "
          f"completions per second; {open_now} RUNNING at the end; database {os.path.getsize(db) / 2**20:.0f} MiB\n")
    print("| operation | calls | errors | p50 ms | p99 ms |")
    print("|---|---|---|---|---|")
    for name in sorted(timings.samples):
        values = timings.samples[name]
        print(f"| {name} | {len(values)} | {timings.errors.get(name, 0)} | {percentile(values, 0.5):.1f} | "
              f"{percentile(values, 0.99):.1f} |")
    steady = [value for moment, value in rss if moment >= fill_seconds]
    print(f"\nfill: {fill_seconds:.1f} s; RSS after fill {rss[1][1]:.0f} MiB, during the steady phase "
          f"{min(steady):.0f}–{max(steady):.0f} MiB, at the end {rss[-1][1]:.0f} MiB")
    print(f"shutdown {shutdown_seconds:.2f} s; restart until answering {restart_seconds:.2f} s (listening after "
          f"{ready:.2f} s); RSS after restart {rss_after_restart:.0f} MiB; open-1 after restart: {sample}")


if __name__ == "__main__":
    main()
