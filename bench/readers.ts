// Speed of the readers of other evaluation logs (our side only; no R equivalent): a synthetic Inspect AI
// log of 2 models × 5,000 samples × 3 epochs as a `.eval` zip (one JSON per sample, as inspect writes
// it) and as a `.json` log, read through loadLeaderboard; and a split of 100,000 items with its lock.
// Run: `npx vite-node --config vitest.config.ts bench/readers.ts` (prints a table; figures go to bench/RESULTS.md by hand).
import { cpus } from 'node:os';
import { strToU8, zipSync } from 'fflate';
import { loadLeaderboard } from '../packages/stats/src/io/index.js';
import { runSplit } from '../packages/stats/src/split/index.js';
import { seeded } from '../packages/stats/src/util/rng.js';

const N = 5000;
const E = 3;
const rng = seeded(7);
const header = (model: string) => ({ version: 2, status: 'success', eval: { task: 'bench_task', task_version: 1, model, dataset: { name: 'x', samples: N }, config: { epochs: E } }, plan: { steps: [{ solver: 'generate', params: {} }], config: { temperature: 0 } }, results: { scores: [{ name: 'match', scorer: 'match' }] } });
const sample = (id: number, epoch: number) => ({ id, epoch, input: `question ${id} `.repeat(20), target: 'A', messages: [{ role: 'user', content: `question ${id} `.repeat(20) }, { role: 'assistant', content: 'A' }], output: { model: 'm', choices: [{ message: { role: 'assistant', content: 'A' } }] }, scores: { match: { value: rng.uniform() < 0.6 ? 'C' : 'I', answer: 'A', explanation: 'x' } } });

function time<T>(fn: () => Promise<T>): Promise<{ ms: number; out: T }> {
  const t0 = performance.now();
  return fn().then((out) => ({ ms: performance.now() - t0, out }));
}

const files: Record<string, Uint8Array> = { 'header.json': strToU8(JSON.stringify(header('org/model-a'))) };
for (let i = 1; i <= N; i++) for (let e = 1; e <= E; e++) files[`samples/${i}_epoch_${e}.json`] = strToU8(JSON.stringify(sample(i, e)));
const zip = zipSync(files, { level: 6 });
const json = new TextEncoder().encode(JSON.stringify({ ...header('org/model-b'), samples: Array.from({ length: N * E }, (_, k) => sample(Math.floor(k / E) + 1, (k % E) + 1)) }, null, 2));

const rows: [string, number, number][] = [];
for (const [name, input] of [['.eval zip', { name: 'a.eval', data: zip }], ['.json log', { name: 'b.json', data: json }]] as const) {
  const ms: number[] = [];
  for (let r = 0; r < 3; r++) ms.push((await time(() => loadLeaderboard({ inspect: [input] }))).ms);
  rows.push([`Inspect ${name}: ${N.toLocaleString('en')} samples × ${E} epochs`, input.data.length / 1e6, ms.sort((a, b) => a - b)[1]!]);
}
const both = await time(() => loadLeaderboard({ inspect: [{ name: 'a.eval', data: zip }, { name: 'b.json', data: json }] }));
rows.push([`both logs → one leaderboard (2 × ${(N * E).toLocaleString('en')} cells)`, (zip.length + json.length) / 1e6, both.ms]);
const items = Array.from({ length: 100_000 }, (_, k) => ({ id: `b${k % 10}:${k}`, stratum: `b${k % 10}` }));
const sp = await time(() => runSplit(items, { train: 0.7, eval: 0.2, holdout: 0.1, seed: 1, stratify: 'benchmark', itemsFile: { name: 'items.csv', data: 'x' } }));
rows.push(['split 100,000 items, 10 strata (+ SHA-256 of the lists)', 0, sp.ms]);
console.log(`${cpus()[0]?.model ?? '?'} × ${cpus().length}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}; median of 3 runs for the readers`);
console.log('| task | MB | ms |\n| --- | ---: | ---: |');
for (const [t, mb, ms] of rows) console.log(`| ${t} | ${mb ? mb.toFixed(1) : '—'} | ${Math.round(ms).toLocaleString('en')} |`);
