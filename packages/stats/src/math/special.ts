// Special functions under every distribution of math/: log Γ, log B, the Stirling error and the
// deviance term bd0 of Loader's saddle-point densities.
//
// Sources:
// - log Γ(x), x ≥ 15: Stirling's series (Abramowitz & Stegun 6.1.40) with the Stirling error δ(x) below;
//   0 < x < 15: shifted up with Γ(x) = Γ(x + k) / (x (x+1) … (x+k−1)) (one log of the product, so the
//   absolute error stays a few ulps); x < 0: the reflection formula Γ(x)Γ(1−x) = π / sin(πx).
// - log Γ(1 + a) for |a| ≤ 0.5: log of 1/Γ(1 + a) = Σ c_k a^(k−1) (Abramowitz & Stegun 6.1.34, Wrench's
//   coefficients), which keeps full relative accuracy as a → 0.
// - Stirling error δ(x) = log Γ(x + 1) − (x + ½) log x + x − ½ log 2π and the deviance
//   bd0(x, np) = x log(x/np) + np − x by its series when x ≈ np: C. Loader (2000), "Fast and accurate
//   computation of binomial probabilities". Together they give densities (Poisson, binomial, beta
//   prefactors) without the cancellation of log Γ differences at large arguments.
// - log B(a, b) for large arguments by the same Stirling expansions, written so the large terms
//   cancel analytically (as in Abramowitz & Stegun 6.1.40 applied to Γ(a)Γ(b)/Γ(a+b)).

export const LN_SQRT_2PI = 0.918938533204672741780329736406; // log √(2π)
export const LN_2PI = 1.83787706640934548356065947281;
export const EULER_GAMMA = 0.577215664901532860606512090082;
export const DBL_EPSILON = 2.220446049250313e-16;
export const DBL_MIN = 2.2250738585072014e-308;

// Stirling series coefficients B_{2k} / (2k (2k−1)): 1/12, −1/360, 1/1260, −1/1680, 1/1188, −691/360360, 1/156.
const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;
const S5 = 691 / 360360;
const S6 = 1 / 156;

/** Stirling's series for δ(x), x ≥ 15 (truncation error below 1e-19 relative). */
function stirlingSeries(x: number): number {
  const xx = 1 / (x * x);
  return (S0 - xx * (S1 - xx * (S2 - xx * (S3 - xx * (S4 - xx * (S5 - xx * S6)))))) / x;
}

/** log Γ(x) for real x (log |Γ(x)| for negative non-integers; +∞ at 0, −1, −2, …). */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return Infinity;
    // reflection: log|Γ(x)| = log(π / |sin(πx)|) − log Γ(1 − x)
    const s = Math.abs(sinPi(x));
    return Math.log(Math.PI / s) - logGamma(1 - x);
  }
  if (x < 1e-300) return -Math.log(x);
  if (x >= 15) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingSeries(x);
  if (x >= 0.5 && x <= 1.5) return lgamma1p(x - 1);
  if (x > 1.5 && x <= 2.5) return Math.log1p(x - 2) + lgamma1p(x - 2); // Γ(x) = (x − 1) Γ(x − 1)
  const k = Math.ceil(15 - x);
  let prod = 1;
  for (let i = 0; i < k; i++) prod *= x + i;
  const z = x + k;
  return (z - 0.5) * Math.log(z) - z + LN_SQRT_2PI + stirlingSeries(z) - Math.log(prod);
}

/** sin(πx) with exact zeros at the integers. */
function sinPi(x: number): number {
  let r = x % 2; // (−2, 2)
  if (r <= -1) r += 2;
  else if (r > 1) r -= 2; // (−1, 1]
  if (r === 0 || r === 1) return 0;
  if (r === 0.5) return 1;
  if (r === -0.5) return -1;
  return Math.sin(Math.PI * r);
}

// 1/Γ(1 + a) = Σ_{k≥1} c_k a^(k−1) (Abramowitz & Stegun 6.1.34; c_1 = 1).
const RGAMMA_C = [
  1.0, 0.5772156649015329, -0.6558780715202538, -0.0420026350340952, 0.1665386113822915, -0.0421977345555443,
  -0.009621971527877, 0.007218943246663, -0.0011651675918591, -0.0002152416741149, 0.0001280502823882,
  -0.0000201348547807, -0.0000012504934821, 0.000001133027232, -0.0000002056338417, 0.000000006116095,
  0.0000000050020075, -0.0000000011812746, 0.0000000001043427, 0.0000000000077823, -0.0000000000036968,
  0.00000000000051, -0.0000000000000206, -0.0000000000000054, 0.0000000000000014, 0.0000000000000001,
];

/** log Γ(1 + a), accurate relative to its value as a → 0 (|a| ≤ 0.5 by the series; else via logGamma). */
export function lgamma1p(a: number): number {
  if (Math.abs(a) > 0.5) return logGamma(1 + a);
  // Horner on Σ_{k≥2} c_k a^(k−2), then 1/Γ(1+a) = 1 + a·(that)
  let s = 0;
  for (let k = RGAMMA_C.length - 1; k >= 1; k--) s = s * a + RGAMMA_C[k]!;
  return -Math.log1p(a * s);
}

