// Student's t distribution through the incomplete beta: P(T > |t|) = ½ I_x(ν/2, ½) with x = ν/(ν + t²) and
// 1 − x = t²/(ν + t²) passed separately (Abramowitz & Stegun 26.7.1 / 26.5.27); beyond |t|/√ν ≈ 1e50 the
// leading term of the tail, I_x ≈ x^(ν/2)/((ν/2) B(ν/2, ½)) (A&S 26.5.4's first term). Quantiles invert the
// same incomplete beta (beta.ts: qbetaLogit), |t| = √ν · e^(−v/2) from the logit v of x.
import { pbetaRaw, qbetaLogit } from './beta.js';
import { pnorm, qnorm } from './normal.js';
import { log1mexp, logBeta } from './special.js';

/** log P(T > |t|) for finite t and finite ν > 0. */
function logHalfTail(t: number, df: number): number {
  const at = Math.abs(t);
  if (at === 0) return -Math.LN2;
  const r = at / Math.sqrt(df);
  if (r > 1e50) {
    // log I_x with x ≈ ν/t²: (ν/2) log(ν/t²) − log B(ν/2, ½) − log(ν/2)
    const lI = 0.5 * df * (Math.log(df) - 2 * Math.log(at)) - logBeta(0.5 * df, 0.5) - Math.log(0.5 * df);
    return lI - Math.LN2;
  }
  const t2 = at * at;
  const x = df / (df + t2);
  const y = t2 / (df + t2);
  return pbetaRaw(x, y, 0.5 * df, 0.5, true, true) - Math.LN2;
}

/** Student t distribution function with df degrees of freedom: P(T ≤ t) (lowerTail) or P(T > t); log with logP. */
export function pt(t: number, df: number, lowerTail = true, logP = false): number {
  if (Number.isNaN(t) || Number.isNaN(df) || !(df > 0)) return NaN;
  if (df === Infinity) return pnorm(t, lowerTail, logP);
  if (!Number.isFinite(t)) {
    const one = (t < 0) !== lowerTail; // lower tail at +∞, upper at −∞
    return one ? (logP ? 0 : 1) : logP ? -Infinity : 0;
  }
  const lh = logHalfTail(t, df);
  // the half tail is the wanted probability when (t < 0) matches the lower tail
  const small = t < 0 === lowerTail || t === 0;
  if (small) return logP ? lh : Math.exp(lh);
  return logP ? log1mexp(lh) : -Math.expm1(lh);
}

/** Two-sided p-value 2·P(T > |t|); df = ∞ gives the normal one. */
export function tTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df)) return NaN;
  if (!Number.isFinite(t)) return 0;
  if (!(df > 0)) return NaN;
  if (df === Infinity) return Math.min(1, 2 * pnorm(-Math.abs(t)));
  return Math.min(1, Math.exp(logHalfTail(t, df) + Math.LN2));
}

/** Student t density (log with logP). */
export function dt(t: number, df: number, logP = false): number {
  if (Number.isNaN(t) || Number.isNaN(df) || !(df > 0)) return NaN;
  if (df === Infinity) {
    const l = -0.5 * t * t - 0.918938533204672741780329736406;
    return logP ? l : Math.exp(l);
  }
  if (!Number.isFinite(t)) return logP ? -Infinity : 0;
  const l = -0.5 * (df + 1) * Math.log1p((t / df) * t) - 0.5 * Math.log(df) - logBeta(0.5 * df, 0.5);
  return logP ? l : Math.exp(l);
}

/** Student t quantile: t with P(T ≤ t) = p (lowerTail) or P(T > t) = p; p as its log with logP. */
export function qt(p: number, df: number, lowerTail = true, logP = false): number {
  if (Number.isNaN(p) || Number.isNaN(df) || !(df > 0)) return NaN;
  if (df === Infinity) return qnorm(p, lowerTail, logP);
  // L = log of the smaller tail, and the sign of the answer
  let L: number;
  let negative: boolean; // answer < 0
  if (logP) {
    if (p > 0) return NaN;
    if (p < -Math.LN2) {
      L = p;
      negative = lowerTail;
    } else {
      L = log1mexp(p);
      negative = !lowerTail;
    }
  } else {
    if (p < 0 || p > 1) return NaN;
    if (p < 0.5) {
      L = Math.log(p);
      negative = lowerTail;
    } else {
      L = Math.log1p(-p); // 1 − p exact for p ≥ ½
      negative = !lowerTail;
    }
  }
  if (L === -Infinity) return negative ? -Infinity : Infinity;
  // far tail: invert the leading term of the tail (see logHalfTail) when it is exact to double precision,
  // i.e. ν/t² < 1e-17 (t beyond what the logit of x = ν/(ν + t²) can hold for ν < 1)
  const logAt = (0.5 * df * Math.log(df) - logBeta(0.5 * df, 0.5) - Math.log(0.5 * df) - (L + Math.LN2)) / df;
  if (Math.log(df) - 2 * logAt < Math.log(1e-17)) return negative ? -Math.exp(logAt) : Math.exp(logAt);
  // ½ I_x(ν/2, ½) = e^L  ⇒  I_x = e^(L + log 2)
  const v = qbetaLogit(Math.min(0, L + Math.LN2), 0.5 * df, 0.5, true, true);
  const at = v === Infinity ? 0 : Math.sqrt(df) * Math.exp(-0.5 * v);
  return negative ? -at : at;
}

/** Two-sided critical value: t with P(|T| > t) = alpha. */
export function qtTwoSided(alpha: number, df: number): number {
  return qt(alpha / 2, df, false);
}
