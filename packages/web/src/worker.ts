// The statistics worker: answers typed requests (src/protocol.ts) by running @cartograph/stats
// synchronously (the WebAssembly module instantiates synchronously inside a Worker). The audit is the
// library's runAudit — the CLI's code — with its progress posted to the page; report.html, audit.json and the
// charts' SVG are rendered here by the library's renderAudit, so the page receives finished strings and the
// main thread never loads the statistics code. Cancel = the page terminates this worker and starts another.
// fdlibm-install comes first: Math's elementary functions are fdlibm's before the library is evaluated, so the
// numbers are the CLI's to the last bit in any browser (src/fdlibm.ts says why).
import './fdlibm-install.js';
import { auditOptions, formatCompare, formatInputSummary, InputError, renderAudit, runAudit, runCompare, runDescribe, stageTables, STAGES, type AuditInput, type Leaderboard, type StructureName } from '@cartograph/stats';
import { webAuditWorkers } from './audit-pool.js';
import { leaderboardFromFiles, parseItemCountsBox } from './load.js';
import { pairTables } from './pairs.js';
import { RequestKind, type AuditRequest, type FilePayload, type Progress, type Request, type Response, type TetrachoricOut, type TetrachoricRequest, type WorkerError } from './protocol.js';

function toWorkerError(err: unknown): WorkerError {
  if (err instanceof InputError) return { name: err.name, message: err.message, file: err.file, line: err.line || null, column: err.column || null };
  if (err instanceof Error) return { name: err.name, message: err.message, file: null, line: null, column: null };
  return { name: 'Error', message: String(err), file: null, line: null, column: null };
}

const hex = (buf: ArrayBuffer): string => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

/** The audit's `inputs` block: role, name, SHA-256 and size of each file (auditOptions puts them in the CLI's order). */
async function auditInputs(files: readonly FilePayload[]): Promise<AuditInput[]> {
  const used = files.filter((f) => f.role !== 'ignore');
  const itemLevel = used.some((f) => f.role === 'responses' || f.role === 'lm-eval');
  const out: AuditInput[] = [];
  const add = async (role: string, of: FilePayload[]): Promise<void> => {
    for (const f of of) out.push({ role, name: f.name, sha256: hex(await crypto.subtle.digest('SHA-256', f.data)), bytes: f.data.byteLength });
  };
  await add('responses', used.filter((f) => f.role === 'responses'));
  await add('lm_eval', used.filter((f) => f.role === 'lm-eval'));
  await add('items', used.filter((f) => f.role === 'items'));
  await add('models', used.filter((f) => f.role === 'models'));
  if (itemLevel) await add('models_from', used.filter((f) => f.role === 'leaderboard'));
  await add('scores', used.filter((f) => f.role === 'scores'));
  if (!itemLevel) await add('leaderboard', used.filter((f) => f.role === 'leaderboard'));
  return out;
}

/** The last audited leaderboard (the Compare view reads it). */
let lastLb: Leaderboard | null = null;

