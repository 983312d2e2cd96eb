#!/usr/bin/env python3
"""Issue 10's speed figures as ratios against its baseline build, measured on this machine in the same run.

Issue 10 gave its targets next to figures of the build it was filed against (3bb4475, 2026-11-25: 200 x 10 Pass
concurrent 40,430 transitions/s, Map of 1,000 84.5 ms, activity round trip p50 0.968 ms through the in-process
handler path it later removed). Absolute figures on this machine move by 1.5x or more from one hour to the next, so
this script builds that commit's `stepwise-bench` and the current one (release), runs them in turn, round after round,
and reports each workload's median and the median of the per-round ratios against the ratio each target implies:

    concurrent  >= 60,000 t/s  ->  at least 60,000 / 40,430 = 1.48x the baseline's throughput
    Map of 1,000 < 60 ms       ->  at most 60 / 84.5 = 0.71x the baseline's time
    round trip  < 0.5 ms       ->  at most 0.5 / 0.968 = 0.52x the baseline's p50

The baseline flushed no commit: GRDB had turned its synchronous=FULL back to NORMAL (fixed in b253fd6). So each round
runs four binaries, for two like-for-like comparisons and the one as shipped:

    baseline as filed (no flush)       against  current with --synchronous-normal (no flush)
    baseline with b253fd6's one-line fix (every commit flushed, as it meant to)
                                       against  current as shipped (every commit flushed)
    baseline as filed                  against  current as shipped

The fixed baseline is built from a second checkout of 3bb4475 in which the writer's connection sets synchronous=FULL
once the pool is open (the fix, and nothing else).

Usage: python3 bench/against_baseline.py [--rounds 20] [--work DIR] [--head-bin PATH]
It clones this repository at 3bb4475 twice into DIR (default: a directory under the system's temporary directory,
kept for the next run) and builds both (a few minutes, once); without --head-bin it builds this checkout's
stepwise-bench with `swift build -c release`. Runs nothing but the binaries, on this machine.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

BASELINE_COMMIT = "3bb4475"
REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What each target asks of the ratio new / baseline (time: at most; throughput: at least).
TARGETS = {
    "concurrent": ("throughput", 60_000 / 40_430),
    "map": ("time", 60 / 84.5),
    "round trip": ("time", 0.5 / 0.968),
}
WORKLOADS = "chain,concurrent,map,parallel,choice,roundtrip,worker"


# b253fd6's fix, applied to the baseline's EngineStore: GRDB sets synchronous = NORMAL when it turns WAL on, after
# `prepareDatabase` asked for FULL, so the writer's connection asks again once the pool is open.
FLUSH_FIX = (
    "            writer = try DatabasePool(path: path, configuration: configuration)\n        }",
    "            writer = try DatabasePool(path: path, configuration: configuration)\n"
    "            if synchronousFull {\n"
    "                try writer.writeWithoutTransaction { db in try db.execute(sql: \"PRAGMA synchronous = FULL\") }\n"
    "            }\n        }",
)


def build_baseline(work: str, flushed: bool) -> str:
    checkout = os.path.join(work, "baseline-flushed" if flushed else "baseline")
    binary = os.path.join(checkout, ".build", "release", "stepwise-bench")
    if os.path.exists(binary):
        return binary
    if not os.path.isdir(checkout):
        subprocess.run(["git", "clone", "--quiet", REPOSITORY, checkout], check=True)
    if subprocess.run(["git", "-C", checkout, "checkout", "--quiet", "--force", BASELINE_COMMIT]).returncode != 0:
        sys.exit(f"{BASELINE_COMMIT} is not in {REPOSITORY}'s history (a shallow clone?): `git fetch --unshallow` first")
    if flushed:
        store = os.path.join(checkout, "Sources", "StepwiseEngine", "Store", "EngineStore.swift")
        with open(store) as file:
            text = file.read()
        if FLUSH_FIX[0] not in text:
            sys.exit(f"{store} does not have the lines the fix replaces")
        with open(store, "w") as file:
            file.write(text.replace(FLUSH_FIX[0], FLUSH_FIX[1]))
    print(f"building {BASELINE_COMMIT}'s stepwise-bench in {checkout} (a few minutes)", file=sys.stderr)
    subprocess.run(["swift", "build", "-c", "release", "--product", "stepwise-bench"], cwd=checkout, check=True)
    return binary


def build_head() -> str:
    print("building this checkout's stepwise-bench (release)", file=sys.stderr)
    subprocess.run(["swift", "build", "-c", "release", "--product", "stepwise-bench"], cwd=REPOSITORY, check=True)
    return os.path.join(REPOSITORY, ".build", "release", "stepwise-bench")


def parse(output: str) -> dict[str, float]:
    """Milliseconds per workload: concurrent, map, and the round trip's p50 (the baseline's in-process handler, or
    the current build's ActivityWorker; the first of its lines when there are two)."""
    found: dict[str, float] = {}
    for line in output.splitlines():
        match = re.match(r"activity round trip \((in-process|ActivityWorker)\)\s+p50 ([0-9.]+) ms", line)
        if match:
            found.setdefault("round trip", float(match.group(2)))
            continue
        match = re.match(r"(.+?)\s+\d+ transitions\s+([0-9.]+) ms", line)
        if match:
            name = match.group(1).strip()
            if name.startswith("200 x 10 Pass"):
                found["concurrent"] = float(match.group(2))
            elif name.startswith("Map of 1,000"):
                found["map"] = float(match.group(2))
    return found


