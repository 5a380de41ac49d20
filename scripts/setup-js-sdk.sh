#!/usr/bin/env bash
# Installs what tests/js_sdk.rs needs (idempotent): Node.js and npm (Debian nodejs, npm) when
# missing, then the real Microsoft Graph JavaScript client, @microsoft/microsoft-graph-client
# 3.0.7, into tests/js_sdk/node_modules from its committed package-lock.json.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/tests/js_sdk"

apt_packages=()
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
bash "$root/scripts/apt-install.sh" setup-js-sdk "${apt_packages[@]}"

if [ -f "$dir/node_modules/@microsoft/microsoft-graph-client/package.json" ] \
    && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    echo "setup-js-sdk: tests/js_sdk packages already installed"
else
    echo "setup-js-sdk: npm ci in tests/js_sdk (@microsoft/microsoft-graph-client 3.0.7)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
