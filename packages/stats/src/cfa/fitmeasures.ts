// Stages: the scaled-shifted test (Asparouhov & Muthén 2010; lavaan test = "scaled.shifted", the WLSMV
// default) and the fit indices (lavaan's lav_fit_cfi / lav_fit_rmsea / lav_fit_srmr, 0.6.14 conventions:
// scaled indices from the scaled-shifted statistics of the model and of the baseline; for categorical
// data SRMR is the root mean square of the correlation residuals, thresholds excluded).
import { pchisqNoncentral, pchisqUpper } from '../math/index.js';

export interface ScaledTest {
  chisq: number;
  df: number;
  pvalue: number;
  chisqScaled: number;
  pvalueScaled: number;
  scalingFactor: number;
  shift: number;
}

/** T_s = a·T + (df − a·tr(UΓ)), a = √(df / tr((UΓ)²)). */
export function scaledShifted(chisq: number, df: number, trUG: number, trUG2: number): ScaledTest {
  const a = Math.sqrt(df / trUG2);
  const shift = df - a * trUG;
  const chisqScaled = a * chisq + shift;
  return { chisq, df, pvalue: pchisqUpper(chisq, df), chisqScaled, pvalueScaled: pchisqUpper(chisqScaled, df), scalingFactor: 1 / a, shift };
}

export interface FitMeasures {
  chisq: number;
  df: number;
  pvalue: number;
  chisq_scaled: number;
  pvalue_scaled: number;
  scaling_factor: number;
  shift: number;
  baseline_chisq: number;
  baseline_df: number;
  baseline_chisq_scaled: number;
  cfi: number;
  tli: number;
  rmsea: number;
  rmsea_ci_lower: number;
  rmsea_ci_upper: number;
  cfi_scaled: number;
  tli_scaled: number;
  rmsea_scaled: number;
  rmsea_ci_lower_scaled: number;
  rmsea_ci_upper_scaled: number;
  srmr: number;
  wrmr: number;
}

export function cfi(t: number, df: number, tb: number, dfb: number): number {
  const num = Math.max(t - df, 0);
  const den = Math.max(t - df, tb - dfb, 0);
  return den === 0 ? 1 : 1 - num / den;
}

export function tli(t: number, df: number, tb: number, dfb: number): number {
  return df > 0 ? (tb / dfb - t / df) / (tb / dfb - 1) : 1;
}

/** RMSEA = √(max((T − df) / (n·df), 0)); lavaan 0.6.14 passes n = N − 1. */
export function rmsea(t: number, df: number, n: number): number {
  return df > 0 ? Math.sqrt(Math.max((t - df) / (n * df), 0)) : 0;
}

/** 90 % interval (lavaan's lav_fit_rmsea_ci, n = N − 1): ncp with P(χ²_df(ncp) ≤ T) = 0.95 (lower) and 0.05 (upper); rmsea = √(ncp / (n·df)). */
export function rmseaInterval(t: number, df: number, n: number): [number, number] {
  if (!(df > 0)) return [0, 0];
  const solve = (target: number): number => {
    if (pchisqNoncentral(t, df, 0) < target) return 0;
    let lo = 0;
    let hi = Math.max(t, 1);
    while (pchisqNoncentral(t, df, hi) > target) hi *= 2;
    for (let it = 0; it < 200 && hi - lo > 1e-10 * Math.max(1, hi); it++) {
      const mid = (lo + hi) / 2;
      if (pchisqNoncentral(t, df, mid) > target) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  return [Math.sqrt(solve(0.95) / (n * df)), Math.sqrt(solve(0.05) / (n * df))];
}
