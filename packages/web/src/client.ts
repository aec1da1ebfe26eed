// The main thread's side of the worker protocol: one Worker, a request-id → promise map, file contents
// moved to the worker as transferable ArrayBuffers. Progress messages go to the request's callback.
// cancel() terminates the worker (a synchronous estimation cannot be interrupted otherwise), rejects what
// was pending with a Cancelled error and starts a fresh worker, so the page stays usable.
import { RequestKind, type AuditChoice, type AuditOut, type DescribeResult, type FilePayload, type LmEvalChoice, type Progress, type Request, type Response, type TetrachoricOut, type WorkerError } from './protocol.js';
import type { CompareReport } from '@cartograph/stats';

export class WorkerFailure extends Error {
  constructor(readonly detail: WorkerError) {
    super(detail.message);
    this.name = detail.name;
  }
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

type Ok = Response & { ok: true };
type Body = Request extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never;
type Pending = { resolve: (r: Ok) => void; reject: (e: unknown) => void; onProgress?: (p: Progress) => void };

export class StatsClient {
  private worker!: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev: MessageEvent<Response>) => {
      const res = ev.data;
      const p = this.pending.get(res.id);
      if (!p) return;
      if ('progress' in res) {
        p.onProgress?.(res.progress);
        return;
      }
      this.pending.delete(res.id);
      if (res.ok) p.resolve(res);
      else p.reject(new WorkerFailure(res.error));
    };
    this.worker.onerror = (ev: ErrorEvent) => {
      const err = new Error(`statistics worker failed: ${ev.message}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  private request(req: Body, transfer: Transferable[], onProgress?: (p: Progress) => void): Promise<Ok> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...req, id } as Request, transfer);
    });
  }

  /** Read the files and describe the leaderboard. The files' buffers are transferred (unusable afterwards). */
  async describe(files: FilePayload[], opts: { itemsPerBenchmark: string; alpha?: number; lmEval?: LmEvalChoice; completeOnly?: boolean; modelCol?: string }): Promise<DescribeResult> {
    const res = await this.request(
      { kind: RequestKind.Describe, files, itemsPerBenchmark: opts.itemsPerBenchmark, alpha: opts.alpha ?? 0.05, lmEval: opts.lmEval ?? { metric: null, filter: null }, completeOnly: !!opts.completeOnly, modelCol: opts.modelCol ?? '' },
      files.map((f) => f.data),
    );
    return (res as Extract<Ok, { kind: RequestKind.Describe }>).result;
  }

  /** Read the files and run the whole audit; progress goes to `onProgress`. */
  async audit(files: FilePayload[], opts: { itemsPerBenchmark: string; lmEval?: LmEvalChoice; completeOnly?: boolean; options: AuditChoice }, onProgress: (p: Progress) => void): Promise<AuditOut> {
    const res = await this.request(
      { kind: RequestKind.Audit, files, itemsPerBenchmark: opts.itemsPerBenchmark, lmEval: opts.lmEval ?? { metric: null, filter: null }, completeOnly: !!opts.completeOnly, options: opts.options },
      files.map((f) => f.data),
      onProgress,
    );
    return (res as Extract<Ok, { kind: RequestKind.Audit }>).result;
  }

  /** Two models of the last audited leaderboard side by side. */
  async compare(a: string, b: string): Promise<{ report: CompareReport; text: string }> {
    const res = await this.request({ kind: RequestKind.Compare, a, b }, []);
    return (res as Extract<Ok, { kind: RequestKind.Compare }>).result;
  }

  /** The 2×2 tables of item pairs of the last audit, the tetrachoric step on `workers` Web Workers. */
  async tetrachoric(items: string[], missing: 'listwise' | 'pairwise', workers: number, pairs: [string, string][]): Promise<TetrachoricOut> {
    const res = await this.request({ kind: RequestKind.Tetrachoric, items, missing, workers, pairs }, []);
    return (res as Extract<Ok, { kind: RequestKind.Tetrachoric }>).result;
  }

  /** Stop whatever runs: the worker is terminated and a fresh one started. */
  cancel(): void {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Cancelled());
    this.pending.clear();
    this.start();
  }

  terminate(): void {
    this.worker.terminate();
  }
}
