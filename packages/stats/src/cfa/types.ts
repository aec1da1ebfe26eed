// Types shared by the cfa stages and its callers: the sample statistics a fit reads, the data-only
// robust terms, progress reports.
import type { CellScores as TetraCellScores } from '../tetrachoric/index.js';


/** One progress report (the house convention, packages/stats/src/util/progress.ts): a stage, optionally done of total, and a note. */
export interface CfaProgress {
  stage: string;
  done?: number;
  total?: number;
  message?: string;
}

/** The part of the tetrachoric stage's per-model influence tables (tetrachoric/scores.ts) the CFA reads. */
export type CellScores = Pick<TetraCellScores, 'nobs' | 'nItems' | 'codes' | 'th' | 'pair'>;

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
  /** Which side the O(N²) / O(p*²) algebra runs on: 'N' (A = F W F′, N × N) when N ≤ p*, else 'p' (F′F, p* × p*). */
  side: 'N' | 'p';
  /** Σ_j w_j‖F_j‖² over thresholds and Σ_k w_k‖F_k‖² over correlations. */
  sumWF2Th: number;
  sumWF2Corr: number;
  /** N side: A = F W F′, N × N row-major (else empty). */
  a: Float64Array;
  /** p side: F′F, p* × p* row-major (else empty); Γ = N·F′F. */
  ftf: Float64Array;
  normA2: number;
  normACorr2: number;
  /** N side: Σ_j w_j F_j′ A F_j over the threshold columns — the thresholds' (structure-free) share of tr(E⁻¹G′AG). */
  thAth: number;
}

