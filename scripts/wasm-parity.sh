#!/usr/bin/env bash
# Browser/server parity of motcua-core: runs core/tests/parity.rs compiled to
# wasm32-unknown-unknown under node (wasm-bindgen-test-runner) against the golden file
# core/tests/parity/expected.txt, which the native run of the same test also checks.
# Fails on the first mismatch (the test prints the differing lines).
#   scripts/wasm-parity.sh
# Uses the workspace's target dir (or CARGO_TARGET_DIR when set).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

command -v wasm-bindgen-test-runner >/dev/null || {
  echo "wasm-parity: wasm-bindgen-test-runner not found (cargo install wasm-bindgen-cli --version 0.2.130)" >&2
  exit 1
}
command -v node >/dev/null || { echo "wasm-parity: node not found" >&2; exit 1; }

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
start=$SECONDS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test -p motcua-core --release --target wasm32-unknown-unknown --test parity \
  -- --nocapture 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  echo "wasm-parity: FAILED: wasm differs from core/tests/parity/expected.txt (see above)" >&2
  exit "$status"
fi
# The test logs "parity: N cases match (wasm32)"; fall back to the golden line count.
cases=$(grep -o 'parity: [0-9]* cases match' "$log" | grep -o '[0-9]*' | tail -n 1 || true)
if [ -z "$cases" ]; then
  cases=$(grep -vc '^#' core/tests/parity/expected.txt)
fi
echo "wasm-parity: OK: $cases cases match the golden file in wasm32 ($((SECONDS - start)) s)"
