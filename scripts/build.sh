#!/usr/bin/env bash
# Release build of the app into dist/ (what users get: opt-level z, LTO, wasm-opt -Oz when
# index.html asks for it), then print the wasm size raw / gzip / brotli, and FAIL when the main
# wasm's gzip size is above its budget (below).
# Extra arguments go to `trunk build` (e.g. --public-url /rapport/).
# RAPPORT_DIST_DIR builds elsewhere than dist/ (the browser benchmark uses target/bench/app).

# Size budgets, gzip -9, in KB (issue 11). Ratchets: today's size plus a small margin, so CI
# fails on any growth beyond them; lower them with every change that shrinks a module, raise them
# only with a reason in BENCHMARKS.md.
# - The Today module (rapport-<hash>_bg.wasm, src/main.rs): what a visit downloads before Today
#   answers (src/handoff.rs). Split from the whole app in session 11. The target is 600 KB for
#   everything a first visit fetches before Today is interactive: this module, its script, the
#   CSS and index.html, added up below.
# - The whole app (rapport_app_bg.wasm, src/bin/rapport_app.rs): every screen, fetched when the
#   page first asks for another one (and cached by the service worker). It was the only module
#   until session 11; its budget history (1330 -> 1345 -> 1515 -> 1560 -> 1570 -> 1578 -> 1594, each
#   with its reason) is in BENCHMARKS.md.
# The passphrase and restore workers load only when a passphrase form opens or a backup is
# restored; their sizes are printed, not budgeted.
TODAY_WASM_GZIP_BUDGET_KB=192
FIRST_VISIT_GZIP_TARGET_KB=600
APP_WASM_GZIP_BUDGET_KB=1609
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

# serve.sh / test.sh have already run setup; a direct call runs it here.
if [ "${RAPPORT_SETUP_DONE:-}" != 1 ]; then bash "$ROOT/scripts/setup.sh"; fi
[ -f index.html ] || die "index.html is missing: it is the app's entry point for Trunk"

log "trunk build index.html --release"
start=$SECONDS
# index.html comes BEFORE --release: trunk's --release takes the next word as its value.
DIST="${RAPPORT_DIST_DIR:-dist}"
trunk build index.html --release --dist "$DIST" "$@"
log "release build done in $((SECONDS - start)) s"

shopt -s nullglob
wasm_files=("$DIST"/*.wasm)
[ ${#wasm_files[@]} -gt 0 ] || die "no .wasm in $DIST/ after the build"
sizes_file="$ROOT/target/rapport-sizes.txt"
: >"$sizes_file"
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
for wasm in "${wasm_files[@]}"; do
  raw=$(stat -c %s "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  line="$(basename "$wasm"): $(kb "$raw") raw, $(kb "$gz") gzip"
  if command -v brotli >/dev/null; then
    line="$line, $(kb "$(brotli -q 11 -c "$wasm" | wc -c)") brotli"
  fi
  echo "$line" | tee -a "$sizes_file"
done
total=$(du -sk "$DIST" | cut -f1)
echo "$DIST/ total: ${total} KB" | tee -a "$sizes_file"

gz_kb() { echo $((($(gzip -9 -c "$1" | wc -c) + 1023) / 1024)); }
today_wasm=("$DIST"/rapport-*_bg.wasm)
[ ${#today_wasm[@]} -eq 1 ] || die "expected one Today module (rapport-*_bg.wasm) in $DIST/, found ${#today_wasm[@]}"
[ -f "$DIST/rapport_app_bg.wasm" ] || die "the whole app's module (rapport_app_bg.wasm) is missing from $DIST/"
today_kb=$(gz_kb "${today_wasm[0]}")
app_kb=$(gz_kb "$DIST/rapport_app_bg.wasm")
# What a first visit fetches before Today answers: the page, its style, the Today module and
# its script (the service worker and everything it caches come after, reported apart).
first=0
for f in "$DIST/index.html" "$DIST"/main-*.css "$DIST"/rapport-*.js "${today_wasm[0]}"; do
  first=$((first + $(gzip -9 -c "$f" | wc -c)))
done
first_kb=$(((first + 1023) / 1024))
{
  echo "Today module: ${today_kb} KB gzip, budget ${TODAY_WASM_GZIP_BUDGET_KB} KB"
  echo "first visit before Today answers (page, style, Today module and script): ${first_kb} KB gzip (target ${FIRST_VISIT_GZIP_TARGET_KB} KB, issue 11)"
  echo "whole app module (fetched for any other screen): ${app_kb} KB gzip, budget ${APP_WASM_GZIP_BUDGET_KB} KB"
} | tee -a "$sizes_file"
over() {
  die "$1 grew past its size budget ($2 KB gzip, budget $3 KB). Make it smaller (or move code into a part loaded only when used); raise $4 in scripts/build.sh only with a reason in BENCHMARKS.md."
}
[ "$today_kb" -le "$TODAY_WASM_GZIP_BUDGET_KB" ] || over "the Today module" "$today_kb" "$TODAY_WASM_GZIP_BUDGET_KB" TODAY_WASM_GZIP_BUDGET_KB
[ "$app_kb" -le "$APP_WASM_GZIP_BUDGET_KB" ] || over "the whole app's module" "$app_kb" "$APP_WASM_GZIP_BUDGET_KB" APP_WASM_GZIP_BUDGET_KB
