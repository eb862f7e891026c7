#!/usr/bin/env bash
# The real services Spillway's integration tests run against. See scripts/README.md.
#
#   bash scripts/services.sh up|down|status [kafka|rabbitmq]...   (default: both)
# `down` stops Kafka only: RabbitMQ is a machine service and is left running.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  echo "usage: $0 up|down|status [kafka|rabbitmq]..." >&2
  exit 2
}

action="${1:-}"
[[ -n "$action" ]] || usage
shift
services=("$@")
((${#services[@]} > 0)) || services=(kafka rabbitmq)
for s in "${services[@]}"; do
  case "$s" in
  kafka | rabbitmq) ;;
  *) usage ;;
  esac
done

rc=0
for s in "${services[@]}"; do
  case "$action:$s" in
  up:kafka) bash "$SCRIPT_DIR/kafka.sh" start || rc=1 ;;
  up:rabbitmq) bash "$SCRIPT_DIR/rabbitmq.sh" start || rc=1 ;;
  down:kafka) bash "$SCRIPT_DIR/kafka.sh" stop || rc=1 ;;
  down:rabbitmq) echo "[rabbitmq] left running (machine service)" >&2 ;;
  status:kafka) bash "$SCRIPT_DIR/kafka.sh" status || rc=1 ;;
  status:rabbitmq) bash "$SCRIPT_DIR/rabbitmq.sh" status || rc=1 ;;
  *) usage ;;
  esac
done
exit "$rc"
