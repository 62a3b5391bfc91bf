#!/usr/bin/env bash
# The fault loop (issue 19): builds the service and the benchmark, then runs mixed device traffic
# through a persistent Mosquitto into the service and a PostgreSQL of its own while the service is
# killed, PostgreSQL and the broker are restarted and the database is held by a blocking client.
# Exits non-zero when anything acknowledged is lost or stored twice. Arguments are passed on
# (--rate, --duration, --kills, --pg-restarts, --broker-restarts, --pool-exhaustion, --seed, --help).
# SITEWATCH_SKIP_BUILD=1 runs the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SITEWATCH_SKIP_BUILD:-}" ]; then
  mvn -q -B -o -DskipTests package -pl service,bench -am
fi
exec java -cp "bench/target/sitewatch-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" io.sitewatch.bench.FaultLoop "$@"
