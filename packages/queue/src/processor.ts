// The queue's sandboxed processor (bundled to dist/processor.js; BullMQ runs it in a child process, so
// a CPU-bound replicate never starves the worker's lock renewal). Per child process: the plan and the
// canonical data are fetched from Redis once, the data's content hash and the plan's data hash checked,
// and the study data (with its shared per-pair work) kept for every later job of the same plan.
// The result is stored with HSETNX under its replicate key: a job delivered twice writes its value once;
// a second, different value for the same replicate is an error (the replicate would not be deterministic).
import type { SandboxedJob } from 'bullmq';
import { canonicalJson, checkPlan, replicateLine, runReplicate, type ReplicatePlan } from '@cartograph/stats';
import { connect, keys, sha256Hex } from './redis.js';
import { decodeData, studyOf, type StudyData } from './studies.js';

interface JobData {
  plan_hash: string;
  kind: string;
  r: number;
}

// The child process ends with its worker: when the worker process dies (even by SIGKILL) the IPC
// channel closes, and an orphaned processor must not keep computing (its job comes back as stalled).
if (typeof globalThis.process.send === 'function') globalThis.process.on('disconnect', () => globalThis.process.exit(0));

let redis: ReturnType<typeof connect> | null = null;
const plans = new Map<string, { plan: ReplicatePlan; data: StudyData }>();

async function load(planHash: string): Promise<{ plan: ReplicatePlan; data: StudyData }> {
  const hit = plans.get(planHash);
  if (hit) return hit;
  const raw = await redis!.get(keys.plan(planHash));
  if (raw === null) throw new Error(`the plan ${planHash.slice(0, 12)}… is not in Redis`);
  const { plan, data_key } = JSON.parse(raw) as { plan: ReplicatePlan; data_key: string };
  checkPlan(plan);
  const bytes = await redis!.getBuffer(data_key);
  if (bytes === null) throw new Error(`the study data ${data_key} is not in Redis`);
  const h = sha256Hex(bytes);
  if (data_key !== keys.data(h)) throw new Error(`the study data under ${data_key} hashes to ${h.slice(0, 12)}…: corrupt`);
  const entry = { plan, data: decodeData(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), plan.data_hash, plan.study) };
  plans.clear(); // one plan's shared work at a time per process
  plans.set(planHash, entry);
  return entry;
}

export default async function processReplicate(job: SandboxedJob<JobData>): Promise<{ stored: boolean }> {
  const url = globalThis.process.env.CARTOGRAPH_QUEUE_URL;
  if (!url) throw new Error('CARTOGRAPH_QUEUE_URL is not set in the sandboxed processor');
  redis ??= connect(url);
  const { plan_hash, kind, r } = job.data;
  const { plan, data } = await load(plan_hash);
  const result = runReplicate(studyOf(plan), plan, data, { kind, r });
  if (result.error) throw new Error(result.error);
  const line = replicateLine(result);
  const field = `${kind}:${r}`;
  const stored = (await redis.hsetnx(keys.results(plan_hash), field, line)) === 1;
  if (!stored) {
    const prev = await redis.hget(keys.results(plan_hash), field);
    if (prev !== line && canonicalJson(JSON.parse(prev!)) !== line) throw new Error(`replicate ${field} ran twice with different results: not deterministic`);
  }
  return { stored };
}
