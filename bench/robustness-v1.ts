// The robustness study on the real v1 item files (ARC, GSM8K, MMLU; models complete on all three),
// through runRobustness — figures for bench/RESULTS.md. Not a test.
//   npx vite-node --config vitest.config.ts bench/robustness-v1.ts [bootstrap] [permutations] [folds] [outdir]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { assembleLeaderboard, readResponses } from '../packages/stats/src/io/index.js';
import { formatRobustness, robustnessCharts, runRobustness } from '../packages/stats/src/robustness/index.js';
import { replicateLine } from '../packages/stats/src/replicate/index.js';

const DIR = '../shared/data/openllm-v1-items';
const [R, P, K] = [2, 3, 4].map((i, k) => Number(process.argv[i] ?? [30, 30, 5][k]));
const out = process.argv[5] ?? '/tmp/robustness-v1';
const blocks = ['arc', 'gsm8k', 'mmlu'].map((b) => readResponses({ name: `${DIR}/${b}.responses.csv`, data: readFileSync(`${DIR}/${b}.responses.csv`) }, { benchmark: b, modelCol: 'model' }));
const lb = assembleLeaderboard({ responses: blocks });
const t0 = performance.now();
let last = 0;
const run = runRobustness(lb, {
  bootstrap: R, permutations: P, folds: K, seed: 2026, ooSIntervalResamples: 200,
  onProgress: (p) => { const now = performance.now(); if (now - last > 10000 || p.done === p.total) { last = now; console.error(`[${((now - t0) / 1000).toFixed(0)} s] ${p.stage} ${p.done ?? ''}/${p.total ?? ''} ${p.message ?? ''}`); } },
  onWarning: (w) => console.error(`warning: ${w}`),
});
mkdirSync(`${out}/charts`, { recursive: true });
writeFileSync(`${out}/robustness.json`, `${JSON.stringify(run.report, null, 2)}\n`);
writeFileSync(`${out}/replicates.jsonl`, run.results.map(replicateLine).join('\n') + '\n');
writeFileSync(`${out}/run.json`, JSON.stringify({ seconds_total: (performance.now() - t0) / 1000, seconds_by_kind: run.seconds }, null, 2));
for (const [k, v] of Object.entries(robustnessCharts(run.report))) writeFileSync(`${out}/charts/${k}.vl.json`, JSON.stringify(v, null, 2));
console.log(formatRobustness(run.report));
console.log(`total ${((performance.now() - t0) / 1000).toFixed(0)} s; by kind ${JSON.stringify(run.seconds)}`);
