// Runs independent jobs on worker threads — Node `worker_threads` or browser Web Workers — with the
// same self-contained worker source (a string: no worker file to locate after bundling). Each job is
// one message in and one message out; the compiled WebAssembly module travels in the message
// (structured clone), so workers run exactly the same kernel code as the main thread.

export interface WorkerHandle {
  run(msg: unknown, transfer?: ArrayBuffer[]): Promise<unknown>;
  terminate(): void;
}

type NodeWorkerCtor = new (code: string, opts: { eval: true }) => {
  once(ev: 'message', cb: (v: unknown) => void): void;
  once(ev: 'error', cb: (e: Error) => void): void;
  postMessage(v: unknown, transfer?: ArrayBuffer[]): void;
  terminate(): Promise<number>;
};

const isNode = (): boolean => typeof process !== 'undefined' && !!(process as { versions?: { node?: string } }).versions?.node;

/** Logical cores available (Node: os.availableParallelism; browser: navigator.hardwareConcurrency). */
export async function availableCores(): Promise<number> {
  if (isNode()) {
    const os = (await import(/* @vite-ignore */ 'node:' + 'os')) as { availableParallelism?: () => number; cpus: () => unknown[] };
    return os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return nav?.hardwareConcurrency ?? 1;
}

/**
 * Starts a worker whose body defines `function handle(msg) { … return { result, transfer } }`.
 * The wrapper adapts it to worker_threads (Node) or a Web Worker (browser).
 */
export async function startWorker(handleSource: string): Promise<WorkerHandle> {
  if (isNode()) {
    const wt = (await import(/* @vite-ignore */ 'node:' + 'worker_threads')) as { Worker: NodeWorkerCtor };
    const code = `${handleSource}
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (msg) => {
  try { const out = handle(msg); parentPort.postMessage({ ok: true, result: out.result }, out.transfer || []); }
  catch (e) { parentPort.postMessage({ ok: false, error: String(e && e.stack || e) }); }
});`;
    const w = new wt.Worker(code, { eval: true });
    return {
      run: (msg, transfer) =>
        new Promise((resolve, reject) => {
          w.once('message', (v) => {
            const r = v as { ok: boolean; result?: unknown; error?: string };
            if (r.ok) resolve(r.result);
            else reject(new Error(`worker: ${r.error}`));
          });
          w.once('error', reject);
          w.postMessage(msg, transfer);
        }),
      terminate: () => void w.terminate(),
    };
  }
  const g = globalThis as unknown as {
    Worker?: new (url: string) => { onmessage: ((e: { data: unknown }) => void) | null; onerror: ((e: unknown) => void) | null; postMessage(v: unknown, t?: ArrayBuffer[]): void; terminate(): void };
    Blob: new (parts: string[], opts: { type: string }) => unknown;
    URL: { createObjectURL(b: unknown): string };
  };
  if (!g.Worker) throw new Error('parallel: no Worker support in this environment');
  const code = `${handleSource}
self.onmessage = (e) => {
  try { const out = handle(e.data); self.postMessage({ ok: true, result: out.result }, out.transfer || []); }
  catch (err) { self.postMessage({ ok: false, error: String(err && err.stack || err) }); }
};`;
  const w = new g.Worker(g.URL.createObjectURL(new g.Blob([code], { type: 'text/javascript' })));
  return {
    run: (msg, transfer) =>
      new Promise((resolve, reject) => {
        w.onmessage = (e) => {
          const r = e.data as { ok: boolean; result?: unknown; error?: string };
          if (r.ok) resolve(r.result);
          else reject(new Error(`worker: ${r.error}`));
        };
        w.onerror = (e) => reject(e instanceof Error ? e : new Error('worker failed'));
        w.postMessage(msg, transfer);
      }),
    terminate: () => w.terminate(),
  };
}

/** Splits [0, n) into `parts` contiguous ranges of near-equal size. */
export function splitRange(n: number, parts: number): [number, number][] {
  const p = Math.max(1, Math.min(parts, n));
  const out: [number, number][] = [];
  for (let i = 0; i < p; i++) out.push([Math.floor((i * n) / p), Math.floor(((i + 1) * n) / p)]);
  return out;
}

/** Runs one message per worker (started fresh, terminated afterwards) and returns the results in order. */
export async function runParallel<T>(handleSource: string, messages: unknown[]): Promise<T[]> {
  const workers = await Promise.all(messages.map(() => startWorker(handleSource)));
  try {
    return (await Promise.all(messages.map((m, i) => workers[i]!.run(m)))) as T[];
  } finally {
    for (const w of workers) w.terminate();
  }
}
