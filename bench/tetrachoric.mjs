// Tetrachoric benchmark (issue 4). Our side: thresholds + tetrachorics + DWLS weights (+ per-model F
// tables and the smallest eigenvalue) on
//   - 4,000 models × 240 items  (`cartograph simulate --models 4000 --items-per-benchmark 40 --benchmarks 6 --seed 1`)
//   - 600 models × 90 items     (test/fixtures/data/sim600, the same command with 600 / 15)
// single thread and with 2 worker threads (median of 5 runs, after one warm-up), and the kernel
// speedups WebAssembly buys over the plain-TS references (multiply, crossprod, Cholesky, Φ2, ρ).
// lavaan's side is bench/tetrachoric-lavaan.R, run by bench/tetrachoric.sh, which also measures peak
// memory of both with /usr/bin/time -v. Usage: node bench/tetrachoric.mjs DATA4000_DIR SIM600_DIR
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stats = await import(join(root, 'packages/stats/dist/index.js'));
const cw = await import(join(root, 'packages/core-wasm/dist/index.js'));
const { ResponseMatrix, tetrachoric, tetrachoricAuto, seeded } = stats;

function readWide(path) {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const J = lines[0].split(',').length - 1;
  const N = lines.length - 1;
  const v = new Uint8Array(N * J);
  for (let m = 0; m < N; m++) {
    const c = lines[m + 1].split(',');
    for (let j = 0; j < J; j++) v[m * J + j] = c[j + 1] === '' || c[j + 1] === 'NA' ? 255 : +c[j + 1];
  }
  return new ResponseMatrix(N, J, v);
}
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
async function timeMs(fn, reps = 5) {
  await fn();
  const t = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

const [dir4000, dir600] = process.argv.slice(2);
const out = { date: new Date().toISOString(), node: process.version, tetrachoric: [], kernels: [] };
for (const [label, dir] of [['4000 × 240', dir4000], ['600 × 90', dir600]]) {
  const resp = readWide(join(dir, 'responses_wide.csv'));
  const one = await timeMs(() => tetrachoric(resp));
  const two = await timeMs(() => tetrachoricAuto(resp, { workers: 2 }));
  const res = tetrachoric(resp);
  out.tetrachoric.push({ data: label, models: resp.nModels, items: resp.nItems, pairs: res.rho.length, ms1: one, ms2workers: two, emptyCellPairs: res.emptyCellPairs.length, minEigenvalue: res.minEigenvalue });
}

// kernels: WASM wrapper vs plain-TS reference (same algorithm), median ms
const rng = seeded(20251123);
const rand = (n) => Float64Array.from({ length: n }, () => rng.uniform() * 2 - 1);
{
  const n = 300;
  const a = rand(n * n);
  const b = rand(n * n);
  out.kernels.push({ kernel: `matmul ${n}×${n}·${n}×${n}`, wasm: await timeMs(() => cw.matmul(a, b, n, n, n)), ts: await timeMs(() => cw.ref.linalg.matmul(a, b, n, n, n)) });
  const x = rand(4000 * 120);
  out.kernels.push({ kernel: 'crossprod XᵀX, X 4000×120', wasm: await timeMs(() => cw.crossprod(x, 4000, 120)), ts: await timeMs(() => cw.ref.linalg.crossprod(x, 4000, 120)) });
  const s = cw.crossprod(rand((n + 10) * n), n + 10, n);
  out.kernels.push({ kernel: `Cholesky ${n}×${n}`, wasm: await timeMs(() => cw.cholesky(s, n)), ts: await timeMs(() => cw.ref.linalg.cholesky(s, n)) });
  out.kernels.push({ kernel: `symEigen ${240}×${240}`, wasm: await timeMs(() => cw.symEigen(s.subarray(0, 240 * 240).map((v, i) => s[Math.floor(i / 240) * n + (i % 240)]), 240)), ts: await timeMs(() => cw.ref.linalg.symEigen(s.subarray(0, 240 * 240).map((v, i) => s[Math.floor(i / 240) * n + (i % 240)]), 240)) });
  const m = 1_000_000;
  const h = rand(m).map((v) => 3 * v);
  const k = rand(m).map((v) => 3 * v);
  const r = rand(m).map((v) => 0.999 * v);
  out.kernels.push({ kernel: 'Φ2 (bvnCdf), 10⁶ points, ρ ∈ (−1, 1)', wasm: await timeMs(() => cw.bvnCdfArray(h, k, r), 3), ts: await timeMs(() => cw.ref.bvn.bvnCdfArray(h, k, r), 3) });
  const resp = readWide(join(dir4000, 'responses_wide.csv'));
  const tab = cw.tetraTables(resp.values, resp.nModels, resp.nItems);
  const tau = new Float64Array(resp.nItems).map((_, j) => cw.normQuantile(tab.itemCounts[2 * j] / (tab.itemCounts[2 * j] + tab.itemCounts[2 * j + 1])));
  out.kernels.push({ kernel: '2×2 tables 4000×240 (popcount vs direct count)', wasm: await timeMs(() => cw.tetraTables(resp.values, resp.nModels, resp.nItems), 3), ts: await timeMs(() => cw.ref.tetra.tetraTables(resp.values, resp.nModels, resp.nItems), 1) });
  out.kernels.push({ kernel: 'ρ for 28,680 pairs (two-step ML)', wasm: await timeMs(() => cw.tetraRho(tab.counts, tau, resp.nItems), 3), ts: await timeMs(() => cw.ref.tetra.tetraRho(tab.counts, tau, resp.nItems), 3) });
}

mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/tetrachoric.json'), JSON.stringify(out, null, 2) + '\n');
console.log('tetrachoric: thresholds + tetrachorics + DWLS weights + F tables + smallest eigenvalue (median of 5)');
for (const t of out.tetrachoric) console.log(`  ${t.data.padEnd(11)} ${String(t.pairs).padStart(6)} pairs   1 thread ${t.ms1.toFixed(0).padStart(6)} ms   2 workers ${t.ms2workers.toFixed(0).padStart(6)} ms   (empty-cell pairs ${t.emptyCellPairs})`);
console.log('kernels: WebAssembly vs plain TypeScript (median ms)');
for (const k of out.kernels) console.log(`  ${k.kernel.padEnd(48)} wasm ${k.wasm.toFixed(1).padStart(8)}   ts ${k.ts.toFixed(1).padStart(8)}   ×${(k.ts / k.wasm).toFixed(1)}`);
