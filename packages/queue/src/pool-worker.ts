// The local pool's worker (a piscina task handler, bundled to dist/pool-worker.js). Each worker thread
// gets the plan and the canonical data once (workerData; the data bytes in one SharedArrayBuffer that
// every thread reads without a copy), rebuilds the study data once and checks its hash, and keeps the
// shared per-pair work (the pool statistics the study caches in its data) for every replicate it runs.
import { workerData } from 'node:worker_threads';
import { runReplicate, type ReplicateEnvelope, type ReplicateId, type ReplicatePlan } from '@cartograph/stats';
import { decodeData, studyOf, type StudyData } from './studies.js';

interface PoolWorkerData {
  plan: ReplicatePlan;
  data: SharedArrayBuffer | Uint8Array;
}

let data: StudyData | null = null;

/** One replicate; its compute time (seconds, for run.json) travels beside the result, never in it. */
export default function handle(task: ReplicateId): { result: ReplicateEnvelope; seconds: number } {
  const wd = workerData as PoolWorkerData;
  const t = performance.now();
  if (data === null) data = decodeData(wd.data instanceof Uint8Array ? wd.data : new Uint8Array(wd.data), wd.plan.data_hash, wd.plan.study);
  const result = runReplicate(studyOf(wd.plan), wd.plan, data, task);
  return { result, seconds: (performance.now() - t) / 1000 };
}
