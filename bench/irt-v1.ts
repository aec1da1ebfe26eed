// Real-data runs of the IRT layer on the Open LLM Leaderboard v1 item files combined (ARC, GSM8K, MMLU:
// 6,014 models × 439 items, read from ../shared, never copied): runRanks on the complete models
// (--complete-only), with the calibration's quadrature check, the g-resolution check and the movers with
// their per-benchmark scores; and GSM8K 2PL at 61 points against the refined grid. Wall and CPU seconds.
// Run: `npx vite-node --config vitest.config.ts bench/irt-v1.ts [--all]` (figures go to bench/RESULTS.md by hand).
import { readFileSync } from 'node:fs';
import { completeOnly } from '../packages/stats/src/data/leaderboard.js';
import { assembleLeaderboard, readResponses } from '../packages/stats/src/io/index.js';
import { fitIrt } from '../packages/stats/src/irt/index.js';
import { formatRanks, runRanks } from '../packages/stats/src/ranks/index.js';

const D = '../shared/data/openllm-v1-items';
const load = (names: string[]) =>
  assembleLeaderboard({
    responses: names.map((b) => readResponses({ name: `${D}/${b}.responses.csv`, data: readFileSync(`${D}/${b}.responses.csv`) }, { benchmark: b, modelCol: null, itemCol: null })),
    items: null,
    models: null,
    scores: null,
    itemsPerBenchmark: null,
    warnings: [],
    sources: [],
  });
const clock = () => ({ wall: performance.now(), cpu: process.cpuUsage() });
const since = (t: ReturnType<typeof clock>) => {
  const c = process.cpuUsage(t.cpu);
  return `${((performance.now() - t.wall) / 1000).toFixed(1)} s wall, ${((c.user + c.system) / 1e6).toFixed(1)} s CPU`;
};

const g = load(['gsm8k']).responses!;
for (const quad of [{ points: 61, range: 6 }, undefined]) {
  const t = clock();
  const f = fitIrt(g, { model: '2PL', se: false, quadrature: quad });
  console.log(`GSM8K 2PL ${quad ? '61 points (fixed)' : 'refined'}: loglik ${f.loglik.toFixed(2)} on ${f.quadrature.general.points} points; ${f.quadratureCheck.message}; ${since(t)}`);
}

const t0 = clock();
const all = load(['arc', 'gsm8k', 'mmlu']);
const lb = process.argv.includes('--all') ? all : completeOnly(all);
console.log(`v1 combined: ${lb.models.length} models × ${lb.items.length} items (${process.argv.includes('--all') ? 'all' : 'complete only'}); read in ${since(t0)}`);
const t1 = clock();
const run = runRanks(lb, { draws: 1000, seed: 1 });
console.log(`runRanks: ${since(t1)}; calibration ${run.irt.report.iterations} EM evaluations, ${run.irt.report.quadrature_check.message}`);
console.log(formatRanks(run.report, { top: 10 }));
