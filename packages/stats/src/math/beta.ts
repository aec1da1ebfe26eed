// The beta distribution: the regularized incomplete beta function I_x(a, b), both tails computed
// directly where they are small, their logs, and the quantile.
//
// I_x(a, b) = x^a (1−x)^b / (a B(a, b)) · CF(a, b, x), with the continued fraction of Abramowitz & Stegun
// 26.5.8 evaluated by the modified Lentz method (Press et al., Numerical Recipes 3rd ed. §6.4), used for
// the tail whose argument lies below the mean-like split x < (a + 1)/(a + b + 2) (where it converges
// fast) and by symmetry I_x(a, b) = 1 − I_{1−x}(b, a) for the other. The prefactor x^a (1−x)^b / B(a, b) is
// Loader's binomial saddle-point form (special.ts: logDbinomRaw · ab/(a+b)), free of the cancellation of
// log Γ differences at large a, b. Callers pass x and 1 − x separately (the t and F distributions know
// 1 − x without rounding), and get either tail or its log.
import { newtonSafeguarded } from './solve.js';
import { pgamma } from './gamma.js';
import { DBL_EPSILON, LN_2PI, bd0, log1mexp, log1pexp, smallerTail, logBeta, logDpoisRaw, logGamma as logGammaFn, stirlerr } from './special.js';
import { qnorm } from './normal.js';

const MAX_ITER = 1_000_000;

/** log of x^a y^b / B(a, b) with y = 1 − x. */
export function logBetaPrefactor(x: number, y: number, a: number, b: number): number {
  if (x === 0 || y === 0) return -Infinity;
  const n = a + b;
  if (a < 1 || b < 1 || !Number.isFinite(n)) {
    // small shapes: the direct form has no large cancelling terms; the log of whichever of x, 1 − x is
    // near 1 comes from the other one (its rounding would be multiplied by a or b)
    const lx = x > 0.5 ? Math.log1p(-y) : Math.log(x);
    const ly = y > 0.5 ? Math.log1p(-x) : Math.log(y);
    return a * lx + b * ly - logBeta(a, b);
  }
  // x^a y^b / B(a,b) = dbinom_raw(a; n, x) · a b / n   (Γ(n)/(Γ(a)Γ(b)) = Γ(n+1)/(Γ(a+1)Γ(b+1)) · ab/n),
  // dbinom_raw in Loader's form with a and b themselves (n − a need not equal b in floating point)
  const lc = stirlerr(n) - stirlerr(a) - stirlerr(b) - bd0(a, n * x) - bd0(b, n * y);
  const lab = Math.log(a) + Math.log(b) - Math.log(n);
  return lc - 0.5 * (LN_2PI + lab) + lab;
}

/** The continued fraction of I_x(a, b) (Numerical Recipes' betacf), so that I = prefactor · cf / a. */
function betaCf(a: number, b: number, x: number, y: number): number {
  const FPMIN = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  // 1 − (a+b)x/(a+1), from y = 1 − x when x is near 1 (= ((a+b)y + 1 − b)/(a+1): no cancellation of 1 − x)
  let d = x > 0.5 ? (qab * y + 1 - b) / qap : 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= DBL_EPSILON) break;
  }
  return h;
}

/**
 * log I_x(a, b) by the power series I_x(a, b) = x^a (1−x)^b / (a B(a, b)) · [1 + Σ_{n≥0} B(a+1, n+1)/B(a+b, n+1) x^(n+1)]
 * (Numerical Recipes 3rd ed. eq. 6.4.5; term ratio x(a+b+n+1)/(a+n+2), all terms positive), or null when it
 * needs more than `maxTerms` terms.
 */
function logBetaSeries(a: number, b: number, x: number, y: number, maxTerms: number): number | null {
  let term = (x * (a + b)) / (a + 1);
  let sum = 1 + term;
  for (let n = 0; n < maxTerms; n++) {
    term *= (x * (a + b + n + 1)) / (a + n + 2);
    sum += term;
    if (term <= sum * DBL_EPSILON * 0.25 && x * (a + b + n + 1) < a + n + 2) {
      return logBetaPrefactor(x, y, a, b) - Math.log(a) + Math.log(sum);
    }
  }
  return null;
}

// Coefficients p_j of φ(s) = log((1 − e^(−s))/s) = −s/2 + Σ_k B_2k s^(2k) / (2k (2k)!) (Bernoulli numbers B_2k),
// j = 1 … 20; radius of convergence 2π.
const PHI: number[] = (() => {
  const B2k = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330];
  const p = new Array<number>(21).fill(0);
  p[1] = -0.5;
  let fact = 1; // (2k)!
  for (let k = 1; k <= 10; k++) {
    fact *= (2 * k - 1) * (2 * k);
    p[2 * k] = B2k[k - 1]! / (2 * k * fact);
  }
  return p;
})();

