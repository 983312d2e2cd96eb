#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need, builds once, runs everything.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
swift test --skip-build
