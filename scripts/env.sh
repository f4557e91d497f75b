# shellcheck shell=bash
# Sourced by the other scripts: common paths, PATH order and logging helpers.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# npm binaryen@132 lives here. It must come FIRST on PATH: Debian's `binaryen` (108)
# produces a wasm that builds but fails in the browser (WebAssembly.Table.set error).
BINARYEN_DIR="${RAPPORT_BINARYEN_DIR:-/opt/binaryen}"
BINARYEN_VERSION=132
export BINARYEN_DIR BINARYEN_VERSION
export PATH="$BINARYEN_DIR/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Trunk 0.22 needs rustc 1.96; 0.21.14 is the newest that builds with our 1.95.
TRUNK_VERSION=0.21.14
LEPTOSFMT_VERSION=0.1.33
export TRUNK_VERSION

# Colours only on a terminal, so CI logs stay readable.
if [ -t 1 ]; then C_B=$'\033[1;34m' C_Y=$'\033[1;33m' C_R=$'\033[1;31m' C_G=$'\033[1;32m' C_0=$'\033[0m'; else
  C_B='' C_Y='' C_R='' C_G='' C_0=''
fi
log() { printf '%s==>%s %s\n' "$C_B" "$C_0" "$*"; }
ok() { printf '%s%s%s\n' "$C_G" "$*" "$C_0"; }
warn() { printf '%sWARNING:%s %s\n' "$C_Y" "$C_0" "$*" >&2; }
die() {
  printf '%sERROR:%s %s\n' "$C_R" "$C_0" "$*" >&2
  exit 1
}

# The wasm-bindgen version in Cargo.lock: the CLI (and Trunk.toml) must match it exactly,
# or wasm-bindgen refuses the module ("schema version mismatch").
lock_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' \
    "$ROOT/Cargo.lock"
}
