#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml [[hooks]]): writes the build manifest into the staged
# sw.js, so the service worker precaches exactly this build's files, by relative URL, in a
# cache named after a hash of all of them (R8.3). A new deployment therefore installs into a
# new cache and never mixes its files with the old build's; index.html and the passphrase
# worker's fixed-name files are covered by the hash too.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
cd "$dir"
[ -f sw.js ] || { echo "sw-manifest: no sw.js in $dir" >&2; exit 1; }
if [ "${RAPPORT_SW_PASSTHROUGH:-}" = 1 ]; then
  # scripts/serve.sh: development server, no offline cache (see sw.js: BUILD null).
  { printf 'const BUILD = null;\nconst FILES = [];\n'; cat sw.js; } >sw.js.new
  mv sw.js.new sw.js
  echo "sw-manifest: pass-through service worker (trunk serve)"
  exit 0
fi
# Every file except the service worker itself, sorted for a stable hash.
mapfile -t files < <(find . -type f ! -name sw.js -printf '%P\n' | LC_ALL=C sort)
build=$(for f in "${files[@]}"; do printf '%s  ' "$f"; sha256sum <"$f" | cut -c1-64; done |
  sha256sum | cut -c1-16)
list=$(printf '"./%s",' "${files[@]}")
{
  printf '// Generated at build time by scripts/sw-manifest.sh.\n'
  printf 'const BUILD = "%s";\n' "$build"
  printf 'const FILES = ["./", %s];\n' "${list%,}"
  cat sw.js
} >sw.js.new
mv sw.js.new sw.js
echo "sw-manifest: build $build, ${#files[@]} files"
