// Whole-audit benchmark: wall time and peak memory (max RSS of the process, GNU time) of the built CLI's
// `cartograph audit` with its default options on
//   demo            the bundled demo (600 models × 90 items)                    target < 30 s
//   v1              the real v1 item files (arc, gsm8k, mmlu: 6,014 × 439) +
//                   --models-from the v1 table (../shared/data)                  target < 5 min, < 2 GB
//   sim4000         simulate --models 4000 --items-per-benchmark 40 (240 items)  target < 5 min, < 2 GB
// Usage: node bench/audit.mjs [demo] [v1] [sim4000] [--workers N]   (default: all three; v1 is skipped
// without the data; --workers as the audit's, default the audit's own: the cores available, at most 3)
// CPU seconds (user + system) are given next to the wall time: on a shared machine the wall time mostly
// measures the other jobs. The audit's defaults are size-aware (packages/stats/src/audit/size.ts): on a
// large input it reduces some of them and says which (audit.json's size_defaults, printed here); pass
// --full-defaults to time the full ones. Prints a table and writes bench/out/audit.json with, per run, the compute seconds
// of each layer task (run.json's layers_seconds: with workers the tasks overlap, so they add up to more than
// the wall time) and the seconds until each stage was reported (stages_seconds).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli/bin/cartograph.js');
const shared = join(root, '..', 'shared', 'data');
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-bench-audit-'));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function timed(args) {
  const cmd = TIME ? [TIME, ['-f', '%e %M %U %S', process.execPath, cli, ...args]] : [process.execPath, [cli, ...args]];
  const t0 = Date.now();
  const r = spawnSync(cmd[0], cmd[1], { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20 });
  const wall = (Date.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const m = TIME ? r.stderr.trim().split('\n').pop().match(/^([\d.]+) (\d+) ([\d.]+) ([\d.]+)$/) : null;
  return { wall: m ? Number(m[1]) : wall, peak_mb: m ? Number(m[2]) / 1024 : null, cpu: m ? Number(m[3]) + Number(m[4]) : null };
}

const cases = {
  demo: () => ['audit', '--demo'],
  v1: () => {
    const it = join(shared, 'openllm-v1-items');
    if (!existsSync(join(it, 'arc.responses.csv'))) return null;
    return ['audit', '--responses', `${join(it, 'arc.responses.csv')}:arc`, '--responses', `${join(it, 'gsm8k.responses.csv')}:gsm8k`, '--responses', `${join(it, 'mmlu.responses.csv')}:mmlu`, '--models-from', join(shared, 'openllm-v1', 'leaderboard-v1-contents.csv')];
  },
  sim4000: () => {
    const dir = join(tmp, 'sim4000');
    const r = spawnSync(process.execPath, [cli, 'simulate', '--models', '4000', '--items-per-benchmark', '40', '--seed', '1', '--out', dir], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`simulate failed: ${r.stderr}`);
    return ['audit', '--responses', join(dir, 'responses_wide.csv'), '--items', join(dir, 'items.csv'), '--models', join(dir, 'models.csv')];
  },
};
const targets = { demo: { s: 30, mb: null }, v1: { s: 300, mb: 2048 }, sim4000: { s: 300, mb: 2048 } };

const argv = process.argv.slice(2);
const wi = argv.indexOf('--workers');
const full = argv.includes('--full-defaults');
const workers = [...(wi >= 0 ? ['--workers', argv[wi + 1]] : []), ...(full ? ['--full-defaults'] : [])];
const names = argv.filter((a, k) => a !== '--full-defaults' && !(wi >= 0 && (k === wi || k === wi + 1)));
const which = names.length ? names : Object.keys(cases);
const results = [];
for (const name of which) {
  const args = cases[name]?.();
  if (!args) {
    console.log(`${name}: skipped (data not found)`);
    continue;
  }
  const out = join(tmp, `out-${name}`);
  const load = loadavg()[0];
  const t = timed([...args, ...workers, '--quiet', '--out', out]);
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
  const sized = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')).size_defaults;
  const reduced = sized.reduced.map((r) => `${r.option} ${r.full_default}→${r.used}`).join(', ') || 'none';
  const loadAfter = loadavg()[0];
  results.push({ case: name, wall_s: t.wall, cpu_s: t.cpu, peak_mb: t.peak_mb, workers: run.workers, load_average_before: load, load_average_after: loadAfter, target_s: targets[name].s, target_mb: targets[name].mb, size_defaults: sized, layers_seconds: run.layers_seconds, stages_seconds: run.stages_seconds });
  const layers = Object.entries(run.layers_seconds).filter(([k]) => !/_\d+_seconds$|^cfa_seconds|^robustness_/.test(k)).map(([k, v]) => `${k} ${Number(v).toFixed(1)}`).join(', ');
  console.log(`${name.padEnd(8)} ${t.wall.toFixed(1).padStart(7)} s wall  ${t.cpu === null ? '—' : t.cpu.toFixed(1).padStart(7)} s CPU  ${t.peak_mb === null ? '—' : t.peak_mb.toFixed(0).padStart(6)} MB  ${run.workers} workers  (load ${load.toFixed(1)} → ${loadAfter.toFixed(1)}; defaults reduced for size: ${reduced}; task seconds: ${layers})`);
}
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/audit.json'), `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, cpu_model: cpus()[0]?.model ?? null, node: process.version, results }, null, 2)}\n`);
rmSync(tmp, { recursive: true, force: true });