async function audit(req: AuditRequest, progress: (p: Progress) => void) {
  const t0 = performance.now();
  const counts = parseItemCountsBox(req.itemsPerBenchmark);
  const load = (normalised: boolean) => leaderboardFromFiles(req.files, counts, req.lmEval, { completeOnly: req.completeOnly, modelCol: req.options.modelCol, normalised });
  progress({ stage: 'audit', done: 0, total: STAGES.length, message: 'reading the files' });
  const lb = await load(false);
  lastLb = lb;
  // the v2 table's other scaling, for the paper comparison (as the CLI does)
  const tableOnly = req.files.some((f) => f.role === 'leaderboard') && !req.files.some((f) => f.role === 'responses' || f.role === 'lm-eval');
  const otherScaling = lb.origin?.version === 'v2' && lb.origin.role === 'scores' && tableOnly ? await load(true) : null;
  const inputs = await auditInputs(req.files);
  // the library's one way from a user's choices to runAudit's options (the CLI's audit command uses it too):
  // the same settings give the same audit.json bytes in both faces
  const o = req.options;
  // “audit workers” ≥ 2: the heavy layers run as the library's audit tasks on that many Web Workers
  // (src/audit-pool.ts); 1: one after the other in this worker (the library's in-process executor)
  const workers = Math.max(1, Math.floor(o.workers ?? 1));
  const executor = workers >= 2 ? webAuditWorkers(lb, workers) : undefined;
  let report;
  try {
    ({ report } = await runAudit(
      lb,
      auditOptions(
        { seed: o.seed, structures: o.structures as StructureName[], mi: o.mi, pv: o.pv, scalingReplicates: o.scalingReplicates, draws: o.draws, fullDefaults: o.fullDefaults, bootstrap: o.bootstrap, permutations: o.permutations, folds: o.folds },
        { inputs, otherScaling, executor, onProgress: (p) => progress({ stage: p.stage, done: p.done, total: p.total, message: p.message }) },
      ),
    ));
  } finally {
    executor?.close();
  }
  progress({ stage: 'report', message: 'rendering the report and its charts' });
  const docs = await renderAudit(report);
  const tables: Record<string, ReturnType<typeof stageTables>> = {};
  for (const s of STAGES) tables[s.id] = stageTables(report, s.id);
  return {
    json: docs.json,
    html: docs.html,
    charts: docs.charts.map((c) => ({ id: c.id, stage: c.stage, title: c.title, description: c.description, svg: c.svg, spec: c.spec as Record<string, unknown> })),
    tables,
    modelIds: lb.models.map((m) => m.id),
    workers,
    millis: performance.now() - t0,
  };
}

/** The 2×2 tables of the MI map's pairs (src/pairs.ts), with a digest of every ρ and flag. */
async function tetrachoricPairs(req: TetrachoricRequest, progress: (p: Progress) => void): Promise<TetrachoricOut> {
  if (!lastLb?.responses) throw new InputError('(page)', 0, 0, 'the 2×2 tables need item-level responses: run the audit on response files first');
  const t0 = performance.now();
  const r = await pairTables(lastLb, req.items, req.missing, req.workers, req.pairs, (p) => progress({ stage: p.stage, message: p.message }));
  const bytes = new Uint8Array(r.rho.byteLength + r.flags.byteLength);
  bytes.set(new Uint8Array(r.rho.buffer, r.rho.byteOffset, r.rho.byteLength), 0);
  bytes.set(new Uint8Array(r.flags.buffer, r.flags.byteOffset, r.flags.byteLength), r.rho.byteLength);
  return { nItems: r.nItems, nModels: r.nModels, nPairs: r.rho.length, workers: req.workers, digest: hex(await crypto.subtle.digest('SHA-256', bytes)), millis: performance.now() - t0, pairs: r.pairs };
}

async function handle(req: Request, progress: (p: Progress) => void): Promise<Response> {
  switch (req.kind) {
    case RequestKind.Describe: {
      const t0 = performance.now();
      const lb = await leaderboardFromFiles(req.files, parseItemCountsBox(req.itemsPerBenchmark), req.lmEval, { completeOnly: req.completeOnly, modelCol: req.modelCol ?? null });
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
    case RequestKind.Audit:
      return { id: req.id, ok: true, kind: RequestKind.Audit, result: await audit(req, progress) };
    case RequestKind.Compare: {
      if (!lastLb) throw new InputError('(page)', 0, 0, 'run the audit first: Compare reads the files of the last audit');
      return { id: req.id, ok: true, kind: RequestKind.Compare, result: (() => {
        const report = runCompare(lastLb, { a: req.a, b: req.b, bootstrap: 0 });
        return { report, text: formatCompare(report) };
      })() };
    }
    case RequestKind.Tetrachoric:
      return { id: req.id, ok: true, kind: RequestKind.Tetrachoric, result: await tetrachoricPairs(req, progress) };
    default: {
      const never: never = req;
      throw new Error(`unknown request kind ${String((never as Request).kind)}`);
    }
  }
}

self.onmessage = (ev: MessageEvent<Request>) => {
  const req = ev.data;
  const progress = (p: Progress): void => self.postMessage({ id: req.id, progress: p } satisfies Response);
  handle(req, progress).then(
    (res) => self.postMessage(res),
    (err: unknown) => self.postMessage({ id: req.id, ok: false, error: toWorkerError(err) } satisfies Response),
  );
};
