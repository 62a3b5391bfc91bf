#!/usr/bin/env bash
# SiteWatch fuzzing: runs every fuzz target (the @FuzzTest methods each module lists in its `fuzz`
# profile) for SECONDS each, one JVM per target, and fails when a target found something or did
# not fuzz. A finding is written into the target's seed directory
# (<module>/src/test/resources/<package>/<Class>Inputs/<method>/crash-*): fix the bug and keep the
# file, which every build then replays. CI runs it for 50 s a target; docs/reliability.md.
#   bench/run-fuzz.sh            # 60 s per target
#   bench/run-fuzz.sh 600        # ten minutes per target
# MVN_FLAGS are passed to Maven (e.g. MVN_FLAGS=-o for an offline machine).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"

modules=$(grep -l '<id>fuzz-' */pom.xml | xargs -n1 dirname | paste -sd, -)
rm -rf */target/fuzz-reports
# Failures are collected below, so that one finding does not keep the other targets from running.
mvn -B ${MVN_FLAGS:-} -Pfuzz -Dfuzz.seconds="$seconds" -Dmaven.test.failure.ignore=true -pl "$modules" -am test

status=0
for pom in */pom.xml; do
  module=$(dirname "$pom")
  for target in $(grep -o '<test>[A-Za-z0-9_]*#[A-Za-z0-9_]*</test>' "$pom" | sed 's/<[^>]*>//g'); do
    class=${target%%#*}
    report=$(ls "$module"/target/fuzz-reports/TEST-*."$class".xml 2>/dev/null | head -1 || true)
    if [ -z "$report" ]; then
      echo "fuzz: $module $target DID NOT RUN"
      status=1
    elif grep -qE '<(failure|error)[ >]' "$report"; then
      echo "fuzz: $module $target FOUND SOMETHING: $module/target/fuzz-reports, crash-* in its Inputs directory"
      status=1
    else
      echo "fuzz: $module $target fuzzed ${seconds} s, nothing found"
    fi
  done
done
exit $status
