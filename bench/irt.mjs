// Speed of the IRT side (issue 7): bifactor EM at 4,000 models × 240 items (g + 6 specifics = 7
// factors; target < 60 s), rank intervals from 1,000 posterior draws for 4,000 models (target < 5 s),
// and the unidimensional 2PL on the real GSM8K matrix (mirt's golden: log-likelihood −382,224.5 on 61
// points over [−6, 6]; our default quadrature is the same rule, so the figure is reported next to it).
// Our side only (mirt is not installed here; its converged GSM8K fit ships with the data).
// Run: `node bench/irt.mjs` after `npx turbo run build`. Prints a table and writes bench/out/irt.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const S = await import(join(root, 'packages/stats/dist/index.js'));
const W = await import(join(root, 'packages/core-wasm/dist/index.js'));

const rows = [];
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const mb = (b) => (b / 1048576).toFixed(0);

// 1. bifactor EM, 4,000 × 240, normal ogive, default quadrature 21 × 21
const sim = S.simulate({ models: 4000, benchmarks: 6, itemsPerBenchmark: 40, seed: 1 });
const resp = new S.ResponseMatrix(4000, 240, sim.responses);
const bench = sim.items.map((i) => i.benchmark);
let t0 = performance.now();
let c0 = process.cpuUsage();
const cpuS = () => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
const fit = S.fitIrt(resp, { model: 'bifactor', link: 'normal', itemIds: sim.items.map((i) => i.id), itemSpecific: bench, se: false });
const tEm = (performance.now() - t0) / 1000;
let se2 = 0;
fit.items.forEach((it, j) => {
  const t = sim.items[j];
  se2 += (it.loadings[0] - t.loadingG) ** 2 + (it.loadings[fit.factors.indexOf(t.benchmark)] - t.loadingS) ** 2;
});
rows.push({ task: 'bifactor EM 4000 × 240 (7 factors, 21×21 quadrature)', seconds: tEm, cpu: cpuS(), detail: `${fit.iterations} EM evaluations, ${fit.convergence.message}; loadings RMSE vs truth ${Math.sqrt(se2 / 480).toFixed(4)}`, target: '< 60 s' });
t0 = performance.now();
c0 = process.cpuUsage();
const fitSe = S.fitIrt(resp, { model: 'bifactor', link: 'normal', itemSpecific: bench, se: true, maxIter: fit.iterations + 5 });
rows.push({ task: 'same fit with cross-product SEs', seconds: (performance.now() - t0) / 1000, cpu: cpuS(), detail: `${fitSe.seMethod}` });

// 2. rank intervals from 1,000 posterior draws for 4,000 models
const sc = S.scoreIrt(fit, resp);
t0 = performance.now();
c0 = process.cpuUsage();
const raw = Float64Array.from(sim.models, (_, i) => {
  let s = 0;
  let n = 0;
  for (let j = 0; j < 240; j++) {
    const v = sim.responses[i * 240 + j];
    if (v !== 255) {
      s += v;
      n++;
    }
  }
  return s / n;
});
const rep = S.rankStability({ ids: sim.models.map((m) => m.id), raw, mean: sc.eap[0], sd: sc.psd[0] }, { draws: 1000, rng: S.seeded(1) });
rows.push({ task: 'rank intervals, 1000 draws × 4000 models', seconds: (performance.now() - t0) / 1000, cpu: cpuS(), detail: `mean 95 % interval width ${rep.meanIntervalWidth.toFixed(1)} ranks; top-10 % retention ${(100 * rep.retention[1].retention).toFixed(1)} %`, target: '< 5 s' });

// 3. GSM8K 2PL (real data, non-commercial: read from ../shared, never copied)
const gsm = join(root, '../shared/data/openllm-v1-items/gsm8k.responses.csv');
if (existsSync(gsm)) {
  const lines = readFileSync(gsm, 'utf8').trim().split(/\r?\n/);
  const ids = lines[0].split(',').slice(1).map((s) => s.replace(/"/g, ''));
  const N = lines.length - 1;
  const J = ids.length;
  const v = new Uint8Array(N * J);
  for (let i = 0; i < N; i++) {
    const c = lines[i + 1].split(',');
    for (let j = 0; j < J; j++) v[i * J + j] = Number(c[j + 1]);
  }
  const r = new S.ResponseMatrix(N, J, v);
  for (const [label, quad] of [['61 points over [−6, 6] (mirt’s rule; our default)', undefined], ['121 points over [−6, 6]', { points: 121, range: 6 }]]) {
    t0 = performance.now();
    c0 = process.cpuUsage();
    const f = S.fitIrt(r, { model: '2PL', itemIds: ids, quadrature: quad, se: false });
    rows.push({ task: `GSM8K 2PL ${N} × ${J}, ${label}`, seconds: (performance.now() - t0) / 1000, cpu: cpuS(), detail: `log-likelihood ${f.loglik.toFixed(2)} (mirt −382224.5); ${f.iterations} EM evaluations` });
  }
} else console.error(`GSM8K data not found at ${gsm}: skipped`);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const { loadavg } = await import('node:os');
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, node ${process.version}; load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`;
console.log(`IRT benchmarks — ${machine}; peak RSS ${mb(peakRss)} MB, WASM memory ${mb(W.memoryBytes())} MB`);
console.log('wall-clock seconds, then CPU seconds of this process (the machine is shared: CPU time is the figure to compare with the targets)');
for (const r of rows) console.log(`${r.task.padEnd(62)} ${r.seconds.toFixed(2).padStart(8)} s ${r.cpu.toFixed(2).padStart(8)} s CPU  ${r.target ?? ''}  ${r.detail}`);
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/irt.json'), JSON.stringify({ machine, date: new Date().toISOString(), peakRssMB: Number(mb(peakRss)), wasmMB: Number(mb(W.memoryBytes())), rows }, null, 2));
