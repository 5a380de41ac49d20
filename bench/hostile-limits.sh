#!/usr/bin/env bash
# Time and peak memory of `build` and `check` on small hostile inputs, each past one of the
# limits of src/limits.rs (README, Hostile input): a 50 MB example body, a 46 MB message file
# of 1,000,000 messages, a 40 MB message, 101 placeables, three nested range(end=100000)
# loops in a template. Each run is capped at 120 s and, with AS=<bytes>, an address space
# (`prlimit --as`). Expected: every case fails (exit 1, check 1 or 2) within a second or two
# and a few hundred MB; before the limits the same inputs took 30-90 s and 1-8 GB, or never
# ended.
#
# Usage: bench/hostile-limits.sh [POLYDOC]   (default: the release build; from the repo root)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ge 1 ]; then POLYDOC=$(realpath "$1"); else
  cargo build --release --quiet
  POLYDOC=${CARGO_TARGET_DIR:-$PWD/target}/release/polydoc
fi
TREE=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$TREE"' EXIT; echo "tree: $TREE" >&2
project() { mkdir -p "$TREE/$1"; cp -r content locales templates "$TREE/$1/"; echo "$TREE/$1"; }

p=$(project body)   # 50 MB of members prepended to the first example's list
{ sed -n '1,/^          "members": \[$/p' content/chat/create-chat.yaml
  yes '          {"@odata.type": "#microsoft.graph.aadUserConversationMember", "roles": ["owner"]},' | head -n 600000 || true
  sed '1,/^          "members": \[$/d' content/chat/create-chat.yaml; } > "$p/spec.tmp"
mv "$p/spec.tmp" "$p/content/chat/create-chat.yaml"
p=$(project ftl)    # 1,000,000 messages
seq 0 999999 | awk '{ printf "extra-%d = Nachricht { $topic } Nr %d\n", $1, $1 }' >> "$p/locales/de/create-chat.ftl"
p=$(project msg)    # one 40 MB message that the page uses
awk 'BEGIN { printf "summary = "; for (i = 0; i < 8000000; i++) printf "Wort "; print "{ $chat }" }' > "$p/m.tmp"
grep -v '^summary = ' "$p/locales/de/create-chat.ftl" >> "$p/m.tmp"; mv "$p/m.tmp" "$p/locales/de/create-chat.ftl"
p=$(project placeables)   # 101 placeables in `summary`
many=$(for i in $(seq 1 100); do printf ' w%d { "x" }' "$i"; done)
sed -i "s/^summary = .*/summary =$many { \$chat }/" "$p/locales/de/create-chat.ftl"
p=$(project template)     # three nested range(end=100000) loops
loop='{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% for k in range(end=100000) %}x{% endfor %}{% endfor %}{% endfor %}'
sed -i "s/^{% block content %}\$/{% block content %}\n$loop/" "$p/templates/page.html"

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); binary $POLYDOC"
printf '%-12s %-38s %5s %9s %10s\n' case command exit wall peak-RSS
for case in body ftl msg placeables template; do
  for cmd in "build -q --out public" "check --format json"; do
    set +e
    (cd "$TREE/$case" && /usr/bin/time -f '%e %M' -o "$TREE/time" timeout 120 \
      prlimit --as="${AS:-unlimited}" -- "$POLYDOC" $cmd >/dev/null 2>"$TREE/err")
    code=$?
    set -e
    read -r wall rss < <(tail -n 1 "$TREE/time")
    printf '%-12s %-38s %5s %8ss %7s MB\n' "$case" "$cmd" "$code" "$wall" "$((rss / 1024))"
    head -n 2 "$TREE/err" | sed 's/^/    /' | cut -c1-150
  done
done
