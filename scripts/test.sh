#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need, builds once, runs everything.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
swift test --skip-build

# api: wire shapes and SigV4 against botocore (AWS's model and reference client); `swift test` skips these
# when python3 has no botocore, so make sure it has it and run them.
python3 -c "import botocore" 2>/dev/null || python3 -m pip install --quiet botocore
swift test --skip-build --filter 'BotocoreModelTests|BotocoreRoundTripTests'
