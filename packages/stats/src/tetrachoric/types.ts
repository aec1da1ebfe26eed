// Options and result of `tetrachoric` (plain, serialisable objects).
import type { CellScores } from './scores.js';

export interface TetrachoricOptions {
  /** Item ids, for messages and reports (default item_<index>). */
  itemIds?: readonly string[];
  /**
   * Missing cells: 'pairwise' (default) — thresholds from each item's observed models, each
   * correlation from the models observed on both items; 'listwise' — only models with no missing cell.
   */
  missing?: 'pairwise' | 'listwise';
  /** Smooth the matrix to the nearest positive-definite one (eigenvalue clipping); off by default. */
  smooth?: boolean;
  /** Smallest eigenvalue kept by smoothing (default 1e-6). */
  smoothMinEigen?: number;
  /** Also build the per-model influence tables and the DWLS weights (default true). */
  scores?: boolean;
  /** |ρ| above this is reported as near ±1 (default 0.99, lavaan's warning level). */
  nearOne?: number;
  /** Split the correlation step across this many worker threads (Node) — see parallel/. Default 1. */
  workers?: number;
}

export interface PairReport {
  i: number;
  j: number;
  itemI: string;
  itemJ: string;
  rho: number;
  /** [n00, n01, n10, n11] (cell 2·y_i + y_j). */
  counts: [number, number, number, number];
}

export interface TetrachoricResult {
  method: string;
  items: string[];
  nItems: number;
  /** Models used (after listwise deletion). */
  nModels: number;
  missing: 'pairwise' | 'listwise';
  /** Models dropped by listwise deletion. */
  modelsDropped: number;
  /** τ_j = Φ⁻¹(proportion of 0s among the item's observed models). */
  thresholds: Float64Array;
  /** Proportion correct (1s) among the item's observed models. */
  pCorrect: Float64Array;
  /** Observed models per item. */
  nObserved: Int32Array;
  /** J×J row-major tetrachoric matrix, unit diagonal (smoothed when `smoothed`). */
  correlation: Float64Array;
  /** Correlations in lavaan's vech order (for j = 0..J−2, i = j+1..J−1), before smoothing. */
  rho: Float64Array;
  /** Flag bits per pair (see core-wasm TetraFlag). */
  flags: Int32Array;
  /** 2×2 counts per pair, 4 per pair. */
  counts: Int32Array;
  /** Smallest eigenvalue of the (unsmoothed) tetrachoric matrix. */
  minEigenvalue: number;
  /** True when smoothing was requested and changed the matrix. */
  smoothed: boolean;
  /** Smallest eigenvalue after smoothing (= minEigenvalue when not smoothed). */
  minEigenvalueAfter: number;
  /** Pairs with an empty 2×2 cell (lavaan adds 0.5 keeping the margins; two empty cells → ±1). */
  emptyCellPairs: PairReport[];
  /** Pairs with |ρ| > nearOne (includes the ±0.999 bound and the ±1 of two empty cells). */
  nearOnePairs: PairReport[];
  /** Pairs without a usable estimate (no models observed on both, no convergence): ρ = NaN. */
  failedPairs: PairReport[];
  /** DWLS weights 1 / diag(Γ), Γ = N·F′F: thresholds first, then correlations in vech order (p*). */
  weights: Float64Array | null;
  /** diag(Γ) = N·colSums(F²), same order. */
  gammaDiag: Float64Array | null;
  /** Per-model influence tables (F generated on demand from them), see scores.ts. */
  scores: CellScores | null;
}
