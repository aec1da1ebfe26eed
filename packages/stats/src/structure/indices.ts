// Fit indices as lavaan 0.6 computes them (lav_fit_cfi, lav_fit_tli, lav_fit_rmsea, lav_fit_rmsea_ci,
// lav_fit_srmr). "Robust" versions follow Brosseau-Liard, Savalei & Li (2012) and Brosseau-Liard &
// Savalei (2014): the ML statistic T with the scaling factor c of the Yuan–Bentler test,
//   CFI_r  = 1 − max(T − c·df, 0) / max(T − c·df, T₀ − c₀·df₀, 0)
//   TLI_r  = 1 − (T − c·df)·df₀ / ((T₀ − c₀·df₀)·df)
//   RMSEA_r = √max(T/(N·df) − c/N, 0), 90 % interval √(c·λ/(N·df)) with λ solving
//             P(χ²_df(λ) ≤ T/c) = 0.95 (lower) and 0.05 (upper).
import { pchisq, pchisqNoncentral } from '../math/index.js';

export function cfi(x2: number, df: number, x2Null: number, dfNull: number, c = 1, cNull = 1): number {
  const robust = df > 0 && c !== 1 && cNull !== 1;
  const cc = robust ? c : 1;
  const c0 = robust ? cNull : 1;
  const t1 = Math.max(x2 - cc * df, 0);
  const t2 = Math.max(x2 - cc * df, x2Null - c0 * dfNull, 0);
  if (Math.abs(t1) < 1.5e-8 && Math.abs(t2) < 1.5e-8) return 1;
  return 1 - t1 / t2;
}

export function tli(x2: number, df: number, x2Null: number, dfNull: number, c = 1, cNull = 1): number {
  const robust = df > 0 && c !== 1 && cNull !== 1;
  const cc = robust ? c : 1;
  const c0 = robust ? cNull : 1;
  const t1 = (x2 - cc * df) * dfNull;
  const t2 = (x2Null - c0 * dfNull) * df;
  if (df > 0 && Math.abs(t2) > 0) return 1 - t1 / t2;
  return 1;
}

export function rmsea(x2: number, df: number, n: number, c = 1): number {
  if (!(df > 0)) return 0;
  return Math.sqrt(Math.max(x2 / n / df - c / n, 0));
}

/** Root in [lo, hi] of a monotone function by bisection to machine precision (uniroot's answers differ below its tolerance 1.2e-4 of the bracket, hence the golden tolerance). */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  let flo = f(lo);
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    const fm = f(mid);
    if (fm === 0) return mid;
    if (Math.sign(fm) === Math.sign(flo)) {
      lo = mid;
      flo = fm;
    } else hi = mid;
    if (hi - lo <= 1e-12 * Math.max(1, Math.abs(hi))) break;
  }
  return 0.5 * (lo + hi);
}

/** lavaan's lav_fit_rmsea_ci: x2 is the (scaled) statistic, c multiplies λ. */
export function rmseaCi(x2: number, df: number, n: number, c = 1, level = 0.9): { lower: number; upper: number } {
  if (!Number.isFinite(x2) || !(df >= 1)) return { lower: NaN, upper: NaN };
  const upperPerc = 1 - (1 - level) / 2;
  const lowerPerc = (1 - level) / 2;
  const lowerFn = (l: number): number => pchisqNoncentral(x2, df, l) - upperPerc;
  const upperFn = (l: number): number => pchisqNoncentral(x2, df, l) - lowerPerc;
  let lower = 0;
  if (lowerFn(0) >= 0) lower = Math.sqrt((c * bisect(lowerFn, 0, x2)) / (n * df));
  const nr = Math.max(n, x2 * 4);
  let upper = 0;
  if (!(upperFn(nr) > 0 || upperFn(0) < 0)) upper = Math.sqrt((c * bisect(upperFn, 0, nr)) / (n * df));
  return { lower, upper };
}

export function pvalueChisq(x2: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(x2)) return NaN;
  return pchisq(x2, df, false);
}

/**
 * SRMR (lavaan's srmr_bentler): residuals (s_ij − σ̂_ij)/√(s_ii s_jj) over the lower triangle with the
 * diagonal, divided by p(p+1)/2 — plus p zero mean residuals in the count when the mean structure is part
 * of the model (lavaan's clustered fits; its unclustered MLR and ML fits have none).
 */
export function srmr(sample: Float64Array, implied: Float64Array, p: number, withMeans: boolean): number {
  let ss = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) {
    const r = (sample[i * p + j]! - implied[i * p + j]!) / Math.sqrt(sample[i * p + i]! * sample[j * p + j]!);
    ss += r * r;
  }
  const count = (p * (p + 1)) / 2 + (withMeans ? p : 0);
  return Math.sqrt(ss / count);
}
