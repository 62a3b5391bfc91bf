#!/usr/bin/env bash
# The soak (issue 19): the fault loop's traffic with no fault at all, for an hour by default, at
# half the measured maximum rate, sampling the service every 10 s and reporting per 5 minutes:
# ingest and alarm latency percentiles, heap after a full GC, resident memory, threads, open files,
# queue depths, and each one's slope over the run. Exits non-zero on any loss or a growing resource.
# Arguments are passed on (e.g. --rate 10000 --duration 60m --soak-interval 5m --seed 7).
# SITEWATCH_SKIP_BUILD=1 runs the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SITEWATCH_SKIP_BUILD:-}" ]; then
  mvn -q -B -o -DskipTests package -pl service,bench -am
fi
exec java -cp "bench/target/sitewatch-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" io.sitewatch.bench.FaultLoop \
  --kills 0 --pg-restarts 0 --broker-restarts 0 --pool-exhaustion 0 --duration 60m --soak-interval 5m "$@"
