#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need, builds once, runs everything.
set -euo pipefail
cd "$(dirname "$0")/.."

# GRDB links the system SQLite.
if command -v dpkg >/dev/null && ! dpkg -s libsqlite3-dev >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq libsqlite3-dev
fi

# Python clients the tests drive the server with, and botocore's model the wire shapes are checked against.
python3 -c "import boto3, botocore" 2>/dev/null || python3 -m pip install --quiet boto3 botocore

swift build --build-tests
swift test --skip-build

# `stepwise serve` driven by real AWS clients (boto3 and the aws CLI): Tests/python/test_serve_*.py.
python3 -c "import pytest, boto3" 2>/dev/null || python3 -m pip install --quiet pytest boto3
command -v aws >/dev/null 2>&1 || python3 -m pip install --quiet awscli
swift build --product stepwise
STEPWISE_BIN="$(swift build --show-bin-path)/stepwise" python3 -m pytest -q Tests/python

# The seed's pizza workflow written with the Stepwise DSL: its ASL alone, then a run on the embedded engine.
swift run pizza --asl > /dev/null
swift run pizza --fast
