// The queue executor with real components (issue 15): Debian's redis-server started here on 127.0.0.1
// (free port, temporary folder, append-only file fsynced on every write, noeviction as BullMQ requires),
// two `cartograph worker` processes, and the built CLI. Faults: a worker SIGKILLed mid-run; Redis
// SIGKILLed and restarted on its append-only file mid-run. Each run must complete with every replicate
// present exactly once and robustness.json byte-equal to the single-process run. The scaling study (its
// slope-reliability replicates) through the queue gives the single-process scaling.json too.
// Needs the build (`npx turbo run build`) and redis-server (scripts/ensure-redis.sh installs it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './helpers/cli';

const root = join(__dirname, '..');
const bin = join(root, 'packages/cli/bin/cartograph.js');
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis && process.env.CI === 'true') throw new Error('redis-server is missing: scripts/ensure-redis.sh installs it');

const tmp = mkdtempSync(join(tmpdir(), 'cg-exec-queue-'));
const data = join(tmp, 'data');
// 40 small replicates: 300 models, 3 benchmarks × 6 items, 4 items per benchmark per replicate, two structures.
const study = (out: string, extra: string[] = []) => ['robustness', '--responses', join(data, 'responses_wide.csv'), '--items', join(data, 'items.csv'), '--structures', 'general,bifactor', '--bootstrap', '40', '--permutations', '0', '--folds', '0', '--no-reference', '--subsample', '4', '--seed', '7', '--out', out, '--quiet', ...extra];

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

function startRedis(dir: string, port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--maxmemory-policy', 'noeviction', '--save', ''], { stdio: 'ignore' });
}

