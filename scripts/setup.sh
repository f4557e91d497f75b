#!/usr/bin/env bash
# Idempotent installer of everything the build and tests need, for a fresh Debian machine
# (root) that has only rustup/cargo and node/npm. Each step checks first, so a second run
# takes a few seconds. GitHub is unreachable on our machines, so nothing here (nor Trunk)
# may download release binaries: tools come from crates.io, npm and the Debian archive.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

start=$SECONDS
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# 1. Chromium + chromedriver (browser tests and end-to-end tests), same version from Debian.
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  log "chromium + chromedriver: present"
else
  log "chromium + chromedriver: installing from the Debian archive (~30 s)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    chromium chromium-driver
fi

# brotli: scripts/build.sh and the browser benchmark report sizes compressed with it too.
if command -v brotli >/dev/null; then
  log "brotli: present"
else
  log "brotli: installing from the Debian archive"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends brotli
fi

# 2. The wasm target.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rust target wasm32-unknown-unknown: present"
else
  log "rust target wasm32-unknown-unknown: adding"
  rustup target add wasm32-unknown-unknown
fi

# 2b. fmt and clippy run in the test script; a minimal rustup profile lacks them.
for component in rustfmt clippy; do
  if rustup component list --installed | grep -q "^$component"; then :; else
    log "rust component $component: adding"
    rustup component add "$component"
  fi
done

# 3. Trunk, pinned; --locked because its newer dependencies need a newer rustc.
if command -v trunk >/dev/null && trunk --version | grep -qF "$TRUNK_VERSION"; then
  log "trunk $TRUNK_VERSION: present"
else
  log "trunk $TRUNK_VERSION: cargo install (~9 min on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 4. wasm-bindgen-cli at exactly Cargo.lock's version. NOT --locked: one of its locked
#    dependencies is no longer on crates.io.
WBG="$(lock_wasm_bindgen_version)"
[ -n "$WBG" ] || die "no wasm-bindgen package in Cargo.lock"
if grep -qE "^wasm_bindgen = \"$WBG\"" "$ROOT/Trunk.toml"; then :; else
  die "Trunk.toml [tools] wasm_bindgen must be \"$WBG\" (the version in Cargo.lock)"
fi
if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version)" = "wasm-bindgen $WBG" ] &&
  command -v wasm-bindgen-test-runner >/dev/null; then
  log "wasm-bindgen-cli $WBG: present"
else
  log "wasm-bindgen-cli $WBG: cargo install (~3.5 min)"
  cargo install wasm-bindgen-cli --version "$WBG" --force
fi

# 5. wasm-opt from npm binaryen (see env.sh for why not Debian's).
if "$BINARYEN_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  log "wasm-opt $BINARYEN_VERSION (npm binaryen, $BINARYEN_DIR): present"
else
  log "wasm-opt $BINARYEN_VERSION: npm install binaryen@$BINARYEN_VERSION into $BINARYEN_DIR"
  mkdir -p "$BINARYEN_DIR"
  npm install --prefix "$BINARYEN_DIR" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION"
fi
[ "$(command -v wasm-opt)" = "$BINARYEN_DIR/node_modules/.bin/wasm-opt" ] ||
  die "wasm-opt on PATH is $(command -v wasm-opt), expected $BINARYEN_DIR/node_modules/.bin/wasm-opt"

# 5b. The Node check of the plain exports (e2e/node: @automerge/automerge + ajv, pinned by its
#     package-lock.json): installed when missing or when the lock file changed.
NODE_CHECK="$ROOT/e2e/node"
if [ -d "$NODE_CHECK/node_modules/@automerge/automerge" ] && [ -d "$NODE_CHECK/node_modules/ajv" ] &&
  [ "$NODE_CHECK/node_modules/.package-lock.json" -nt "$NODE_CHECK/package-lock.json" ]; then
  log "export check (npm @automerge/automerge, ajv in e2e/node): present"
else
  log "export check: npm ci in e2e/node"
  npm ci --prefix "$NODE_CHECK" --no-audit --no-fund --loglevel=error
fi

# 5c. leptosfmt: formats the view! macros that rustfmt leaves alone (checked by test.sh).
if leptosfmt --version 2>/dev/null | grep -qF "$LEPTOSFMT_VERSION"; then
  log "leptosfmt $LEPTOSFMT_VERSION: present"
else
  log "leptosfmt $LEPTOSFMT_VERSION: cargo install (~2.5 min)"
  cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked
fi

# 6. cargo-fuzz, only if the project has fuzz targets (they run on nightly).
if [ -f "$ROOT/core/fuzz/Cargo.toml" ]; then
  if cargo fuzz --version >/dev/null 2>&1; then
    log "cargo-fuzz: present"
  else
    log "cargo-fuzz: cargo install (~2 min)"
    cargo install cargo-fuzz --locked
  fi
fi

log "setup done in $((SECONDS - start)) s"
