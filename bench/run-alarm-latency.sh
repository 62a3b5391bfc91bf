#!/usr/bin/env bash
# Alarm latency under load (issue 4): builds the service and the benchmark, then measures
# publish → SSE event latency of alarms with 10k msg/s of background crane telemetry.
# Arguments are passed on (--background-rate, --devices, --probes, --help).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package -pl service,bench -am
exec java -cp "bench/target/sitewatch-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" io.sitewatch.bench.AlarmLatencyBenchmark "$@"
