// A command's body runs on a worker thread; the main thread only shows progress and prints. The library's
// estimators are synchronous (a WLSMV data step is one 70-second WebAssembly call on the v1 items), and a
// blocked event loop fires no timer: on the main thread the heartbeat could never say "still working".
// Here it always can: whatever the library does, stderr is never silent for more than ~2 s.
//
//   main thread                               worker (same bundle, same argv, same commander program)
//   parse argv, check --out                   parse argv again → the command's run(ctx)
//   ProgressDisplay ◄──── progress / idle / line / stdout messages ──── ctx (a WorkerSink)
//   exit code ◄────────── done | error {kind, fields, message, stack} ───
//
// In-process instead (no worker) when not bundled (tests import the sources), on a worker already, or with
// CARTOGRAPH_IN_PROCESS=1 (for profiling).
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { rebuildError, serializeError, type ProgressEvent, type SerializedError } from '@cartograph/stats';
import type { ProgressDisplay } from './progress.js';

/** Where a command's output goes: straight to the display (main thread) or as messages (worker). */
export interface Sink {
  progress(p: ProgressEvent): void;
  idle(): void;
  /** a whole line on stderr (warnings, notes) */
  line(text: string): void;
  stdout(text: string): void;
}

type Message =
  | { t: 'progress'; p: ProgressEvent }
  | { t: 'idle' }
  | { t: 'line'; s: string }
  | { t: 'stdout'; s: string }
  | { t: 'done'; code?: number }
  | { t: 'error'; e: SerializedError };


/** True inside the command worker. */
export const IN_WORKER: boolean = !isMainThread && !!(workerData as { cartographWorker?: boolean } | null)?.cartographWorker;

/** The argv the program parses: the worker gets the main thread's. */
export function programArgv(): string[] {
  return IN_WORKER ? (workerData as { argv: string[] }).argv : process.argv;
}

/** The moment the command started (the worker's clock starts with the main thread's). */
export function startTime(): number {
  return IN_WORKER ? (workerData as { t0: number }).t0 : Date.now();
}

export function displaySink(display: ProgressDisplay): Sink {
  return {
    progress: display.onProgress,
    idle: () => display.idle(),
    line: (s) => display.line(s),
    stdout: (s) => void process.stdout.write(s),
  };
}

export function workerSink(): Sink {
  const post = (m: Message): void => parentPort!.postMessage(m);
  return {
    progress: (p) => post({ t: 'progress', p: { ...p } }),
    idle: () => post({ t: 'idle' }),
    line: (s) => post({ t: 'line', s }),
    stdout: (s) => post({ t: 'stdout', s }),
  };
}

// typed errors across the thread boundary: one implementation, in the library (data/wire-errors.ts)
export { rebuildError, serializeError };

/** Report the end of the command body to the main thread: an error, or done with the body's exit code. */
export function postResult(err?: unknown, code?: number): void {
  parentPort!.postMessage(err === undefined ? ({ t: 'done', ...(code !== undefined ? { code } : {}) } satisfies Message) : ({ t: 'error', e: serializeError(err) } satisfies Message));
}

/** The bundled CLI file (a worker needs a file to start from), or null when running from sources. */
function bundleFile(): string | null {
  const url = import.meta.url;
  return url.startsWith('file:') && url.endsWith('.js') && process.env.CARTOGRAPH_IN_PROCESS !== '1' ? fileURLToPath(url) : null;
}

export function canUseWorker(): boolean {
  return isMainThread && bundleFile() !== null;
}

/**
 * Run the command (already parsed here) on a worker, showing its messages. Resolves with the exit code the
 * body returned (if any); rejects with its typed error.
 */
export function runInWorker(display: ProgressDisplay, t0: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(bundleFile()!, { workerData: { cartographWorker: true, argv: process.argv, t0 } });
    let settled = false;
    const finish = (err?: Error, code?: number): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (err) reject(err);
      else resolve(code);
    };
    worker.on('message', (m: Message) => {
      if (m.t === 'progress') display.onProgress(m.p);
      else if (m.t === 'idle') display.idle();
      else if (m.t === 'line') display.line(m.s);
      else if (m.t === 'stdout') process.stdout.write(m.s);
      else if (m.t === 'done') finish(undefined, m.code);
      else if (m.t === 'error') finish(rebuildError(m.e));
    });
    worker.on('error', (e) => finish(e));
    worker.on('exit', (code) => finish(code === 0 ? undefined : new Error(`the command's worker thread stopped (exit code ${code})`)));
  });
}
