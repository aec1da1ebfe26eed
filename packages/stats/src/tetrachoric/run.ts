// The tetrachoric layer's runner: a Leaderboard in, the tetrachoric matrix and its report out.
//   1. items in benchmark order (benchmarks by first appearance in `itemOrder`, else in the data; items
//      in that order within each benchmark), through data/'s selectItems;
//   2. tables and thresholds → correlations (on `workers` threads, bit-identical) → eigenvalue,
//      smoothing, DWLS weights (tetrachoric.ts, parallel/);
//   3. the report (snake_case, schema packages/stats/schemas/tetrachoric.schema.json).
import type { Leaderboard } from '../data/leaderboard.js';
import { benchmarksOf, MissingInputError, selectItems } from '../data/leaderboard.js';
import { tetraRhoParallel } from '../parallel/index.js';
import type { ResponseMatrix } from '../data/leaderboard.js';
import type { RunCallbacks } from '../util/progress.js';
import { tetraFinish, tetraPrepare } from './tetrachoric.js';
import type { PairReport, TetrachoricOptions, TetrachoricResult } from './types.js';

export const TETRACHORIC_SCHEMA_VERSION = 1;
/** Pairs listed by name in the report (the counts are always complete). */
export const TETRACHORIC_PAIRS_LISTED = 200;

export interface TetrachoricRunOptions extends RunCallbacks {
  missing?: 'pairwise' | 'listwise';
  smooth?: boolean;
  /** worker threads for the correlation step (1 = none); results are identical */
  workers?: number;
  /** item ids in the wanted order (e.g. the rows of an items file); items not listed follow in data order */
  itemOrder?: readonly string[];
}

export interface TetrachoricPair {
  item1: string;
  item2: string;
  /** null when no estimate */
  rho: number | null;
  /** 2×2 counts [n00, n01, n10, n11] */
  counts: [number, number, number, number];
}

/** The content of tetrachoric.json. */
export interface TetrachoricReport {
  schema_version: number;
  method: string;
  n_models: number;
  n_items: number;
  n_pairs: number;
  missing: 'pairwise' | 'listwise';
  models_dropped: number;
  /** null when some pair has no estimate (the matrix is incomplete) */
  min_eigenvalue: number | null;
  positive_definite: boolean | null;
  smoothed: boolean;
  min_eigenvalue_after_smoothing: number | null;
  n_empty_cell_pairs: number;
  n_near_one_pairs: number;
  n_failed_pairs: number;
  empty_cell_pairs: TetrachoricPair[];
  near_one_pairs: TetrachoricPair[];
  failed_pairs: TetrachoricPair[];
  pairs_listed_max: number;
  /** SEs of the correlations, sqrt(diag(Γ)/N) (lavaan's NACOV, as in the DWLS weights): median and range */
  correlation_se: { median: number; min: number; max: number } | null;
  items: { item_id: string; benchmark: string; threshold: number; threshold_se: number | null; p_correct: number; n_observed: number }[];
  skipped: { part: string; reason: string }[];
  /** what the numbers show and what they do not */
  interpretation: string;
}

export interface TetrachoricRun {
  report: TetrachoricReport;
  /** the numeric result (matrix, thresholds, weights, influence tables) for the CSV files and for cfa */
  result: TetrachoricResult;
}

/** `tetrachoric` with the correlation step on `options.workers` threads (1 = the synchronous path). */
export async function tetrachoricAuto(resp: ResponseMatrix, options: TetrachoricOptions = {}): Promise<TetrachoricResult> {
  const prep = tetraPrepare(resp, options);
  const { rho, flags } = await tetraRhoParallel(prep.counts, prep.thresholds, prep.nItems, options.workers ?? 1);
  return tetraFinish(prep, rho, flags, options);
}

/** Column order: benchmarks by first appearance in the ranked items, items by rank within a benchmark. */
export function benchmarkItemOrder(lb: Leaderboard, itemOrder?: readonly string[]): number[] {
  const pos = new Map<string, number>();
  (itemOrder ?? []).forEach((id, r) => pos.set(id, r));
  const rank = lb.items.map((it, j) => pos.get(it.id) ?? pos.size + j);
  const byRank = lb.items.map((_, j) => j).sort((a, b) => rank[a]! - rank[b]!);
  const bench = benchmarksOf(byRank.map((j) => lb.items[j]!));
  const bIndex = new Map(bench.map((b, k) => [b, k] as const));
  return byRank.slice().sort((a, b) => bIndex.get(lb.items[a]!.benchmark)! - bIndex.get(lb.items[b]!.benchmark)! || rank[a]! - rank[b]!);
}

/**
 * Standard errors of the p* statistics (thresholds, then correlations in vech order): sqrt(Γ_kk / N), with
 * Γ = N·F′F the asymptotic covariance of √N·(statistic) — lavaan's NACOV (lavInspect(fit, "gamma") is "N
 * times the asymptotic variance matrix of the sample statistics"), whose inverse diagonal are the DWLS weights.
 */
