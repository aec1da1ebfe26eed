#!/usr/bin/env bash
# `npm run bench`: builds, then runs every benchmark script; each appends its figures to bench/out/ and
# prints a table; the figures are copied into bench/RESULTS.md by hand with the machine and date.
# Scripts that compare against R install it from Debian packages when missing (or run our side alone
# and say so).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
npx turbo run build --output-logs=errors-only
mkdir -p bench/out
# One line per benchmark below.
node bench/io-describe.mjs
bash bench/tetrachoric.sh
node bench/gtheory.mjs
node bench/simulate.mjs
node bench/irt.mjs
node bench/irt-se.mjs 30
node bench/cfa.mjs
node bench/irt-coverage.mjs 200  # ~25 min on 2 shared cores
