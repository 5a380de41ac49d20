#!/usr/bin/env bash
# Slowloris probe of `polydoc serve`, loopback only, bounded count and time: holds N sockets
# (default 300, at most 2,000) that each send an unfinished request head one byte a second
# (reconnecting when the server drops them, as an attacker would) for SECONDS (default 20, at
# most 120), and meanwhile times a normal `GET /de/create-chat/` every second from another
# connection. Prints the status and time of every normal request, then a summary line.
# Fails (exit 1) when a normal request is not answered 200 within 2 s.
#   [POLYDOC_BIN=path] bench/slowloris.sh [N] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-300}"
secs="${2:-20}"
[ "$n" -le 2000 ] || { echo "at most 2000 sockets" >&2; exit 2; }
[ "$secs" -le 120 ] || { echo "at most 120 seconds" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }
. bench/serve-common.sh
python3 - "$addr" "$n" "$secs" <<'EOF'
import socket, sys, time
host, port = sys.argv[1].rsplit(":", 1)
n, secs = int(sys.argv[2]), float(sys.argv[3])
port = int(port)

def slow():
    s = socket.socket()
    s.setblocking(False)
    try:
        s.connect_ex((host, port))
    except OSError:
        pass
    return s

def normal():
    start = time.monotonic()
    try:
        with socket.create_connection((host, port), timeout=10) as s:
            s.sendall(b"GET /de/create-chat/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        code = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    except (OSError, ValueError, IndexError):
        code = 0
    return code, time.monotonic() - start

socks = [slow() for _ in range(n)]
time.sleep(0.5)
for s in socks:
    try:
        s.send(b"GET / HTTP/1.1\r\nHost: x\r\n")
    except OSError:
        pass
end = time.monotonic() + secs
results, reconnects, tick = [], 0, 0
while time.monotonic() < end:
    tick += 1
    for i, s in enumerate(socks):
        try:
            s.send(b"X")
        except OSError:
            s.close()
            socks[i] = slow()
            reconnects += 1
    if tick > 2:
        code, took = normal()
        results.append((code, took))
        print(f"t={tick:3d}s normal GET: {code} in {took * 1000:.0f} ms", flush=True)
    time.sleep(1)
for s in socks:
    s.close()
ok = [t for c, t in results if c == 200]
worst = max((t for _, t in results), default=0.0)
print(f"slow_sockets={n} seconds={secs:.0f} normal_requests={len(results)} answered_200={len(ok)} "
      f"max_ms={worst * 1000:.0f} slow_socket_reconnects={reconnects}")
sys.exit(0 if results and len(ok) == len(results) and worst < 2.0 else 1)
EOF
