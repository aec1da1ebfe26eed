// Tetrachoric correlations of binary item responses, lavaan's two-step method (lavaan 0.6.14
// lav_samplestats_step1/step2, lav_bvord_cor_twostep_fit; Olsson 1979, Psychometrika 44:443–460):
//   1. thresholds τ_j = Φ⁻¹(proportion of 0s) per item (pairwise: over the item's observed models);
//   2. each correlation by ML on the pair's 2×2 table with τ fixed (core-wasm tetraRho: tables by
//      bit-packing + popcount, lavaan's empty-cell rules, bounds ±0.999);
//   3. per-model influence tables and DWLS weights (scores.ts), smallest eigenvalue and optional
//      smoothing (smoothing.ts).
import { normQuantile, tetraTables, tetraRho, TetraFlag, symEigen } from '@cartograph/core-wasm';
import type { ResponseMatrix } from '../data/leaderboard.js';
import { MISSING } from '../data/leaderboard.js';
import { EstimationError } from '../util/errors.js';
import { tetraScores, pairItems } from './scores.js';
import { smoothToPd } from './smoothing.js';
import type { PairReport, TetrachoricOptions, TetrachoricResult } from './types.js';

export const TETRACHORIC_METHOD = 'two-step ML tetrachoric (lavaan 0.6 lav_bvord_cor_twostep_fit: zero.add 0.5 keeping margins, ρ in [−0.999, 0.999])';

/** Rows with no missing cell (listwise deletion): their indices. */
function completeRows(resp: ResponseMatrix): number[] {
  const rows: number[] = [];
  const J = resp.nItems;
  for (let m = 0; m < resp.nModels; m++) {
    let ok = true;
    for (let j = 0; j < J; j++)
      if (resp.values[m * J + j] === MISSING) {
        ok = false;
        break;
      }
    if (ok) rows.push(m);
  }
  return rows;
}

export interface ThresholdStats {
  thresholds: Float64Array;
  pCorrect: Float64Array;
  nObserved: Int32Array;
}

/** τ_j = Φ⁻¹(n0/n) from the per-item counts [n0, n1]; a constant or unobserved item is an error naming it. */
export function tetraThresholds(itemCounts: Int32Array, items: readonly string[]): ThresholdStats {
  const J = items.length;
  const thresholds = new Float64Array(J);
  const pCorrect = new Float64Array(J);
  const nObserved = new Int32Array(J);
  const constant: string[] = [];
  for (let j = 0; j < J; j++) {
    const n0 = itemCounts[2 * j]!;
    const n1 = itemCounts[2 * j + 1]!;
    const n = n0 + n1;
    nObserved[j] = n;
    if (n === 0) throw new EstimationError('tetrachoric', `item "${items[j]}" has no observed responses`);
    if (n0 === 0 || n1 === 0) constant.push(`"${items[j]}" (all ${n0 === 0 ? 1 : 0} in ${n} models)`);
    thresholds[j] = normQuantile(n0 / n);
    pCorrect[j] = n1 / n;
  }
  if (constant.length > 0)
    throw new EstimationError('tetrachoric', `constant item${constant.length > 1 ? 's' : ''} ${constant.join(', ')}: a threshold would be infinite; remove ${constant.length > 1 ? 'them' : 'it'} first`);
  return { thresholds, pCorrect, nObserved };
}

/** Tables and thresholds: everything before the correlation step. */
export interface TetraPrepared {
  items: string[];
  nItems: number;
  nModels: number;
  modelsDropped: number;
  missing: 'pairwise' | 'listwise';
  /** Rows actually used (model × item bytes). */
  values: Uint8Array;
  counts: Int32Array;
  itemCounts: Int32Array;
  thresholds: Float64Array;
  pCorrect: Float64Array;
  nObserved: Int32Array;
}

export function tetraPrepare(resp: ResponseMatrix, options: TetrachoricOptions = {}): TetraPrepared {
  const J = resp.nItems;
  const items = options.itemIds ? [...options.itemIds] : Array.from({ length: J }, (_, j) => `item_${j + 1}`);
  if (items.length !== J) throw new EstimationError('tetrachoric', `${items.length} item ids for ${J} items`);
  if (J < 2) throw new EstimationError('tetrachoric', `needs at least 2 items, got ${J}`);
  const missing = options.missing ?? 'pairwise';
  let values = resp.values;
  let N = resp.nModels;
  let dropped = 0;
  const hasMissing = resp.hasMissing();
  if (missing === 'listwise' && hasMissing) {
    const rows = completeRows(resp);
    dropped = N - rows.length;
    values = new Uint8Array(rows.length * J);
    rows.forEach((m, r) => values.set(resp.values.subarray(m * J, (m + 1) * J), r * J));
    N = rows.length;
    if (N === 0) throw new EstimationError('tetrachoric', 'listwise deletion leaves no model: every model has a missing response');
  }
  const tables = tetraTables(values, N, J, missing === 'listwise' ? false : hasMissing);
  const { thresholds, pCorrect, nObserved } = tetraThresholds(tables.itemCounts, items);
  return { items, nItems: J, nModels: N, modelsDropped: dropped, missing, values, counts: tables.counts, itemCounts: tables.itemCounts, thresholds, pCorrect, nObserved };
}

