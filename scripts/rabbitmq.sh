#!/usr/bin/env bash
# RabbitMQ for Spillway's tests: the machine's own server (Debian package), started when it is not
# running, with the plugins Spillway needs enabled. See scripts/README.md.
#
#   bash scripts/rabbitmq.sh start|status
set -euo pipefail

PLUGINS=(rabbitmq_management rabbitmq_shovel rabbitmq_shovel_management rabbitmq_consistent_hash_exchange)
MANAGEMENT_URL="${SPILLWAY_TEST_RABBITMQ_MANAGEMENT:-http://guest:guest@127.0.0.1:15672}"
MANAGEMENT_URL="${MANAGEMENT_URL%/}"
START_TIMEOUT="${SPILLWAY_RABBITMQ_START_TIMEOUT:-120}"

log() { printf '[rabbitmq] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

node_up() {
  rabbitmq-diagnostics -q ping >/dev/null 2>&1
}

# HTTP status of GET <management>/api/overview (000 when nothing answers). curl takes the credentials
# from the URL.
management_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$MANAGEMENT_URL/api/overview" 2>/dev/null || true
}

# 0 when the management API answers and shows every plugin at work: the x-consistent-hash exchange type,
# the shovel management extension (which needs rabbitmq_shovel) and the shovel status endpoint. This is
# the fast path: RabbitMQ's own CLI tools take a second or more per call.
ready_via_http() {
  local overview extensions
  overview="$(curl -sf --max-time 5 "$MANAGEMENT_URL/api/overview" 2>/dev/null)" || return 1
  extensions="$(curl -sf --max-time 5 "$MANAGEMENT_URL/api/extensions" 2>/dev/null)" || return 1
  grep -qF '"x-consistent-hash"' <<<"$overview" || return 1
  grep -qF 'shovel.js' <<<"$extensions" || return 1
  curl -sf -o /dev/null --max-time 5 "$MANAGEMENT_URL/api/shovels" 2>/dev/null
}

missing_plugins() {
  local enabled p
  enabled="$(rabbitmq-plugins -q list -e -m 2>/dev/null || true)"
  for p in "${PLUGINS[@]}"; do
    grep -qx "$p" <<<"$enabled" || printf '%s\n' "$p"
  done
}

require_tools() {
  command -v rabbitmq-server >/dev/null || die "rabbitmq-server not found (apt-get install rabbitmq-server)"
  command -v rabbitmqctl >/dev/null || die "rabbitmqctl not found"
  command -v curl >/dev/null || die "curl not found (apt-get install curl)"
}

cmd_start() {
  require_tools
  local started=$SECONDS
  if ready_via_http; then
    log "RabbitMQ ready (management ${MANAGEMENT_URL#*@} answers, plugins enabled)"
    return 0
  fi
  if node_up; then
    log "RabbitMQ node is running"
  else
    log "starting RabbitMQ (rabbitmq-server -detached)"
    rabbitmq-server -detached >/dev/null 2>&1 || log "rabbitmq-server -detached returned non-zero; waiting anyway"
    local deadline=$((SECONDS + START_TIMEOUT))
    until node_up; do
      ((SECONDS < deadline)) || die "RabbitMQ node did not come up within ${START_TIMEOUT} s (see /var/log/rabbitmq/)"
      sleep 1
    done
  fi
  rabbitmqctl -q await_startup --timeout "$START_TIMEOUT" >/dev/null || die "RabbitMQ did not finish booting"

  local missing=()
  mapfile -t missing < <(missing_plugins)
  if ((${#missing[@]} > 0)); then
    log "enabling plugins: ${missing[*]}"
    rabbitmq-plugins -q enable "${missing[@]}" >/dev/null || die "rabbitmq-plugins enable ${missing[*]} failed"
  fi

  local deadline=$((SECONDS + START_TIMEOUT)) code
  while :; do
    code="$(management_status)"
    [[ "$code" == 200 ]] && break
    ((SECONDS < deadline)) || die "management API ${MANAGEMENT_URL#*@}/api/overview answered HTTP $code, not 200"
    sleep 1
  done
  log "RabbitMQ ready (AMQP 127.0.0.1:5672, management ${MANAGEMENT_URL#*@}) after $((SECONDS - started)) s"
}

cmd_status() {
  if ready_via_http; then
    echo "rabbitmq: running, management API on ${MANAGEMENT_URL#*@}, plugins ${PLUGINS[*]}"
    return 0
  fi
  if ! command -v rabbitmqctl >/dev/null || ! node_up; then
    echo "rabbitmq: not running"
    return 1
  fi
  local code missing=()
  code="$(management_status)"
  mapfile -t missing < <(missing_plugins)
  if [[ "$code" != 200 || ${#missing[@]} -gt 0 ]]; then
    echo "rabbitmq: running, but management API answered HTTP $code; plugins missing: ${missing[*]:-none}"
    return 1
  fi
  echo "rabbitmq: running, management API on ${MANAGEMENT_URL#*@}, plugins ${PLUGINS[*]}"
}

case "${1:-}" in
start) cmd_start ;;
status) cmd_status ;;
*)
  echo "usage: $0 start|status" >&2
  exit 2
  ;;
esac
