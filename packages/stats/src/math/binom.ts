// The binomial distribution: the density by Loader's saddle-point form (special.ts), the distribution
// function through the incomplete beta, P(X ≤ k) = I_{1−p}(n − k, k + 1) (Abramowitz & Stegun 26.5.24).
import { pbetaRaw } from './beta.js';
import { logDbinomRaw } from './special.js';

function nonInteger(x: number): boolean {
  return Math.abs(x - Math.round(x)) > 1e-7 * Math.max(1, Math.abs(x));
}

/** P(X = k), X ~ Binomial(n, p) (log with logP). */
export function dbinom(k: number, n: number, p: number, logP = false): number {
  if (Number.isNaN(k) || Number.isNaN(n) || Number.isNaN(p)) return NaN;
  if (p < 0 || p > 1 || n < 0 || nonInteger(n)) return NaN;
  if (nonInteger(k) || k < 0 || !Number.isFinite(k)) return logP ? -Infinity : 0;
  const kk = Math.round(k);
  const nn = Math.round(n);
  const l = logDbinomRaw(kk, nn, p, 1 - p);
  return logP ? l : Math.exp(l);
}

/** P(X ≤ k) (lowerTail) or P(X > k), X ~ Binomial(n, p); log with logP. */
export function pbinom(k: number, n: number, p: number, lowerTail = true, logP = false): number {
  if (Number.isNaN(k) || Number.isNaN(n) || Number.isNaN(p)) return NaN;
  if (p < 0 || p > 1 || n < 0 || nonInteger(n)) return NaN;
  const nn = Math.round(n);
  const kk = Math.floor(k + 1e-7);
  const zero = logP ? -Infinity : 0;
  const one = logP ? 0 : 1;
  if (kk < 0) return lowerTail ? zero : one;
  if (kk >= nn) return lowerTail ? one : zero;
  // P(X ≤ k) = P(Beta(k+1, n−k) > p)
  return pbetaRaw(p, 1 - p, kk + 1, nn - kk, !lowerTail, logP);
}
