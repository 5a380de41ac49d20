#!/usr/bin/env bash
# Full-build speed and peak memory of polydoc against Hugo on the same site, in one run.
#
#   bench/compare-hugo.sh [N=1000] [RUNS=3]
#
# Generates N operations (bench/corpus.rs: five examples each, en/de/es), writes the same pages
# as Markdown for Hugo (bench/hugo_site.rs: same prose, tables and every code block as a fenced
# block that Hugo highlights with Chroma), then times RUNS full builds of each, alternating,
# and prints the medians. Last line:
#   ops=N polydoc_s=… hugo_s=… speedup=… polydoc_rss_mb=… hugo_rss_mb=…
set -euo pipefail
N="${1:-1000}"
RUNS="${2:-3}"
root="$(cd "$(dirname "$0")/.." && pwd)"

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need hugo hugo
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

(cd "$root" && cargo build --release --quiet --bin polydoc --example corpus --example hugo_site)
bin="$root/target/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin/examples/corpus" "$N" "$work/project"
"$bin/examples/hugo_site" "$work/project" "$work/hugo"
echo "corpus: $N operations, $(find "$work/project" -type f | wc -l) source files; hugo $(hugo version | cut -d' ' -f2)"

# Prints "seconds peak_kb" of one command.
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }; cat "$work/time"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: > "$work/polydoc"; : > "$work/hugo.times"
for run in $(seq "$RUNS"); do
  rm -rf "$work/out-polydoc" "$work/out-hugo"
  p=$(measure "$bin/polydoc" build --quiet --no-cache --root "$work/project" --out "$work/out-polydoc")
  h=$(measure hugo --quiet --source "$work/hugo" --destination "$work/out-hugo")
  echo "run $run: polydoc ${p% *} s ${p#* } KB; hugo ${h% *} s ${h#* } KB"
  echo "$p" >> "$work/polydoc"; echo "$h" >> "$work/hugo.times"
done
pages_p=$(find "$work/out-polydoc" -name index.html | wc -l)
pages_h=$(find "$work/out-hugo" -name index.html | wc -l)
echo "pages: polydoc $pages_p, hugo $pages_h (both include index pages)"
ps=$(cut -d' ' -f1 "$work/polydoc" | median); hs=$(cut -d' ' -f1 "$work/hugo.times" | median)
pm=$(cut -d' ' -f2 "$work/polydoc" | median); hm=$(cut -d' ' -f2 "$work/hugo.times" | median)
awk -v n="$N" -v ps="$ps" -v hs="$hs" -v pm="$pm" -v hm="$hm" 'BEGIN {
  printf "ops=%d polydoc_s=%.2f hugo_s=%.2f speedup=%.1f polydoc_rss_mb=%.0f hugo_rss_mb=%.0f\n", n, ps, hs, hs/ps, pm/1024, hm/1024 }'
