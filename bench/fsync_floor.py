#!/usr/bin/env python3
"""The disk's floor under a durable commit: how long one small write and its fdatasync take on the file system that
holds the temporary directory (where stepwise-bench keeps its database).

Each SQLite commit with synchronous=FULL in WAL mode appends its pages to the WAL and flushes it once, so a durable
round trip that needs N commits in sequence cannot take less than N times this. Usage: python3 bench/fsync_floor.py
[COUNT] [PAGES] [--growing]; prints the p50 and p99 of COUNT (default 400) writes of PAGES (default 4) pages of 4 KiB,
each flushed with fdatasync, over a file reused in place as SQLite reuses its WAL (and as the engine prepares it when
it opens the store). With --growing, the same writes appended to a new file, as into a WAL that is still growing.
"""
import os
import sys
import tempfile
import time

arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
count = int(arguments[0]) if len(arguments) > 0 else 400
pages = int(arguments[1]) if len(arguments) > 1 else 4
block = os.urandom(4096 * pages)


def flushes(prepared):
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "floor.wal")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if prepared:
                # Written first, as a WAL that has wrapped once is: the flushes then change no file size.
                os.write(fd, bytes(len(block) * count))
                os.fsync(fd)
            samples = []
            for index in range(count):
                os.pwrite(fd, block, index * len(block))
                start = time.perf_counter()
                os.fdatasync(fd)
                samples.append((time.perf_counter() - start) * 1000)
        finally:
            os.close(fd)
    samples.sort()
    return samples[len(samples) // 2], samples[len(samples) * 99 // 100]


kinds = [("in place", True)] + ([("growing", False)] if "--growing" in sys.argv else [])
for name, prepared in kinds:
    p50, p99 = flushes(prepared)
    print(f"fdatasync of {pages} x 4 KiB, {name}: p50 {p50:.3f} ms  p99 {p99:.3f} ms ({count} flushes)")
