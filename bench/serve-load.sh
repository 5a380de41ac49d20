#!/usr/bin/env bash
# Load test of `polydoc serve` from a second process (wrk), loopback only, bounded count:
# N requests (default 20,000) on C connections (default 64) over the shipped project's pages.
# Reports requests per second, p50/p99 latency, errors, and the server's RSS before and after.
# Fails (exit 1) on any socket error or non-2xx response, or when the server's RSS grows by
# more than MAX_GROWTH_KB (default 65536).
#   bench/serve-load.sh [N] [C]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-20000}"
c="${2:-64}"
max_growth_kb="${MAX_GROWTH_KB:-65536}"
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y wrk >/dev/null
  else
    echo "wrk is required: apt-get install -y wrk" >&2
    exit 2
  fi
fi
cargo build --release --bin polydoc >&2
bin="${CARGO_TARGET_DIR:-target}/release/polydoc"
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
url="$(sed -n 's/.* on \(http:\/\/[0-9.:]*\)\/.*/\1/p' "$work/serve.log" | head -1)"
[ -n "$url" ] || { cat "$work/serve.log"; echo "server did not start" >&2; exit 1; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$server/status"; }
threads=2
per_thread=$(( (n + threads - 1) / threads ))
cat >"$work/load.lua" <<LUA
local paths = { "/en/create-chat/", "/de/create-chat/", "/es/create-chat/", "/en/", "/de/", "/index.html", "/assets/polydoc.css", "/es/create-chat/index.html" }
local i = 0
local done_here = 0
local limit = $per_thread
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
response = function(status, headers, body)
  done_here = done_here + 1
  if done_here >= limit then wrk.thread:stop() end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests=%d seconds=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout, e.status))
end
LUA
# Warm up (first reads of every file), then measure.
curl -s -o /dev/null "$url/en/create-chat/" 2>/dev/null || true
before_rss="$(rss)"
result="$(wrk -t"$threads" -c"$c" -d120s --timeout 10s -s "$work/load.lua" "$url" | tail -1)"
after_rss="$(rss)"
peak="$(hwm)"
echo "$result"
echo "server_rss_kb_before=$before_rss server_rss_kb_after=$after_rss server_peak_kb=$peak"
kill -0 "$server" || { echo "server died" >&2; exit 1; }
fail=0
requests="$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$result")"
[ "${requests:-0}" -ge "$n" ] || { echo "only ${requests:-0} of $n requests completed" >&2; fail=1; }
for k in errors_connect errors_read errors_write errors_timeout non2xx; do
  v="$(sed -n "s/.*$k=\([0-9]*\).*/\1/p" <<<"$result")"
  [ "$v" = 0 ] || { echo "$k=$v" >&2; fail=1; }
done
growth=$((after_rss - before_rss))
[ "$growth" -le "$max_growth_kb" ] || { echo "server RSS grew by $growth kB" >&2; fail=1; }
exit $fail