/**
 * Thresholds, tetrachoric correlations, DWLS weights and per-model influence tables of a model ×
 * item 0/1 response matrix. Synchronous, one thread; `tetrachoricAuto` (parallel/) splits the
 * correlation step across worker threads with identical results.
 */
export function tetrachoric(resp: ResponseMatrix, options: TetrachoricOptions = {}): TetrachoricResult {
  const prep = tetraPrepare(resp, options);
  const { rho, flags } = tetraRho(prep.counts, prep.thresholds, prep.nItems);
  return tetraFinish(prep, rho, flags, options);
}

/** Everything after the correlation step: matrix, reports, eigenvalue/smoothing, weights and F tables. */
export function tetraFinish(prep: TetraPrepared, rho: Float64Array, flags: Int32Array, options: TetrachoricOptions = {}): TetrachoricResult {
  const { items, nItems: J, nModels: N, thresholds } = prep;
  const tables = { counts: prep.counts, itemCounts: prep.itemCounts };
  const values = prep.values;
  const missing = prep.missing;
  const dropped = prep.modelsDropped;
  const { pCorrect, nObserved } = prep;

  const np = (J * (J - 1)) / 2;
  const { pairI, pairJ } = pairItems(J);
  const R = new Float64Array(J * J);
  for (let j = 0; j < J; j++) R[j * J + j] = 1;
  const nearOne = options.nearOne ?? 0.99;
  const emptyCellPairs: PairReport[] = [];
  const nearOnePairs: PairReport[] = [];
  const failedPairs: PairReport[] = [];
  for (let k = 0; k < np; k++) {
    const i = pairI[k]!;
    const j = pairJ[k]!;
    const r = rho[k]!;
    R[i * J + j] = r;
    R[j * J + i] = r;
    const f = flags[k]!;
    const report = (): PairReport => ({
      i, j, itemI: items[i]!, itemJ: items[j]!, rho: r,
      counts: [tables.counts[4 * k]!, tables.counts[4 * k + 1]!, tables.counts[4 * k + 2]!, tables.counts[4 * k + 3]!],
    });
    if (f & TetraFlag.EmptyCell) emptyCellPairs.push(report());
    if (Math.abs(r) > nearOne) nearOnePairs.push(report());
    if (f & (TetraFlag.NoData | TetraFlag.NoConvergence)) failedPairs.push(report());
  }
  let minEigenvalue = NaN;
  let minEigenvalueAfter = NaN;
  let smoothed = false;
  let correlation: Float64Array = R;
  if (failedPairs.length === 0) {
    if (options.smooth) {
      const s = smoothToPd(R, J, options.smoothMinEigen ?? 1e-6, true);
      ({ minEigenvalue, minEigenvalueAfter, smoothed } = s);
      correlation = s.matrix;
    } else {
      minEigenvalue = symEigen(R, J).values[0]!;
      minEigenvalueAfter = minEigenvalue;
    }
  }
  let weights: Float64Array | null = null;
  let gammaDiag: Float64Array | null = null;
  let scores = null;
  if (options.scores ?? true) {
    const s = tetraScores({ nModels: N, nItems: J, responses: values, thresholds, itemCounts: tables.itemCounts, counts: tables.counts, rho });
    weights = s.weights;
    gammaDiag = s.gammaDiag;
    scores = s.scores;
  }
  return {
    method: TETRACHORIC_METHOD,
    items,
    nItems: J,
    nModels: N,
    missing,
    modelsDropped: dropped,
    thresholds,
    pCorrect,
    nObserved,
    correlation,
    rho,
    flags,
    counts: tables.counts,
    minEigenvalue,
    smoothed,
    minEigenvalueAfter,
    emptyCellPairs,
    nearOnePairs,
    failedPairs,
    weights,
    gammaDiag,
    scores,
  };
}
