#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server: a new cluster in a temporary
# directory, on a free loopback port, stopped and deleted when the command ends.
# The command sees MOTCUA_TEST_POSTGRES_URL (the `postgres` database of that server).
#
# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres`
# system user (created if missing); otherwise it runs as the current user.
#
#   scripts/with-postgres.sh cargo test
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "with-postgres: no PostgreSQL server found (run scripts/setup.sh --test)" >&2; exit 1; }

dir=$(mktemp -d /tmp/motcua-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

as_owner() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  chown postgres "$dir"
  as_owner() { runuser -u postgres -- "$@"; }
fi

cleanup() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }

echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
export MOTCUA_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
"$@"
