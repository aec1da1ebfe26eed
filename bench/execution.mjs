// Replicates at scale (issue 15): throughput of the robustness bootstrap at 4,000 models × 90 items
// (15 per benchmark drawn from `simulate --models 4000 --items-per-benchmark 40`, 240-item pool) with
// 1 worker thread, a pool of 2, and 2 queue workers (`cartograph worker`, Redis on 127.0.0.1); peak
// memory (VmHWM) per process; the projected wall time of the 200-replicate study on 64 workers.
// Usage: node bench/execution.mjs [R=6]   (R bootstrap replicates per executor; the built CLI)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'packages/cli/bin/cartograph.js');
const R = Number(process.argv[2] ?? 6);
const tmp = mkdtempSync(join(tmpdir(), 'cg-bench-exec-'));
const data = join(tmp, 'data');

function cli(args) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`cartograph ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r;
}

/** Peak resident memory (VmHWM, MB) of a process and each of its descendants, sampled until it exits. */
function hwmOf(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}
function descendants(pid) {
  const kids = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (ppid === pid) kids.push(Number(d), ...descendants(Number(d)));
    } catch {
      /* gone */
    }
  }
  return kids;
}
function track(pids, peaks) {
  const t = setInterval(() => {
    for (const p of pids()) for (const q of [p, ...descendants(p)]) peaks.set(q, Math.max(peaks.get(q) ?? 0, hwmOf(q)));
  }, 250);
  return () => clearInterval(t);
}

function runTimed(args) {
  return new Promise((res, rej) => {
    const t0 = Date.now();
    const p = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    const peaks = new Map();
    const stop = track(() => [p.pid], peaks);
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => {
      stop();
      if (code !== 0) rej(new Error(`exit ${code}: ${err}`));
      else res({ seconds: (Date.now() - t0) / 1000, peak_mb: Math.max(...peaks.values()) });
    });
  });
}

const freePort = () =>
  new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => res(port));
    });
  });

console.error(`simulating 4000 models × 6 benchmarks × 40 items …`);
cli(['simulate', '--models', '4000', '--items-per-benchmark', '40', '--out', data, '--quiet']);
const study = (out, extra) => ['robustness', '--responses', join(data, 'responses_wide.csv'), '--items', join(data, 'items.csv'), '--bootstrap', String(R), '--permutations', '0', '--folds', '0', '--no-reference', '--subsample', '15', '--seed', '1', '--out', out, '--quiet', ...extra];

const rows = {};
for (const w of [1, 2]) {
  console.error(`pool: ${w} worker(s), ${R} replicates …`);
  const out = join(tmp, `w${w}`);
  const t = await runTimed(study(out, ['--workers', String(w)]));
  const info = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
  rows[`pool_${w}`] = { ...t, compute_seconds: info.seconds_by_kind.bootstrap, per_minute: (60 * R) / t.seconds };
}

// the queue: Redis on loopback, two workers
const port = await freePort();
const rdir = join(tmp, 'redis');
mkdirSync(rdir);
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', rdir, '--appendonly', 'yes', '--appendfsync', 'always', '--maxmemory-policy', 'noeviction', '--save', ''], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const url = `redis://127.0.0.1:${port}`;
const workers = [0, 1].map(() => spawn(process.execPath, [bin, 'worker', '--queue', url, '--quiet'], { cwd: root, stdio: 'ignore', detached: true }));
const wpeaks = new Map();
const stopW = track(() => workers.map((w) => w.pid), wpeaks);
console.error(`queue: 2 workers, ${R} replicates …`);
try {
  const out = join(tmp, 'queue');
  const t = await runTimed(study(out, ['--queue', url]));
  rows.queue_2 = { ...t, per_minute: (60 * R) / t.seconds, worker_peak_mb: Math.max(...wpeaks.values()) };
  const same = readFileSync(join(out, 'robustness.json'), 'utf8') === readFileSync(join(tmp, 'w1', 'robustness.json'), 'utf8') && readFileSync(join(tmp, 'w2', 'robustness.json'), 'utf8') === readFileSync(join(tmp, 'w1', 'robustness.json'), 'utf8');
  rows.same_bytes = same;
} finally {
  stopW();
  for (const w of workers) {
    try {
      process.kill(-w.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  redis.kill('SIGKILL');
}

// projection: per-replicate compute cost c (1 worker, steady state) and the fixed cost s (start-up,
// reading, the shared pool statistics), 200 replicates on 64 workers: s + ceil(200/64) · c (+ queue overhead per replicate)
const p1 = rows.pool_1;
const p2 = rows.pool_2;
const c = p1.compute_seconds / R; // includes each worker's one-off pool statistics in its first replicate
const speedup = p1.seconds / p2.seconds;
const queueOverhead = (rows.queue_2.seconds - p2.seconds) / R;
const fixed = Math.max(0, p1.seconds - p1.compute_seconds);
const proj64 = fixed + Math.ceil(200 / 64) * (c + Math.max(0, queueOverhead));
const result = { date: new Date().toISOString(), load_average_1_5_15: loadavg(), cpus: cpus().length, cpu_model: cpus()[0]?.model, node: process.version, R, rows, speedup_2_vs_1: speedup, per_replicate_seconds: c, queue_overhead_seconds_per_replicate: queueOverhead, fixed_seconds: fixed, projected_200_on_64_seconds: proj64 };
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/execution.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
rmSync(tmp, { recursive: true, force: true });
