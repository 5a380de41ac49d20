#!/usr/bin/env bash
# The project's lint gate, run by CI before the tests: formatting (rustfmt.toml) and every clippy
# warning, on every target (library, binary, tests, benches, examples), as errors.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
echo "lint: cargo fmt and cargo clippy clean"
