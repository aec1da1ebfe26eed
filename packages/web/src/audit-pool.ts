// The audit's executor on a pool of Web Workers (the page's “audit workers” ≥ 2), the browser's counterpart
// of the CLI's --workers threads (packages/cli/src/audit-workers.ts). The statistics worker (src/worker.ts)
// runs runAudit; runAudit submits its heavy layers as tasks (the library's audit/tasks.ts) to this executor,
// which starts N task workers (src/audit-task-worker.ts), gives each the leaderboard once, and places each
// task, in the order submitted, on the first free worker: the latent-structure fits beside the IRT
// calibration, scaling's replicates beside ranks. runAuditTask is a pure function of (leaderboard, task), and
// every worker computes with fdlibm's Math, so audit.json is the same bytes with 1 worker, N workers and the
// CLI (test/browser/explorer.views.test.ts).
//
//   statistics worker (runAudit)                     task worker k (audit-task-worker.ts)
//   start ── {t:'init', lb} ─────────────────────► unpackLeaderboard
//   executor.run(task) ── {t:'task', id, task} ───► runAuditTask(lb, task)
//                      ◄── progress / warning ─────
//                      ◄── {id, out} | {id, error} ─
//
// Cancel: the page terminates the statistics worker, and with it the workers it started.
import { packLeaderboard, rebuildError, type SerializedError, type AuditExecutor, type AuditTask, type AuditTaskHooks, type AuditTaskKind, type AuditTaskOutput, type Leaderboard, type PackedLeaderboard, type ProgressEvent } from '@cartograph/stats';

export type TaskToWorker = { t: 'init'; lb: PackedLeaderboard } | { t: 'task'; id: number; task: AuditTask };
export type TaskFromWorker =
  | { id: number; t: 'progress'; p: ProgressEvent }
  | { id: number; t: 'warning'; m: string }
  | { id: number; t: 'done'; out: AuditTaskOutput }
  | { id: number; t: 'error'; e: SerializedError };

export interface WebExecutor extends AuditExecutor {
  close(): void;
}

/** N task workers with the leaderboard (n ≥ 2). */
export function webAuditWorkers(lb: Leaderboard, n: number): WebExecutor {
  const packed = packLeaderboard(lb);
  type Job = { id: number; task: AuditTask; hooks: AuditTaskHooks; resolve: (o: AuditTaskOutput) => void; reject: (e: Error) => void };
  const workers = Array.from({ length: n }, () => {
    const w = new Worker(new URL('./audit-task-worker.ts', import.meta.url), { type: 'module', name: 'cartograph audit task' });
    w.postMessage({ t: 'init', lb: packed } satisfies TaskToWorker);
    return w;
  });
  const idle = [...workers];
  const queue: Job[] = [];
  const running = new Map<Worker, Job>();
  let next = 0;
  let failed: Error | null = null;
  const dead = new Set<number>();
  const pump = (): void => {
    while (idle.length && queue.length) {
      const w = idle.shift()!;
      const job = queue.shift()!;
      running.set(w, job);
      w.postMessage({ t: 'task', id: job.id, task: job.task } satisfies TaskToWorker);
    }
  };
  for (const w of workers) {
    w.onmessage = (ev: MessageEvent<TaskFromWorker>) => {
      const m = ev.data;
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
    };
    // a worker that dies (failed to load, out of memory) fails its task; the others keep theirs, and when
    // none is left the queued tasks fail with its reason (their stages are then skipped with it)
    w.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      const e = new Error(`an audit worker stopped: ${ev.message || 'it could not start or ran out of memory'}`);
      failed = e;
      const k = workers.indexOf(w);
      const job = running.get(w);
      running.delete(w);
      const i = idle.indexOf(w);
      if (i >= 0) idle.splice(i, 1);
      dead.add(k);
      job?.reject(e);
      if (dead.size === workers.length) for (const q of queue.splice(0)) q.reject(e);
      else pump();
    };
  }
  return {
    workers: n,
    run<K extends AuditTaskKind>(task: Extract<AuditTask, { kind: K }>, hooks: AuditTaskHooks): Promise<AuditTaskOutput<K>> {
      if (failed && dead.size === workers.length) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        queue.push({ id: next++, task, hooks, resolve: resolve as (o: AuditTaskOutput) => void, reject });
        pump();
      });
    },
    close: () => {
      for (const w of workers) w.terminate();
    },
  };
}
