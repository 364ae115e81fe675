#!/usr/bin/env bash
# The server the end-to-end tests drive: the release binary built by cargo-leptos, with a
# fresh SQLite data directory and the demo catalogue. Started by Playwright (webServer).
# Phone verification codes go to an SMS gateway stub (server/tests/fixtures/sms_stub.py),
# which saves each message under $data/sms/ where the tests read the codes.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:?usage: e2e-server.sh PORT}
# MOTCUA_E2E_BIN / MOTCUA_E2E_SITE let a run use a copy of a build (e.g. while a new
# build is being made in target/).
bin=${MOTCUA_E2E_BIN:-./target/release/motcua}
data=${MOTCUA_E2E_DATA:-target/e2e-data}
sms_port=${MOTCUA_E2E_SMS_PORT:-$((port + 1))}
rm -rf "$data"
mkdir -p "$data/sms"
export MOTCUA_DATA_DIR="$(cd "$data" && pwd)" MOTCUA_SITE_ROOT="${MOTCUA_E2E_SITE:-$PWD/target/site}"
export MOTCUA_BIND="127.0.0.1:$port" MOTCUA_PUBLIC_URL="http://127.0.0.1:$port"
export MOTCUA_SMS_URL="http://127.0.0.1:$sms_port/send"
unset DATABASE_URL MOTCUA_CONFIG MOTCUA_SMS_TOKEN
python3 server/tests/fixtures/sms_stub.py --port "$sms_port" --dir "$MOTCUA_DATA_DIR/sms" &
stub=$!
server=
stop() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  kill "$stub" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 143' TERM INT
"$bin" seed-demo --staff-password "${MOTCUA_E2E_STAFF_PASSWORD:-Demo2026a}"
"$bin" serve &
server=$!
wait "$server"
