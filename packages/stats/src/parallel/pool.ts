// Worker pools. In Node: a maintained pool (piscina over `worker_threads`) — workers are started once
// and reused for every task of the pool, each loads its `workerData` (the data, shared per-task work)
// once, and large arrays cross as transferable buffers or one SharedArrayBuffer. In a browser: Web
// Workers with the same self-contained worker source (a string: no worker file to locate after bundling).
//
// Two ways in:
//   createPool({ filename, workers, workerData })  a pool over a worker module whose default export is
//                                                  the task handler (the replicate executors use this)
//   runParallel(handleSource, messages)            one job per message on a pool of the source
//                                                  `function handle(msg) { … return { result, transfer } }`
//                                                  (the tetrachoric split); in Node the source becomes a
//                                                  content-addressed module file in the temporary folder.

export interface WorkerHandle {
  run(msg: unknown, transfer?: ArrayBuffer[]): Promise<unknown>;
  terminate(): void;
}

const isNode = (): boolean => typeof process !== 'undefined' && !!(process as { versions?: { node?: string } }).versions?.node;

// Node-only modules are imported by computed names so that browser bundlers leave them alone.
const nodeImport = <T>(name: string): Promise<T> => import(/* @vite-ignore */ name) as Promise<T>;

/** Logical cores available (Node: os.availableParallelism; browser: navigator.hardwareConcurrency). */
export async function availableCores(): Promise<number> {
  if (isNode()) {
    const os = await nodeImport<{ availableParallelism?: () => number; cpus: () => unknown[] }>('node:' + 'os');
    return os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return nav?.hardwareConcurrency ?? 1;
}

/** A pool of worker threads started once; `run` queues a task on the next free worker. */
export interface TaskPool {
  readonly workers: number;
  run<T>(task: unknown, transfer?: ArrayBuffer[]): Promise<T>;
  destroy(): Promise<void>;
}

export interface PoolOptions {
  /** Path or file: URL of an ES or CommonJS module whose default export (or `module.exports`) handles one task. */
  filename: string;
  workers: number;
  /** Given to every worker once at start (structured clone; a SharedArrayBuffer inside is shared, not copied). */
  workerData?: unknown;
}

interface PiscinaLike {
  run(task: unknown, opts?: { transferList?: ArrayBuffer[] }): Promise<unknown>;
  destroy(): Promise<void>;
}
type PiscinaCtor = new (o: { filename: string; minThreads: number; maxThreads: number; idleTimeout: number; workerData?: unknown; atomics?: 'disabled' }) => PiscinaLike;

/** A piscina pool of exactly `workers` threads, started at once and kept until `destroy`. */
export async function createPool(o: PoolOptions): Promise<TaskPool> {
  if (!isNode()) throw new Error('createPool: worker pools over module files need Node (worker_threads)');
  const n = Math.max(1, Math.floor(o.workers));
  const mod = await nodeImport<{ Piscina?: PiscinaCtor; default?: PiscinaCtor }>('pisc' + 'ina');
  const Piscina = (mod.Piscina ?? mod.default) as PiscinaCtor;
  // atomics disabled: a handler may be asynchronous, and a worker waiting on Atomics would block its own event loop.
  const pool = new Piscina({ filename: o.filename, minThreads: n, maxThreads: n, idleTimeout: 2 ** 31 - 1, workerData: o.workerData, atomics: 'disabled' });
  return {
    workers: n,
    run: <T>(task: unknown, transfer?: ArrayBuffer[]) => pool.run(task, transfer && transfer.length ? { transferList: transfer } : undefined) as Promise<T>,
    destroy: () => pool.destroy(),
  };
}

/** The worker source as a module file (content-addressed, written once) for piscina. */
async function sourceModule(handleSource: string): Promise<string> {
  const fs = await nodeImport<typeof import('node:fs')>('node:' + 'fs');
  const os = await nodeImport<typeof import('node:os')>('node:' + 'os');
  const path = await nodeImport<typeof import('node:path')>('node:' + 'path');
  const crypto = await nodeImport<typeof import('node:crypto')>('node:' + 'crypto');
  const code = `'use strict';\n${handleSource}\nmodule.exports = (msg) => handle(msg).result;\n`;
  const dir = path.join(os.tmpdir(), 'cartograph-workers');
  const file = path.join(dir, `${crypto.createHash('sha256').update(code).digest('hex').slice(0, 24)}.cjs`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, file);
  }
  return file;
}

/** Browser: a Web Worker of the source (one per job; Node uses the maintained pool). */
function startWebWorker(handleSource: string): WorkerHandle {
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

/**
 * Runs the messages on a pool of `workers` threads (default: one per message) of the worker source and
 * returns the results in message order. Node: one piscina pool, started once for all messages.
 */
export async function runParallel<T>(handleSource: string, messages: unknown[], workers = messages.length): Promise<T[]> {
  if (isNode()) {
    const pool = await createPool({ filename: await sourceModule(handleSource), workers: Math.max(1, Math.min(workers, messages.length)) });
    try {
      return await Promise.all(messages.map((m) => pool.run<T>(m)));
    } finally {
      await pool.destroy();
    }
  }
  const handles = messages.map(() => startWebWorker(handleSource));
  try {
    return (await Promise.all(messages.map((m, i) => handles[i]!.run(m)))) as T[];
  } finally {
    for (const w of handles) w.terminate();
  }
}
