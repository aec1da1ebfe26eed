// The bifactor calibration on the Open LLM Leaderboard v1 item files combined (ARC, GSM8K, MMLU; read
// from ../shared, never copied): fixed 21 × 21 grid (the old E-step) against adaptive EM (agq.ts), with
// the log-likelihood under node refinement, EM evaluations and CPU seconds.
// Run: `npx vite-node --config vitest.config.ts bench/irt-agq.ts [--all] [--grid] [--nodes 7x5] [--maxiter N]`
// (figures go to bench/RESULTS.md by hand).
import { readFileSync } from 'node:fs';
import { completeOnly } from '../packages/stats/src/data/leaderboard.js';
import { assembleLeaderboard, readResponses } from '../packages/stats/src/io/index.js';
import { fitIrt } from '../packages/stats/src/irt/index.js';

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
const cpu = (t: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(t);
  return (c.user + c.system) / 1e6;
};
const all = load(['arc', 'gsm8k', 'mmlu']);
const lb = process.argv.includes('--all') ? all : completeOnly(all);
const arg = process.argv.indexOf('--nodes');
const nodes = arg > 0 ? process.argv[arg + 1]!.split('x').map(Number) : null;
const mi = process.argv.indexOf('--maxiter');
const maxIter = mi > 0 ? Number(process.argv[mi + 1]) : undefined;
console.log(`v1 combined: ${lb.models.length} models × ${lb.items.length} items`);
const resp = lb.responses!;
const bench = lb.items.map((i) => i.benchmark);
const ids = lb.items.map((i) => i.id);
const t0 = process.cpuUsage();
const w0 = performance.now();
let last = 0;
const fit = fitIrt(resp, {
  model: 'bifactor',
  itemIds: ids,
  itemSpecific: bench,
  se: false,
  maxIter,
  estep: process.argv.includes('--grid') ? 'grid' : 'adaptive',
  ...(nodes ? { adaptiveNodes: { general: nodes[0]!, specific: nodes[1]! } } : {}),
  onProgress: (p) => {
    if (p.stage !== 'EM' && p.stage !== 'adaptive EM') console.log(`[${cpu(t0).toFixed(1)} s] ${p.stage}: ${p.message ?? ''}`);
    else if ((p.done ?? 0) - last >= 10 || p.done === 1 || (p.stage === 'adaptive EM' && (p.done ?? 0) % 5 === 0)) {
      last = p.done ?? 0;
      console.log(`[${cpu(t0).toFixed(1)} s] ${p.message}`);
    }
  },
});
console.log(`${fit.estep.method}: loglik ${fit.loglik.toFixed(2)}, ${fit.iterations} EM evaluations, converged ${fit.converged}; ${cpu(t0).toFixed(1)} s CPU, ${((performance.now() - w0) / 1000).toFixed(1)} s wall`);
console.log(fit.quadratureCheck.message);
console.log(JSON.stringify(fit.quadratureCheck.steps));
const sl = fit.items.map((it) => it.slopes[0]!).sort((a, b) => a - b);
console.log(`g slopes: median ${sl[sl.length >> 1]!.toFixed(3)}, max ${sl[sl.length - 1]!.toFixed(3)}`);
