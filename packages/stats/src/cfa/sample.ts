// Stage: sample statistics for the CFA from kernels-tetra's `tetrachoric` (lavaan's two-step
// thresholds and tetrachorics, per-model influence tables F and DWLS weights), with the missing-data
// rule of lavaan's WLSMV: listwise deletion by default, pairwise on request (missing = "pairwise").
import type { ResponseMatrix } from '../data/leaderboard.js';
import { tetrachoric } from '../tetrachoric/index.js';
import type { TetrachoricResult } from '../tetrachoric/index.js';
import type { CfaSampleStats } from './data.js';
import { symEigen } from '@cartograph/core-wasm';

export interface CfaSampleOptions {
  missing?: 'listwise' | 'pairwise';
}

export interface CfaDataDiagnostics {
  missing: 'listwise' | 'pairwise';
  models_used: number;
  models_dropped: number;
  /** Smallest eigenvalue of the tetrachoric matrix (≤ 0: not positive definite). */
  min_eigenvalue: number;
  not_positive_definite: boolean;
  /** When not positive definite: the items that weigh most in the eigenvector of the smallest eigenvalue. */
  npd_items: { item: string; weight: number }[];
  /** Pairs whose 2×2 table has an empty cell (lavaan adds 0.5 keeping the margins). */
  empty_cell_pairs: { item1: string; item2: string; counts: [number, number, number, number]; rho: number }[];
  /** Pairs with |ρ| near 1. */
  near_one_pairs: { item1: string; item2: string; rho: number }[];
  /** Pairs without an estimate (no common models / no convergence). */
  failed_pairs: { item1: string; item2: string }[];
}

export function cfaSampleStats(resp: ResponseMatrix, itemIds: readonly string[], opts: CfaSampleOptions = {}): { stats: CfaSampleStats; diagnostics: CfaDataDiagnostics; tetra: TetrachoricResult } {
  const missing = opts.missing ?? 'listwise';
  const t = tetrachoric(resp, { itemIds, missing, scores: true });
  if (t.weights === null || t.scores === null) throw new Error('cfa: the tetrachoric stage returned no DWLS weights / influence tables');
  const pr = (p: { itemI: string; itemJ: string }) => ({ item1: p.itemJ, item2: p.itemI });
  const diagnostics: CfaDataDiagnostics = {
    missing,
    models_used: t.nModels,
    models_dropped: t.modelsDropped,
    min_eigenvalue: t.minEigenvalue,
    not_positive_definite: !(t.minEigenvalue > 0),
    npd_items: t.minEigenvalue > 0 ? [] : npdItems(t),
    empty_cell_pairs: t.emptyCellPairs.map((p) => ({ ...pr(p), counts: p.counts, rho: p.rho })),
    near_one_pairs: t.nearOnePairs.map((p) => ({ ...pr(p), rho: p.rho })),
    failed_pairs: t.failedPairs.map(pr),
  };
  const stats: CfaSampleStats = { items: [...t.items], nobs: t.nModels, thresholds: t.thresholds, rho: t.rho, weights: t.weights, scores: t.scores };
  return { stats, diagnostics, tetra: t };
}

/** Items with the largest |weight| (≥ 0.1, at most 8) in the eigenvector of the smallest eigenvalue. */
function npdItems(t: TetrachoricResult): { item: string; weight: number }[] {
  const J = t.nItems;
  const { vectors } = symEigen(t.correlation, J);
  const v = t.items.map((item, i) => ({ item, weight: vectors[i * J]! }));
  return v.filter((x) => Math.abs(x.weight) >= 0.1).sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, 8);
}
