#!/usr/bin/env bash
# npm-free runner for the broker benchmark: node + the tsx loader from node_modules, nothing else.
#   bash bench/run.sh [--messages N] [--only kafkajs,consume,kcat,latency,startup,rss] ...
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec node --import tsx bench/broker.ts "$@"
