// The audit's executor on worker threads (`cartograph audit --workers N`, N ≥ 2): N threads of this same
// bundle, each started with the leaderboard once (packLeaderboard; a structured clone), each running one
// audit task at a time (runAuditTask: the latent-structure fits, the IRT calibration, scaling, ranks, …)
// and posting its progress and warnings as it goes. Tasks start in the order the audit submits them, on
// the first free thread. runAuditTask is a pure function of (leaderboard, task), so audit.json is the same
// bytes with 1 or N workers (test/audit.cli.test.ts checks it).
//
//   command thread (runAudit)                       audit worker k (this bundle; main.ts → serveAuditWorker)
//   executor.run(task) ── {id, task} ─────────────► runAuditTask(lb, task)
//                      ◄── progress / warning ─────
//                      ◄── {id, out} | {id, error} ─
//
// Without a bundle (tests import the sources) the audit runs in-process (the library's default executor).
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { packLeaderboard, runAuditTask, unpackLeaderboard, type AuditExecutor, type AuditTask, type AuditTaskHooks, type AuditTaskKind, type AuditTaskOutput, type Leaderboard, type PackedLeaderboard, type ProgressEvent } from '@cartograph/stats';
import { rebuildError, serializeError } from './worker.js';

type ToWorker = { id: number; task: AuditTask };
type FromWorker =
  | { id: number; t: 'progress'; p: ProgressEvent }
  | { id: number; t: 'warning'; m: string }
  | { id: number; t: 'done'; out: AuditTaskOutput }
  | { id: number; t: 'error'; e: ReturnType<typeof serializeError> };

/** True on an audit worker thread (main.ts then serves tasks instead of parsing a command line). */
export const AUDIT_WORKER: boolean = !isMainThread && !!(workerData as { cartographAuditWorker?: boolean } | null)?.cartographAuditWorker;

/** The audit worker's loop: rebuild the leaderboard once, then run each task it is sent. */
export function serveAuditWorker(): void {
  const lb = unpackLeaderboard((workerData as { lb: PackedLeaderboard }).lb);
  const post = (m: FromWorker): void => parentPort!.postMessage(m);
  parentPort!.on('message', (m: ToWorker) => {
    try {
      const out = runAuditTask(lb, m.task, { onProgress: (p) => post({ id: m.id, t: 'progress', p: { ...p } }), onWarning: (w) => post({ id: m.id, t: 'warning', m: w }) });
      post({ id: m.id, t: 'done', out });
    } catch (e) {
      post({ id: m.id, t: 'error', e: serializeError(e) });
    }
  });
}

/** The bundled CLI file, or null when running from sources (then no threads). */
function bundleFile(): string | null {
  const url = import.meta.url;
  return url.startsWith('file:') && url.endsWith('.js') && process.env.CARTOGRAPH_IN_PROCESS !== '1' ? fileURLToPath(url) : null;
}

export interface ThreadExecutor extends AuditExecutor {
  close(): Promise<void>;
}

/** N audit worker threads (null when this is not the bundle: the caller then uses the in-process default). */
export function auditWorkers(lb: Leaderboard, n: number): ThreadExecutor | null {
  const file = bundleFile();
  if (!file || n < 2) return null;
  const packed = packLeaderboard(lb);
  const threads = Array.from({ length: n }, () => new Worker(file, { workerData: { cartographAuditWorker: true, lb: packed } }));
  const idle = [...threads];
  const queue: { id: number; task: AuditTask; hooks: AuditTaskHooks; resolve: (o: AuditTaskOutput) => void; reject: (e: Error) => void }[] = [];
  const running = new Map<Worker, (typeof queue)[number]>();
  let next = 0;
  let failed: Error | null = null;
  const pump = (): void => {
    while (idle.length && queue.length) {
      const w = idle.shift()!;
      const job = queue.shift()!;
      running.set(w, job);
      w.postMessage({ id: job.id, task: job.task } satisfies ToWorker);
    }
  };
  for (const w of threads) {
    w.on('message', (m: FromWorker) => {
      const job = running.get(w);
      if (!job || job.id !== m.id) return;
      if (m.t === 'progress') job.hooks.onProgress?.(m.p);
      else if (m.t === 'warning') job.hooks.onWarning?.(m.m);
      else {
        running.delete(w);
        idle.push(w);
        if (m.t === 'done') job.resolve(m.out);
        else job.reject(rebuildError(m.e));
        pump();
      }
    });
    const die = (e: Error): void => {
      failed = e;
      const job = running.get(w);
      running.delete(w);
      job?.reject(e);
      // the remaining tasks cannot be placed on a dead thread; the others keep theirs
      if (running.size === 0 && idle.length === 0) for (const q of queue.splice(0)) q.reject(e);
    };
    w.on('error', die);
    w.on('exit', (code) => {
      if (running.has(w)) die(new Error(`an audit worker thread stopped (exit code ${code})`));
    });
  }
  return {
    workers: n,
    run<K extends AuditTaskKind>(task: Extract<AuditTask, { kind: K }>, hooks: AuditTaskHooks): Promise<AuditTaskOutput<K>> {
      if (failed && idle.length === 0 && running.size === 0) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        queue.push({ id: next++, task, hooks, resolve: resolve as (o: AuditTaskOutput) => void, reject });
        pump();
      });
    },
    close: async () => {
      await Promise.all(threads.map((w) => w.terminate()));
    },
  };
}
