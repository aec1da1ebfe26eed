// The typed protocol between the UI (main thread) and the statistics worker (src/worker.ts).
// Requests carry an id; the worker answers each with exactly one Response of the same id. File contents
// travel as transferable ArrayBuffers (moved, not copied). Only `import type` from @cartograph/stats here,
// so the main thread never loads the statistics code or the WebAssembly module.
import type { AuditTable, CompareReport, DescribeReport, StageId } from '@cartograph/stats';

export enum RequestKind {
  /** Read the files into one Leaderboard and run describe on it. */
  Describe = 1,
  /** Read the files and run the whole audit (runAudit), then render report.html / audit.json and the charts. */
  Audit = 2,
  /** Two models side by side (runCompare) on the files of the last audit. */
  Compare = 3,
  /** The tetrachoric correlations of the structure stage's items (runTetrachoric, its correlation step split
   *  across Web Workers), with the 2×2 tables of the requested item pairs. */
  Tetrachoric = 4,
}

/** What a file is, as the user (or the guesser in files.ts) says. */
export type FileRole = 'responses' | 'items' | 'models' | 'scores' | 'leaderboard' | 'lm-eval' | 'ignore';

export interface FilePayload {
  /** File name; for lm-eval logs the path relative to the chosen folder (model folder / file). */
  name: string;
  role: FileRole;
  /** For one-file-per-benchmark responses: the benchmark name (item ids are prefixed with it). */
  benchmark: string | null;
  data: ArrayBuffer;
}

export interface DescribeRequest {
  id: number;
  kind: RequestKind.Describe;
  files: FilePayload[];
  /** The page's items-per-benchmark box as typed: empty, `N`, or `NAME=N,NAME=N` (parsed in the worker). */
  itemsPerBenchmark: string;
  alpha: number;
  /** lm-eval logs: per-sample metric(s), comma-separated (default acc, then exact_match), and filter. */
  lmEval: LmEvalChoice;
  /** Keep only the models scored on every benchmark. */
  completeOnly: boolean;
  /** The model-id column when it is not model_id (or model); '' = default. */
  modelCol?: string;
}

export interface LmEvalChoice {
  metric: string | null;
  filter: string | null;
}

/** What the page's options say (the CLI's audit flags a page user needs). */
export interface AuditChoice {
  seed: number;
  structures: string[];
  mi: boolean;
  /** The model-id column when it is not model_id (or model). */
  modelCol: string;
  /** Robustness study of the structure comparison (0 = none): item-resampled replicates, item→benchmark
   *  relabellings, folds over models. All 0: the robustness stage is not requested. */
  bootstrap?: number;
  permutations?: number;
  folds?: number;
  /** Plausible-value sets for the scaling vector, item-resampled replicates for the slope reliability,
   *  posterior draws for the rank intervals; absent = the library's default for the data (as the CLI's). */
  pv?: number;
  scalingReplicates?: number;
  draws?: number;
  /** The full defaults of pv and the slope-reliability replicates on a large input too (the CLI's --full-defaults). */
  fullDefaults?: boolean;
  /** Web Workers for the audit's heavy layers (the CLI's --workers): 1 = one after the other in the
   *  statistics worker; N ≥ 2 = the library's audit tasks on N task workers. audit.json is the same. */
  workers?: number;
}

/** The most audit workers the page starts by default: the audit's task graph has at most four heavy tasks
 *  ready at once (structure fits, variance, calibration, robustness; then scaling's replicates beside ranks). */
export const MAX_AUDIT_WORKERS = 4;

/** The page's default number of audit workers: the browser's logical cores, at most MAX_AUDIT_WORKERS, at least 2. */
export function defaultAuditWorkers(cores: number | undefined): number {
  return Math.max(2, Math.min(MAX_AUDIT_WORKERS, Math.floor(cores || 1)));
}

export interface AuditRequest {
  id: number;
  kind: RequestKind.Audit;
  files: FilePayload[];
  itemsPerBenchmark: string;
  lmEval: LmEvalChoice;
  completeOnly: boolean;
  options: AuditChoice;
}

export interface CompareRequest {
  id: number;
  kind: RequestKind.Compare;
  a: string;
  b: string;
}

export interface TetrachoricRequest {
  id: number;
  kind: RequestKind.Tetrachoric;
  /** The structure stage's items (audit.json latent_structure.items), in that order. */
  items: string[];
  missing: 'listwise' | 'pairwise';
  /** Web Workers for the correlation step (1: in this worker). */
  workers: number;
  /** Item pairs whose 2×2 tables and ρ are wanted. */
  pairs: [string, string][];
}

export interface TetraPairOut {
  item1: string;
  item2: string;
  /** [n00, n01, n10, n11]: cell 2·(item 1 correct) + (item 2 correct). */
  counts: [number, number, number, number];
  rho: number | null;
  /** Thresholds τ = Φ⁻¹(proportion wrong) of the two items. */
  tau1: number;
  tau2: number;
}

export interface TetrachoricOut {
  nItems: number;
  nModels: number;
  nPairs: number;
  workers: number;
  /** SHA-256 of every ρ and flag (the bytes of the correlation step's output): equal digests, equal results. */
  digest: string;
  millis: number;
  pairs: TetraPairOut[];
}

export type Request = DescribeRequest | AuditRequest | CompareRequest | TetrachoricRequest;

/** A chart of the report: the Vega-Lite spec and its static SVG (rendered in the worker). */
export interface ChartOut {
  id: string;
  stage: StageId;
  title: string;
  description: string;
  svg: string;
  spec: Record<string, unknown>;
}

export interface AuditOut {
  /** audit.json exactly as the CLI writes it (two-space JSON, final newline). */
  json: string;
  /** report.html exactly as the CLI writes it. */
  html: string;
  charts: ChartOut[];
  /** The report's tables per stage (the same strings report.html shows). */
  tables: Record<string, AuditTable[]>;
  /** Model ids of the leaderboard (for the Compare view's pickers). */
  modelIds: string[];
  /** Web Workers the heavy layers ran on (1: in the statistics worker). */
  workers: number;
  millis: number;
}

export interface Progress {
  stage: string;
  done?: number;
  total?: number;
  message?: string;
}

export interface LeaderboardSummary {
  nModels: number;
  nItems: number;
  benchmarks: string[];
  hasResponses: boolean;
  hasScores: boolean;
  /** Per model: log10 params, or null. */
  log10Params: (number | null)[];
  sources: string[];
}

export interface DescribeResult {
  report: DescribeReport;
  leaderboard: LeaderboardSummary;
  /** What the loader says once about the inputs: coverage, metadata join, item counts (plain text). */
  inputSummary: string;
  warnings: string[];
  /** Milliseconds spent reading and describing, in the worker. */
  millis: number;
}

/** An error as the worker reports it (InputErrors keep their file, line and column). */
export interface WorkerError {
  name: string;
  message: string;
  file: string | null;
  line: number | null;
  column: number | string | null;
}

export type Response =
  | { id: number; ok: true; kind: RequestKind.Describe; result: DescribeResult }
  | { id: number; ok: true; kind: RequestKind.Audit; result: AuditOut }
  | { id: number; ok: true; kind: RequestKind.Compare; result: { report: CompareReport; text: string } }
  | { id: number; ok: true; kind: RequestKind.Tetrachoric; result: TetrachoricOut }
  | { id: number; progress: Progress }
  | { id: number; ok: false; error: WorkerError };
