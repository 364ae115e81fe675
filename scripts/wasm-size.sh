#!/usr/bin/env bash
# Prints the size of the browser bundle as shipped: raw, gzip -9 and brotli -q 11.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in target/site/pkg/motcua.wasm target/site/pkg/motcua.js target/site/pkg/motcua.css; do
  [ -f "$f" ] || { echo "wasm-size: $f not built (run make build)" >&2; exit 1; }
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br="n/a"; fi
  printf '%-32s raw %8s B   gzip %8s B   brotli %8s B\n' "$f" "$raw" "$gz" "$br"
done
