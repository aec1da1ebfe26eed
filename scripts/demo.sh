#!/usr/bin/env bash
# `npm run demo`: the README's main command after set-up: describe the bundled demo leaderboard.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
npx turbo run build --output-logs=errors-only
node packages/cli/bin/cartograph.js describe --responses data/demo/responses_wide.csv --items data/demo/items.csv --models data/demo/models.csv --out out/demo
