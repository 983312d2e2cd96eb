#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need, builds once, runs everything.
set -euo pipefail
cd "$(dirname "$0")/.."

# Python clients the tests drive the server with, and botocore's model the wire shapes are checked against.
python3 -c "import boto3, botocore" 2>/dev/null || python3 -m pip install --quiet boto3 botocore

swift build --build-tests
swift test --skip-build
