// Binomial intervals and minimum meaningful differences for `describe`.
//
// Wilson score interval (Wilson 1927, JASA 22:209–212) — the interval R's
// prop.test(x, n, correct = FALSE)$conf.int reports:
//   centre = (p̂ + z²/2n) / (1 + z²/n),  half-width = z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n),  z = Φ⁻¹(1 − α/2).
//
// Minimum meaningful difference (MMD): the smallest accuracy gap d between two models that a two-sided
// level-α test calls significant.
// - Independent proportions, both at accuracy p on n items each: the pooled two-proportion z-test
//   (= prop.test(c(x1, x2), c(n, n), correct = FALSE), whose pooled estimate is p when the two accuracies
//   are p ∓ d/2) rejects when |d| > z·√(2p(1−p)/n), so MMD = z·√(2p(1−p)/n).
// - Paired (same n items): McNemar's test without continuity correction (= mcnemar.test(correct = FALSE)),
//   statistic (b − c)²/(b + c) with b, c the discordant counts; with discordance rate δ = (b + c)/n and
//   d = (b − c)/n it rejects when |d| > z·√(δ/n), so MMD = z·√(δ/n).
import { normQuantile } from '@cartograph/core-wasm';

/** Two-sided critical value z = Φ⁻¹(1 − α/2) (1.959964 for α = 0.05). */
export function zCritical(alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  return normQuantile(1 - alpha / 2);
}

export interface Interval {
  lo: number;
  hi: number;
}

/** Wilson score interval for x successes in n trials (x may be fractional when it comes from a score × n). */
export function wilsonInterval(x: number, n: number, alpha = 0.05): Interval {
  if (!(n > 0)) throw new RangeError(`wilsonInterval: n must be positive, got ${n}`);
  if (!(x >= 0 && x <= n)) throw new RangeError(`wilsonInterval: x must be in [0, n], got ${x} of ${n}`);
  const z = zCritical(alpha);
  const p = x / n;
  const z2n = (z * z) / n;
  const denom = 1 + z2n;
  const centre = (p + z2n / 2) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/** MMD for two independent proportions at accuracy p on n items each (pooled z-test). */
export function mmdIndependent(p: number, n: number, alpha = 0.05): number {
  if (!(n > 0)) throw new RangeError(`mmdIndependent: n must be positive, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`mmdIndependent: p must be in [0, 1], got ${p}`);
  return zCritical(alpha) * Math.sqrt((2 * p * (1 - p)) / n);
}

/** MMD for two models on the same n items that disagree on a share δ of them (McNemar). */
export function mmdPaired(discordance: number, n: number, alpha = 0.05): number {
  if (!(n > 0)) throw new RangeError(`mmdPaired: n must be positive, got ${n}`);
  if (!(discordance >= 0 && discordance <= 1)) throw new RangeError(`mmdPaired: discordance must be in [0, 1], got ${discordance}`);
  return zCritical(alpha) * Math.sqrt(discordance / n);
}
