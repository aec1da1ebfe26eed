// Combining slope estimates. Rubin's rules over plausible-value sets (Rubin 1987, "Multiple
// Imputation for Nonresponse in Surveys", ch. 3) with the Barnard & Rubin (1999, Biometrika
// 86:948–955) small-sample degrees of freedom; and the slope reliability across perturbations of the
// analysis: R = β̄² / (β̄² + s²), β̄ the inverse-variance pooled slope, s² the variance of the slope
// across perturbations plus its mean squared standard error (Hardy et al., "AI Cartography").
import { tTwoSided } from '../math/index.js';

export interface PooledEstimate {
  estimate: number;
  se: number;
  df: number;
  lo: number;
  hi: number;
  /** Within- and between-set variance, fraction of missing information (λ). */
  within: number;
  between: number;
  fmi: number;
  m: number;
}

/** Two-sided t quantile: t with P(|T| > t) = alpha on df degrees of freedom (bisection on tTwoSided). */
export function tQuantileTwoSided(alpha: number, df: number): number {
  if (!(df > 0)) return NaN;
  if (!Number.isFinite(df) || df > 1e7) df = 1e7;
  let lo = 0;
  let hi = 1;
  while (tTwoSided(hi, df) > alpha) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tTwoSided(mid, df) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Rubin's rules for M estimates with their SEs; `dfComplete` the complete-data df (e.g. the
 * Satterthwaite df of the mixed model; Infinity for a normal reference).
 */
export function rubin(estimates: readonly number[], ses: readonly number[], dfComplete: number, level = 0.95): PooledEstimate {
  const m = estimates.length;
  if (m < 1 || ses.length !== m) throw new RangeError('rubin: need one SE per estimate and at least one estimate');
  const qbar = estimates.reduce((a, b) => a + b, 0) / m;
  const W = ses.reduce((a, s) => a + s * s, 0) / m;
  const B = m > 1 ? estimates.reduce((a, q) => a + (q - qbar) ** 2, 0) / (m - 1) : 0;
  const T = W + (1 + 1 / m) * B;
  const lambda = T > 0 ? ((1 + 1 / m) * B) / T : 0;
  let df: number;
  const vcom = Number.isFinite(dfComplete) && dfComplete > 0 ? dfComplete : 1e7;
  const vobs = ((vcom + 1) / (vcom + 3)) * vcom * (1 - lambda);
  if (m > 1 && lambda > 0) {
    const vold = (m - 1) / (lambda * lambda);
    df = 1 / (1 / vold + 1 / vobs);
  } else df = vobs;
  const t = tQuantileTwoSided(1 - level, df);
  const se = Math.sqrt(T);
  return { estimate: qbar, se, df, lo: qbar - t * se, hi: qbar + t * se, within: W, between: B, fmi: lambda, m };
}

export interface SlopeReliability {
  /** Inverse-variance pooled slope β̄. */
  pooled: number;
  /** Variance of the slope across perturbations (n − 1 divisor). */
  varianceAcross: number;
  /** Mean squared standard error. */
  meanSe2: number;
  /** s² = varianceAcross + meanSe2. */
  s2: number;
  reliability: number;
  n: number;
}

export function slopeReliability(estimates: readonly number[], ses: readonly number[]): SlopeReliability {
  const n = estimates.length;
  if (n < 2 || ses.length !== n) throw new RangeError('slopeReliability: need at least two perturbations, each with an SE');
  let sw = 0;
  let swb = 0;
  for (let i = 0; i < n; i++) {
    const w = 1 / (ses[i]! * ses[i]!);
    sw += w;
    swb += w * estimates[i]!;
  }
  const pooled = swb / sw;
  const mean = estimates.reduce((a, b) => a + b, 0) / n;
  const varianceAcross = estimates.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const meanSe2 = ses.reduce((a, s) => a + s * s, 0) / n;
  const s2 = varianceAcross + meanSe2;
  return { pooled, varianceAcross, meanSe2, s2, reliability: (pooled * pooled) / (pooled * pooled + s2), n };
}
