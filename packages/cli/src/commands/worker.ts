// `cartograph worker --queue redis://HOST:PORT [--concurrency N]`: processes replicate jobs from the
// queue until stopped (SIGTERM/SIGINT). Each job runs in a sandboxed child process (CPU-bound work must
// not starve BullMQ's lock renewal); the data come from Redis, checked against their content hash.
import { InputError } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { loadQueue } from '../executors.js';
import { opt } from '../options.js';

interface Flags {
  queue: string;
  concurrency: number;
  lockMs: number;
  stalledMs: number;
  maxStalled: number;
}

export const register = defineCommand<Flags>({
  name: 'worker',
  description: 'process replicate jobs from a BullMQ queue on Redis (any number of machines; stop with SIGTERM)',
  inputs: false,
  out: false,
  options: [
    opt.string('--queue <url>', 'the queue\'s Redis (redis://HOST:PORT)'),
    opt.int('--concurrency <N>', 'replicates at a time (each in its own sandboxed process)', { min: 1, default: 1 }),
    opt.int('--lock-ms <ms>', 'job lock duration: a job whose worker stops renewing it for this long comes back', { min: 100, default: 30_000 }),
    opt.int('--stalled-ms <ms>', 'how often stalled jobs are looked for', { min: 100, default: 30_000 }),
    opt.int('--max-stalled <n>', 'times a job may stall (its worker died) before it fails', { min: 0, default: 3 }),
  ],
  async run(ctx) {
    const Q = await loadQueue();
    const url = ctx.flags.queue;
    if (!url) throw new InputError('--queue', 0, 0, 'worker needs --queue redis://HOST:PORT');
    const bad = Q.checkRedisUrl(url);
    if (bad) throw new InputError('--queue', 0, 0, bad);
    let done = 0;
    const w = await Q.startQueueWorker({
      url,
      processor: Q.processorPath(),
      concurrency: ctx.flags.concurrency,
      lockMs: ctx.flags.lockMs,
      stalledMs: ctx.flags.stalledMs,
      maxStalled: ctx.flags.maxStalled,
      onEvent: (e) => {
        // one line per job, and no "still working" heartbeat while the worker waits for jobs
        if (e.type === 'completed') ctx.info(`job ${e.id} done (${++done} by this worker)`);
        else if (e.type === 'failed') ctx.callbacks.onWarning(`job ${e.id} failed on every attempt: ${e.message}`);
        else if (e.type === 'retry') ctx.info(`job ${e.id} failed, will retry: ${e.message}`);
        else ctx.info(`queue: ${e.message}`);
      },
    });
    ctx.print('');
    ctx.info(`worker ready on ${url} (concurrency ${ctx.flags.concurrency}); stop with SIGTERM`);
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    await w.close();
  },
});
