// Per-replicate cost by stage at 4,000 models × 90 items (15 per benchmark drawn from the 240-item pool
// of `simulate --models 4000 --items-per-benchmark 40`), as the robustness bootstrap runs it: shared work
// once (complete-model responses and hash, pool statistics of all 240 items), then per replicate the
// selection, the data-only robust terms and the six fits (admissible mode), in CPU seconds. Not a test.
//   npx vite-node --config vitest.config.ts bench/robustness-stages.ts [replicates]
import { simulate, simulationLeaderboard } from '../packages/stats/src/simulate/index.js';
import { poolStats, replicateData, selectStats } from '../packages/stats/src/replicate/index.js';
import { drawItems } from '../packages/stats/src/robustness/index.js';
import { buildStructure, fitAdmissible, prepareCfaData, STRUCTURES } from '../packages/stats/src/cfa/index.js';
import { Rng } from '../packages/stats/src/util/rng.js';

const R = Number(process.argv[2] ?? 2);
const lb = simulationLeaderboard(simulate({ models: 4000, itemsPerBenchmark: 40, seed: 1 }));
// Laps in CPU seconds of this process (user + system; stable under load, unlike wall time).
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
let t = cpu();
const lap = (): number => {
  const n = cpu();
  const s = n - t;
  t = n;
  return s;
};
const data = replicateData(lb);
console.log(`shared: data + hash ${lap().toFixed(2)} CPU-s`);
poolStats(data, null);
console.log(`shared: pool statistics (${data.models.length} × ${data.items.length}) ${lap().toFixed(2)} CPU-s`);
for (let r = 0; r < R; r++) {
  const sel = drawItems(new Rng(1000 + r), data.items, 15);
  const stats = selectStats(poolStats(data, null), sel);
  const tSel = lap();
  const d = prepareCfaData(stats);
  const tPrep = lap();
  const fits = STRUCTURES.map((s) => {
    const res = fitAdmissible(d, buildStructure(s, sel.map((j) => data.items[j]!))).result;
    return `${s} ${lap().toFixed(1)} (${res.status})`;
  });
  console.log(`replicate ${r} (CPU-s): select ${tSel.toFixed(3)}, robust data terms ${tPrep.toFixed(1)}, fits: ${fits.join(', ')}`);
}
