// The main thread's side of the worker protocol: one Worker, a request-id → promise map, file contents
// moved to the worker as transferable ArrayBuffers.
import { RequestKind, type DescribeResult, type FilePayload, type LmEvalChoice, type Request, type Response, type WorkerError } from './protocol.js';

export class WorkerFailure extends Error {
  constructor(readonly detail: WorkerError) {
    super(detail.message);
    this.name = detail.name;
  }
}

type Pending = { resolve: (r: Response & { ok: true }) => void; reject: (e: unknown) => void };

export class StatsClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev: MessageEvent<Response>) => {
      const res = ev.data;
      const p = this.pending.get(res.id);
      if (!p) return;
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

  private request(req: Omit<Request, 'id'>, transfer: Transferable[]): Promise<Response & { ok: true }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id } as Request, transfer);
    });
  }

  /** Read the files and describe the leaderboard. The files' buffers are transferred (unusable afterwards). */
  async describe(files: FilePayload[], opts: { itemsPerBenchmark: string; alpha?: number; lmEval?: LmEvalChoice; completeOnly?: boolean }): Promise<DescribeResult> {
    const res = await this.request(
      { kind: RequestKind.Describe, files, itemsPerBenchmark: opts.itemsPerBenchmark, alpha: opts.alpha ?? 0.05, lmEval: opts.lmEval ?? { metric: null, filter: null }, completeOnly: !!opts.completeOnly },
      files.map((f) => f.data),
    );
    return res.result;
  }

  terminate(): void {
    this.worker.terminate();
  }
}
