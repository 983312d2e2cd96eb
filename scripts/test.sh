#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need, builds once, runs everything.
set -euo pipefail
cd "$(dirname "$0")/.."

# GRDB links the system SQLite; the engine's corruption tests use the sqlite3 program.
if command -v dpkg >/dev/null && ! { dpkg -s libsqlite3-dev && dpkg -s sqlite3; } >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq libsqlite3-dev sqlite3
fi
# The local Lambda's tests run a bootstrap that talks to the Runtime API with curl.
if command -v dpkg >/dev/null && ! dpkg -s curl >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq curl
fi

# Python clients the tests drive the server with, and botocore's model the wire shapes are checked against.
python3 -c "import boto3, botocore" 2>/dev/null || python3 -m pip install --quiet boto3 botocore

swift build --build-tests

# Every test's temporary files (databases and their WALs, 17 MB each while open; buckets; logs) go in one directory
# of this run, removed when it ends, whatever a test left behind.
TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/stepwise-test-run.XXXXXX")"
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT

# Runs `swift test --skip-build ARGS` within a time limit (STEPWISE_TEST_TIMEOUT seconds, 25 minutes by default; the
# suite takes about a minute): a run that hangs is stopped and fails, naming the tests that started and never ended,
# instead of using up CI's time. Output is line-buffered so that what a hung run printed last is not lost.
swift_test() {
    local log status=0
    log="$(mktemp)"
    timeout -k 30 "${STEPWISE_TEST_TIMEOUT:-1500}" stdbuf -oL -eL swift test --skip-build "$@" 2>&1 | tee "$log" || status=$?
    if [ "$status" -ne 0 ]; then
        [ "$status" -eq 124 ] && echo "test.sh: swift test $* did not finish within ${STEPWISE_TEST_TIMEOUT:-1500} s" >&2
        python3 scripts/unfinished-tests.py "$log" >&2 || true
    fi
    rm -f "$log"
    return "$status"
}

# The kill -9 crash test runs in a test process of its own: its child processes must not share the test
# runner with the hundreds of parallel tests (Foundation's Process misreports children under that load).
swift_test --skip CrashRecoveryTests
swift_test --filter CrashRecoveryTests

# `stepwise serve` driven by real AWS clients (boto3 and the aws CLI): Tests/python/test_serve_*.py.
python3 -c "import pytest, boto3" 2>/dev/null || python3 -m pip install --quiet pytest boto3
command -v aws >/dev/null 2>&1 || python3 -m pip install --quiet awscli
# Python functions on the local Lambda run with AWS's runtime interface client (Tests/python/test_lambda_api.py).
python3 -c "import awslambdaric" 2>/dev/null || python3 -m pip install --quiet awslambdaric
# Tasks forwarded to other AWS services are tested against moto's server (Tests/python/test_aws_endpoint.py).
python3 -c "import moto.server, flask" 2>/dev/null || python3 -m pip install --quiet 'moto[server]'
# The web console is driven in Debian's headless Chromium with Selenium (Tests/python/test_console.py).
if command -v dpkg >/dev/null && ! { dpkg -s chromium && dpkg -s chromium-driver; } >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi
python3 -c "import selenium" 2>/dev/null || python3 -m pip install --quiet selenium
export STEPWISE_REQUIRE_BROWSER=1
swift build --product stepwise
STEPWISE_BIN="$(swift build --show-bin-path)/stepwise" python3 -m pytest -q Tests/python

# The seed's pizza workflow written with the Stepwise DSL: its ASL alone, then a run on the embedded engine.
swift run pizza --asl > /dev/null
swift run pizza --fast
swift run pizza --fast --on-lambda MakeDough --on-lambda Bake

# The seed's Process Batch workflow: flaky services (deterministic), Retry, Catch and the resend-only-unsent path.
swift run batch --fast

# The Step Functions client against LocalStack's Step Functions (an implementation we did not write), on loopback.
# Its install/start/stop scripts live in scripts/peers/localstack; its virtualenv and run files under
# LOCALSTACK_PEER_HOME. A machine without Python 3.12+ skips it with the reason; any other failure to install or
# start it fails the run; LocalStack is stopped by its recorded PID whatever happens.
(
    peer="scripts/peers/localstack"
    export LOCALSTACK_PEER_HOME="${LOCALSTACK_PEER_HOME:-/tmp/localstack-peer-stepwise-ci}"
    status=0
    installed="$("$peer/install.sh" 2>&1)" || status=$?
    if [ "$status" -eq 3 ]; then
        echo "test.sh: skipping the LocalStack suite: $installed" >&2
        exit 0
    fi
    [ "$status" -eq 0 ] || { echo "$installed"; echo "test.sh: installing LocalStack failed" >&2; exit 1; }
    trap '"$peer/stop.sh" >/dev/null' EXIT
    started="$("$peer/start.sh")" || { echo "$started"; echo "test.sh: starting LocalStack failed" >&2; exit 1; }
    endpoint="$(printf '%s\n' "$started" | tail -n 1)"
    case "$endpoint" in http://127.0.0.1:*) ;; *) echo "test.sh: LocalStack gave no loopback endpoint: $started" >&2; exit 1 ;; esac
    log="$(mktemp)"
    STEPWISE_LOCALSTACK_ENDPOINT="$endpoint" swift_test --filter LocalStackTests 2>&1 | tee "$log"
    # The suite is skipped without the endpoint: make sure it really ran.
    grep -q "Suite \"The client against LocalStack's Step Functions\" passed" "$log" \
        || { echo "test.sh: the LocalStack suite did not run" >&2; exit 1; }
)

# IAM and ensured execution roles against moto (an implementation we did not write; it serves IAM and Step Functions
# on one endpoint), on loopback port 0. Any failure to install or start it fails the run; it is stopped by its PID.
(
    python3 -c "import moto.server, flask" 2>/dev/null || python3 -m pip install --quiet 'moto[server]'
    log="$(mktemp)"
    python3 -m moto.server -H 127.0.0.1 -p 0 >"$log" 2>&1 &
    moto_pid=$!
    trap 'kill "$moto_pid" 2>/dev/null; wait "$moto_pid" 2>/dev/null || true' EXIT
    endpoint=""
    for _ in $(seq 1 150); do
        endpoint="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)"
        [ -n "$endpoint" ] && break
        kill -0 "$moto_pid" 2>/dev/null || break
        sleep 0.2
    done
    [ -n "$endpoint" ] || { cat "$log"; echo "test.sh: moto did not start" >&2; exit 1; }
    out="$(mktemp)"
    STEPWISE_MOTO_ENDPOINT="$endpoint" swift_test --filter MotoTests 2>&1 | tee "$out"
    grep -q 'Suite "IAM and ensured roles against moto" passed' "$out" || { echo "test.sh: the moto suite did not run" >&2; exit 1; }
)

# Packages outside this one, built as users build theirs: every Swift sample of README.md compiles against the public
# products (Examples/outside-package), and a worker built with no traits links no SQLite (Examples/worker-only).
scripts/check-outside-packages.sh
