#!/usr/bin/env bash
# Run the app locally at http://127.0.0.1:8080 (address and port from Trunk.toml).
#   bash scripts/serve.sh         release build (what users get; rebuilds take ~20 s: LTO)
#   bash scripts/serve.sh --dev   debug build (rebuilds in seconds, big unoptimised wasm)
# Trunk watches the sources and reloads the page after each rebuild.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

bash "$ROOT/scripts/setup.sh"
export RAPPORT_SETUP_DONE=1

if [ "${1:-}" = "--dev" ]; then
  shift
  log "trunk serve (debug build) on http://127.0.0.1:8080"
  RAPPORT_SW_PASSTHROUGH=1 exec trunk serve index.html "$@"
fi

# Build first so the sizes are printed; trunk serve then reuses cargo's cache.
bash "$ROOT/scripts/build.sh"
log "trunk serve (release build) on http://127.0.0.1:8080"
# While serving, the service worker caches nothing (scripts/sw-manifest.sh), so a rebuild shows
# at the next reload instead of waiting behind "A new version is available".
RAPPORT_SW_PASSTHROUGH=1 exec trunk serve index.html --release "$@"
