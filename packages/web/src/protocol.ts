// The typed protocol between the UI (main thread) and the statistics worker (src/worker.ts).
// Requests carry an id; the worker answers each with exactly one Response of the same id. File contents
// travel as transferable ArrayBuffers (moved, not copied). Only `import type` from @cartograph/stats here,
// so the main thread never loads the statistics code or the WebAssembly module.
import type { DescribeReport } from '@cartograph/stats';

export enum RequestKind {
  /** Read the files into one Leaderboard and run describe on it. */
  Describe = 1,
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
}

export interface LmEvalChoice {
  metric: string | null;
  filter: string | null;
}

export type Request = DescribeRequest;

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
  | { id: number; ok: false; error: WorkerError };
