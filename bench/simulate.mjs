// Speed of `simulate` (draw + exact mixture proportions) and of formatting its seven files, at the demo size
// and two larger leaderboards. Our side only (no R equivalent). Run: `node bench/simulate.mjs` after
// `npx turbo run build`. Prints a table and writes bench/out/simulate.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { simulate, simulationFiles } = await import(join(root, 'packages/stats/dist/index.js'));

function median(fn, reps = 3) {
  const t = [];
  let out;
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    out = fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { ms: t[Math.floor(reps / 2)], out };
}

const sizes = [
  { models: 600, benchmarks: 6, itemsPerBenchmark: 15 },
  { models: 5000, benchmarks: 6, itemsPerBenchmark: 50 },
  { models: 20000, benchmarks: 10, itemsPerBenchmark: 50 },
];
const rows = [];
// end to end through the CLI (draw, format, stream to disk), middle size
const out = join(tmpdir(), `cartograph-bench-sim-${process.pid}`);
const t0 = performance.now();
execFileSync(process.execPath, [join(root, 'packages/cli/bin/cartograph.js'), 'simulate', '--models', '5000', '--items-per-benchmark', '50', '--out', out], { stdio: 'ignore' });
const cliMs = Math.round(performance.now() - t0);
rmSync(out, { recursive: true, force: true });
for (const s of sizes) {
  const sim = median(() => simulate({ ...s, seed: 1 }));
  const files = median(() => simulationFiles(sim.out));
  const bytes = files.out.reduce((n, f) => n + f.chunks.reduce((k, c) => k + c.length, 0), 0);
  rows.push({ ...s, cells: s.models * s.benchmarks * s.itemsPerBenchmark, simulateMs: Math.round(sim.ms), filesMs: Math.round(files.ms), megabytes: +(bytes / 1e6).toFixed(1) });
}
console.log(`simulate — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, node ${process.version}, median of 3`);
console.log('| models × benchmarks × items | cells | simulate ms | format files ms | MB written |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.models} × ${r.benchmarks} × ${r.itemsPerBenchmark} | ${r.cells.toLocaleString('en')} | ${r.simulateMs} | ${r.filesMs} | ${r.megabytes} |`);
console.log(`cartograph simulate --models 5000 --items-per-benchmark 50 (CLI, to disk): ${cliMs} ms`);
mkdirSync(join(root, 'bench', 'out'), { recursive: true });
writeFileSync(join(root, 'bench', 'out', 'simulate.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, rows, cliMs }, null, 2) + '\n');
