#!/usr/bin/env bash
# Release build of the app into dist/ (what users get: opt-level z, LTO, wasm-opt -Oz when
# index.html asks for it), then print the wasm size raw / gzip / brotli.
# Extra arguments go to `trunk build` (e.g. --public-url /rapport/).
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
trunk build index.html --release "$@"
log "release build done in $((SECONDS - start)) s"

shopt -s nullglob
wasm_files=(dist/*.wasm)
[ ${#wasm_files[@]} -gt 0 ] || die "no .wasm in dist/ after the build"
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
total=$(du -sk dist | cut -f1)
echo "dist/ total: ${total} KB" | tee -a "$sizes_file"
