// Coverage study of the unattenuated scaling slopes (issue 7): R seeded replicates (default 200) of the
// simulator at 1,000 models × 6 benchmarks × 10 items (the instrument held fixed: structureSeed 2026),
// each analysed like `cartograph scaling` (one-step conditioning model, 5 proper plausible-value sets,
// mixed regression with contributor and architecture intercepts, Rubin's rules). Reports, per factor,
// how often the 95 % interval covers the true slope (target 92–98 %), the mean estimate and bias, the SD
// of the estimates against the mean SE. Run: `node bench/irt-coverage.mjs [replicates]` after the build.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const S = await import(join(root, 'packages/stats/dist/index.js'));
const R = Number(process.argv[2] ?? 200);
const est = new Map();
let truth = {};
const t0 = performance.now();
for (let r = 0; r < R; r++) {
  const sim = S.simulate({ models: 1000, benchmarks: 6, itemsPerBenchmark: 10, structureSeed: 2026, seed: 1000 + r });
  truth = { g: sim.options.gammaG, ...Object.fromEntries(sim.benchmarks.map((b, i) => [b, sim.gammaS[i]])) };
  const rep = S.scalingAnalysis(S.simulationLeaderboard(sim), {
    seed: r, link: 'normal', pvDraws: 5, twoStep: false, reliability: false,
    quadrature: { points: 15, range: 5 }, specificQuadrature: { points: 15, range: 5 }, tol: 1e-4,
  });
  for (const row of rep.vector) {
    if (!est.has(row.factor)) est.set(row.factor, []);
    est.get(row.factor).push({ b: row.unattenuated.estimate, se: row.unattenuated.se, lo: row.unattenuated.lo, hi: row.unattenuated.hi });
  }
  if ((r + 1) % 10 === 0) console.error(`${r + 1}/${R} replicates, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
const rows = [...est].map(([f, e]) => {
  const t = truth[f];
  const n = e.length;
  const mean = e.reduce((a, x) => a + x.b, 0) / n;
  const sd = Math.sqrt(e.reduce((a, x) => a + (x.b - mean) ** 2, 0) / (n - 1));
  const meanSe = e.reduce((a, x) => a + x.se, 0) / n;
  const cover = e.filter((x) => x.lo <= t && t <= x.hi).length;
  return { factor: f, truth: t, replicates: n, coverage: cover / n, mean, bias: mean - t, sd, meanSe };
});
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, node ${process.version}`;
console.log(`coverage of 95 % intervals over ${R} replicates — ${machine}; ${((performance.now() - t0) / 1000).toFixed(0)} s`);
console.log('factor        truth    mean    bias     SD  meanSE  coverage');
for (const r of rows) console.log(`${r.factor.padEnd(12)} ${r.truth.toFixed(3).padStart(6)} ${r.mean.toFixed(3).padStart(7)} ${r.bias.toFixed(3).padStart(7)} ${r.sd.toFixed(3).padStart(6)} ${r.meanSe.toFixed(3).padStart(7)} ${(100 * r.coverage).toFixed(1).padStart(8)} %`);
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/irt-coverage.json'), JSON.stringify({ machine, date: new Date().toISOString(), replicates: R, rows }, null, 2));