async function waitFor(cond: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      if (await cond()) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function ping(port: number): Promise<boolean> {
  const c = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  c.on('error', () => {}); // refused while the server starts: the connect() below rejects
  try {
    await c.connect();
    return (await c.ping()) === 'PONG';
  } finally {
    c.disconnect();
  }
}

/** A `cartograph worker` in its own process group (so SIGKILL takes its sandboxed children too). */
function startWorker(url: string): ChildProcess {
  return spawn(process.execPath, [bin, 'worker', '--queue', url, '--lock-ms', '1500', '--stalled-ms', '500', '--max-stalled', '5', '--quiet'], { cwd: root, detached: true, stdio: 'ignore' });
}
const killGroup = (p: ChildProcess, sig: NodeJS.Signals = 'SIGKILL') => {
  try {
    process.kill(-p.pid!, sig);
  } catch {
    /* gone */
  }
};

let reference = '';
let referenceLines = '';

beforeAll(async () => {
  if (!hasRedis) return;
  const sim = await run(['simulate', '--models', '300', '--benchmarks', '3', '--items-per-benchmark', '6', '--out', data, '--quiet']);
  expect(sim.code).toBe(0);
  const ref = await run(study(join(tmp, 'single'), ['--workers', '1']));
  expect(ref.code, ref.stderr).toBe(0);
  reference = readFileSync(join(tmp, 'single', 'robustness.json'), 'utf8');
  referenceLines = readFileSync(join(tmp, 'single', 'replicates.jsonl'), 'utf8');
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!hasRedis)('queue executor on a real Redis', () => {
  for (const fault of ['worker', 'redis'] as const) {
    it(`completes with every replicate once and the single-process bytes when ${fault === 'worker' ? 'a worker is SIGKILLed' : 'Redis is SIGKILLed and restarted on its AOF'} mid-run`, async () => {
      const dir = mkdtempSync(join(tmp, `redis-${fault}-`));
      const port = await freePort();
      let redis = startRedis(dir, port);
      const url = `redis://127.0.0.1:${port}`;
      const workers: ChildProcess[] = [];
      const probe = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null, retryStrategy: () => 100 });
      probe.on('error', () => {}); // refused connections while Redis restarts: it reconnects
      try {
        await waitFor(() => ping(port), 10_000, 'redis-server');
        workers.push(startWorker(url), startWorker(url));
        const out = join(tmp, `queue-${fault}`);
        const producer = run(study(out, ['--queue', url]));
        // mid-run: once some results are stored (and before all are)
        let planKey = '';
        await waitFor(async () => {
          const keys = await probe.keys('cartograph:results:*');
          if (keys.length === 0) return false;
          planKey = keys[0]!;
          return (await probe.hlen(planKey)) >= 6;
        }, 90_000, 'the first results');
        expect(await probe.hlen(planKey)).toBeLessThan(40); // the fault happens mid-run
        if (fault === 'worker') killGroup(workers[0]!);
        else {
          redis.kill('SIGKILL');
          await new Promise((r) => redis.once('exit', r));
          await new Promise((r) => setTimeout(r, 500));
          redis = startRedis(dir, port); // same folder: restarts on its append-only file
          await waitFor(() => ping(port), 10_000, 'redis-server restart');
        }
        const res = await producer;
        expect(res.code, res.stderr).toBe(0);
        // every replicate present exactly once, with the single-process bytes
        const lines = readFileSync(join(out, 'replicates.jsonl'), 'utf8');
        expect(lines).toBe(referenceLines);
        expect(lines.trim().split('\n')).toHaveLength(40);
        expect(await probe.hlen(planKey)).toBe(40);
        expect(readFileSync(join(out, 'robustness.json'), 'utf8')).toBe(reference);
        expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).failed).toBe(0);
        // enqueuing the same plan again adds nothing (job ids planHash:kind:r; results already stored)
        const again = await run(study(join(tmp, `queue-${fault}-again`), ['--queue', url, '--detach']).filter((a) => a !== '--quiet'));
        expect(again.code, again.stderr).toBe(0);
        expect(again.stderr).toMatch(/0 replicates enqueued, 40 already done/);
        const runId = /run id: ([0-9a-f]{64})/.exec(again.stdout)![1]!;
        expect(`cartograph:results:${runId}`).toBe(planKey);
        const col = await run(['collect', runId, '--queue', url, '--out', join(tmp, `collect-${fault}`), '--quiet']);
        expect(col.code, col.stderr).toBe(0);
        expect(readFileSync(join(tmp, `collect-${fault}`, 'robustness.json'), 'utf8')).toBe(reference);
      } finally {
        for (const w of workers) killGroup(w);
        probe.disconnect();
        redis.kill('SIGKILL');
      }
    }, 180_000);
  }
  it('the scaling study through the queue (two workers; and detached + collect) gives the single-process scaling.json bytes', async () => {
    const dir = mkdtempSync(join(tmp, 'redis-scaling-'));
    const port = await freePort();
    const redis = startRedis(dir, port);
    const url = `redis://127.0.0.1:${port}`;
    const workers: ChildProcess[] = [];
    const scaling = (out: string, extra: string[]) => ['scaling', '--responses', join(data, 'responses_wide.csv'), '--items', join(data, 'items.csv'), '--models', join(data, 'models.csv'), '--quadpts', '11', '--pv', '2', '--replicates', '3', '--seed', '7', '--out', out, '--quiet', ...extra];
    try {
      await waitFor(() => ping(port), 10_000, 'redis-server');
      const single = await run(scaling(join(tmp, 'sc-single'), ['--workers', '1']));
      expect(single.code, single.stderr).toBe(0);
      workers.push(startWorker(url), startWorker(url));
      const q = await run(scaling(join(tmp, 'sc-queue'), ['--queue', url]));
      expect(q.code, q.stderr).toBe(0);
      for (const f of ['scaling.json', 'replicates.jsonl', 'scaling-vector.csv']) expect(readFileSync(join(tmp, 'sc-queue', f), 'utf8'), f).toBe(readFileSync(join(tmp, 'sc-single', f), 'utf8'));
      expect(JSON.parse(readFileSync(join(tmp, 'sc-queue', 'run.json'), 'utf8'))).toMatchObject({ study: 'scaling', executor: 'queue', failed: 0 });
      const det = await run(scaling(join(tmp, 'sc-detached'), ['--queue', url, '--detach']).filter((a) => a !== '--quiet'));
      expect(det.code, det.stderr).toBe(0);
      expect(det.stderr).toMatch(/0 replicates enqueued, 3 already done/);
      const runId = /run id: ([0-9a-f]{64})/.exec(det.stdout)![1]!;
      const col = await run(['collect', runId, '--queue', url, '--out', join(tmp, 'sc-collected'), '--quiet']);
      expect(col.code, col.stderr).toBe(0);
      expect(readFileSync(join(tmp, 'sc-collected', 'scaling.json'), 'utf8')).toBe(readFileSync(join(tmp, 'sc-single', 'scaling.json'), 'utf8'));
    } finally {
      for (const w of workers) killGroup(w);
      redis.kill('SIGKILL');
    }
  }, 600_000);
  it('a replicate that fails on every attempt is reported by index with its error, never dropped', async () => {
    const dir = mkdtempSync(join(tmp, 'redis-fail-'));
    const port = await freePort();
    const redis = startRedis(dir, port);
    const url = `redis://127.0.0.1:${port}`;
    const probe = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null });
    probe.on('error', () => {});
    let worker: ChildProcess | null = null;
    try {
      await waitFor(() => ping(port), 10_000, 'redis-server');
      const few = ['robustness', '--responses', join(data, 'responses_wide.csv'), '--items', join(data, 'items.csv'), '--structures', 'general', '--bootstrap', '3', '--permutations', '0', '--folds', '0', '--no-reference', '--subsample', '4', '--queue', url, '--detach'];
      const det = await run(few);
      expect(det.code, det.stderr).toBe(0);
      const runId = /run id: ([0-9a-f]{64})/.exec(det.stdout)![1]!;
      // the data vanish from Redis before any worker fetched them: every attempt of every replicate fails
      for (const k of await probe.keys('cartograph:data:*')) await probe.del(k);
      worker = startWorker(url);
      const col = await run(['collect', runId, '--queue', url, '--wait', '--out', join(tmp, 'collect-failed')]);
      expect(col.code, col.stderr).toBe(0);
      expect(col.stderr).toMatch(/replicate bootstrap:0 failed on every attempt: the study data .* is not in Redis/);
      const rep = JSON.parse(readFileSync(join(tmp, 'collect-failed', 'robustness.json'), 'utf8'));
      expect(rep.bootstrap.failed.map((f: { r: number }) => f.r)).toEqual([0, 1, 2]);
      expect(rep.bootstrap.failed[0].error).toMatch(/not in Redis/);
      expect(JSON.parse(readFileSync(join(tmp, 'collect-failed', 'run.json'), 'utf8')).failed).toBe(3);
      // enqueuing the plan again stores the data again and retries the failed replicates: now complete
      const retry = await run([...few.filter((a) => a !== '--detach'), '--out', join(tmp, 'retried')]);
      expect(retry.code, retry.stderr).toBe(0);
      expect(retry.stderr).toMatch(/3 replicates enqueued/);
      const local = await run([...few.slice(0, few.indexOf('--queue')), '--workers', '1', '--out', join(tmp, 'retried-local')]);
      expect(local.code, local.stderr).toBe(0);
      expect(readFileSync(join(tmp, 'retried', 'robustness.json'), 'utf8')).toBe(readFileSync(join(tmp, 'retried-local', 'robustness.json'), 'utf8'));
    } finally {
      if (worker) killGroup(worker);
      probe.disconnect();
      redis.kill('SIGKILL');
    }
  }, 120_000);
});
