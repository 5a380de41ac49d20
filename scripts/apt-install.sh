#!/usr/bin/env bash
# apt-install.sh WHO PACKAGE...: installs Debian packages the tests need, without recommended
# packages, after printing every package apt will add (the named ones and their dependencies).
# Does nothing when no PACKAGE is given. Used by the setup scripts.
set -euo pipefail
who="$1"
shift
[ "$#" -gt 0 ] || exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
plan="$(apt-get install -s -y --no-install-recommends "$@" | awk '/^Inst /{print $2}')"
count="$(printf '%s\n' "$plan" | grep -c . || true)"
echo "$who: installing $* with --no-install-recommends: $count Debian packages:"
printf '%s\n' "$plan" | paste -sd' ' | fold -s -w 100 | sed 's/^/    /'
log="$(mktemp)"
if ! apt-get install -y --no-install-recommends "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
fi
grep -E '^After this operation' "$log" | sed "s/^/$who: /" || true
rm -f "$log"
