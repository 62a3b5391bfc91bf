#!/usr/bin/env bash
# Early-warning ranking benchmark (issue 20): fills a fresh database with N projects (default
# 10,000; five devices each) x 30 days of hourly rollups, alarms, disposals, hazards, clock-ins and
# safety logs (COPY), then times the ranking minus HTTP — RiskData gather + RiskEvaluator, every
# scope — once to warm up and three times measured. Target: < 5 s total for 10,000 projects.
#   bench/run-risk.sh                          # 10,000 projects on PostgreSQL at 127.0.0.1:5432
#   bench/run-risk.sh --projects 500           # a quick check
#   bench/run-risk.sh --pg-bin /usr/lib/postgresql/15/bin   # a private cluster instead
# Builds in the reactor (nothing installed into ~/.m2; MVN overrides the maven command, e.g. to take a
# build lock) and runs the benchmark with java directly (RISK_BENCH_XMX, default 2g).
set -euo pipefail
cd "$(dirname "$0")/.."
${MVN:-mvn} -q -B -o -pl bench -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/risk-bench.classpath -Dmdep.includeScope=runtime
CP="bench/target/classes"
for m in core platform registry ingest alarms supervision testkit; do CP="$CP:$m/target/classes"; done
exec java -Xmx${RISK_BENCH_XMX:-2g} -cp "$CP:$(cat bench/target/risk-bench.classpath)" \
  io.sitewatch.bench.RiskRankingBenchmark "$@"
