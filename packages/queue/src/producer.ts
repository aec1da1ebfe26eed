// The producer side of the queue executor: enqueue a plan's replicates (data and plan stored once in
// Redis), follow the run's progress from Redis, and read its results back for the reduction.
import { Queue } from 'bullmq';
import { checkPlan, listReplicates, type ReplicateEnvelope, type ReplicatePlan } from '@cartograph/stats';
import { connect, jobId, keys, PREFIX, QUEUE_NAME, sha256Hex } from './redis.js';
import { parseReplicateLines } from './jsonl.js';

export interface EnqueueOptions {
  /** Attempts per replicate before it counts as failed (default 3). */
  attempts?: number;
  /** First retry delay, doubled on each further attempt (default 1000 ms). */
  backoffMs?: number;
}

export interface Enqueued {
  run_id: string;
  total: number;
  /** Jobs added now. */
  added: number;
  /** Replicates whose result is already stored (not enqueued again). */
  already_done: number;
}

export async function enqueueRun(url: string, plan: ReplicatePlan, dataBytes: Uint8Array, o: EnqueueOptions = {}): Promise<Enqueued> {
  const redis = connect(url);
  const queue = new Queue(QUEUE_NAME, { connection: connect(url), prefix: PREFIX });
  try {
    const dataKey = keys.data(sha256Hex(dataBytes));
    await redis.set(dataKey, Buffer.from(dataBytes.buffer, dataBytes.byteOffset, dataBytes.byteLength), 'NX');
    await redis.set(keys.plan(plan.plan_hash), JSON.stringify({ plan, data_key: dataKey }), 'NX');
    const done = new Set(await redis.hkeys(keys.results(plan.plan_hash)));
    const ids = listReplicates(plan).filter((id) => !done.has(`${id.kind}:${id.r}`));
    const attempts = o.attempts ?? 3;
    const jobs = ids.map((id) => ({
      name: `${plan.study}:${id.kind}`,
      data: { plan_hash: plan.plan_hash, kind: id.kind, r: id.r },
      opts: { jobId: jobId(plan.plan_hash, id.kind, id.r), attempts, backoff: { type: 'exponential' as const, delay: o.backoffMs ?? 1000 }, removeOnComplete: true, removeOnFail: false },
    }));
    // A job id that exists is not added again (BullMQ ignores it too; checking first gives the count).
    // A replicate that failed for good in an earlier enqueue is retried (its failure mark removed).
    const fresh = [];
    let retried = 0;
    for (const j of jobs) {
      const job = await queue.getJob(j.opts.jobId);
      if (!job) fresh.push(j);
      else if (await job.isFailed()) {
        await redis.hdel(keys.failed(plan.plan_hash), `${j.data.kind}:${j.data.r}`);
        await job.retry('failed');
        retried++;
      }
    }
    for (let k = 0; k < fresh.length; k += 500) await queue.addBulk(fresh.slice(k, k + 500));
    const added = fresh.length + retried;
    return { run_id: plan.plan_hash, total: listReplicates(plan).length, added, already_done: done.size };
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

export interface RunState {
  plan: ReplicatePlan;
  total: number;
  results: ReplicateEnvelope[];
  /** Replicates that failed on every attempt: their index and error (reduced as failed, never dropped). */
  failed: ReplicateEnvelope[];
}

/** The run's plan and what is stored of it so far. */
export async function readRun(url: string, runId: string): Promise<RunState> {
  const redis = connect(url);
  try {
    const raw = await redis.get(keys.plan(runId));
    if (raw === null) throw new Error(`no run '${runId}' in the queue at ${url} (the run id is the plan hash printed by --detach)`);
    const { plan } = JSON.parse(raw) as { plan: ReplicatePlan };
    checkPlan(plan);
    const stored = await redis.hgetall(keys.results(runId));
    const failedRaw = await redis.hgetall(keys.failed(runId));
    const fields = Object.keys(stored).sort();
    const parsed = parseReplicateLines(fields.map((f) => stored[f]!).join('\n') + (fields.length ? '\n' : ''), `redis ${keys.results(runId)}`);
    const failed: ReplicateEnvelope[] = Object.keys(failedRaw)
      .filter((f) => !(f in stored))
      .sort()
      .map((f) => {
        const i = f.lastIndexOf(':');
        return { plan_hash: runId, kind: f.slice(0, i), r: Number(f.slice(i + 1)), error: failedRaw[f]! };
      });
    return { plan, total: listReplicates(plan).length, results: parsed.results, failed };
  } finally {
    redis.disconnect();
  }
}

/** Counts of a run (results stored, failed for good). */
export async function runCounts(url: string, runId: string): Promise<{ done: number; failed: number }> {
  const redis = connect(url);
  try {
    const [done, failed] = await Promise.all([redis.hlen(keys.results(runId)), redis.hlen(keys.failed(runId))]);
    return { done, failed };
  } finally {
    redis.disconnect();
  }
}

/** Waits until every replicate has a result or has failed for good; progress from Redis. */
export async function waitForRun(url: string, runId: string, total: number, o: { pollMs?: number; onProgress?: (done: number, failed: number) => void } = {}): Promise<void> {
  const redis = connect(url);
  try {
    for (;;) {
      const [done, failed] = await Promise.all([redis.hlen(keys.results(runId)), redis.hlen(keys.failed(runId))]);
      o.onProgress?.(done, failed);
      if (done + failed >= total) return;
      await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
    }
  } finally {
    redis.disconnect();
  }
}
