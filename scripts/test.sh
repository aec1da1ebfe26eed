#!/usr/bin/env bash
# `npm test`: installs what the tests need (Debian's chromium and redis-server), builds every package in dependency
# order (turbo), then runs every test: unit, golden, recovery, end-to-end CLI and browser.
# Ends with the plain summary line `tests: N passed, N failed, N skipped`.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash scripts/ensure-chromium.sh
bash scripts/ensure-redis.sh
npx turbo run build --output-logs=errors-only
mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
node scripts/summary.mjs test-results/vitest.json || true
exit $status
