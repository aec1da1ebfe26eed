// Speed of the readers and `describe` (our side only; R has no equivalent single call, so no R timing):
// - the real Open LLM Leaderboard v2 table (3,827 rows, CSV) and the three v1 item files combined
//   (6,014 models × 439 items) from ../shared/data, when present;
// - a synthetic wide CSV of 5,000 models × 1,000 items (seeded), parsed, assembled and described.
// Run: `node bench/io-describe.mjs` after `npx turbo run build`. Prints a table and writes bench/out/io-describe.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stats = await import(join(root, 'packages/stats/dist/index.js'));
const { assembleLeaderboard, loadLeaderboard, runDescribe, readItems, readLeaderboardTable, readResponses, seeded } = stats;

function time(fn, reps = 3) {
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
async function timeAsync(fn, reps = 3) {
  const t = [];
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(reps / 2)];
}

const rows = [];
const data = join(root, '../shared/data');
if (existsSync(join(data, 'openllm-v2/leaderboard-v2-contents.csv'))) {
  const f = { name: 'v2.csv', data: readFileSync(join(data, 'openllm-v2/leaderboard-v2-contents.csv')) };
  rows.push({ task: 'read v2 table CSV (3,827 rows, 3.9 MB)', ms: await timeAsync(() => readLeaderboardTable(f)) });
  const t = await readLeaderboardTable(f);
  const lb = assembleLeaderboard({ scores: t.scores, models: t.models });
  rows.push({ task: 'describe v2 table (3,827 × 6 scores)', ms: time(() => runDescribe(lb)).ms });
  const files = ['arc', 'gsm8k', 'mmlu'].map((b) => ({ b, f: { name: `${b}.csv`, data: readFileSync(join(data, `openllm-v1-items/${b}.responses.csv`)) } }));
  const r = time(() => assembleLeaderboard({ responses: files.map(({ b, f }) => readResponses(f, { benchmark: b, modelCol: 'model' })) }));
  rows.push({ task: 'read + combine v1 item files (6,014 models × 439 items, 4.6 MB)', ms: r.ms });
  rows.push({ task: 'describe v1 items (incl. paired MMD)', ms: time(() => runDescribe(r.out)).ms });
  const v1 = { name: 'v1.csv', data: readFileSync(join(data, 'openllm-v1/leaderboard-v1-contents.csv')) };
  rows.push({
    task: 'loadLeaderboard: v1 item files + metadata join to the v1 table (7,169 rows) + coverage',
    ms: await timeAsync(() => loadLeaderboard({ responses: files.map(({ b, f }) => ({ file: f, benchmark: b })), modelsFrom: v1 })),
  });
} else {
  console.log(`(real data not found under ${data}: skipped)`);
}

// synthetic wide CSV
const M = 5000;
const J = 1000;
const B = 10;
const rng = seeded(12345);
const theta = Array.from({ length: M }, () => rng.normal());
const diff = Array.from({ length: J }, () => rng.normal());
const lines = ['model_id,' + Array.from({ length: J }, (_, j) => `i${j}`).join(',')];
for (let m = 0; m < M; m++) {
  const cells = new Array(J);
  for (let j = 0; j < J; j++) cells[j] = rng.uniform() < 0.02 ? '' : rng.uniform() < 1 / (1 + Math.exp(-(theta[m] - diff[j]))) ? '1' : '0';
  lines.push(`m${m},${cells.join(',')}`);
}
const wide = lines.join('\n') + '\n';
const items = 'item_id,benchmark\n' + Array.from({ length: J }, (_, j) => `i${j},b${j % B}`).join('\n') + '\n';
const r = time(() => assembleLeaderboard({ responses: [readResponses({ name: 'w.csv', data: wide })], items: readItems({ name: 'i.csv', data: items }) }));
rows.push({ task: `read wide CSV ${M} × ${J} (${(wide.length / 1e6).toFixed(1)} MB) + items`, ms: r.ms });
rows.push({ task: `describe ${M} × ${J} items, ${B} benchmarks`, ms: time(() => runDescribe(r.out)).ms });

const machine = `${cpus()[0]?.model ?? 'unknown cpu'} × ${cpus().length}, node ${process.version}`;
console.log(`io-describe — ${machine}, ${new Date().toISOString().slice(0, 10)}`);
for (const x of rows) console.log(`${x.task.padEnd(70)} ${x.ms.toFixed(0).padStart(7)} ms`);
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/io-describe.json'), JSON.stringify({ machine, date: new Date().toISOString(), rows }, null, 2));
