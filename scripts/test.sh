#!/usr/bin/env bash
# Set up and run every test. pytest's exit 5 (no tests ran) is a failure here.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
bash scripts/system-packages.sh || exit 1
# Two workers: CI and every machine here have 2 cores.
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
rc=$?
if [ $rc -eq 5 ]; then echo "No tests ran: failing." >&2; exit 1; fi
exit $rc
