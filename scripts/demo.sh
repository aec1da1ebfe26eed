#!/usr/bin/env bash
# `npm run demo`: the README's main command after set-up: build, then audit the bundled demo leaderboard
# (data/demo): prints the audit's summary and writes report.html (+ audit.json, audit.md and each layer's
# own files) to out/demo-audit.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
npx turbo run build --output-logs=errors-only
node packages/cli/bin/cartograph.js audit --demo --out out/demo-audit
