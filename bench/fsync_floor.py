#!/usr/bin/env python3
"""The disk's floor under a durable commit: how long one small write and its fdatasync take on the file system that
holds the temporary directory (where stepwise-bench keeps its database).

Each SQLite commit with synchronous=FULL in WAL mode appends its pages to the WAL and flushes it once, so a durable
round trip that needs N commits in sequence cannot take less than N times this. Usage: python3 bench/fsync_floor.py
[COUNT] [PAGES]; prints the p50 and p99 of COUNT (default 400) writes of PAGES (default 4) pages of 4 KiB, each
flushed with fdatasync, over a file reused in place as SQLite reuses its WAL.
"""
import os
import sys
import tempfile
import time

count = int(sys.argv[1]) if len(sys.argv) > 1 else 400
pages = int(sys.argv[2]) if len(sys.argv) > 2 else 4
block = os.urandom(4096 * pages)
with tempfile.TemporaryDirectory() as directory:
    path = os.path.join(directory, "floor.wal")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        # Allocate the file first, as a WAL that has wrapped once is: the flushes then change no file size.
        os.write(fd, block * 64)
        os.fsync(fd)
        samples = []
        for index in range(count):
            os.pwrite(fd, block, (index % 64) * len(block))
            start = time.perf_counter()
            os.fdatasync(fd)
            samples.append((time.perf_counter() - start) * 1000)
    finally:
        os.close(fd)
samples.sort()
print(f"fdatasync of {pages} x 4 KiB: p50 {samples[len(samples) // 2]:.3f} ms  p99 {samples[len(samples) * 99 // 100]:.3f} ms"
      f" ({count} flushes)")
