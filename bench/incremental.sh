#!/usr/bin/env bash
# Incremental rebuild speed against a full build, in one run.
#
#   bench/incremental.sh [N=1000] [RUNS=5]
#
# Generates N operations, builds once, then RUNS times: edits one message of one .ftl file and
# rebuilds, edits one spec and rebuilds; a full (--no-cache) build is timed RUNS times too, and
# so is a rebuild after editing ui.ftl (every page changes: a full build over the existing site,
# through its hard-linked spare). Checks that the incremental output equals a clean build.
# Last line:
#   ops=N full_s=… ftl_edit_s=… spec_edit_s=… ftl_speedup=… spec_speedup=… ui_edit_s=…
set -euo pipefail
N="${1:-1000}"
RUNS="${2:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
(cd "$root" && cargo build --release --quiet --bin polydoc --example corpus)
bin="$root/target/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin/examples/corpus" "$N" "$work/p"
cd "$work/p"
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
"$bin/polydoc" build --quiet --out out
mid=$((N / 2))
spec=$(find content -name "op-$mid.yaml")
: > full; : > ftl; : > spec; : > ui
for run in $(seq "$RUNS"); do
  sed -i "s/^prop-priority = .*/prop-priority = Die Priorität, Lauf $run./" "locales/de/op-$mid.ftl"
  secs "$bin/polydoc" build --quiet --out out >> ftl
  sed -i "0,/\"retries\": [0-9]*/s//\"retries\": $run/" "$spec"
  secs "$bin/polydoc" build --quiet --out out >> spec
  rm -rf full-out
  secs "$bin/polydoc" build --quiet --no-cache --out full-out >> full
  sed -i "s/^site-title = .*/site-title = Docs, run $run/" locales/en/ui.ftl
  secs "$bin/polydoc" build --quiet --out out >> ui
  rm -rf full-out
  "$bin/polydoc" build --quiet --no-cache --out full-out
done
diff -r out full-out >/dev/null && echo "incremental output equals a clean build" || { echo "MISMATCH between incremental and clean output"; exit 1; }
f=$(median < full); a=$(median < ftl); b=$(median < spec); u=$(median < ui)
awk -v n="$N" -v f="$f" -v a="$a" -v b="$b" -v u="$u" 'BEGIN {
  printf "ops=%d full_s=%.3f ftl_edit_s=%.3f spec_edit_s=%.3f ftl_speedup=%.1f spec_speedup=%.1f ui_edit_s=%.3f\n", n, f, a, b, f/a, f/b, u }'
