#!/usr/bin/env bash
# Star-rating benchmark (issue 5): a rating over 90 days of a site with 30 devices reporting every
# 30 s, computed five times from the rollups; prints each run's time and the target verdict.
# Needs PostgreSQL at 127.0.0.1:5432 (user postgres) or starts an embedded one. Builds in the
# reactor (nothing installed into ~/.m2) and runs the benchmark with java directly.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl rating -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
exec java -cp "rating/target/test-classes:rating/target/classes:$(cat rating/target/test.classpath)" \
  io.sitewatch.rating.bench.RatingBenchmark
