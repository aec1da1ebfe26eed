// The noncentral χ² distribution as the Poisson mixture of central ones (Johnson, Kotz & Balakrishnan,
// Continuous Univariate Distributions 2, eq. 29.2): with λ = ncp/2 and y = x/2,
//   P(X ≤ x) = Σ_i Pois(i; λ) · P(df/2 + i, y),   P(X > x) = Σ_i Pois(i; λ) · Q(df/2 + i, y),
// summed outward from the Poisson mode (Ding 1992, Appl. Statist. 41:478–482, in spirit) with the
// recurrences P(a + 1, y) = P(a, y) − t(a), Q(a + 1, y) = Q(a, y) + t(a), t(a) = yᵃ e^(−y)/Γ(a + 1), so
// one incomplete gamma is evaluated per call; each direction stops when the Poisson mass it has not
// visited is below 1e-17 (geometric bound on the Poisson tail). Absolute accuracy ~1e-14 for ncp ≤ 1e4.
import { pgamma, pchisq } from './gamma.js';
import { logDpoisRaw } from './special.js';

/**
 * Noncentral χ² distribution function (df degrees of freedom, noncentrality ncp): P(X ≤ x) (lowerTail)
 * or P(X > x), each tail summed directly.
 */
export function pchisqNc(x: number, df: number, ncp: number, lowerTail = true): number {
  if (Number.isNaN(x) || Number.isNaN(df) || Number.isNaN(ncp) || df < 0 || ncp < 0) return NaN;
  if (!(x > 0)) return lowerTail ? 0 : 1;
  if (x === Infinity) return lowerTail ? 1 : 0;
  if (ncp === 0) return pchisq(x, df, lowerTail);
  const lam = ncp / 2;
  const y = x / 2;
  const mode = Math.floor(lam);
  const a0 = df / 2 + mode;
  // the directly computed tail at the mode
  const s0 = pgamma(y, a0, 1, lowerTail);
  const t0 = Math.exp(logDpoisRaw(a0, y)); // y^a e^(−y)/Γ(a + 1)
  const w0 = Math.exp(logDpoisRaw(mode, lam));
  const sign = lowerTail ? -1 : 1; // S(a + 1) = S(a) + sign·t(a)
  let sum = w0 * s0;
  // upward: i = mode + 1, mode + 2, …
  let w = w0;
  let s = s0;
  let t = t0;
  for (let i = mode; i < mode + 10_000_000; i++) {
    const a = df / 2 + i;
    s = Math.min(1, Math.max(0, s + sign * t));
    t *= y / (a + 1);
    w *= lam / (i + 1);
    sum += w * s;
    const r = lam / (i + 2);
    if (r < 1 && (w * r) / (1 - r) < 1e-17) break;
    if (w === 0) break;
  }
  // downward: i = mode − 1, …, 0
  w = w0;
  s = s0;
  t = t0;
  for (let i = mode; i > 0; i--) {
    const a = df / 2 + i;
    t *= a / y; // t(a − 1)
    if (!Number.isFinite(t)) t = 0;
    s = Math.min(1, Math.max(0, s - sign * t));
    w *= i / lam;
    sum += w * s;
    const r = (i - 1) / lam;
    if ((w * r) / (1 - r) < 1e-17) break;
  }
  return Math.min(1, Math.max(0, sum));
}

/** Lower tail P(X ≤ x) of a noncentral χ² (the name the fit indices use). */
export function pchisqNoncentral(x: number, df: number, ncp: number): number {
  return pchisqNc(x, df, ncp, true);
}
