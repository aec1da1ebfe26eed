// Calibration of the cross-product standard errors of a bifactor fit: R seeded replicates (default 30) of
// a 1,000-model × 3 × 8-item bifactor normal-ogive leaderboard (the simulator with size and ecosystem
// effects switched off, so the factors are orthogonal as the model assumes); for every item parameter, the
// mean SE over replicates divided by the SD of the estimates (1 = calibrated). Run:
// `node bench/irt-se.mjs [replicates]` after the build; writes bench/out/irt-se.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const S = await import(join(root, 'packages/stats/dist/index.js'));
const R = Number(process.argv[2] ?? 30);
const est = [];
const ses = [];
const t0 = performance.now();
for (let r = 0; r < R; r++) {
  const sim = S.simulate({ models: 1000, benchmarks: 3, itemsPerBenchmark: 8, seed: 500 + r, structureSeed: 77, gammaG: 0, gammaS: [0], ldPairs: 0, ldCross: 0, contributorVariance: 0, architectureVariance: 0, deploymentVariance: 0 });
  const f = S.fitIrt(new S.ResponseMatrix(1000, 24, sim.responses), { model: 'bifactor', link: 'normal', itemSpecific: sim.items.map((i) => i.benchmark), quadrature: { points: 15, range: 5 }, specificQuadrature: { points: 15, range: 5 } });
  est.push(f.items.flatMap((it) => [it.slopes[0], it.slopes[f.factors.indexOf(it.specific)], it.intercept]));
  ses.push(f.items.flatMap((it) => [it.se.slopes[0], it.se.slopes[f.factors.indexOf(it.specific)], it.se.intercept]));
}
const P = est[0].length;
const ratio = [];
for (let k = 0; k < P; k++) {
  const m = est.reduce((a, e) => a + e[k], 0) / R;
  const sd = Math.sqrt(est.reduce((a, e) => a + (e[k] - m) ** 2, 0) / (R - 1));
  ratio.push(ses.reduce((a, s) => a + s[k], 0) / R / sd);
}
const rows = ['general slope', 'specific slope', 'intercept'].map((kind, t) => {
  const rr = ratio.filter((_, k) => k % 3 === t);
  return { kind, meanRatio: rr.reduce((a, b) => a + b, 0) / rr.length, min: Math.min(...rr), max: Math.max(...rr), n: rr.length };
});
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, node ${process.version}`;
console.log(`cross-product SE / empirical SD over ${R} replicates — ${machine}; ${((performance.now() - t0) / 1000).toFixed(0)} s`);
for (const r of rows) console.log(`${r.kind.padEnd(15)} mean ${r.meanRatio.toFixed(3)}  range ${r.min.toFixed(2)}–${r.max.toFixed(2)}  (${r.n} parameters)`);
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/irt-se.json'), JSON.stringify({ machine, date: new Date().toISOString(), replicates: R, rows }, null, 2));
