#!/usr/bin/env bash
# What the demo's durable database costs (issue 19 item 7). The demo's embedded PostgreSQL 15 used
# to run as the embedding library starts it for throw-away test databases (fsync and
# synchronous_commit off); it now runs durable (fsync, synchronous_commit, full_page_writes on).
# This runs the ingest benchmark twice against a PostgreSQL 15 cluster of its own on this disk,
# first with the old settings, then durable, and prints both results. Arguments go to the ingest
# benchmark (default here: --duration 90 --relay-duration 30 --no-relay-after).
# PG_BIN names the folder of initdb and pg_ctl (default /usr/lib/postgresql/15/bin).
# SITEWATCH_SKIP_BUILD=1 runs the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ -z "${SITEWATCH_SKIP_BUILD:-}" ]; then
  mvn -q -B -o -DskipTests package -pl service,bench -am
fi
dir=$(mktemp -d /tmp/sitewatch-durability.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; as_pg=(runuser -u postgres --); fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
cleanup() { "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--duration 90 --relay-duration 30 --no-relay-after)
for mode in fast durable; do
  if [ $mode = fast ]; then sync=off; else sync=on; fi
  cat > "$dir/data/postgresql.auto.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 60
fsync = $sync
synchronous_commit = $sync
full_page_writes = $sync
CONF
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres-$mode.log" -w -t 60 start >/dev/null
  echo "== $mode: fsync=$sync synchronous_commit=$sync full_page_writes=$sync"
  java -jar bench/target/sitewatch-bench-0.1.0-SNAPSHOT.jar --pg-url "jdbc:postgresql://127.0.0.1:$port/" \
    --pg-user postgres "${args[@]}" | tee "$dir/$mode.out" | sed -n '/==== SiteWatch/,/==== end/p'
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
done
