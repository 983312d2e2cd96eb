#!/usr/bin/env python3
"""Where a durable activity round trip's time goes, step by step, in a release build of stepwise-bench.

Puts uprobes (`perf probe -x`) on six engine functions and records them with the `fdatasync` system call's entry and
exit while `stepwise-bench --only worker` runs, then splits the time between one flush's end and the next flush's
start into its steps, for the two gaps of a round trip:

- A, after the start's flush: the task handed to the parked poll (`afterCommit`), the worker's handler called
  (`ActivityWorker.runTask`), its result queued for the execution (`transition`), evaluated (`evaluate`), written
  (`GroupCommitter.write`), flushed;
- B, after the end's flush: the caller awaiting the end resumed (`afterCommit`), the next start called
  (`startExecution`), queued, evaluated, written, flushed.

Prints the p50 of each step, and of the flushes. Needs `perf` with uprobes (root), `nm`, and a binary with symbols.
Usage: python3 bench/round_trip_timeline.py BENCH-BINARY [RUNS] [-- more stepwise-bench arguments]
(each probe costs a few microseconds: the round trip's p50 under probes is about 5 % above its p50 without).
"""
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter

PROBES = {
    # name: a pattern matching the function's mangled symbol (its entry point)
    "ac": r"StepwiseEngineAAC11afterCommit_9newTokens9completedySS_SaySSGSbtF$",
    "ev": r"StepwiseEngineAAC8evaluateyySSF$",
    "wr": r"GroupCommitterC5write33_\w+LLySiSayAC7PendingAELLVGF$",
    "rt": r"ActivityWorkerC7runTask_9taskToken5inputyAA03AnyE7HandlerV_S2StYaF$",
    "st": r"StepwiseEngineAAC14startExecution15stateMachineArn4name5input16StepFunctionsAPI05StartD6OutputVSS_SSSgAJtYaAG0jK5ErrorVYKF$",
    "tr": r"StepwiseEngineAAC10transition__5state9onDurable0E7IgnoredSbSS_AA12RuntimeInputOAA0B5StateVzys5Error_pSgYbcSgyyYbcSgtF$",
}
GROUP = "stepwise_timeline"


def symbols(binary):
    names = subprocess.run(["nm", binary], capture_output=True, text=True, check=True).stdout.split("\n")
    found = {}
    for line in names:
        parts = line.split()
        if len(parts) != 3 or parts[1] not in "tT":
            continue
        for probe, pattern in PROBES.items():
            if probe not in found and re.search(pattern, parts[2]):
                found[probe] = parts[2]
    missing = set(PROBES) - set(found)
    if missing:
        sys.exit(f"error: no symbol in {binary} for {', '.join(sorted(missing))} (renamed? update PROBES)")
    return found


def record(binary, runs, extra):
    subprocess.run(["perf", "probe", "-q", "-d", f"{GROUP}:*"], capture_output=True)
    for probe, symbol in symbols(binary).items():
        subprocess.run(["perf", "probe", "-q", "-x", binary, "-a", f"{GROUP}:{probe}={symbol}"],
                       capture_output=True, check=True)
    try:
        with tempfile.NamedTemporaryFile(suffix=".data") as data:
            run = subprocess.run(
                ["perf", "record", "-q", "-o", data.name, "-e", f"{GROUP}:*",
                 "-e", "syscalls:sys_enter_fdatasync", "-e", "syscalls:sys_exit_fdatasync",
                 binary, "--only", "worker", "--runs", str(runs), *extra],
                capture_output=True, text=True, check=True)
            for line in run.stdout.splitlines():
                if "round trip" in line:
                    print(line)
            return subprocess.run(["perf", "script", "-i", data.name, "-F", "tid,time,event,trace"],
                                  capture_output=True, text=True, check=True).stdout
    finally:
        subprocess.run(["perf", "probe", "-q", "-d", f"{GROUP}:*"], capture_output=True)


def analyse(script):
    # The commits' flushes are the WAL's, the file flushed most often; the checkpointer's flushes of the database
    # file (on a thread of its own) are left out, their entries by file descriptor and their exits by thread.
    parsed = []
    for line in script.splitlines():
        match = re.match(r"\s*(\d+)\s+([\d.]+):\s+(\S+):\s*(.*)", line)
        if match:
            fd = re.search(r"fd: (0x[0-9a-f]+)", match[4])
            parsed.append((int(match[1]), float(match[2]), match[3].split(":")[-1], fd[1] if fd else None))
    wal = Counter(fd for _, _, name, fd in parsed if name == "sys_enter_fdatasync").most_common(1)
    events = []
    flushing = {}
    for tid, time, name, fd in parsed:
        if name == "sys_enter_fdatasync":
            if wal and fd == wal[0][0]:
                flushing[tid] = time
            continue
        elif name == "sys_exit_fdatasync":
            if tid not in flushing:
                continue
            events.append((flushing.pop(tid), "sys_enter_fdatasync"))
        events.append((time, name))
    events.sort()
    steps = {}
    flushes = []
    started = None
    for index, (time, name) in enumerate(events):
        if name == "sys_enter_fdatasync":
            started = time
        if name != "sys_exit_fdatasync":
            continue
        if started is not None:
            flushes.append(time - started)
            started = None
        first = {}
        end = index + 1
        while end < len(events) and events[end][1] != "sys_enter_fdatasync":
            first.setdefault(events[end][1], events[end][0])
            end += 1
        if end >= len(events):
            break
        kind, caller = ("A", "rt") if "rt" in first else ("B", "st") if "st" in first else (None, None)
        if kind is None or not {"ac", "tr", "ev", "wr"} <= set(first) or not first["ac"] <= first[caller] <= first["tr"]:
            continue
        labels = [
            ("flush end -> afterCommit", time, first["ac"]),
            ("afterCommit -> " + ("worker's runTask" if kind == "A" else "next startExecution"), first["ac"], first[caller]),
            (("runTask" if kind == "A" else "startExecution") + " -> transition queued", first[caller], first["tr"]),
            ("queued -> evaluate", first["tr"], first["ev"]),
            ("evaluate -> write", first["ev"], first["wr"]),
            ("write -> flush start", first["wr"], events[end][0]),
            ("whole gap", time, events[end][0]),
        ]
        for label, start, stop in labels:
            steps.setdefault((kind, label), []).append(stop - start)
    for (kind, label), values in steps.items():
        print(f"{kind} {label:42s} p50 {statistics.median(values) * 1e6:6.0f} us  (n={len(values)})")
    if flushes:
        print(f"  {'flush (fdatasync)':42s} p50 {statistics.median(flushes) * 1e6:6.0f} us  (n={len(flushes)})")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    extra = []
    if "--" in arguments:
        extra = arguments[arguments.index("--") + 1:]
        arguments = arguments[:arguments.index("--")]
    if not arguments:
        sys.exit(__doc__)
    analyse(record(arguments[0], int(arguments[1]) if len(arguments) > 1 else 3000, extra))
