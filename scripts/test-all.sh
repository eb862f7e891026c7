#!/usr/bin/env bash
# Spillway's single quality gate (`npm test`). Stages, in order:
#   typecheck lint cycles unit services integration build e2e
# It stops at the first failing stage and always prints a summary.
#
#   SPILLWAY_TEST_STAGES=unit,integration npm test    # run a subset (names as above)
#   CI=true npm test                                  # missing services / Chromium are failures, not skips
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

ALL_STAGES=(typecheck lint cycles unit services integration build e2e)
IS_CI=false
[[ "${CI:-}" == true ]] && IS_CI=true
CHROMIUM="${SPILLWAY_CHROMIUM:-/usr/bin/chromium}"

declare -A STAGE_COMMAND=(
  [typecheck]='npm run typecheck'
  [lint]='npm run lint'
  [cycles]='npm run cycles'
  [unit]='npm run test:unit'
  [services]='bash scripts/services.sh up'
  [integration]='npm run test:integration'
  [build]='npm run build'
  [e2e]='npm run test:e2e'
)

selected=()
if [[ -n "${SPILLWAY_TEST_STAGES:-}" ]]; then
  IFS=', ' read -r -a wanted <<<"$SPILLWAY_TEST_STAGES"
  for w in "${wanted[@]}"; do
    [[ -n "$w" ]] || continue
    if [[ -z "${STAGE_COMMAND[$w]+x}" ]]; then
      echo "test-all: unknown stage '$w' in SPILLWAY_TEST_STAGES (stages: ${ALL_STAGES[*]})" >&2
      exit 2
    fi
  done
  # Keep the canonical order whatever order they were given in.
  for s in "${ALL_STAGES[@]}"; do
    for w in "${wanted[@]}"; do
      if [[ "$w" == "$s" ]]; then
        selected+=("$s")
        break
      fi
    done
  done
else
  selected=("${ALL_STAGES[@]}")
fi
((${#selected[@]} > 0)) || {
  echo "test-all: SPILLWAY_TEST_STAGES selects no stage" >&2
  exit 2
}

LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/spillway-test-all.XXXXXX")"
trap 'rm -rf "$LOG_DIR"' EXIT

now() { printf '%s\n' "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Test counts read from the runners' closing lines (vitest: "Tests  3 passed | 1 skipped (4)";
# Playwright: "  3 passed (2.1s)", "  1 skipped").
TESTS_PASSED=0
TESTS_FAILED=0
TESTS_SKIPPED=0
count_tests() {
  local log="$1" kind="$2" line n word
  while IFS= read -r line; do
    while [[ "$line" =~ ([0-9]+)\ (passed|failed|skipped|todo|flaky)(.*) ]]; do
      n="${BASH_REMATCH[1]}"
      word="${BASH_REMATCH[2]}"
      line="${BASH_REMATCH[3]}"
      case "$word" in
      passed | flaky) TESTS_PASSED=$((TESTS_PASSED + n)) ;;
      failed) TESTS_FAILED=$((TESTS_FAILED + n)) ;;
      skipped | todo) TESTS_SKIPPED=$((TESTS_SKIPPED + n)) ;;
      esac
    done
  done < <(sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | if [[ "$kind" == vitest ]]; then
    grep -E '^[[:space:]]*Tests[[:space:]]+[0-9]' || true
  else
    grep -E '^[[:space:]]+[0-9]+ (passed|failed|skipped|flaky)' || true
  fi)
}

RESULTS=()
TOTAL_START="$(now)"
FAILED_STAGE=""

summary() {
  echo
  echo "══ test-all summary (CI=$IS_CI) ══"
  local r
  for r in "${RESULTS[@]}"; do
    printf '  %s\n' "$r"
  done
  echo "  total: $(elapsed "$TOTAL_START" "$(now)") s"
  if [[ -n "$FAILED_STAGE" ]]; then
    echo "  FAILED at stage: $FAILED_STAGE"
  fi
  echo "tests: $TESTS_PASSED passed, $TESTS_FAILED failed, $TESTS_SKIPPED skipped"
}

record() { RESULTS+=("$(printf '%-12s %-5s %6s s  %s' "$1" "$2" "$3" "${4:-}")"); }

index=0
for stage in "${selected[@]}"; do
  index=$((index + 1))
  cmd="${STAGE_COMMAND[$stage]}"
  echo
  echo "━━ [$index/${#selected[@]}] $stage: $cmd"
  start="$(now)"

  if [[ "$stage" == e2e && ! -x "$CHROMIUM" ]]; then
    reason="Chromium not found at $CHROMIUM (apt-get install chromium, or set SPILLWAY_CHROMIUM)"
    if [[ "$IS_CI" == true ]]; then
      echo "e2e: FAILED: $reason" >&2
      record "$stage" FAIL "$(elapsed "$start" "$(now)")" "$reason"
      FAILED_STAGE="$stage"
      summary
      exit 1
    fi
    echo "e2e: skipped: $reason"
    record "$stage" SKIP "0.0" "$reason"
    continue
  fi

  log="$LOG_DIR/$stage.log"
  set +e
  bash -c "$cmd" 2>&1 | tee "$log"
  rc="${PIPESTATUS[0]}"
  set -e
  took="$(elapsed "$start" "$(now)")"
  case "$stage" in
  unit | integration) count_tests "$log" vitest ;;
  e2e) count_tests "$log" playwright ;;
  esac

  if ((rc == 0)); then
    echo "── $stage: ok ($took s)"
    record "$stage" ok "$took"
  elif [[ "$stage" == services && "$IS_CI" != true ]]; then
    echo "── services: WARNING: could not bring every service up (exit $rc); suites that need one skip with the reason"
    record "$stage" WARN "$took" "services not all up; their suites skip"
  else
    echo "── $stage: FAILED (exit $rc, $took s)" >&2
    record "$stage" FAIL "$took" "exit $rc"
    FAILED_STAGE="$stage"
    summary
    exit 1
  fi
done

summary
