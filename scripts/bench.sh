#!/usr/bin/env bash
# The browser benchmark (issue 11). Not part of scripts/test.sh's timed run.
#   bash scripts/bench.sh [--scale small|team12|large] [--runs N] [--dist DIR] [--seed N]
# RAPPORT_BENCH_PROFILE=dev builds the host tools unoptimised (the CI smoke run at small scale
# reuses the test build that way); the default `bench-host` profile is optimised (Cargo.toml).
# 1. a release build into target/bench/app (or the build in --dist DIR, e.g. dist/),
# 2. a generated workspace for the scale (cached per scale, seed, day and generator build in target/bench/),
# 3. the JS reference page (bench/js: @automerge/automerge, pinned by its package-lock) beside
#    a copy of the build in target/bench/site,
# 4. the benchmark itself (bench/src/bin/browser.rs): restore through the first-run screen,
#    cold opens, series, plans, team objectives and meeting mode, check-in, import, JS reference; the table is printed and
#    appended to target/bench/results.md.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

scale=team12
runs=3
dist=""
seed=11
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --dist) dist=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) die "usage: bash scripts/bench.sh [--scale small|team12|large] [--runs N] [--dist DIR] [--seed N]" ;;
  esac
done
case "$scale" in small | team12 | large) ;; *) die "unknown scale $scale (small, team12, large)" ;; esac

if [ "${RAPPORT_SETUP_DONE:-}" != 1 ]; then bash "$ROOT/scripts/setup.sh"; fi
export RAPPORT_SETUP_DONE=1
mkdir -p target/bench

# 1. The release build (what users get).
if [ -z "$dist" ]; then
  RAPPORT_DIST_DIR=target/bench/app bash scripts/build.sh
  dist=target/bench/app
fi
[ -f "$dist/index.html" ] || die "$dist/index.html is missing: build first (bash scripts/build.sh)"

# 2. The workspace: generated once per scale, seed, day (the history ends yesterday) and
# generator build (a changed generator, e.g. a new document kind, makes a new workspace).
today=$(date +%F)
passphrase="rapport bench passphrase for $scale"
profile=${RAPPORT_BENCH_PROFILE:-bench-host}
cargo build --profile "$profile" -p rapport-bench --bins
case "$profile" in dev) bin=target/debug ;; *) bin="target/$profile" ;; esac
generator=$(sha256sum "$bin/generate" | cut -c1-12)
backup="target/bench/$scale-$seed-$today-$generator.rapport-backup"
if [ ! -f "$backup" ] || [ ! -f "${backup%.rapport-backup}.manifest.json" ]; then
  log "generating the $scale workspace (large: several minutes)"
  "$bin/generate" --scale "$scale" --seed "$seed" --today "$today" \
    --passphrase "$passphrase" --out "$backup"
fi

# 3. The served site: the build plus the JS reference page.
if [ ! -f bench/js/node_modules/@automerge/automerge/package.json ]; then
  (cd bench/js && npm ci --no-audit --no-fund)
fi
site=target/bench/site
rm -rf "$site"
cp -r "$dist" "$site"
cp bench/js/reference.html "$site/bench-reference.html"
cp bench/js/node_modules/@automerge/automerge/dist/iife/iife.js "$site/bench-automerge.js"
export RAPPORT_BENCH_AUTOMERGE_JS
RAPPORT_BENCH_AUTOMERGE_JS=$(node -p "require('./bench/js/node_modules/@automerge/automerge/package.json').version")

# 4. Measure.
{
  echo
  echo "## $(date -u +%FT%TZ) — \`bash scripts/bench.sh --scale $scale --runs $runs\`"
  echo
  echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(chromium --version 2>/dev/null || echo chromium), commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (uncommitted changes)')."
  echo
} >>target/bench/results.md
RAPPORT_E2E_TIMEOUT_SECS=${RAPPORT_E2E_TIMEOUT_SECS:-120} "$bin/browser" \
  --dist "$site" --backup "$backup" --passphrase "$passphrase" --runs "$runs" \
  --out target/bench/results.md
ok "results appended to target/bench/results.md"
