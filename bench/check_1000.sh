#!/usr/bin/env bash
# Times `polydoc check` (release build) on 1,000 operations in three locales: copies of the
# shipped create-chat operation with varied ids, each with its own en/de/es message file.
#
# Usage: bench/check_1000.sh [N]     (default N=1000; from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
cargo build --release --quiet
POLYDOC=${CARGO_TARGET_DIR:-$PWD/target}/release/polydoc
TREE=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$TREE"' EXIT; echo "tree: $TREE" >&2
mkdir -p "$TREE/content/schema" "$TREE/locales"
cp content/schema/*.yaml "$TREE/content/schema/"
for l in en de es; do
  mkdir -p "$TREE/locales/$l"
  cp "locales/$l/ui.ftl" "$TREE/locales/$l/"
  [ -f "locales/$l/polydoc-allow.yaml" ] && cp "locales/$l/polydoc-allow.yaml" "$TREE/locales/$l/"
done
for i in $(seq 1 "$N"); do
  section=$(( i % 10 ))
  mkdir -p "$TREE/content/area-$section"
  sed "s/^id: create-chat$/id: create-chat-$i/" content/chat/create-chat.yaml > "$TREE/content/area-$section/create-chat-$i.yaml"
  for l in en de es; do
    cp "locales/$l/create-chat.ftl" "$TREE/locales/$l/create-chat-$i.ftl"
  done
done
"$POLYDOC" l10n confirm de --root "$TREE" && "$POLYDOC" l10n confirm es --root "$TREE"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "project: $N operations x 3 locales ($(find "$TREE/locales" -name '*.ftl' | wc -l) FTL files)"
# Best of three runs (wall clock), since the machine may be shared.
time_it() {
  local label=$1; shift
  local best="" start end t
  for _ in 1 2 3; do
    start=$(date +%s.%N)
    "$POLYDOC" check --root "$TREE" "$@" --format json > "$TREE/out.json" || true
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  printf '%-46s %6.2f s  (%s)\n' "$label" "$best" "$(python3 -c "import json,sys;s=json.load(open(sys.argv[1]))['summary'];print(f\"{s['errors']} errors, {s['warnings']} warnings, {s['notes']} notes\")" "$TREE/out.json")"
}
time_it "check --no-pages (translations, examples, snippets)" --no-pages
start=$(date +%s.%N); "$POLYDOC" build --root "$TREE" --out "$TREE/site" > /dev/null 2>&1; end=$(date +%s.%N)
printf '%-46s %6.2f s  (for reference: the build alone)\n' "polydoc build (3,000 pages)" "$(echo "$end - $start" | bc)"
time_it "check --site (pages already built)" --site "$TREE/site"
time_it "check (pages built on the fly)"
