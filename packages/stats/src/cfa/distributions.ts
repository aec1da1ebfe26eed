// Chi-square tail probabilities (central and noncentral) for the WLSMV test and the RMSEA interval.
// Regularized incomplete gamma by series / Lentz continued fraction (Numerical Recipes 3rd ed., §6.2);
// log-gamma by Lanczos (g = 7, n = 9); noncentral chi-square as a Poisson mixture of central ones
// summed outward from the Poisson mode (Ding 1992, Appl. Statist. 41:478–482, in spirit).

const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 100000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }
  return 1 - gammaQcf(a, x);
}

function gammaQcf(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Upper tail P(X > x) of a central chi-square with df degrees of freedom. */
export function pchisqUpper(x: number, df: number): number {
  if (!(x > 0)) return 1;
  if (x < df / 2 + 1) return 1 - gammaP(df / 2, x / 2);
  return gammaQcf(df / 2, x / 2);
}

/**
 * Lower tail P(X ≤ x) of a noncentral chi-square (df, noncentrality ncp): Σ_i Pois(i; ncp/2)·P(df/2 + i, x/2),
 * summed outward from the Poisson mode with the recurrences P(a + 1, y) = P(a, y) − yᵃe⁻ʸ/Γ(a + 1) and
 * Poisson weight ratios, so one incomplete gamma is evaluated per call (large ncp stays cheap).
 */
export function pchisqNoncentral(x: number, df: number, ncp: number): number {
  if (!(x > 0)) return 0;
  if (ncp <= 0) return gammaP(df / 2, x / 2);
  const lam = ncp / 2;
  const y = x / 2;
  const mode = Math.floor(lam);
  const a0 = df / 2 + mode;
  const p0 = gammaP(a0, y);
  const t0 = Math.exp(a0 * Math.log(y) - y - logGamma(a0 + 1)); // yᵃ e⁻ʸ / Γ(a + 1)
  const w0 = Math.exp(-lam + mode * Math.log(lam) - logGamma(mode + 1));
  let sum = w0 * p0;
  // upward
  let w = w0;
  let p = p0;
  let t = t0;
  for (let i = mode; i < mode + 1000000; i++) {
    const a = df / 2 + i;
    p = Math.max(0, p - t);
    t *= y / (a + 1);
    w *= lam / (i + 1);
    const term = w * p;
    sum += term;
    if ((w < 1e-17 && i > mode + 10) || (p === 0 && i > mode + 10)) break;
  }
  // downward
  w = w0;
  p = p0;
  t = t0;
  for (let i = mode; i > 0; i--) {
    const a = df / 2 + i;
    t *= a / y; // t for a − 1
    p = Math.min(1, p + t);
    w *= i / lam;
    sum += w * p;
    if (w < 1e-17 && i < mode - 10) break;
  }
  return Math.min(1, Math.max(0, sum));
}
