// `cartograph worker`: a BullMQ worker on the replicate queue whose jobs run in sandboxed child
// processes (dist/processor.js). Short lock and stall intervals make a dead worker's jobs come back
// quickly; a replicate that fails on every attempt is recorded with its error under its replicate key.
import { Worker, type Job } from 'bullmq';
import { connect, keys, PREFIX, QUEUE_NAME } from './redis.js';

export interface QueueWorkerOptions {
  url: string;
  /** The sandboxed processor module (dist/processor.js of this package). */
  processor: string;
  concurrency?: number;
  /** Lock duration (ms): a job whose worker stops renewing it for this long is stalled. */
  lockMs?: number;
  /** How often stalled jobs are looked for (ms). */
  stalledMs?: number;
  /** How many times a job may stall before it fails. */
  maxStalled?: number;
  onEvent?: (e: { type: 'completed' | 'failed' | 'retry' | 'error'; id?: string; message?: string }) => void;
}

export interface QueueWorker {
  close(): Promise<void>;
}

export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  process.env.CARTOGRAPH_QUEUE_URL = o.url; // inherited by the sandboxed processors (child processes)
  const redis = connect(o.url);
  const worker = new Worker(QUEUE_NAME, o.processor, {
    connection: connect(o.url),
    prefix: PREFIX,
    concurrency: o.concurrency ?? 1,
    lockDuration: o.lockMs ?? 30_000,
    stalledInterval: o.stalledMs ?? 30_000,
    maxStalledCount: o.maxStalled ?? 3,
    useWorkerThreads: false,
  });
  worker.on('completed', (job: Job) => o.onEvent?.({ type: 'completed', id: job.id }));
  worker.on('failed', (job: Job | undefined, err: Error) => {
    if (!job) return;
    const data = job.data as { plan_hash: string; kind: string; r: number };
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled more than/.test(err.message);
    if (final) {
      void redis.hset(keys.failed(data.plan_hash), `${data.kind}:${data.r}`, err.message);
      o.onEvent?.({ type: 'failed', id: job.id, message: err.message });
    } else o.onEvent?.({ type: 'retry', id: job.id, message: err.message });
  });
  worker.on('error', (err: Error) => o.onEvent?.({ type: 'error', message: err.message }));
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      redis.disconnect();
    },
  };
}
