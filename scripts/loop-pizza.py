#!/usr/bin/env python3
"""Runs `pizza --wait 0 --endpoint URL` in rounds of concurrent processes against one `stepwise serve --in-memory`,
and counts runs that failed or hung (killed at the per-run time limit).

Several pizza processes at once share the activity queues (as several workers of one application do): each one's
worker closes its long polls at shutdown while the others' executions hand out tasks, the crossing behind finding 9
of docs/attack.md. A run that hangs is one whose execution waits for a task that no worker will ever finish.

    scripts/loop-pizza.py --rounds 40 --concurrency 3 [--bin .build/debug] [--busy 2] [--limit 60]

--busy N starts N busy loops (CPU load) for the duration. Exits 1 when any run hung or failed.
"""
import argparse
import os
import re
import subprocess
import sys
import time


def start_server(stepwise):
    server = subprocess.Popen(
        [stepwise, "serve", "--in-memory", "--port", "0", "--no-console", "--log-level", "warning"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = server.stdout.readline()
        if not line:
            break
        match = re.search(r"listening on (http://\S+)", line)
        if match:
            return server, match.group(1)
    server.kill()
    raise SystemExit("stepwise serve did not report its address")


def drain(server):
    """Keeps reading the server's output so it never blocks on a full pipe; keeps the last lines."""
    import threading
    tail = []

    def read():
        for line in server.stdout:
            tail.append(line)
            del tail[:-200]
    threading.Thread(target=read, daemon=True).start()
    return tail


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=".build/debug", help="directory holding stepwise and pizza")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=3)
    parser.add_argument("--limit", type=float, default=60, help="seconds a run may take before it counts as hung")
    parser.add_argument("--busy", type=int, default=0, help="busy loops to start (CPU load)")
    args = parser.parse_args()
    stepwise, pizza = os.path.join(args.bin, "stepwise"), os.path.join(args.bin, "pizza")
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    server, url = start_server(stepwise)
    tail = drain(server)
    runs = hung = failed = 0
    durations = []
    failures = []
    try:
        for round_number in range(args.rounds):
            started = []
            for _ in range(args.concurrency):
                started.append((time.time(), subprocess.Popen(
                    [pizza, "--wait", "0", "--endpoint", url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
            for began, process in started:
                runs += 1
                try:
                    output, _ = process.communicate(timeout=max(0.1, began + args.limit - time.time()))
                except subprocess.TimeoutExpired:
                    process.kill()
                    output, _ = process.communicate()
                    hung += 1
                    failures.append(f"round {round_number}: hung (killed after {args.limit:.0f} s): {output.strip()[-300:]}")
                    continue
                durations.append(time.time() - began)
                if process.returncode != 0 or "SUCCEEDED" not in output:
                    failed += 1
                    failures.append(f"round {round_number}: exit {process.returncode}: {output.strip()[-600:]}")
            print(f"round {round_number + 1}/{args.rounds}: runs {runs}, hung {hung}, failed {failed}", flush=True)
    finally:
        for process in busy:
            process.kill()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    durations.sort()
    median = durations[len(durations) // 2] if durations else 0
    worst = durations[-1] if durations else 0
    print(f"runs {runs}, hung {hung}, failed {failed}; run time median {median:.2f} s, max {worst:.2f} s")
    for line in failures:
        print(line)
    return 1 if hung or failed else 0


if __name__ == "__main__":
    sys.exit(main())
