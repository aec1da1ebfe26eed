// The local executors: replicates in this process (1 worker) or on a maintained pool of worker threads
// (N workers, stats' createPool over piscina), optionally a shard (i of n) of the plan's replicates, with
// an append-only checkpoint that a rerun of the same plan resumes from. Whatever the executor, the
// results are the same objects: each replicate's random stream depends on (plan, kind, r) only.
import { createPool, listReplicates, runReplicate, type ReplicateEnvelope, type ReplicateId, type ReplicatePlan } from '@cartograph/stats';
import { Checkpoint, readCheckpoint } from './jsonl.js';
import { encodeData, studyOf, type StudyData } from './studies.js';

export interface Shard {
  /** 0-based shard index. */
  index: number;
  count: number;
}

/** Parses `i/n` (0 ≤ i < n). */
export function parseShard(s: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  if (!m) return `'${s}' is not i/n (e.g. 0/4: the first of four shards)`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) return `the shard count must be at least 1, got ${count}`;
  if (index >= count) return `the shard index must be in 0 … ${count - 1} (0-based), got ${index}`;
  return { index, count };
}

/**
 * The replicates of shard i/n: the plan's replicates in their canonical order (kind, then r), every
 * n-th starting at the i-th — so each shard gets a mix of every kind and the shards partition the plan.
 */
export function shardReplicates(plan: ReplicatePlan, shard: Shard | null): ReplicateId[] {
  const all = listReplicates(plan);
  return shard ? all.filter((_, k) => k % shard.count === shard.index) : all;
}

export interface LocalRunOptions {
  plan: ReplicatePlan;
  data: StudyData;
  /** Which replicates (default: all of the plan). */
  ids?: ReplicateId[];
  /** Worker threads; 1 = in this process. */
  workers: number;
  /** The pool worker module (dist/pool-worker.js of this package). */
  poolWorker: string;
  checkpoint?: string;
  onProgress?: (p: { stage: string; done?: number; total?: number; message?: string }) => void;
  onWarning?: (message: string) => void;
}

export interface LocalRun {
  results: ReplicateEnvelope[];
  /** Replicates taken from the checkpoint instead of being run. */
  resumed: number;
  seconds_by_kind: Record<string, number>;
  workers: number;
}

export async function runLocal(o: LocalRunOptions): Promise<LocalRun> {
  const { plan, data } = o;
  const study = studyOf(plan);
  const ids = o.ids ?? listReplicates(plan);
  const wanted = new Set(ids.map((id) => `${id.kind}:${id.r}`));
  let results: ReplicateEnvelope[] = [];
  let ck: Checkpoint | null = null;
  if (o.checkpoint) {
    const prev = readCheckpoint(o.checkpoint, plan.plan_hash);
    if (prev.dropped_tail) o.onWarning?.(`${o.checkpoint}: its last line was cut short (the run was killed while writing it); that replicate runs again`);
    const seen = new Set<string>();
    for (const r of prev.results) {
      const key = `${r.kind}:${r.r}`;
      if (wanted.has(key) && !seen.has(key) && !r.error) {
        seen.add(key);
        results.push(r);
      }
    }
    ck = new Checkpoint(o.checkpoint);
  }
  const resumed = results.length;
  const done = new Set(results.map((r) => `${r.kind}:${r.r}`));
  const todo = ids.filter((id) => !done.has(`${id.kind}:${id.r}`));
  const seconds: Record<string, number> = {};
  const total = ids.length;
  const t0 = performance.now();
  let finished = resumed;
  const finish = (res: ReplicateEnvelope, secs: number): void => {
    if (res.error) o.onWarning?.(`replicate ${res.kind}:${res.r} failed: ${res.error}`);
    else ck?.append(res);
    results.push(res);
    seconds[res.kind] = (seconds[res.kind] ?? 0) + secs;
    finished++;
    const el = (performance.now() - t0) / 1000;
    const rate = (finished - resumed) / el;
    o.onProgress?.({ stage: 'replicates', done: finished, total, message: `${res.kind} ${res.r + 1}/${plan.replicates[res.kind]}${rate > 0 ? `; ETA ${Math.round((total - finished) / rate)} s` : ''}` });
  };
  if (resumed > 0) o.onProgress?.({ stage: 'replicates', done: resumed, total, message: `${resumed} replicates from the checkpoint` });
  const workers = Math.max(1, Math.min(o.workers, todo.length));
  try {
    if (workers <= 1) {
      for (const id of todo) {
        const t = performance.now();
        const res = runReplicate(study, plan, data, id);
        finish(res, (performance.now() - t) / 1000);
      }
    } else {
      const bytes = encodeData(data);
      const shared = new SharedArrayBuffer(bytes.length);
      new Uint8Array(shared).set(bytes);
      const pool = await createPool({ filename: o.poolWorker, workers, workerData: { plan, data: shared } });
      try {
        await Promise.all(
          todo.map(async (id) => {
            const out = await pool.run<{ result: ReplicateEnvelope; seconds: number }>(id);
            finish(out.result, out.seconds);
          }),
        );
      } finally {
        await pool.destroy();
      }
    }
  } finally {
    ck?.close();
  }
  results = results.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.r - b.r));
  return { results, resumed, seconds_by_kind: seconds, workers };
}
