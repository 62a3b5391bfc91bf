#!/usr/bin/env bash
# Checks the Prometheus configuration and alerting rules with promtool, and runs the rules' unit
# tests. Run by `mvn verify` (dashboards module). Fails, never skips, when promtool is missing.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v promtool >/dev/null; then
  echo "promtool not found: install Debian's 'prometheus' package (apt-get install -y prometheus)" >&2
  exit 1
fi
promtool check rules rules/*.yml
promtool check config prometheus.yml
promtool test rules tests/*.yml
