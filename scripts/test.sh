#!/usr/bin/env bash
# `make test`: every check, in the order that fails fastest, with the time of each step.
set -euo pipefail
cd "$(dirname "$0")/.."

timed() {
  local name=$1; shift
  local start=$SECONDS
  printf '\n==> %s\n' "$name"
  "$@"
  printf '==> %s: done in %d s\n' "$name" $((SECONDS - start))
}

total=$SECONDS
timed "Install what is missing" make --no-print-directory setup-test
timed "Formatting (cargo fmt)" make --no-print-directory fmt
timed "Lints (clippy, native and wasm32)" make --no-print-directory clippy
timed "Build (cargo leptos, release, with the wasm bundle)" make --no-print-directory build
scripts/wasm-size.sh
timed "Unit, doc and integration tests (SQLite and PostgreSQL)" make --no-print-directory unit
timed "Core in WebAssembly (node) answers like native" make --no-print-directory wasm-parity
timed "Calendar vs numpy.busday_offset (1,000,000 queries)" make --no-print-directory bench-numpy
timed "End-to-end tests (Playwright, Chromium)" make --no-print-directory e2e
printf '\n==> make test: all green in %d s\n' $((SECONDS - total))