/**
 * log I_x(a, b) for a large against b, by the expansion in 1/a of
 *   I_x(a, b) = 1/B(a, b) ∫_{s0}^∞ e^(−a s) s^(b−1) exp((b−1) φ(s)) ds,  s0 = −log x,
 * term by term (Watson's lemma): Σ_k c_k Γ(b+k) a^(−b−k) Q(b+k, a s0), c_k the power-series coefficients of
 * exp((b−1) φ(s)) — the idea of Didonato & Morris's BGRAT (ACM TOMS 708, 1992), written from the integral.
 * The upper incomplete gammas Q(b+k, λ) come from one pgamma and the recurrence Q(c+1, λ) = Q(c, λ) + λ^c e^(−λ)/Γ(c+1).
 * Returns null when the terms do not fall below double precision within 40 terms.
 */
function logBetaLargeA(a: number, b: number, y: number): number | null {
  const s0 = -Math.log1p(-y);
  const lambda = a * s0;
  if (!(s0 < 1) || Math.abs(b - 1) * (b + 20) > 0.5 * a) return null;
  const q = PHI.map((pj) => (b - 1) * pj);
  const c: number[] = [1];
  // all Q's and t's scaled by 1/Q(b, λ), which can be below the doubles in the far tail
  const logQ0 = pgamma(lambda, b, 1, false, true);
  if (!Number.isFinite(logQ0)) return null;
  let Q = 1; // Q(b, λ) / Q(b, λ)
  let t = Math.exp(logDpoisRaw(b, lambda) - logQ0); // λ^b e^(−λ)/Γ(b + 1), scaled
  let ratio = 1; // (b)_k / a^k
  let sum = Q;
  let small = 0;
  for (let k = 1; k <= 40; k++) {
    let ck = 0;
    for (let j = 1; j <= Math.min(k, 20); j++) ck += j * q[j]! * c[k - j]!;
    ck /= k;
    c.push(ck);
    Q += t; // Q(b + k, λ)
    t *= lambda / (b + k);
    ratio *= (b + k - 1) / a;
    const term = ck * ratio * Q;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) {
      if (++small >= 2) return logGammaFn(b) - b * Math.log(a) - logBeta(a, b) + logQ0 + Math.log(sum);
    } else small = 0;
  }
  return null;
}

/**
 * The regularized incomplete beta with x and y = 1 − x given separately: I_x(a, b) (lowerTail) or
 * 1 − I_x(a, b) = I_y(b, a); the log of it with logP.
 */
export function pbetaRaw(x: number, y: number, a: number, b: number, lowerTail = true, logP = false): number {
  const zero = logP ? -Infinity : 0;
  const one = logP ? 0 : 1;
  if (x <= 0) return lowerTail ? zero : one;
  if (y <= 0) return lowerTail ? one : zero;
  // degenerate shapes: point masses at 0 (a = 0 or b = ∞) or at 1 (b = 0 or a = ∞)
  if (a === 0 || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) {
    if ((a === 0 && b === 0) || (!Number.isFinite(a) && !Number.isFinite(b))) return logP ? -Math.LN2 : 0.5; // R: mass ½ at each end / at ½
    const atZero = a === 0 || !Number.isFinite(b);
    return atZero === lowerTail ? one : zero;
  }
  // one shape much larger than the other: the larger shape's tail by its expansion in 1/shape, when that
  // tail is the smaller one (≤ ½; otherwise it is complemented below)
  if (Math.max(a, b) >= 1000) {
    const lg = a >= b ? logBetaLargeA(a, b, y) : logBetaLargeA(b, a, x);
    if (lg !== null && lg <= -Math.LN2) {
      const isLower = a >= b; // I_x(a, b) is the lower tail; I_y(b, a) the upper
      if (isLower === lowerTail) return logP ? lg : Math.exp(lg);
      return logP ? log1mexp(lg) : -Math.expm1(lg);
    }
  }
  // which tail to compute directly: the continued fraction where it converges fast, x < (a+1)/(a+b+2)
  let direct: 'lower' | 'upper' = x < (a + 1) / (a + b + 2) ? 'lower' : 'upper';
  let l = NaN;
  if ((direct === 'lower' ? x : y) > 0.5 && Math.max(a, b) >= 2000) {
    // The fraction at an argument above ½ (the larger shape's side) loses digits to the cancellation in
    // 1 + a_m·d once that shape is large (measured: below 1e-13 up to 1e4, 1e-10 at 5e6). The same tail's power series (positive terms) does not, when it converges in 20,000 terms;
    // else the other tail's series (argument < ½) when its complement is ≥ 0.01 (costing < 2 digits).
    const same = direct === 'lower' ? logBetaSeries(a, b, x, y, 20000) : logBetaSeries(b, a, y, x, 20000);
    if (same !== null) l = same;
    else {
      const other = direct === 'lower' ? logBetaSeries(b, a, y, x, 20000) : logBetaSeries(a, b, x, y, 20000);
      if (other !== null && other < Math.log(0.99)) {
        direct = direct === 'lower' ? 'upper' : 'lower';
        l = other;
      }
    }
  }
  if (Number.isNaN(l)) {
    if (direct === 'lower') l = logBetaPrefactor(x, y, a, b) + Math.log(betaCf(a, b, x, y)) - Math.log(a);
    else l = logBetaPrefactor(x, y, a, b) + Math.log(betaCf(b, a, y, x)) - Math.log(b);
  }
  const wantDirect = (direct === 'lower') === lowerTail;
  if (wantDirect) return logP ? l : Math.exp(l);
  return logP ? log1mexp(l) : -Math.expm1(l);
}

