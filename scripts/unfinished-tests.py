#!/usr/bin/env python3
"""Names the Swift Testing tests a log shows started but never ended (a run killed by its time limit).

Usage: scripts/unfinished-tests.py LOG
"""
import re
import sys

ANSI = re.compile(r"\x1b\[[0-9;]*m")
STARTED = re.compile(r"◇ Test (.*) started\.$")
ENDED = re.compile(r"^(?:[✔✘━] Test (.*) (?:with \d+ test cases? )?(?:passed|failed) after [\d.]+ seconds|➜ Test (.*) skipped)")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    started: list[str] = []
    ended: set[str] = set()
    with open(sys.argv[1], encoding="utf-8", errors="replace") as log:
        for line in log:
            line = ANSI.sub("", line.rstrip("\n"))
            if match := STARTED.search(line):
                started.append(match.group(1))
            elif match := ENDED.search(line):
                ended.add(re.sub(r" with \d+ test cases?$", "", match.group(1) or match.group(2)))
    unfinished = [
        name for name in dict.fromkeys(started) if name not in ended and name != "run" and not name.startswith("case passing")
    ]
    for name in unfinished:
        print(f"  never ended: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
