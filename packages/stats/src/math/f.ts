// The F distribution through the incomplete beta (Abramowitz & Stegun 26.6.2): with u = d1·x,
// P(F ≤ x) = I_w(d1/2, d2/2), w = u/(u + d2), 1 − w = d2/(u + d2) passed separately; χ² limits for an infinite df.
import { pbetaRaw, qbetaLogit } from './beta.js';
import { pchisq, qchisq } from './gamma.js';

/** F distribution function with (d1, d2) degrees of freedom: P(F ≤ x) (lowerTail) or P(F > x); log with logP. */
export function pf(x: number, d1: number, d2: number, lowerTail = true, logP = false): number {
  if (Number.isNaN(x) || Number.isNaN(d1) || Number.isNaN(d2) || !(d1 > 0) || !(d2 > 0)) return NaN;
  const zero = logP ? -Infinity : 0;
  const one = logP ? 0 : 1;
  if (x <= 0) return lowerTail ? zero : one;
  if (x === Infinity) return lowerTail ? one : zero;
  if (d1 === Infinity && d2 === Infinity) return x < 1 ? (lowerTail ? zero : one) : lowerTail ? one : zero;
  if (d2 === Infinity) return pchisq(x * d1, d1, lowerTail, logP);
  if (d1 === Infinity) return pchisq(d2 / x, d2, !lowerTail, logP);
  const u = d1 * x;
  return pbetaRaw(u / (u + d2), d2 / (u + d2), d1 / 2, d2 / 2, lowerTail, logP);
}

/** F quantile. */
export function qf(p: number, d1: number, d2: number, lowerTail = true, logP = false): number {
  if (Number.isNaN(p) || !(d1 > 0) || !(d2 > 0)) return NaN;
  if (d2 === Infinity) return qchisq(p, d1, lowerTail, logP) / d1;
  if (d1 === Infinity) return d2 / qchisq(p, d2, !lowerTail, logP);
  const v = qbetaLogit(p, d1 / 2, d2 / 2, lowerTail, logP); // logit of w = d1 x/(d1 x + d2)
  return (d2 / d1) * Math.exp(v);
}
