#!/usr/bin/env python3
"""Distributed Map scale figures for docs/benchmarks.md: one `stepwise serve` per case, a Map of N items with a Pass
processor, reporting how long StartExecution takes to answer, the wall time until the execution ends, and the
server's peak RSS (VmHWM) and final RSS.

Usage: scripts/bench-map-run.py [--bin .build/release/stepwise] [--items 100000,1000000] [--source range|jsonl]
                               [--result-writer] [--sample SECONDS] [--limit SECONDS]
With --sample, every SECONDS it prints (to stderr) the server's RSS, the Map Run's succeeded children, and how long
another call (DescribeStateMachine) took to answer meanwhile; --limit stops a case that has not ended by then.
Items come from JSONata (`[0..N-1]`, as an input of 100,000 numbers is over the 256 KiB input limit) or from a JSONL
file of N lines `{"n": i}` read by the Map's ItemReader (`serve --s3-directory bench=DIR`).
Without --result-writer the Map's result is its children's outputs (`Output: {"count": $count($states.result)}`), which
the 256 KiB payload quota limits: past about 20,000 items the Map fails with States.DataLimitExceeded, as on AWS. With
--result-writer the results are written to the bucket's directory (`ResultWriter`, JSON files of NONE records) and the
Map's result is the manifest's location.
"""
import argparse
import json
import re
import subprocess
import sys
import tempfile
import time

import boto3
from botocore.config import Config


def rss(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def run(binary, items, database, source, directory, sample=None, limit=None, result_writer=False):
    if source == "jsonl":
        with open(f"{directory}/items.jsonl", "w") as lines:
            for n in range(items):
                lines.write('{"n": %d}\n' % n)
    extra = ["--s3-directory", f"bench={directory}"]
    server = subprocess.Popen([binary, "serve", "--port", "0", "--db", database, *extra],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        endpoint = None
        for line in server.stdout:
            match = re.search(r"listening on (http://\S+)", line)
            if match:
                endpoint = match.group(1)
                break
        sfn = boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test",
                           config=Config(retries={"max_attempts": 0}, read_timeout=900))
        if source == "jsonl":
            fields = {"ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                                     "Arguments": {"Bucket": "bench", "Key": "items.jsonl"}}}
        else:
            fields = {"Items": "{%% [0..%d] %%}" % (items - 1)}
        if result_writer:
            fields["ResultWriter"] = {"Resource": "arn:aws:states:::s3:putObject",
                                      "Arguments": {"Bucket": "bench", "Prefix": "results"}}
        output = {} if result_writer else {"Output": {"count": "{% $count($states.result) %}"}}
        definition = {"QueryLanguage": "JSONata", "StartAt": "Map", "States": {"Map": {
            "Type": "Map", **fields,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                              "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": True}}},
            **output, "End": True}}}
        machine = sfn.create_state_machine(name=f"Wide{items}", definition=json.dumps(definition),
                                           roleArn="arn:aws:iam::123456789012:role/Bench")["stateMachineArn"]
        before, _ = rss(server.pid)
        started = time.monotonic()
        execution = sfn.start_execution(stateMachineArn=machine, input="{}")["executionArn"]
        answered = time.monotonic() - started
        next_sample = started + sample if sample else None
        samples = []
        slowest_call = 0.0
        while True:
            described = sfn.describe_execution(executionArn=execution)
            if described["status"] != "RUNNING":
                break
            now = time.monotonic()
            if limit and now - started > limit:
                break
            if next_sample and now >= next_sample:
                next_sample += sample
                call = time.monotonic()
                sfn.describe_state_machine(stateMachineArn=machine)
                call = time.monotonic() - call
                slowest_call = max(slowest_call, call)
                runs = sfn.list_map_runs(executionArn=execution)["mapRuns"]
                succeeded = None
                if runs:
                    counts = sfn.describe_map_run(mapRunArn=runs[0]["mapRunArn"])["executionCounts"]
                    succeeded = counts["succeeded"]
                current, high = rss(server.pid)
                point = {"t_s": round(now - started, 1), "succeeded": succeeded, "rss_MiB": round(current, 1),
                         "peak_MiB": round(high, 1), "describeStateMachine_s": round(call, 3)}
                samples.append(point)
                print(json.dumps(point), file=sys.stderr, flush=True)
            time.sleep(0.05)
        wall = time.monotonic() - started
        after, peak = rss(server.pid)
        return {"items": items, "source": source, "result_writer": result_writer, "status": described["status"],
                "output": described.get("output"), "error": described.get("error"),
                "startExecution_s": round(answered, 3), "wall_s": round(wall, 2),
                "rss_before_MiB": round(before, 1), "rss_peak_MiB": round(peak, 1), "rss_after_MiB": round(after, 1),
                "slowest_other_call_s": round(slowest_call, 3) if sample else None}
    finally:
        server.terminate()
        server.wait(timeout=60)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=".build/release/stepwise")
    parser.add_argument("--items", default="100000,1000000")
    parser.add_argument("--source", default="range", choices=["range", "jsonl"])
    parser.add_argument("--sample", type=float, default=None)
    parser.add_argument("--limit", type=float, default=None)
    parser.add_argument("--result-writer", action="store_true")
    args = parser.parse_args()
    for items in [int(n) for n in args.items.split(",")]:
        with tempfile.TemporaryDirectory() as directory:
            print(json.dumps(run(args.bin, items, f"{directory}/bench.sqlite", args.source, directory,
                                 args.sample, args.limit, args.result_writer)), flush=True)


if __name__ == "__main__":
    main()
