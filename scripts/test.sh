#!/usr/bin/env bash
# Runs every test of polydoc. Installs what the tests need first (idempotent):
# a Python virtual environment with the real msgraph-sdk from PyPI for tests/python_sdk.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-python-sdk.sh
export POLYDOC_PYTHON="$PWD/.venv/bin/python"
cargo test --locked
