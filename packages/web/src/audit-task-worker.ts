// An audit task worker: one of the Web Workers the statistics worker (src/worker.ts) starts for an audit with
// “audit workers” ≥ 2 (src/audit-pool.ts). It receives the leaderboard once (packLeaderboard: plain data),
// then runs one audit task at a time with the library's runAuditTask — the latent-structure fits, the IRT
// calibration, scaling's plan and replicates, ranks, … — posting progress and warnings as it goes and the
// task's output (or its typed error) at the end. runAuditTask is a pure function of (leaderboard, task), and
// this worker computes with fdlibm's Math like every other worker of the page, so a task gives the same result
// bytes here as in the statistics worker and as on the CLI's threads.
import './fdlibm-install.js';
import { runAuditTask, serializeError, unpackLeaderboard, type AuditTask, type Leaderboard } from '@cartograph/stats';
import type { TaskFromWorker, TaskToWorker } from './audit-pool.js';

let lb: Leaderboard | null = null;
const post = (m: TaskFromWorker): void => self.postMessage(m);

self.onmessage = (ev: MessageEvent<TaskToWorker>) => {
  const m = ev.data;
  if (m.t === 'init') {
    lb = unpackLeaderboard(m.lb);
    return;
  }
  try {
    if (!lb) throw new Error('audit task worker: a task came before the leaderboard');
    const out = runAuditTask(lb, m.task as AuditTask, { onProgress: (p) => post({ id: m.id, t: 'progress', p: { ...p } }), onWarning: (w) => post({ id: m.id, t: 'warning', m: w }) });
    post({ id: m.id, t: 'done', out });
  } catch (e) {
    post({ id: m.id, t: 'error', e: serializeError(e) });
  }
};
