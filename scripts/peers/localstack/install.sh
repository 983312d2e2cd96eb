#!/usr/bin/env bash
# Install LocalStack's Step Functions runtime (no Docker) into a virtualenv outside the repository.
# LocalStack needs Python >= 3.12; its dependencies are pinned in constraints.txt (newer releases break it).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOME_DIR="${LOCALSTACK_PEER_HOME:-/tmp/localstack-peer}"
mkdir -p "$HOME_DIR"
PY="${PYTHON313:-}"
if [ -z "$PY" ]; then
  PYROOT="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
  for c in "$PYROOT"/versions/3.13*/bin/python3 "$(command -v python3.13 || true)" "$PYROOT"/versions/3.12*/bin/python3 "$(command -v python3.12 || true)"; do
    if [ -n "$c" ] && [ -x "$c" ]; then PY="$c"; break; fi
  done
fi
# Exit status 3: this machine has no Python new enough (the caller may skip LocalStack, saying why).
[ -n "$PY" ] || { echo "need python3.13 or python3.12 (set PYTHON313 to its path)"; exit 3; }
if [ ! -x "$HOME_DIR/venv/bin/python" ]; then
  "$PY" -m venv "$HOME_DIR/venv"
fi
"$HOME_DIR/venv/bin/python" -m pip install --quiet 'localstack-core[runtime]==2026.3.0' boto3 psutil -c "$HERE/constraints.txt"
"$HOME_DIR/venv/bin/python" -c 'import localstack.version as v; print("localstack-core", v.__version__)'
