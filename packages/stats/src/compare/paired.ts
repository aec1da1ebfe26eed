// Closed forms for comparing two models on the same items (paired 0/1 outcomes) and, for tables without
// items, two independent proportions. Every function is pure; the runners (compare.ts, gate.ts) combine them.
//
// Notation: n items answered by both models; b = items A got right and B wrong ("a_only"), c = items B got
// right and A wrong ("b_only"); d_i = a_i − b_i ∈ {−1, 0, 1}; diff = d̄ = (b − c)/n.
//
// - Paired SE (Miller 2024, "Adding Error Bars to Evals", arXiv 2411.00640, §4: the SE of the per-item
//   differences): se = √(Σ(d_i − d̄)² / (n(n − 1))) = √(((b + c) − (b − c)²/n) / (n(n − 1))).
// - Clustered SE (Miller 2024 §3, items in groups c): se_cl = √(Σ_c (Σ_{i∈c} (d_i − d̄))²) / n. This is exactly
//   sandwich::vcovCL(lm(d ~ 1), cluster = g, type = "HC0", cadjust = FALSE): bread (X′X)⁻¹ = 1/n, meat
//   Σ_c (Σ_{i∈c} e_i)², no small-sample factor. (vcovCL's default cadjust = TRUE multiplies the variance
//   by G/(G − 1), as Inspect AI does; we do not.)
// - McNemar (McNemar 1947, Psychometrika 12:153–157): exact = two-sided binomial test of b on b + c
//   discordant items at 1/2 (R binom.test(b, b + c): for p = 1/2 the distribution is symmetric, so the
//   two-sided p is min(1, 2·P(X ≤ min(b, c)))); χ² = (b − c)²/(b + c) on 1 df without continuity correction
//   (R mcnemar.test(correct = FALSE)) — the score test of Δ = 0, whose inversion is Tango's interval.
// - Tango (1998, Stat. Med. 17:891–908, eq. 3–5) score statistic for H0: Δ = p_A − p_B = Δ0:
//     Z(Δ0) = (b − c − nΔ0) / √(n(2q̂ + Δ0(1 − Δ0))),
//     q̂ = (√(B² − 4AC) − B)/(2A), A = 2n, B = −b − c + (2n − b + c)Δ0, C = −cΔ0(1 − Δ0)
//   (q̂ = the restricted ML estimate of P(A wrong, B right) under Δ0). Z is decreasing in Δ0; the interval
//   is {Δ0 : −z ≤ Z(Δ0) ≤ z}, found by bisection to machine precision. Z(0) = (b − c)/√(b + c) (McNemar).
// - Power (Miller 2024 §5, normal approximation, two-sided level α, power 1 − β): the detectable difference
//   with n items is (z_{1−α/2} + z_{1−β})·se, and the items needed for a difference D are
//   n_D = ⌈(z_{1−α/2} + z_{1−β})²·ω²/D²⌉ with ω² = n·se² the per-item variance of the differences (including
//   the clustering's design effect when se is clustered). This is the planning quantity, not post-hoc power.
import { pbinom, pchisq, pnorm, qbeta, qnorm } from '../math/index.js';

const normCdf = (x: number): number => pnorm(x);
const normSf = (x: number): number => pnorm(x, false);
const normQuantile = (p: number): number => qnorm(p);

export interface PairedCounts {
  /** Items answered by both. */
  n: number;
  /** Both right. */
  both: number;
  /** A right, B wrong. */
  aOnly: number;
  /** B right, A wrong. */
  bOnly: number;
  /** Both wrong. */
  neither: number;
}

/** diff = (b − c)/n. */
export function pairedDiff(c: PairedCounts): number {
  return c.n > 0 ? (c.aOnly - c.bOnly) / c.n : NaN;
}

/** SE of the mean per-item difference (n − 1 in the variance); NaN for n < 2. */
export function pairedSe(c: PairedCounts): number {
  const n = c.n;
  if (n < 2) return NaN;
  const s = c.aOnly + c.bOnly;
  const d = c.aOnly - c.bOnly;
  return Math.sqrt(Math.max(0, s - (d * d) / n) / (n * (n - 1)));
}

/**
 * Clustered SE of the mean of `d` (vcovCL HC0, cadjust = FALSE; see the header). `cluster[i]` is any label;
 * returns the SE and the number of clusters.
 */
