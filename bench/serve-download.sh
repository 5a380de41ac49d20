#!/usr/bin/env bash
# Large downloads from `polydoc serve`, loopback only, bounded: C clients (default 8, at most
# 64) download one sparse file of MB megabytes (default 100, at most 1024) at once with curl.
# Prints the wall time and the server's RSS before and its peak; fails (exit 1) when a
# download is short or the peak exceeds the RSS before by more than MAX_GROWTH_KB (65536).
#   [POLYDOC_BIN=path] bench/serve-download.sh [C] [MB]
set -euo pipefail
cd "$(dirname "$0")/.."
c="${1:-8}"
mb="${2:-100}"
max_growth_kb="${MAX_GROWTH_KB:-65536}"
[ "$c" -le 64 ] && [ "$mb" -le 1024 ] || { echo "at most 64 clients and 1024 MB" >&2; exit 2; }
if [ -n "${POLYDOC_BIN:-}" ]; then
  bin="$POLYDOC_BIN"
else
  cargo build --release --bin polydoc >&2
  bin="${CARGO_TARGET_DIR:-target}/release/polydoc"
fi
work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cp -r content locales templates "$work/"
"$bin" serve --root "$work" --out "$work/public" --port 0 --bind 127.0.0.1 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 100); do
  grep -q "serving .* on http://" "$work/serve.log" && break
  sleep 0.1
done
url="$(sed -n 's/.* on \(http:\/\/127\.[0-9.:]*\)\/.*/\1/p' "$work/serve.log" | head -1)"
[ -n "$url" ] || { cat "$work/serve.log"; echo "server did not start on loopback" >&2; exit 1; }
truncate -s "${mb}M" "$work/public/big.bin"
before="$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")"
start="$(date +%s%N)"
pids=()
for i in $(seq 1 "$c"); do
  curl -s -o /dev/null -w '%{size_download}\n' "$url/big.bin" >"$work/size.$i" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
peak="$(awk '/^VmHWM/ {print $2}' "/proc/$server/status")"
short="$(cat "$work"/size.* | awk -v want=$((mb * 1048576)) '$1 != want' | wc -l)"
echo "clients=$c size_mb=$mb wall_ms=$ms short_downloads=$short server_rss_kb_before=$before server_peak_kb=$peak"
[ "$short" = 0 ] && [ $((peak - before)) -le "$max_growth_kb" ]