/** Stirling error δ(x) = log Γ(x + 1) − (x + ½) log x + x − log √(2π), x > 0 (Loader 2000). */
export function stirlerr(x: number): number {
  if (x >= 15) return stirlingSeries(x);
  if (x <= 0) return x === 0 ? 0 : NaN;
  // log Γ(x + 1) = log Γ(x + 1 + k) − log((x+1)…(x+k)), shifted to ≥ 15
  const k = Math.ceil(14 - x);
  let prod = 1;
  for (let i = 1; i <= k; i++) prod *= x + i;
  const z = x + 1 + k;
  // log Γ(z) − log prod − (x + ½) log x + x − log √2π, with log Γ(z) by Stirling:
  // (z − ½) log z − z + log √2π + δ(z)
  return (z - 0.5) * Math.log(z) - z + stirlingSeries(z) - Math.log(prod) - (x + 0.5) * Math.log(x) + x;
}

/** Deviance term bd0(x, np) = x log(x / np) + np − x ≥ 0, by Loader's series when x ≈ np. */
export function bd0(x: number, np: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(np) || np === 0) return NaN;
  // Loader's series in v = (x − np)/(x + np), used up to |v| < 0.8 (not only 0.1): its leading term
  // (x − np)·v carries the value, so it keeps full relative accuracy where the closed form cancels
  if (Math.abs(x - np) < 0.8 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < DBL_MIN) return s;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 2000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  return x * Math.log(x / np) + np - x;
}

/**
 * log of the Poisson-type density λ^x e^(−λ) / Γ(x + 1) for real x ≥ 0 (Loader 2000: −δ(x) − bd0(x, λ)
 * − ½ log 2πx), the prefactor of the regularized incomplete gamma function.
 */
export function logDpoisRaw(x: number, lambda: number): number {
  if (lambda === 0) return x === 0 ? 0 : -Infinity;
  if (!Number.isFinite(lambda)) return -Infinity;
  if (x < 0) return -Infinity;
  if (x <= lambda * DBL_MIN) return -lambda;
  if (lambda < x * DBL_MIN) {
    if (!Number.isFinite(x)) return -Infinity;
    return -lambda + x * Math.log(lambda) - logGamma(x + 1);
  }
  return -stirlerr(x) - bd0(x, lambda) - 0.5 * (LN_2PI + Math.log(x));
}

/**
 * log of the binomial-type density Γ(n+1)/(Γ(x+1)Γ(n−x+1)) p^x q^(n−x) for real 0 < x < n with q = 1 − p
 * given separately (Loader 2000, dbinom_raw); the endpoints x = 0 and x = n are handled exactly.
 */
export function logDbinomRaw(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : -Infinity;
  if (q === 0) return x === n ? 0 : -Infinity;
  if (x === 0) return n === 0 ? 0 : p < 0.1 ? n * Math.log1p(-p) : n * Math.log(q);
  if (x === n) return q < 0.1 ? n * Math.log1p(-q) : n * Math.log(p);
  if (x < 0 || x > n) return -Infinity;
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log(n - x) - Math.log(n); // log(2π x (n − x)/n); n − x exact for counts
  return lc - 0.5 * lf;
}

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), a, b > 0, without cancellation for large arguments. */
export function logBeta(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p < 0) return NaN;
  if (p === 0) return Infinity;
  if (!Number.isFinite(q)) return -Infinity;
  if (p >= 15) {
    // both large: Stirling for all three, the (·) log(·) terms combined
    const corr = stirlingSeries(p) + stirlingSeries(q) - stirlingSeries(p + q);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 15) {
    // q large: log Γ(q) − log Γ(p + q) by Stirling, combined
    const corr = stirlingSeries(q) - stirlingSeries(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/** log(1 + exp(x)) without overflow. */
export function log1pexp(x: number): number {
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x > 33.3) return x + Math.exp(-x);
  return x + Math.log1p(Math.exp(-x));
}

/** log(1 − exp(x)) for x ≤ 0 (Mächler 2012, "Accurately computing log(1 − exp(−|a|))"). */
export function log1mexp(x: number): number {
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/**
 * A quantile's target as the log of a tail probability ≤ ½, and which tail (for Newton on the smaller tail):
 * p is P(X ≤ x) when lowerTail, else P(X > x), given as its log with logP; the other tail is taken when it is
 * smaller, 1 − p exact for p ≥ ½ given directly. null for a p outside [0, 1] (log p > 0).
 */
export function smallerTail(p: number, lowerTail: boolean, logP: boolean): { lt: number; lower: boolean } | null {
  let lt: number;
  if (logP) {
    if (p > 0) return null;
    lt = p;
  } else {
    if (p < 0 || p > 1) return null;
    lt = Math.log(p);
  }
  if (lt > -Math.LN2) return { lt: logP ? log1mexp(lt) : Math.log1p(-p), lower: !lowerTail };
  return { lt, lower: lowerTail };
}