export function clusteredSe(d: ArrayLike<number>, cluster: readonly string[]): { se: number; clusters: number } {
  const n = d.length;
  if (n === 0) return { se: NaN, clusters: 0 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += d[i]!;
  mean /= n;
  const sums = new Map<string, number>();
  for (let i = 0; i < n; i++) sums.set(cluster[i]!, (sums.get(cluster[i]!) ?? 0) + (d[i]! - mean));
  let meat = 0;
  for (const s of sums.values()) meat += s * s;
  return { se: Math.sqrt(meat) / n, clusters: sums.size };
}

/** Exact McNemar: two-sided binomial test of b out of b + c at 1/2 (R binom.test). 1 when b + c = 0. */
export function mcnemarExact(b: number, c: number): number {
  const m = b + c;
  if (m === 0) return 1;
  if (b === c) return 1;
  return Math.min(1, 2 * pbinom(Math.min(b, c), m, 0.5));
}

/** McNemar χ² without continuity correction and its p-value (R mcnemar.test(correct = FALSE)); p = 1 when b + c = 0. */
export function mcnemarChisq(b: number, c: number): { statistic: number; p: number } {
  const m = b + c;
  if (m === 0) return { statistic: 0, p: 1 };
  const stat = ((b - c) * (b - c)) / m;
  return { statistic: stat, p: pchisq(stat, 1, false) };
}

/**
 * The interval that inverts the exact McNemar test: conditional on the D = b + c discordant items, b ~ Bin(D, π)
 * with Δ = (D/n)(2π − 1); the Clopper–Pearson interval for π (qbeta(α/2, b, c + 1), qbeta(1 − α/2, b + 1, c))
 * mapped to Δ. It contains 0 exactly when the exact two-sided p (2·the smaller tail at π = 1/2) is above α.
 * Conditional on D, so for D = 0 it is [0, 0]; callers use it only for D > 0.
 */
export function exactMcNemarInterval(b: number, c: number, n: number, alpha: number): { lo: number; hi: number } {
  const D = b + c;
  const lo = b === 0 ? 0 : qbeta(alpha / 2, b, c + 1);
  const hi = c === 0 ? 1 : qbeta(1 - alpha / 2, b + 1, c);
  return { lo: (D / n) * (2 * lo - 1), hi: (D / n) * (2 * hi - 1) };
}

/** Tango's score statistic Z(Δ0) (see the header); b = A-only, c = B-only, n items. */
export function tangoZ(b: number, c: number, n: number, delta0: number): number {
  const A = 2 * n;
  const B = -b - c + (2 * n - b + c) * delta0;
  const C = -c * delta0 * (1 - delta0);
  const q = (Math.sqrt(Math.max(0, B * B - 4 * A * C)) - B) / (2 * A);
  const num = b - c - n * delta0;
  const den = Math.sqrt(n * (2 * q + delta0 * (1 - delta0)));
  if (den === 0 || !Number.isFinite(den)) return num === 0 ? 0 : num > 0 ? Infinity : -Infinity;
  return num / den;
}

/** The Δ0 in [−1, 1] at which Z(Δ0) = target (Z decreases in Δ0), by bisection to machine precision. */
function tangoSolve(b: number, c: number, n: number, target: number): number {
  let lo = -1;
  let hi = 1;
  if (tangoZ(b, c, n, lo) <= target) return -1;
  if (tangoZ(b, c, n, hi) >= target) return 1;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (tangoZ(b, c, n, mid) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Two-sided Tango score interval at confidence 1 − α. */
export function tangoInterval(b: number, c: number, n: number, alpha: number): { lo: number; hi: number } {
  if (n <= 0) return { lo: NaN, hi: NaN };
  const z = normQuantile(1 - alpha / 2);
  return { lo: tangoSolve(b, c, n, z), hi: tangoSolve(b, c, n, -z) };
}

/** One-sided Tango bounds at confidence 1 − α: lower = Δ0 with Z = z_{1−α}, upper = Δ0 with Z = −z_{1−α}. */
export function tangoBound(b: number, c: number, n: number, alpha: number, side: 'lower' | 'upper'): number {
  if (n <= 0) return NaN;
  const z = normQuantile(1 - alpha);
  return side === 'lower' ? tangoSolve(b, c, n, z) : tangoSolve(b, c, n, -z);
}

/** One-sided score-test p-values at Δ0: P(Z ≤ z_obs) for H1: Δ < Δ0 ("less") and P(Z ≥ z_obs) for H1: Δ > Δ0. */
export function tangoP(b: number, c: number, n: number, delta0: number, alternative: 'less' | 'greater'): number {
  const z = tangoZ(b, c, n, delta0);
  return alternative === 'less' ? normCdf(z) : normSf(z);
}

export type Adjustment = 'holm' | 'bh' | 'none';

/** R p.adjust: Holm (1979) step-down, Benjamini & Hochberg (1995) step-up; NaN entries are left out. */
export function adjustP(p: readonly number[], method: Adjustment): number[] {
  const idx = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]!));
  const out = p.map(() => NaN);
  const m = idx.length;
  if (method === 'none' || m === 0) {
    for (const i of idx) out[i] = p[i]!;
    return out;
  }
  if (method === 'holm') {
    const o = [...idx].sort((a, b) => p[a]! - p[b]! || a - b);
    let run = 0;
    o.forEach((i, k) => {
      run = Math.max(run, (m - k) * p[i]!);
      out[i] = Math.min(1, run);
    });
  } else {
    const o = [...idx].sort((a, b) => p[b]! - p[a]! || b - a);
    let run = Infinity;
    o.forEach((i, k) => {
      run = Math.min(run, (m / (m - k)) * p[i]!);
      out[i] = Math.min(1, run);
    });
  }
  return out;
}

