#!/usr/bin/env bash
# THE test command (locally and in CI, via .ci/run). Fails fast, in this order:
#   setup -> fmt -> clippy -> host tests -> export check (Node) -> browser tests (wasm, headless
#   Chromium) -> release build (+ wasm size budget) -> end-to-end tests against dist/
#   -> browser benchmark smoke run (small scale) -> bounded fuzzing (if core/fuzz)
# All cargo steps share target/, so later steps reuse earlier builds.
# Knobs: FUZZ_SECONDS (default 30 per target), RAPPORT_E2E_TIMEOUT_SECS (wait timeout).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

SUMMARY=()
T0=$SECONDS
# Keep a copy of everything printed, to count the test cases of every layer at the end.
mkdir -p target
TEST_LOG=target/test-output.log
exec > >(tee "$TEST_LOG") 2>&1

# Sums the "test result: … N passed; M failed" lines of cargo test and wasm-bindgen-test-runner.
count_tests() {
  grep -aE 'test result: .* [0-9]+ passed; [0-9]+ failed' "$TEST_LOG" |
    sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/' |
    awk '{p += $1; f += $2} END {printf "tests: %d passed, %d failed\n", p, f}'
}

print_summary() {
  echo
  echo "================ test summary ================"
  printf '%s\n' "${SUMMARY[@]}"
  if [ -s target/rapport-sizes.txt ]; then
    echo "---- release size ----"
    cat target/rapport-sizes.txt
  fi
  echo "---- disk ----"
  # target/ is the run's only big output; a full disk once failed a CI run mid-build.
  du -sh target 2>/dev/null || true
  df -h . | tail -1
  echo "total: $((SECONDS - T0)) s"
  echo "=============================================="
}

# step NAME COMMAND...: run, time, record; on failure print the summary and stop.
step() {
  local name=$1
  shift
  echo
  log "[$name] $*"
  local t=$SECONDS rc=0
  "$@" || rc=$?
  if [ "$rc" -eq 0 ]; then
    SUMMARY+=("$(printf 'PASS  %-14s %5d s' "$name" $((SECONDS - t)))")
  else
    SUMMARY+=("$(printf 'FAIL  %-14s %5d s   (exit %d)' "$name" $((SECONDS - t)) "$rc")")
    print_summary
    printf '%sFAILED at step "%s"%s\n' "$C_R" "$name" "$C_0" >&2
    exit "$rc"
  fi
}

fuzz_targets() {
  # [[bin]] sections of the cargo-fuzz crate: one per fuzz target.
  awk '/^\[\[bin\]\]/ { inbin = 1; next } /^\[/ { inbin = 0 }
       inbin && /^name *=/ { gsub(/name *= *|"/, ""); print }' core/fuzz/Cargo.toml
}

fuzz_all() {
  local t
  for t in $(fuzz_targets); do
    log "fuzz $t for ${FUZZ_SECONDS:-30} s"
    (cd core && cargo +nightly fuzz run "$t" -- -max_total_time="${FUZZ_SECONDS:-30}") || return 1
  done
}

step setup bash scripts/setup.sh
export RAPPORT_SETUP_DONE=1
# The machine is slower while it builds; give browser waits more room in CI.
if [ "${CI:-}" = true ]; then export RAPPORT_E2E_TIMEOUT_SECS="${RAPPORT_E2E_TIMEOUT_SECS:-20}"; fi

step fmt cargo fmt --all -- --check
# view! macros: one attribute per line where a tag is long (leptosfmt.toml).
step leptosfmt leptosfmt --check src/
step clippy cargo clippy --workspace --all-targets -- -D warnings
step host-tests cargo test --workspace --exclude rapport-e2e
# The plain exports read by another Automerge (JavaScript) and the JSON Schema (ajv), from the
# fixtures core/tests/export.rs wrote in the host tests.
step export-check node e2e/node/check_export.mjs
# Browser tests: .cargo/config.toml makes wasm-bindgen-test-runner the runner, which starts
# chromedriver + headless Chromium (flags in webdriver.json). Browser start is slow on CI.
WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}" \
  step browser-tests cargo test --target wasm32-unknown-unknown -p rapport
step build bash scripts/build.sh
# One test at a time: each test runs its own Chromium(s); two cores cannot run more well.
step e2e cargo test -p rapport-e2e -- --test-threads=1
# The browser benchmark at small scale, as a smoke test of the generator and the benchmark
# (~1 min; the budgets are measured at scale with scripts/bench.sh, BENCHMARKS.md).
RAPPORT_BENCH_PROFILE=dev step bench-smoke bash scripts/bench.sh --scale small --runs 1 --dist dist

if [ -f core/fuzz/Cargo.toml ]; then
  if rustup toolchain list | grep -q '^nightly'; then
    step fuzz fuzz_all
  else
    warn "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    warn "no nightly toolchain: fuzzing SKIPPED (rustup toolchain install nightly)"
    warn "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    SUMMARY+=("SKIP  fuzz           (no nightly toolchain)")
  fi
fi

print_summary
ok "ALL PASSED"
count_tests
