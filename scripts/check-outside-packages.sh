#!/usr/bin/env bash
# Builds two packages that depend on this one by path, as users' packages do, in the root's build folder (so the
# dependencies built for the tests are reused):
# - Examples/outside-package compiles every Swift sample of README.md (scripts/readme-samples.py copies them there)
#   against the public products `Stepwise` and `StepwiseTesting`;
# - Examples/worker-only depends on `Stepwise` with no traits: a worker for AWS or `stepwise serve` that must build
#   and link without the embedded engine, so its binary must hold no SQLite symbol.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="$PWD/.build"
# SwiftPM keeps one build plan per build folder and does not notice that another root package asks for a different
# one: remove it before each build so each plans its own.
replan() { rm -f "$scratch"/*/debug/description.json; }
trap replan EXIT

python3 scripts/readme-samples.py
replan
swift build --package-path Examples/outside-package --scratch-path "$scratch"
echo "check-outside-packages: every README sample compiles in a package outside this one"

replan
swift build --package-path Examples/worker-only --scratch-path "$scratch"
binary="$(swift build --package-path Examples/worker-only --scratch-path "$scratch" --show-bin-path)/WorkerOnly"
if nm "$binary" | grep -q 'sqlite3_open'; then
    echo "check-outside-packages: $binary links SQLite although it depends on Stepwise with no traits" >&2
    exit 1
fi
echo "check-outside-packages: a worker built with no traits links no SQLite"