/**
 * The confidence level matched to an adjusted p-value: the interval at level 1 − α·p/p_adj excludes the null
 * value exactly when p_adj < α (p < α·p/p_adj ⟺ p_adj < α), so a verdict's interval and its adjusted p never
 * disagree. For Bonferroni this is α/m; for Holm α/(m − k + 1) at the k-th smallest p (or smaller where
 * Holm's monotonicity raised p_adj); for BH α·k/m (or larger where BH's step-up lowered p_adj). With p = 0
 * (underflow) the Bonferroni level α/m is used.
 */
export function matchedAlpha(alpha: number, p: number, pAdj: number, m: number): number {
  if (!(p > 0) || !(pAdj > 0)) return alpha / Math.max(1, m);
  return Math.min(alpha, (alpha * p) / pAdj);
}

/** Difference detectable at two-sided level α with power 1 − β given the SE of the difference. */
export function detectable(se: number, alpha: number, power = 0.8): number {
  return (normQuantile(1 - alpha / 2) + normQuantile(power)) * se;
}

/** Items needed to detect a difference D at two-sided level α with power 1 − β; ω² = per-item variance of d. */
export function itemsNeeded(omega2: number, D: number, alpha: number, power = 0.8): number {
  const z = normQuantile(1 - alpha / 2) + normQuantile(power);
  return Math.ceil((z * z * omega2) / (D * D));
}

/**
 * Two independent proportions (benchmark-score tables without items): Wald interval with the unpooled SE
 * √(p₁q₁/n₁ + p₂q₂/n₂) and its z-test (the test the interval inverts), plus the pooled two-proportion
 * χ² test (R prop.test(c(x1, x2), c(n1, n2), correct = FALSE)).
 */
export function independentProportions(p1: number, n1: number, p2: number, n2: number): { diff: number; se: number; pWald: number; pPooled: number } {
  const diff = p1 - p2;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const pWald = se > 0 ? Math.min(1, 2 * normSf(Math.abs(diff) / se)) : diff === 0 ? 1 : 0;
  const pbar = (p1 * n1 + p2 * n2) / (n1 + n2);
  const se0 = Math.sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2));
  const pPooled = se0 > 0 ? Math.min(1, 2 * normSf(Math.abs(diff) / se0)) : diff === 0 ? 1 : 0;
  return { diff, se, pWald, pPooled };
}

/** Two-sided Wald p-value of an estimate with its SE. */
export function waldP(est: number, se: number): number {
  if (!(se > 0)) return est === 0 ? 1 : 0;
  return Math.min(1, 2 * normSf(Math.abs(est) / se));
}

/** R quantile type 7 of a sorted array. */
export function quantile7(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
