#!/usr/bin/env bash
# SiteWatch ingest benchmark: builds the service and the benchmark, then runs it from the repository
# root with the default arguments (1000 cranes, 50 publishers, 60 s raw relay + 120 s ingest).
# Any arguments are passed on, e.g. --mode client_choice, --duration 300, --keep-db; --help lists them.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package -pl service,bench -am
exec java -jar bench/target/sitewatch-bench-0.1.0-SNAPSHOT.jar "$@"
