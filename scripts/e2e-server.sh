#!/usr/bin/env bash
# The server the end-to-end tests drive: the release binary built by cargo-leptos, with a
# fresh SQLite data directory and the demo catalogue. Started by Playwright (webServer).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:?usage: e2e-server.sh PORT}
data=target/e2e-data
rm -rf "$data"
export MOTCUA_DATA_DIR="$PWD/$data" MOTCUA_SITE_ROOT="$PWD/target/site" MOTCUA_BIND="127.0.0.1:$port"
unset DATABASE_URL MOTCUA_CONFIG
./target/release/motcua seed-demo
exec ./target/release/motcua serve
