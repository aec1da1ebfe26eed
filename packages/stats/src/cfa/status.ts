// Stage: one status per fit (issue 14), in cfa.json, the terminal table and every robustness study.
//   admissible      converged, identified, every residual variance > 0 and the factor covariance PD
//   heywood         converged to an improper solution: residual variance ≤ 0 (|std. loading| ≥ 1) or a
//                   factor covariance matrix that is not positive definite — the items/factors involved
//   boundary        (admissible mode) converged with a constraint active: a residual variance, a
//                   disturbance variance or an eigenvalue of Ψ at 0 — admissible, but on the edge
//   not_converged   the optimizer stopped without meeting its criterion (no estimates are reported)
//   not_identified  the information matrix Δ′WΔ is singular at the optimum (no SEs, no test)
import type { HeywoodReport } from './standardized.js';

export const FIT_STATUSES = ['admissible', 'heywood', 'boundary', 'not_converged', 'not_identified'] as const;
export type FitStatus = (typeof FIT_STATUSES)[number];

/** Items and factors behind a heywood or boundary status (empty otherwise). */
export interface StatusInvolved {
  items: string[];
  factors: string[];
}

/** Status of an ordinary (unconstrained) converged fit from its Heywood diagnostics. */
export function heywoodStatus(h: HeywoodReport, covarianceFactors: string[]): { status: FitStatus; reason: string; involved: StatusInvolved } {
  if (!h.any) return { status: 'admissible', reason: 'converged; every residual variance positive and the factor covariance matrix positive definite', involved: { items: [], factors: [] } };
  const items = [...new Set([...h.negative_residual_variances.map((r) => r.item), ...h.std_loadings_ge_1.map((r) => r.item)])];
  const factors = [...new Set([...h.std_loadings_ge_1.map((r) => r.factor), ...(h.factor_covariance_not_pd ? covarianceFactors : [])])];
  const parts: string[] = [];
  if (h.negative_residual_variances.length) {
    const worst = [...h.negative_residual_variances].sort((a, b) => a.residual_variance - b.residual_variance)[0]!;
    parts.push(`${h.negative_residual_variances.length} item${h.negative_residual_variances.length > 1 ? 's' : ''} with residual variance ≤ 0 (smallest: '${worst.item}' ${worst.residual_variance.toFixed(4)})`);
  }
  const otherBig = h.std_loadings_ge_1.filter((r) => !h.negative_residual_variances.some((n) => n.item === r.item));
  if (otherBig.length) parts.push(`${otherBig.length} standardized loading${otherBig.length > 1 ? 's' : ''} ≥ 1 (${otherBig.slice(0, 3).map((r) => `${r.factor}=~${r.item} ${r.std_all.toFixed(2)}`).join(', ')}${otherBig.length > 3 ? ', …' : ''})`);
  if (h.factor_covariance_not_pd) parts.push(`factor covariance matrix not positive definite (smallest eigenvalue ${h.factor_covariance_min_eigenvalue.toFixed(4)})`);
  return { status: 'heywood', reason: `Heywood case: ${parts.join('; ')} — an improper solution; refit with the admissibility constraints to get an admissible one`, involved: { items, factors } };
}
