// The statistics worker: answers typed requests (src/protocol.ts) by running @cartograph/stats
// synchronously (the WebAssembly module instantiates synchronously inside a Worker).
import { formatInputSummary, InputError, runDescribe } from '@cartograph/stats';
import { leaderboardFromFiles, parseItemCountsBox } from './load.js';
import { RequestKind, type Request, type Response, type WorkerError } from './protocol.js';

function toWorkerError(err: unknown): WorkerError {
  if (err instanceof InputError) return { name: err.name, message: err.message, file: err.file, line: err.line || null, column: err.column || null };
  if (err instanceof Error) return { name: err.name, message: err.message, file: null, line: null, column: null };
  return { name: 'Error', message: String(err), file: null, line: null, column: null };
}

async function handle(req: Request): Promise<Response> {
  switch (req.kind) {
    case RequestKind.Describe: {
      const t0 = performance.now();
      const lb = await leaderboardFromFiles(req.files, parseItemCountsBox(req.itemsPerBenchmark), req.lmEval, { completeOnly: req.completeOnly });
      const report = runDescribe(lb, { alpha: req.alpha });
      return {
        id: req.id,
        ok: true,
        kind: RequestKind.Describe,
        result: {
          report,
          leaderboard: {
            nModels: lb.models.length,
            nItems: lb.items.length,
            benchmarks: report.benchmarks.map((b) => b.benchmark),
            hasResponses: lb.responses !== null,
            hasScores: lb.scores !== null,
            log10Params: lb.models.map((m) => m.log10Params),
            sources: lb.sources,
          },
          inputSummary: formatInputSummary(lb),
          warnings: [...lb.warnings, ...report.warnings],
          millis: performance.now() - t0,
        },
      };
    }
    default: {
      const never: never = req.kind;
      throw new Error(`unknown request kind ${String(never)}`);
    }
  }
}

self.onmessage = (ev: MessageEvent<Request>) => {
  const req = ev.data;
  handle(req).then(
    (res) => self.postMessage(res),
    (err: unknown) => self.postMessage({ id: req.id, ok: false, error: toWorkerError(err) } satisfies Response),
  );
};
