#!/usr/bin/env bash
# Star-rating benchmark (issue 5): a rating over 90 days of a site with 30 devices reporting every
# 30 s, computed five times from the rollups; prints each run's time and the target verdict.
# Needs PostgreSQL at 127.0.0.1:5432 (user postgres) or starts an embedded one.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install -pl rating -am
exec mvn -q -B -pl rating test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
  -Dexec.mainClass=io.sitewatch.rating.bench.RatingBenchmark -Dexec.classpathScope=test
