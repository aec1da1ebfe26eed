// The gamma and χ² distributions: the regularized incomplete gamma function P(a, x) = γ(a, x)/Γ(a) and
// Q(a, x) = 1 − P(a, x), both tails computed directly where they are small, their logs, and quantiles.
//
// Branches (every one is covered by the R grid in test/fixtures/math/):
// - a < 1, x ≤ 1: the alternating series γ(a, x) = Σ_n (−1)ⁿ x^(a+n) / (n! (a + n)) (Abramowitz & Stegun
//   6.5.29), written as P = x^a/Γ(1+a)·(1 + T) and Q = −expm1(a log x − log Γ(1+a)) − x^a/Γ(1+a)·T, so Q keeps
//   its relative accuracy when P ≈ 1.
// - x < a + 1: the series P(a, x) = x^a e^(−x)/Γ(a + 1) · Σ_n xⁿ / ((a+1)…(a+n)) (A&S 6.5.4 / 6.5.29,
//   Numerical Recipes 3rd ed. §6.2).
// - x ≥ a + 1: Legendre's continued fraction for Q (A&S 6.5.31), evaluated by the modified Lentz method
//   (Press et al. §5.2), stopped when a factor is within one ulp of 1.
// The common prefactor x^a e^(−x)/Γ(a + 1) is Loader's saddle-point form (special.ts: logDpoisRaw), which
// does not lose digits to the cancellation of a·log x − x − log Γ(a + 1) at large a.
// (The former cfa/distributions.ts compared x with df/2 + 1 instead of x/2 with df/2 + 1 and ran its
// continued fraction to a 1e-16 tolerance it could not reach: p-values of −3.9e-78 and 1.058 followed.)
import { qnorm } from './normal.js';
import { newtonSafeguarded } from './solve.js';
import { DBL_EPSILON, lgamma1p, log1mexp, logDpoisRaw, logGamma, smallerTail } from './special.js';

const MAX_ITER = 1_000_000;

/** Result of one tail computed directly: log of the value, and which tail it is. */
interface TailLog {
  /** log of the directly computed tail probability */
  log: number;
  lower: boolean;
}

function convertTail(t: TailLog, lowerTail: boolean, logP: boolean): number {
  if (t.lower === lowerTail) return logP ? t.log : Math.exp(t.log);
  // the complement of the computed tail
  return logP ? log1mexp(t.log) : -Math.expm1(t.log);
}

/** a < 1, x ≤ 1 (see the header): the wanted tail, on the wanted scale. */
function smallA(a: number, x: number, lowerTail: boolean, logP: boolean): number {
  // T = Σ_{n≥1} (−1)ⁿ a xⁿ / (n! (a + n))
  let term = 1; // (−1)ⁿ xⁿ / n!
  let T = 0;
  for (let n = 1; n < 1000; n++) {
    term *= -x / n;
    const add = (a * term) / (a + n);
    T += add;
    if (Math.abs(add) <= DBL_EPSILON * 1e-3 * Math.abs(T)) break;
  }
  const lxa = a * Math.log(x) - lgamma1p(a); // log(x^a / Γ(1 + a))
  const xa = Math.exp(lxa);
  const P = xa * (1 + T);
  if (lowerTail) return logP ? lxa + Math.log1p(T) : P;
  // Q = (1 − xa) − xa·T
  const Q = -Math.expm1(lxa) - xa * T;
  return logP ? (Q > 0.5 ? Math.log1p(-P) : Math.log(Q)) : Q;
}

/** Series branch: log P(a, x). */
function logLowerSeries(a: number, x: number): number {
  let sum = 1;
  let term = 1;
  for (let n = 1; n < MAX_ITER; n++) {
    term *= x / (a + n);
    sum += term;
    if (term <= sum * DBL_EPSILON * 0.25) break;
  }
  return logDpoisRaw(a, x) + Math.log(sum);
}

/** Continued-fraction branch: log Q(a, x), x ≥ a + 1. */
function logUpperCf(a: number, x: number): number {
  // Q = x^a e^(−x)/Γ(a) · 1/(x+1−a− 1(1−a)/(x+3−a− 2(2−a)/(x+5−a− …)))  (modified Lentz)
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= DBL_EPSILON) break;
  }
  // x^a e^(−x)/Γ(a) = a · x^a e^(−x)/Γ(a + 1)
  return Math.log(a) + logDpoisRaw(a, x) + Math.log(h);
}

/**
 * Regularized incomplete gamma: P(X ≤ x) for X ~ Gamma(shape, scale) (lowerTail), or P(X > x);
 * the log of it with logP.
 */
