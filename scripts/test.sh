#!/usr/bin/env bash
# `npm test`: installs what the tests need (Debian's chromium and redis-server), builds every package in dependency
# order (turbo), then runs every test: unit, golden, recovery, end-to-end CLI and browser.
# Ends with the plain summary line `tests: N passed, N failed, N skipped`.
#
# With no arguments the suite runs in two phases so that it fits CI's 20 minutes on a 2-core machine:
#   1. the CPU-bound files in two vitest processes side by side (the longest files in one, the rest in the other);
#   2. the timing-sensitive files alone: the browser tests (main-thread long tasks are measured), the queue's
#      kill tests (short lock/stall intervals) and the executor tests (worker pools) — nothing runs beside them.
# With arguments (`npm test -- test/foo.test.ts`) it is one plain vitest run with those arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash scripts/ensure-chromium.sh
bash scripts/ensure-redis.sh
npx turbo run build --output-logs=errors-only
mkdir -p test-results
rm -f test-results/vitest*.json
vt() { local out=$1; shift; npx vitest run --reporter=default --reporter=json --outputFile.json="test-results/$out" "$@"; }
status=0
if [ $# -gt 0 ]; then
  vt vitest.json "$@" || status=$?
else
  SENSITIVE=(test/browser test/queue.cli.test.ts test/execution.cli.test.ts)
  LONG=(test/scaling.recovery.test.ts test/irt.agq.recovery.test.ts test/scaling.unit.test.ts test/irt.real.test.ts)
  excl=()
  # (a file filter matches any path containing it — test/scaling.unit.test.ts also selects
  # packages/stats/test/scaling.unit.test.ts — so the rest excludes the long files by name)
  for f in "${SENSITIVE[@]}"; do excl+=(--exclude "$f" --exclude "$f/**"); done
  for f in "${LONG[@]}"; do excl+=(--exclude "**/$(basename "$f")"); done
  vt vitest-long.json "${LONG[@]}" > test-results/phase1-long.log 2>&1 & long_pid=$!
  vt vitest-rest.json "${excl[@]}" || status=$?
  wait $long_pid || status=$?
  cat test-results/phase1-long.log
  vt vitest-sensitive.json "${SENSITIVE[@]}" || status=$?
fi
node scripts/summary.mjs test-results/vitest*.json || true
exit $status
