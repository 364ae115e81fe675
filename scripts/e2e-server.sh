#!/usr/bin/env bash
# The server the end-to-end tests drive: the release binary built by cargo-leptos, with a
# fresh SQLite data directory and the demo catalogue. Started by Playwright (webServer).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:?usage: e2e-server.sh PORT}
# MOTCUA_E2E_BIN / MOTCUA_E2E_SITE let a run use a copy of a build (e.g. while a new
# build is being made in target/).
bin=${MOTCUA_E2E_BIN:-./target/release/motcua}
data=${MOTCUA_E2E_DATA:-target/e2e-data}
rm -rf "$data"
mkdir -p "$data"
export MOTCUA_DATA_DIR="$(cd "$data" && pwd)" MOTCUA_SITE_ROOT="${MOTCUA_E2E_SITE:-$PWD/target/site}"
export MOTCUA_BIND="127.0.0.1:$port" MOTCUA_PUBLIC_URL="http://127.0.0.1:$port"
unset DATABASE_URL MOTCUA_CONFIG
"$bin" seed-demo --staff-password "${MOTCUA_E2E_STAFF_PASSWORD:-Demo2026a}"
exec "$bin" serve