export function standardErrors(res: TetrachoricResult): Float64Array | null {
  if (!res.gammaDiag) return null;
  return res.gammaDiag.map((g) => Math.sqrt(g / res.nModels));
}

const pair = (p: PairReport): TetrachoricPair => ({ item1: p.itemI, item2: p.itemJ, rho: Number.isFinite(p.rho) ? p.rho : null, counts: p.counts });
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export async function runTetrachoric(lb: Leaderboard, options: TetrachoricRunOptions = {}): Promise<TetrachoricRun> {
  if (!lb.responses) throw new MissingInputError('item responses', 'tetrachoric correlations need item-level 0/1 responses; a table of benchmark scores has none');
  const progress = options.onProgress ?? (() => {});
  const sel = selectItems(lb, benchmarkItemOrder(lb, options.itemOrder));
  const J = sel.items.length;
  const np = (J * (J - 1)) / 2;
  progress({ stage: 'tetrachoric: 2×2 tables and thresholds', message: `${sel.models.length} models × ${J} items, ${np} pairs` });
  const topts: TetrachoricOptions = { itemIds: sel.items.map((it) => it.id), missing: options.missing ?? 'pairwise', smooth: !!options.smooth };
  const prep = tetraPrepare(sel.responses!, topts);
  if (prep.modelsDropped > 0) options.onWarning?.(`listwise deletion: ${prep.modelsDropped} of ${sel.models.length} models have a missing response and are left out; ${prep.nModels} remain`);
  progress({ stage: 'tetrachoric: correlations', message: `${np} pairs${(options.workers ?? 1) > 1 ? ` on ${options.workers} threads` : ''}` });
  const { rho, flags } = await tetraRhoParallel(prep.counts, prep.thresholds, prep.nItems, options.workers ?? 1);
  progress({ stage: 'tetrachoric: eigenvalues and DWLS weights' });
  const result = tetraFinish(prep, rho, flags, topts);
  const listed = TETRACHORIC_PAIRS_LISTED;
  const skipped: TetrachoricReport['skipped'] = [];
  if (result.failedPairs.length > 0) skipped.push({ part: 'eigenvalues and smoothing', reason: `${result.failedPairs.length} pair(s) have no estimate (no model observed on both items, or no convergence): the matrix is incomplete` });
  const benchOf = new Map(sel.items.map((it) => [it.id, it.benchmark] as const));
  const se = standardErrors(result);
  const rSe = se ? Array.from(se.subarray(J)).filter(Number.isFinite).sort((a, b) => a - b) : [];
  const report: TetrachoricReport = {
    schema_version: TETRACHORIC_SCHEMA_VERSION,
    method: result.method,
    n_models: result.nModels,
    n_items: result.nItems,
    n_pairs: np,
    missing: result.missing,
    models_dropped: result.modelsDropped,
    min_eigenvalue: finite(result.minEigenvalue),
    positive_definite: Number.isFinite(result.minEigenvalue) ? result.minEigenvalue > 0 : null,
    smoothed: result.smoothed,
    min_eigenvalue_after_smoothing: finite(result.minEigenvalueAfter),
    n_empty_cell_pairs: result.emptyCellPairs.length,
    n_near_one_pairs: result.nearOnePairs.length,
    n_failed_pairs: result.failedPairs.length,
    empty_cell_pairs: result.emptyCellPairs.slice(0, listed).map(pair),
    near_one_pairs: result.nearOnePairs.slice(0, listed).map(pair),
    failed_pairs: result.failedPairs.slice(0, listed).map(pair),
    pairs_listed_max: listed,
    correlation_se: rSe.length ? { median: rSe[Math.floor((rSe.length - 1) / 2)]!, min: rSe[0]!, max: rSe[rSe.length - 1]! } : null,
    items: result.items.map((id, j) => ({ item_id: id, benchmark: benchOf.get(id)!, threshold: result.thresholds[j]!, threshold_se: se ? finite(se[j]!) : null, p_correct: result.pCorrect[j]!, n_observed: result.nObserved[j]! })),
    skipped,
    interpretation:
      'Each tetrachoric correlation estimates how two items would correlate if each 0/1 answer came from a normally distributed latent response cut at the item\'s threshold (lavaan\'s two-step ML). ' +
      'Its standard error (tetrachoric_se.csv) is lavaan\'s two-step sandwich, sqrt(diag(Γ)/N): large-sample, and too small where a 2×2 cell is nearly empty. ' +
      'It does not test that assumption; pairs with an empty 2×2 cell (0.5 added) or |ρ| near 1 rest on few discordant models and are uncertain. ' +
      'Tetrachoric matrices are often not positive definite (each correlation is estimated on its own 2×2 table, and pairs with empty cells sit near the bounds); DWLS (cfa) does not need positive definiteness, and smoothing changes every correlation.',
  };
  return { report, result };
}