/** Beta distribution function P(X ≤ x) (lowerTail) or P(X > x), X ~ Beta(a, b); log with logP. */
export function pbeta(x: number, a: number, b: number, lowerTail = true, logP = false): number {
  if (Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a < 0 || b < 0) return NaN;
  return pbetaRaw(x, 1 - x, a, b, lowerTail, logP);
}

/** Beta density (log with logP). */
export function dbeta(x: number, a: number, b: number, logP = false): number {
  if (Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (x < 0 || x > 1) return logP ? -Infinity : 0;
  // x^(a−1) (1−x)^(b−1) / B(a,b) = prefactor / (x (1−x))
  const l = logBetaPrefactor(x, 1 - x, a, b) - Math.log(x) - Math.log1p(-x);
  return logP ? l : Math.exp(l);
}

/**
 * Beta quantile as the logit v = log(x/(1−x)), so that both x = 1/(1+e^(−v)) and 1 − x = 1/(1+e^v) keep
 * their relative accuracy: P(X ≤ x) = p (lowerTail) or P(X > x) = p, p as its log with logP.
 * Newton on the log of the smaller tail in v (d log I / dv = x^a(1−x)^b/B(a,b) / I), safeguarded.
 */
export function qbetaLogit(p: number, a: number, b: number, lowerTail = true, logP = false): number {
  if (Number.isNaN(p) || Number.isNaN(a) || Number.isNaN(b) || a < 0 || b < 0) return NaN;
  const tail = smallerTail(p, lowerTail, logP);
  if (!tail) return NaN;
  const { lt, lower } = tail;
  if (lt === -Infinity) return lower ? -Infinity : Infinity;
  if (a === 0 || !Number.isFinite(b)) return -Infinity;
  if (b === 0 || !Number.isFinite(a)) return Infinity;
  // start: the leading term of the tail near its end (I_x ≈ x^a/(a B)), or a normal approximation of the
  // logit for large shapes
  const lb = logBeta(a, b);
  let v0: number;
  const lx = (lt + Math.log(a) + lb) / a; // log x from I_x(a,b) ≈ x^a/(a B(a,b)) (lower tail)
  const ly = (lt + Math.log(b) + lb) / b; // log(1−x) from 1 − I ≈ (1−x)^b/(b B(a,b)) (upper tail)
  if (a + b > 10) {
    // normal approximation for the logit of a beta: mean ψ(a) − ψ(b) ≈ log(a/b), variance ≈ 1/a + 1/b
    const z = qnorm(lt, lower, true);
    v0 = Math.log(a / b) + z * Math.sqrt(1 / a + 1 / b);
  } else v0 = lower ? lx - Math.log1p(-Math.min(Math.exp(lx), 0.5)) : -(ly - Math.log1p(-Math.min(Math.exp(ly), 0.5)));
  if (lower && lx < -5) v0 = Math.min(v0, lx);
  if (!lower && ly < -5) v0 = Math.max(v0, -ly);
  const ev = (v: number): { f: number; slope: number } => {
    // x = 1/(1+e^(−v)), y = 1/(1+e^v), on the log scale to keep the ends
    const logx = -log1pexp(-v);
    const logy = -log1pexp(v);
    const x = Math.exp(logx);
    const y = Math.exp(logy);
    const lI = pbetaRaw(x, y, a, b, lower, true);
    const s = Math.exp(logBetaPrefactor(x, y, a, b) - lI);
    return { f: lI - lt, slope: lower ? s : -s };
  };
  return newtonSafeguarded(ev, v0, lower ? 1 : -1, { lo: -745, hi: 745 });
}

/** Beta quantile: x with P(X ≤ x) = p (lowerTail) or P(X > x) = p; p as its log with logP. */
export function qbeta(p: number, a: number, b: number, lowerTail = true, logP = false): number {
  const v = qbetaLogit(p, a, b, lowerTail, logP);
  if (Number.isNaN(v)) return NaN;
  return 1 / (1 + Math.exp(-v));
}
