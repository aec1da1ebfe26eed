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
node bench/structure.mjs
node bench/execution.mjs
node bench/audit.mjs demo
node bench/web-audit.mjs demo
# TypeScript benches run on the sources (vite-node with the vitest aliases)
VN="npx vite-node --config vitest.config.ts"
$VN bench/math.ts
$VN bench/readers.ts
$VN bench/irt-v1.ts              # ../shared/data v1 item files
$VN bench/cfa-v1-admissible.ts   # ../shared/data v1 item files
$VN bench/robustness-stages.ts
$VN bench/robustness-sim.ts bifactor
$VN bench/robustness-v1.ts       # ../shared/data v1 item files
# helpers called above, not run alone: bench/tetrachoric.mjs (tetrachoric.sh), bench/gtheory-fit.mjs (gtheory.mjs)
