#!/usr/bin/env bash
# Tetrachoric benchmark (issue 4): our thresholds + tetrachorics + DWLS weights on 4,000 × 240 and
# 600 × 90 (bench/tetrachoric.mjs: timings, worker threads, WASM-vs-TS kernel speedups), peak memory
# of `cartograph tetrachoric` (/usr/bin/time -v), and lavaan's sample-statistics step on 600 × 90
# (bench/tetrachoric-lavaan.R) in the same run. Installs R + lavaan from Debian packages when missing;
# if that is impossible, runs our side alone and says so. Needs a build (bench/run.sh does it).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out/tetrachoric
if [ ! -f packages/stats/dist/index.js ] || [ ! -f packages/cli/bin/cartograph.js ] || [ ! -f packages/cli/dist/cartograph.js ]; then
  TURBO_TELEMETRY_DISABLED=1 npx turbo run build --output-logs=errors-only
fi
mkdir -p "$OUT"
CLI="node packages/cli/bin/cartograph.js"
SIM600=test/fixtures/data/sim600
SIM4000="$OUT/sim4000"
if [ ! -f "$SIM4000/responses_wide.csv" ]; then
  $CLI simulate --models 4000 --items-per-benchmark 40 --benchmarks 6 --seed 1 --out "$SIM4000" > /dev/null
fi
echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
node bench/tetrachoric.mjs "$SIM4000" "$SIM600"

peak() { # peak RSS (MB) and wall seconds of a command, from GNU time
  local log="$OUT/time.log"
  /usr/bin/time -v "$@" > /dev/null 2> "$log" || { cat "$log"; return 1; }
  awk -F': ' '/Maximum resident set size/ {m=$2/1024} /Elapsed \(wall clock\)/ {w=$2} END {printf "peak %.0f MB, wall %s", m, w}' "$log"
}
if [ -x /usr/bin/time ]; then
  echo "cartograph tetrachoric 4000 × 240 (whole CLI: read CSV, compute, write): $(peak $CLI tetrachoric --responses "$SIM4000/responses_wide.csv" --items "$SIM4000/items.csv" --out "$OUT/cli4000" --quiet)"
  echo "cartograph tetrachoric 600 × 90: $(peak $CLI tetrachoric --responses "$SIM600/responses_wide.csv" --items "$SIM600/items.csv" --out "$OUT/cli600" --quiet)"
else
  echo "(/usr/bin/time not found: peak memory not measured; apt-get install time)"
fi

have_lavaan() { command -v Rscript > /dev/null && Rscript -e 'quit(status = !requireNamespace("lavaan", quietly = TRUE) || !requireNamespace("jsonlite", quietly = TRUE))' > /dev/null 2>&1; }
if ! have_lavaan; then
  echo "R/lavaan missing: trying apt-get install r-base-core r-cran-lavaan r-cran-jsonlite"
  (apt-get update -qq && apt-get install -y -qq r-base-core r-cran-lavaan r-cran-jsonlite) > /dev/null 2>&1 || true
fi
if have_lavaan; then
  if [ -x /usr/bin/time ]; then
    echo "lavaan 600 × 90 (whole Rscript): $(peak nice -n 10 Rscript bench/tetrachoric-lavaan.R "$SIM600/responses_wide.csv" "$OUT/lavaan600.json")"
  else
    nice -n 10 Rscript bench/tetrachoric-lavaan.R "$SIM600/responses_wide.csv" "$OUT/lavaan600.json" > /dev/null
  fi
  node -e '
    const fs = require("fs");
    const l = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const o = JSON.parse(fs.readFileSync("bench/out/tetrachoric.json", "utf8"));
    const ours = o.tetrachoric.find((t) => t.items === l.items && t.models === l.models);
    console.log(`lavaan ${l.lavaan} SampleStats on ${l.models} × ${l.items}: ${l.sample_stats_seconds.toFixed(2)} s (call ${l.call_elapsed_seconds.toFixed(2)} s); cartograph ${ours.ms1.toFixed(1)} ms → ${(l.sample_stats_seconds * 1000 / ours.ms1).toFixed(0)}× faster`);
  ' "$OUT/lavaan600.json"
else
  echo "R/lavaan not available and could not be installed: cartograph side only (no lavaan comparison)"
fi
