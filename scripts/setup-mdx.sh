#!/usr/bin/env bash
# Installs what tests/mdx.rs needs (idempotent): Node.js and npm (Debian nodejs, npm) when
# missing, then the pinned packages of tests/mdx/ from its package-lock.json: @mdx-js/mdx (the
# MDX compiler Docusaurus 3 uses), remark-frontmatter, remark-gfm and js-yaml.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

apt_packages=()
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
bash "$root/scripts/apt-install.sh" setup-mdx "${apt_packages[@]}"

if [ -f "$root/tests/mdx/node_modules/@mdx-js/mdx/package.json" ] \
    && [ "$root/tests/mdx/node_modules/.package-lock.json" -nt "$root/tests/mdx/package-lock.json" ]; then
    echo "setup-mdx: tests/mdx packages already installed"
else
    echo "setup-mdx: npm ci in tests/mdx (@mdx-js/mdx, remark-frontmatter, remark-gfm, js-yaml)"
    (cd "$root/tests/mdx" && npm ci --no-audit --no-fund --loglevel=error)
fi
