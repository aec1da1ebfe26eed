// The standard normal distribution. Values come from core-wasm's kernels (Cody 1969 for Φ in both tails,
// Wichura 1988 AS 241 for Φ⁻¹: full double precision); the log scale beyond the range of doubles
// (Φ(x) < 1e-300, |x| > 37) uses the continued fraction of Mills' ratio (Abramowitz & Stegun 26.2.14)
// and Newton steps on log Φ for the quantile.
import { normSf, normQuantile as wasmNormQuantile } from './kernels.js';
import { LN_SQRT_2PI } from './special.js';

/** Standard normal density φ(x) (log φ(x) with logP). */
export function dnorm(x: number, logP = false): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return logP ? -Infinity : 0;
  // −x²/2 with x² split so the rounding of x² is not amplified by exp (as in Cody's tail)
  const x16 = Math.trunc(x * 16) / 16;
  const e = -0.5 * x16 * x16 - 0.5 * (x - x16) * (x + x16);
  if (logP) return e - LN_SQRT_2PI;
  return Math.exp(-0.5 * x16 * x16) * Math.exp(-0.5 * (x - x16) * (x + x16)) * 0.398942280401432677939946059934;
}

/** log of the upper tail Q(y) = 1 − Φ(y) for y > 5 by Mills' ratio: Q(y) = φ(y) / (y + 1/(y + 2/(y + 3/(y + …)))). */
function logUpperFar(y: number): number {
  // modified Lentz on  b0 + a1/(b1 + a2/(b2 + …)) with b_k = y, a_k = k
  const tiny = 1e-300;
  let f = y;
  let c = y;
  let d = 0;
  for (let k = 1; k < 5000; k++) {
    d = y + k * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = y + k / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = c * d;
    f *= del;
    if (Math.abs(del - 1) <= 2.220446049250313e-16) break;
  }
  return dnorm(y, true) - Math.log(f);
}

/** Standard normal CDF: P(Z ≤ x) (lowerTail) or P(Z > x); its log with logP. */
export function pnorm(x: number, lowerTail = true, logP = false): number {
  if (Number.isNaN(x)) return NaN;
  const u = lowerTail ? -x : x; // wanted = Q(u) = P(Z > u), since Φ(x) = Q(−x)
  if (u === Infinity) return logP ? -Infinity : 0;
  if (u === -Infinity) return logP ? 0 : 1;
  if (!logP) return normSf(u);
  if (u > 37) return logUpperFar(u); // Q(u) < 1e-300: beyond the doubles, on the log scale only
  if (u > 0) return Math.log(normSf(u));
  return Math.log1p(-normSf(-u));
}

/** Standard normal quantile: x with P(Z ≤ x) = p (lowerTail) or P(Z > x) = p; p given as log p with logP. */
export function qnorm(p: number, lowerTail = true, logP = false): number {
  if (Number.isNaN(p)) return NaN;
  if (!logP) {
    if (p < 0 || p > 1) return NaN;
    return lowerTail ? wasmNormQuantile(p) : -wasmNormQuantile(p);
  }
  if (p > 0) return NaN;
  if (p === -Infinity) return lowerTail ? -Infinity : Infinity;
  if (p > -700) {
    // exp(p) loses nothing that matters here (relative error ≤ |p|·ε in the probability)
    if (p > -Math.LN2) {
      // probability > ½: use the other tail, 1 − e^p, computed without cancellation
      const other = -Math.expm1(p);
      return lowerTail ? -wasmNormQuantile(other) : wasmNormQuantile(other);
    }
    const v = wasmNormQuantile(Math.exp(p));
    return lowerTail ? v : -v;
  }
  // far tail: solve log Q(y) = p for y > 0 by Newton; the answer is −y (lower) or y (upper)
  const lp = p;
  let y = Math.sqrt(-2 * lp - Math.log(-2 * lp) - Math.log(2 * Math.PI));
  for (let it = 0; it < 50; it++) {
    const f = logUpperFar(y) - lp;
    // d/dy log Q(y) = −φ(y)/Q(y)
    const slope = -Math.exp(dnorm(y, true) - logUpperFar(y));
    const step = f / slope;
    y -= step;
    if (Math.abs(step) <= 1e-15 * y) break;
  }
  return lowerTail ? -y : y;
}
