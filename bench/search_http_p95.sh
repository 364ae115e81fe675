#!/usr/bin/env bash
# Search latency over HTTP with 2,000 procedures (issue 4 target: p95 under 20 ms).
# Uses the release binary (make build first): a fresh SQLite data dir, the demo seed,
# 1,984 generated procedures added to the database, then 2,000 search requests.
#
#   bench/search_http_p95.sh [--procedures N] [--queries N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data="$root/target/bench-search"
rm -rf "$data"
mkdir -p "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export MOTCUA_DATA_DIR="$data" MOTCUA_BIND="127.0.0.1:$port" MOTCUA_SITE_ROOT="$root/target/site"
unset DATABASE_URL MOTCUA_CONFIG
./target/release/motcua seed-demo >/dev/null 2>&1
./target/release/motcua serve >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.2
done
python3 bench/search_http_p95.py "$data/motcua.db" "http://127.0.0.1:$port" "$@"
