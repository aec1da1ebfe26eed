// Stage: sample statistics the CFA needs and the terms that depend only on the data, computed once per
// data set and shared by every structure (lavaan computes these inside each fit).
// The per-model influence matrix F (N × p*, p* = J thresholds + J(J−1)/2 correlations, lavaan's
// WLS.obs order) is never stored: for binary items each column takes one value per response state of its
// item(s) (0, 1, missing), so it is kept as value tables plus the response codes. Γ = N·F′F (lavaan's
// NACOV) and W = 1 / diag(Γ) (see /work/shared/notes/wlsmv-at-scale.md).
// Data-only terms: Σ_k w_k‖F_k‖² (threshold and correlation parts) and A = F W F′ (N × N) with ‖A‖²_F
// and ‖A_corr‖²_F (baseline model).
import { crossprod } from '@cartograph/core-wasm';

export interface CellScores {
  nobs: number;
  nItems: number;
  /** Item-major response codes, codes[j·N + n] ∈ {0, 1, 2 = missing}. */
  codes: Uint8Array;
  /** F value of threshold column j for code c: th[j·3 + c]. */
  th: Float64Array;
  /** F value of correlation column k (items i = pairI[k] > j = pairJ[k]) for codes (ci, cj): pair[k·9 + ci·3 + cj]. */
  pair: Float64Array;
}

export interface CfaSampleStats {
  items: string[];
  nobs: number;
  thresholds: Float64Array;
  /** Tetrachoric correlations, vech order (column j, rows i > j). */
  rho: Float64Array;
  /** DWLS weights, thresholds first then correlations (p*). */
  weights: Float64Array;
  /** Per-model influence values; without them only estimates (no SEs, no scaled test) are possible. */
  scores: CellScores | null;
}

export interface RobustDataTerms {
  /** Σ_j w_j‖F_j‖² over thresholds and Σ_k w_k‖F_k‖² over correlations. */
  sumWF2Th: number;
  sumWF2Corr: number;
  /** A = F W F′, N × N row-major. */
  a: Float64Array;
  normA2: number;
  normACorr2: number;
}

/** Column k of F (correlations) into out (length N). */
export function pairColumn(s: CellScores, k: number, i: number, j: number, out: Float64Array): void {
  const N = s.nobs;
  const ci = i * N;
  const cj = j * N;
  const base = k * 9;
  const v = s.pair;
  const codes = s.codes;
  for (let n = 0; n < N; n++) out[n] = v[base + codes[ci + n]! * 3 + codes[cj + n]!]!;
}

export function thresholdColumn(s: CellScores, j: number, out: Float64Array): void {
  const N = s.nobs;
  const cj = j * N;
  for (let n = 0; n < N; n++) out[n] = s.th[j * 3 + s.codes[cj + n]!]!;
}

/**
 * The data-only terms of the robust corrections, O(N²·p*) once per data set: A = F W F′ accumulated
 * from blocks X (columns of F scaled by √w, b × N) as X′X with core-wasm's SIMD crossprod.
 */
export function robustDataTerms(stats: CfaSampleStats, pairI: Int32Array, pairJ: Int32Array): RobustDataTerms {
  const s = stats.scores;
  if (s === null) throw new Error('cfa: robust data terms need the per-model influence values (scores)');
  const N = s.nobs;
  const J = s.nItems;
  const a = new Float64Array(N * N);
  const block = Math.max(16, Math.min(1024, Math.floor(4e6 / Math.max(N, 1))));
  const x = new Float64Array(block * N);
  const col = new Float64Array(N);
  let sumWF2Corr = 0;
  let sumWF2Th = 0;
  const flush = (rows: number): void => {
    if (rows === 0) return;
    const c = crossprod(rows === block ? x : x.subarray(0, rows * N), rows, N);
    for (let u = 0; u < N * N; u++) a[u] = a[u]! + c[u]!;
  };
  let rows = 0;
  for (let k = 0; k < pairI.length; k++) {
    pairColumn(s, k, pairI[k]!, pairJ[k]!, col);
    const w = stats.weights[J + k]!;
    const sw = Math.sqrt(w);
    let ss = 0;
    const off = rows * N;
    for (let n = 0; n < N; n++) {
      ss += col[n]! * col[n]!;
      x[off + n] = sw * col[n]!;
    }
    sumWF2Corr += w * ss;
    if (++rows === block) {
      flush(rows);
      rows = 0;
    }
  }
  flush(rows);
  rows = 0;
  let normACorr2 = 0;
  for (let u = 0; u < N * N; u++) normACorr2 += a[u]! * a[u]!;
  for (let j = 0; j < J; j++) {
    thresholdColumn(s, j, col);
    const w = stats.weights[j]!;
    const sw = Math.sqrt(w);
    let ss = 0;
    const off = rows * N;
    for (let n = 0; n < N; n++) {
      ss += col[n]! * col[n]!;
      x[off + n] = sw * col[n]!;
    }
    sumWF2Th += w * ss;
    if (++rows === block) {
      flush(rows);
      rows = 0;
    }
  }
  flush(rows);
  let normA2 = 0;
  for (let u = 0; u < N * N; u++) normA2 += a[u]! * a[u]!;
  return { sumWF2Th, sumWF2Corr, a, normA2, normACorr2 };
}
