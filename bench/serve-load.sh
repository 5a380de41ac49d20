#!/usr/bin/env bash
# Load test of `polydoc serve` from a second process (ab), loopback only, bounded count:
# N requests (default 20,000) on C connections (default 64) over the shipped project's pages.
# Reports requests per second, p50/p99 latency (ms), failures, and the server's RSS before and
# after. Fails (exit 1) on any failed or non-2xx response, or when the server's RSS grows by
# more than MAX_GROWTH_KB (default 65536).
#   [POLYDOC_BIN=path] bench/serve-load.sh [N] [C]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-20000}"
c="${2:-64}"
max_growth_kb="${MAX_GROWTH_KB:-65536}"
# ApacheBench (Debian's apache2-utils): a fixed request count on a fixed number of connections.
if ! command -v ab >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y apache2-utils >/dev/null
  else
    echo "ab is required: apt-get install -y apache2-utils" >&2
    exit 2
  fi
fi
. bench/serve-common.sh
rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$server/status"; }
# Warm up (first reads of every file), then measure: keep-alive connections, the largest page.
curl -s -o /dev/null "$url/de/create-chat/" || true
before_rss="$(rss)"
ab -q -k -n "$n" -c "$c" "$url/de/create-chat/" >"$work/ab.txt" 2>&1 || { cat "$work/ab.txt"; echo "ab failed" >&2; exit 1; }
after_rss="$(rss)"
peak="$(hwm)"
complete="$(awk '/^Complete requests:/ {print $3}' "$work/ab.txt")"
failed="$(awk '/^Failed requests:/ {print $3}' "$work/ab.txt")"
non2xx="$(awk '/^Non-2xx responses:/ {print $3}' "$work/ab.txt")"
rps="$(awk '/^Requests per second:/ {print $4}' "$work/ab.txt")"
p50="$(awk '$1 == "50%" {print $2}' "$work/ab.txt")"
p99="$(awk '$1 == "99%" {print $2}' "$work/ab.txt")"
max="$(awk '$1 == "100%" {print $2}' "$work/ab.txt")"
echo "requests=$complete connections=$c rps=$rps p50_ms=$p50 p99_ms=$p99 max_ms=$max failed=$failed non2xx=${non2xx:-0}"
echo "server_rss_kb_before=$before_rss server_rss_kb_after=$after_rss server_peak_kb=$peak"
kill -0 "$server" || { echo "server died" >&2; exit 1; }
fail=0
[ "${complete:-0}" -eq "$n" ] || { echo "only ${complete:-0} of $n requests completed" >&2; fail=1; }
[ "${failed:-1}" = 0 ] || { echo "failed=$failed" >&2; fail=1; }
[ "${non2xx:-0}" = 0 ] || { echo "non2xx=$non2xx" >&2; fail=1; }
growth=$((after_rss - before_rss))
[ "$growth" -le "$max_growth_kb" ] || { echo "server RSS grew by $growth kB" >&2; fail=1; }
exit $fail
