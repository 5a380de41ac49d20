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
. bench/serve-common.sh
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
