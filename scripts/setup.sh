#!/usr/bin/env bash
# Installs what building (and, with --test, testing) motcua needs, and only what is
# missing: a second run does nothing but check. Versions are pinned here and in the
# README; they are the ones measured to work together (see docs/architecture.md).
#
#   scripts/setup.sh          # build tools: wasm32 target, cargo-leptos, wasm-bindgen, wasm-opt
#   scripts/setup.sh --test   # plus Chromium, Playwright, PostgreSQL 15, ClamAV (clamd)
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10      # 0.3.11 needs rustc 1.96
WASM_BINDGEN_VERSION=0.2.130     # must equal the wasm-bindgen pinned in Cargo.toml
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

# Runs apt-get as root, through sudo when we are not root.
apt_install() {
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  # Package lists are refreshed once per run (a marker file would outlive them).
  if [ -z "${apt_updated:-}" ]; then
    "${sudo[@]}" apt-get update -q
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "$@"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32-unknown-unknown Rust target (~1 min)"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  step "Installing cargo-leptos $CARGO_LEPTOS_VERSION (one time: ~20-30 min on 2 cores, 3 GB RAM)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  step "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (one time: ~5-10 min)"
  # Not --locked: one of its locked dependencies is newer than the registry index here.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! have node || ! have npm; then
  step "Installing Node.js and npm from Debian (~1 min)"
  apt_install nodejs npm
fi

if [ ! -x tools/node_modules/.bin/wasm-opt ]; then
  step "Installing wasm-opt (binaryen 132 from npm, ~10 s)"
  npm ci --prefix tools --no-audit --no-fund
fi

[ "${1:-}" = "--test" ] || exit 0

if [ ! -x /usr/bin/chromium ]; then
  step "Installing Chromium from Debian for the end-to-end tests (~1-2 min)"
  apt_install chromium
fi

if ! command -v brotli >/dev/null 2>&1; then
  step "Installing brotli from Debian (measures the compressed wasm size, ~10 s)"
  apt_install brotli
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  step "Installing the PostgreSQL 15 server from Debian for the integration tests (~1 min)"
  apt_install postgresql-15
fi

if [ ! -x /usr/sbin/clamd ] || ! command -v sigtool >/dev/null 2>&1; then
  step "Installing clamav-daemon from Debian (the malware-scanning tests run a real clamd, ~30 s)"
  # No signature download: the tests build their own signature database at run time.
  apt_install clamav-daemon
fi

if ! command -v pdftotext >/dev/null 2>&1; then
  step "Installing poppler-utils from Debian (the PDF slip tests read PDFs back, ~15 s)"
  apt_install poppler-utils
fi

if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  step "Installing python3-venv from Debian (the notification tests' SMTP server, ~10 s)"
  apt_install python3-venv
fi
scripts/test-venv.sh

if [ ! -d end2end/node_modules/@playwright/test ]; then
  step "Installing Playwright for the end-to-end tests (no browser download, ~20 s)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