def run(command: list[str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as directory:
        completed = subprocess.run(command, capture_output=True, text=True, cwd=directory, timeout=600)
    if completed.returncode != 0:
        sys.exit(f"{command[0]} failed ({completed.returncode}):\n{completed.stderr[-2000:]}")
    found = parse(completed.stdout)
    missing = [workload for workload in TARGETS if workload not in found]
    if missing:
        sys.exit(f"{command[0]} printed no figure for {', '.join(missing)}:\n{completed.stdout[-2000:]}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--head-bin")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "stepwise-baseline-3bb4475"))
    arguments = parser.parse_args()
    if arguments.rounds < 1:
        sys.exit("--rounds must be at least 1")
    if arguments.head_bin and not os.access(arguments.head_bin, os.X_OK):
        sys.exit(f"not an executable: {arguments.head_bin}")
    os.makedirs(arguments.work, exist_ok=True)
    baseline = build_baseline(arguments.work, flushed=False)
    flushed_baseline = build_baseline(arguments.work, flushed=True)
    head = arguments.head_bin or build_head()
    base_name, flushed_name = f"baseline {BASELINE_COMMIT} (no flush)", f"baseline {BASELINE_COMMIT} + flush fix"
    shipped_name, normal_name = "current (every commit flushed)", "current --synchronous-normal"
    configurations = {
        base_name: [baseline],
        flushed_name: [flushed_baseline],
        shipped_name: [head, "--only", WORKLOADS, "--runs", "200"],
        normal_name: [head, "--only", WORKLOADS, "--runs", "200", "--synchronous-normal"],
    }
    comparisons = [(normal_name, base_name), (shipped_name, flushed_name), (shipped_name, base_name)]
    results: dict[str, list[dict[str, float]]] = {name: [] for name in configurations}
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    for round_number in range(arguments.rounds):
        for name, command in configurations.items():
            results[name].append(run(command))
        print(f"round {round_number + 1} of {arguments.rounds} done", file=sys.stderr)
    print(f"{arguments.rounds} rounds from {started} to {time.strftime('%H:%M UTC', time.gmtime())}, "
          "the four binaries in turn in each")
    for workload, (kind, target) in TARGETS.items():
        print(f"\n{workload} (ms): target {'at least' if kind == 'throughput' else 'at most'} {target:.2f}x the baseline's "
              f"{'throughput' if kind == 'throughput' else 'time'}")
        for name in configurations:
            samples = [sample[workload] for sample in results[name]]
            print(f"  {name:36s} median {statistics.median(samples):8.3f}  ({min(samples):.3f}-{max(samples):.3f})")
        for new, old in comparisons:
            # Per round: the current build against the baseline run in the same minutes.
            pairs = zip((sample[workload] for sample in results[new]), (sample[workload] for sample in results[old]))
            ratios = [(o / n if kind == "throughput" else n / o) for n, o in pairs]
            ratio = statistics.median(ratios)
            met = ratio >= target if kind == "throughput" else ratio <= target
            print(f"  {new} against {old}: {ratio:.2f}x (per-round ratios {min(ratios):.2f}-{max(ratios):.2f}), "
                  f"{'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