export function pgamma(x: number, shape: number, scale = 1, lowerTail = true, logP = false): number {
  if (Number.isNaN(x) || Number.isNaN(shape) || Number.isNaN(scale)) return NaN;
  if (shape < 0 || !(scale > 0)) return NaN;
  const y = x / scale;
  const zero = logP ? -Infinity : 0;
  const one = logP ? 0 : 1;
  if (y <= 0) return lowerTail ? zero : one;
  if (y === Infinity) return lowerTail ? one : zero;
  if (shape === 0) return lowerTail ? one : zero; // point mass at 0
  if (shape === Infinity) return lowerTail ? zero : one;
  const a = shape;
  if (a < 1 && y <= 1) return smallA(a, y, lowerTail, logP);
  if (y < a + 1) return convertTail({ log: logLowerSeries(a, y), lower: true }, lowerTail, logP);
  return convertTail({ log: logUpperCf(a, y), lower: false }, lowerTail, logP);
}

/** Lower regularized incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  return pgamma(x, a, 1, true, false);
}
/** Upper regularized incomplete gamma Q(a, x) = 1 − P(a, x), computed directly. */
export function gammaQ(a: number, x: number): number {
  return pgamma(x, a, 1, false, false);
}

/** Gamma density (its log with logP). */
export function dgamma(x: number, shape: number, scale = 1, logP = false): number {
  if (Number.isNaN(x) || Number.isNaN(shape) || Number.isNaN(scale)) return NaN;
  if (x < 0) return logP ? -Infinity : 0;
  const y = x / scale;
  let l: number;
  if (y === 0) {
    if (shape < 1) return logP ? Infinity : Infinity;
    l = shape === 1 ? 0 : -Infinity;
    l -= Math.log(scale);
  } else if (shape < 1) {
    // a·dpois(a, y)/y would divide by a tiny y; x^(a−1) e^(−y)/Γ(a) directly
    l = (shape - 1) * Math.log(y) - y - logGamma(shape) - Math.log(scale);
  } else l = logDpoisRaw(shape - 1, y) - Math.log(scale);
  return logP ? l : Math.exp(l);
}

/** χ² distribution function with df degrees of freedom (both tails, log scale): pgamma(x/2, df/2). */
export function pchisq(x: number, df: number, lowerTail = true, logP = false): number {
  return pgamma(x / 2, df / 2, 1, lowerTail, logP);
}

/** Upper tail P(X > x) of a central χ² with df degrees of freedom, in [0, 1]. */
export function pchisqUpper(x: number, df: number): number {
  return pchisq(x, df, false, false);
}

/** χ² density. */
export function dchisq(x: number, df: number, logP = false): number {
  const l = dgamma(x, df / 2, 2, true);
  return logP ? l : Math.exp(l);
}

/**
 * Gamma quantile: x with P(X ≤ x) = p (lowerTail) or P(X > x) = p; p given as its log with logP.
 * Newton on the log of the smaller tail in u = log x (safeguarded; Wilson–Hilferty start).
 */
export function qgamma(p: number, shape: number, scale = 1, lowerTail = true, logP = false): number {
  if (Number.isNaN(p) || Number.isNaN(shape) || Number.isNaN(scale)) return NaN;
  if (shape < 0 || !(scale > 0)) return NaN;
  const tail = smallerTail(p, lowerTail, logP);
  if (!tail) return NaN;
  const { lt, lower } = tail;
  if (lt === -Infinity) return lower ? 0 : Infinity;
  if (shape === 0) return 0;
  const a = shape;
  // start: Wilson–Hilferty (χ² with 2a df), or the leading term of the lower tail for small quantiles
  const z = qnorm(lt, lower, true);
  const c = 1 / (9 * a);
  let x0 = a * (1 - c + z * Math.sqrt(c)) ** 3;
  const lowSmall = (lt + lgamma1p(a)) / a; // log x from P ≈ x^a/Γ(a + 1)
  if (!(x0 > 0) || (lower && lowSmall < Math.log(0.1 * a + 1e-300))) x0 = Math.exp(lowSmall);
  const ev = (u: number): { f: number; slope: number } => {
    const x = Math.exp(u);
    const lF = pgamma(x, a, 1, lower, true);
    // d/du log F = ± x f(x)/F, x f(x) = a·dpois(a, x)
    const lxf = Math.log(a) + logDpoisRaw(a, x);
    const s = Math.exp(lxf - lF);
    return { f: lF - lt, slope: lower ? s : -s };
  };
  const u = newtonSafeguarded(ev, Math.log(x0), lower ? 1 : -1, { lo: -745, hi: 710 });
  return Math.exp(u) * scale;
}

/** χ² quantile. */
export function qchisq(p: number, df: number, lowerTail = true, logP = false): number {
  return 2 * qgamma(p, df / 2, 1, lowerTail, logP);
}
