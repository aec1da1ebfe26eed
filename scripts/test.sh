#!/usr/bin/env bash
# `npm test`: installs what the tests need (Debian's chromium), builds every package in dependency
# order (turbo), then runs every test: unit, golden, recovery, end-to-end CLI and browser.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash scripts/ensure-chromium.sh
npx turbo run build
npx vitest run "$@"
