#!/usr/bin/env bash
# Installs what tests/openapi_out.rs needs (idempotent): Node.js and npm (Debian nodejs, npm)
# when missing, then the real Redocly CLI, @redocly/cli 2.77.0, into tests/redocly/node_modules
# from its committed package-lock.json (its `redocly lint` validates the OpenAPI documents
# `polydoc build --format openapi` writes).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/tests/redocly"

apt_packages=()
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
bash "$root/scripts/apt-install.sh" setup-redocly "${apt_packages[@]}"

if [ -f "$dir/node_modules/@redocly/cli/package.json" ] \
    && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    echo "setup-redocly: tests/redocly packages already installed"
elif [ -f "$dir/package-lock.json" ]; then
    echo "setup-redocly: npm ci in tests/redocly (@redocly/cli 2.77.0)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
else
    echo "setup-redocly: npm install in tests/redocly (@redocly/cli 2.77.0, writes package-lock.json)"
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
fi
