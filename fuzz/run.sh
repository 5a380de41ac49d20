#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) each with the stable-toolchain fuzzer
# (fuzz/fuzz.rs) and reports executions and crashes. Exit status 1 when any target crashed
# or aborted (an abort, e.g. a stack overflow, leaves its input in fuzz/artifacts/<t>/current).
#   fuzz/run.sh [SECONDS] [SEED]
set -u
cd "$(dirname "$0")/.."
seconds="${1:-60}"
seed="${2:-24301}"
cargo build --release --example fuzz >&2 || exit 2
bin="${CARGO_TARGET_DIR:-target}/release/examples/fuzz"
status=0
total=0
for target in spec schema ftl request; do
  line="$("$bin" "$target" "$seconds" "$seed")"
  rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "$target: ABORTED (exit $rc); input kept in fuzz/artifacts/$target/current"
    status=1
  else
    echo "$line"
    [ "$rc" -eq 1 ] && status=1
    execs="$(sed -n 's/.*execs=\([0-9]*\).*/\1/p' <<<"$line")"
    total=$((total + ${execs:-0}))
  fi
done
echo "total: $total executions in $((seconds * 4)) s; $([ $status -eq 0 ] && echo 'no crashes' || echo 'CRASHES: see fuzz/artifacts/')"
exit $status
