// The full-size study on simulated data (not a test): `simulate --items-per-benchmark 40` (600
// models, 6 benchmarks, default loadings), 50 item-resampled replicates of 15 items per benchmark, and
// optionally P permutations and K folds; and the one-factor control.
//   npx vite-node --config vitest.config.ts bench/robustness-sim.ts [bifactor|one-factor] [R] [P] [K] [parsimony|cfi|rmsea] [structure,structure,…]
import { simulate, simulationLeaderboard } from '../packages/stats/src/simulate/index.js';
import { formatRobustness, runRobustness } from '../packages/stats/src/robustness/index.js';
import type { StructureName } from '../packages/stats/src/cfa/index.js';

const which = process.argv[2] ?? 'bifactor';
const [R, P, K] = [3, 4, 5].map((i, k) => Number(process.argv[i] ?? [50, 0, 0][k]));
const opts = which === 'bifactor' ? { itemsPerBenchmark: 40, seed: 1 } : { itemsPerBenchmark: 40, seed: 1, loadingS: [0, 0] as [number, number], ldPairs: 0, ldCross: 0 };
const lb = simulationLeaderboard(simulate(opts));
const t0 = performance.now();
const rule = (process.argv[6] ?? 'parsimony') as 'parsimony' | 'cfi' | 'rmsea';
const structures = process.argv[7] ? (process.argv[7].split(',') as StructureName[]) : undefined;
const run = runRobustness(lb, { ...(structures ? { structures } : {}), bootstrap: R, permutations: P, folds: K, subsample: 15, seed: 7, rule, reference: false, onWarning: (w) => console.error(w) });
console.log(formatRobustness(run.report));
console.log(`${which}: total ${((performance.now() - t0) / 1000).toFixed(0)} s; by kind ${JSON.stringify(run.seconds)}`);
