#!/usr/bin/env python3
"""Cost of a Distributed Map's child executions: one `stepwise serve --in-memory`, a Distributed Map of N items with
a Pass child (ResultPath null), timed from StartExecution to SUCCEEDED and until DescribeMapRun (read from the store)
shows the run SUCCEEDED; then the number of children ListExecutions --map-run-arn lists.

    scripts/bench-map-children.py [--bin PATH] [--items 20000]

Run it with two binaries (before and after a change) on the same machine, one after the other."""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "python"))

parser = argparse.ArgumentParser()
parser.add_argument("--bin", default=os.environ.get("STEPWISE_BIN", ".build/debug/stepwise"))
parser.add_argument("--items", type=int, default=20_000)
options = parser.parse_args()
os.environ["STEPWISE_BIN"] = os.path.abspath(options.bin)

from conftest import Server, create_machine, full_history, wait_for_status  # noqa: E402

server = Server("--in-memory")
try:
    sfn = server.client()
    definition = {"StartAt": "Map", "States": {"Map": {
        "Type": "Map", "ResultPath": None, "Label": "Kids",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                          "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": True}}},
        "End": True}}}
    machine = create_machine(sfn, "BenchChildren", definition)
    started = time.monotonic()
    execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps(list(range(options.items))))["executionArn"]
    answered = time.monotonic() - started
    status = wait_for_status(sfn, execution, timeout=600)["status"]
    finished = time.monotonic() - started
    arn = next(e for e in full_history(sfn, execution) if e["type"] == "MapRunStarted")["mapRunStartedEventDetails"]["mapRunArn"]
    while sfn.describe_map_run(mapRunArn=arn)["status"] == "RUNNING":
        time.sleep(0.02)
    durable = time.monotonic() - started
    try:
        listed = sum(len(page["executions"]) for page in sfn.get_paginator("list_executions").paginate(mapRunArn=arn))
    except Exception:  # a binary from before child executions
        listed = None
    print(f"{options.items} items: StartExecution {answered * 1000:.0f} ms, {status} after {finished:.2f} s, "
          f"Map Run durable after {durable:.2f} s, children listed: {listed}")
finally:
    server.stop()
