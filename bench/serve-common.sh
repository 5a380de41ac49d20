# Sourced by the serve benches (serve-load.sh, slowloris.sh, serve-download.sh): builds polydoc
# (or takes POLYDOC_BIN, say an older build for a before/after comparison), starts
# `polydoc serve` on a copy of the project on a free loopback port, and sets:
#   bin, work (the copy, removed on exit), server (its pid, killed on exit),
#   addr (127.x.x.x:port) and url (http://addr). Refuses any non-loopback address.
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
addr="$(sed -n 's/.* on http:\/\/\([0-9.:]*\)\/.*/\1/p' "$work/serve.log" | head -1)"
[ -n "$addr" ] || { cat "$work/serve.log"; echo "server did not start" >&2; exit 1; }
case "$addr" in 127.*) ;; *) echo "refusing a non-loopback address $addr" >&2; exit 2 ;; esac
url="http://$addr"
