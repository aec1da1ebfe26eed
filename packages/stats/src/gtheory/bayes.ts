// G-theory study, Bayesian check of the `facets` model by Gibbs sampling (or any model of scalar
// random terms). Blocked Gibbs:
//  1. (β, b) | σ's jointly: β from N(β̂, σ²(RX'RX)⁻¹) (flat prior), then b | β from its Gaussian
//     conditional through the same sparse factorization as the REML fit (gibbs-effects.ts);
//  2. each σ²_k | b_k and the residual σ² | rest from the half-t prior written as a scale mixture
//     (Wand, Ormerod, Padoan & Frühwirth 2011, Bayesian Analysis 6(4), Result 5):
//     σ² | a ~ IG(ν/2, ν/a), a ~ IG(1/2, 1/A²), so σ ~ half-t(ν, A); conditionals
//     σ²_k | · ~ IG((ν + J_k)/2, ν/a_k + Σb²/2), a_k | · ~ IG((ν+1)/2, ν/σ²_k + 1/A²).
// Weakly informative: ν = 3, A = the SD of the scores (scale of the data), for every SD.
// Gamma draws: Marsaglia & Tsang (2000), ACM TOMS 26(3). Diagnostics: split-R̂ and effective sample
// size (Gelman et al. 2013, BDA3 §11.4–11.5; Geyer's initial positive sequence).
// Seeded (one forked stream per chain): same seed → same draws (on one JS engine: the polar-method
// normals use Math.log, whose last bit may differ between engines).
import { prepareLmm, type LmmData, type LmmFit, type PlsState } from '../lmm/index.js';
import { EstimationError } from '../util/errors.js';
import type { OnProgress } from '../util/progress.js';
import { seeded, type Rng } from '../util/rng.js';
import { residualSumOfSquares, sampleEffects } from './gibbs-effects.js';

export interface BayesOptions {
  chains?: number;
  /** Draws kept per chain (after warm-up). */
  iterations?: number;
  warmup?: number;
  seed?: number;
  /** Degrees of freedom of the half-t priors (default 3). */
  nu?: number;
  onProgress?: OnProgress;
}

export interface BayesComponent {
  name: string;
  /** Posterior median and 95 % interval of the variance. */
  variance: { median: number; lo: number; hi: number };
  /** Posterior median and 95 % interval of the % share of the total. */
  share: { median: number; lo: number; hi: number };
  rhat: number;
  ess: number;
  /** The REML share, and whether it lies inside the 95 % interval. */
  reml_share: number | null;
  reml_inside: boolean | null;
}

export interface BayesCheck {
  formula: string;
  chains: number;
  iterations: number;
  warmup: number;
  seed: number;
  prior: string;
  components: BayesComponent[];
  max_rhat: number;
  min_ess: number;
  note: string;
}

/** Gamma(shape, 1) draw: Marsaglia & Tsang (2000); shape < 1 by Gamma(shape+1)·U^(1/shape). */
export function gammaDraw(rng: Rng, shape: number): number {
  if (shape < 1) return gammaDraw(rng, shape + 1) * Math.pow(rng.uniformOpen(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniformOpen();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Inverse-gamma(shape, scale) draw. */
function invGamma(rng: Rng, shape: number, scale: number): number {
  return scale / gammaDraw(rng, shape);
}

function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Split-R̂ and ESS of one scalar quantity, draws[chain][iteration]. */
export function rhatEss(draws: Float64Array[]): { rhat: number; ess: number } {
  // split each chain in halves
  const halves: Float64Array[] = [];
  for (const c of draws) {
    const h = Math.floor(c.length / 2);
    halves.push(c.subarray(0, h), c.subarray(c.length - h));
  }
  const M = halves.length;
  const N = halves[0]!.length;
  const means = halves.map((c) => c.reduce((s, x) => s + x, 0) / N);
  const vars = halves.map((c, i) => c.reduce((s, x) => s + (x - means[i]!) ** 2, 0) / (N - 1));
  const grand = means.reduce((s, x) => s + x, 0) / M;
  const B = (N / (M - 1)) * means.reduce((s, x) => s + (x - grand) ** 2, 0);
  const W = vars.reduce((s, x) => s + x, 0) / M;
  const varPlus = ((N - 1) / N) * W + B / N;
  const rhat = W > 0 ? Math.sqrt(varPlus / W) : 1;
  // ESS: autocorrelations combined across chains (BDA3 eq. 11.7), Geyer's initial positive sequence
  const rho = (t: number): number => {
    let s = 0;
    for (let i = 0; i < M; i++) {
      const c = halves[i]!;
      let acc = 0;
      for (let k = 0; k + t < N; k++) acc += (c[k]! - means[i]!) * (c[k + t]! - means[i]!);
      s += acc / N;
    }
    return 1 - (W - s / M) / varPlus;
  };
  let sum = 0;
  for (let t = 1; t + 1 < N; t += 2) {
    const pair = rho(t) + rho(t + 1);
    if (pair < 0) break;
    sum += pair;
  }
  const ess = (M * N) / (1 + 2 * sum);
  return { rhat, ess: Math.min(ess, M * N * Math.log10(M * N)) };
}

/**
 * Gibbs sampler of a model whose random terms are all scalar (e.g. `facets`), with its REML fit for
 * the starting values and the comparison.
 */
export function gibbsCheck(data: LmmData, formula: string, reml: LmmFit, opts: BayesOptions = {}): BayesCheck {
  const chains = opts.chains ?? 4;
  const iterations = opts.iterations ?? 1000;
  const warmup = opts.warmup ?? 500;
  const seed = opts.seed ?? 1;
  const nu = opts.nu ?? 3;
  if (chains < 2) throw new EstimationError('gibbs', 'at least 2 chains are needed for R-hat');
  const pls = prepareLmm(data, formula, { reml: true });
  try {
    return sample(pls);
  } finally {
    pls.dispose();
  }

  function sample(pls: PlsState): BayesCheck {
    const frame = pls.frame;
    if (frame.terms.some((t) => t.k !== 1)) throw new EstimationError('gibbs', 'the Gibbs check supports scalar random terms only (intercepts or || slopes)');
    const { n, p, y, terms } = frame;
    let ym = 0;
    for (let i = 0; i < n; i++) ym += y[i]!;
    ym /= n;
    let yv = 0;
    for (let i = 0; i < n; i++) yv += (y[i]! - ym) ** 2;
    const A = Math.sqrt(yv / (n - 1));
    const K = terms.length;
    const names = terms.map((t) => (t.spec.columns[0] === '(Intercept)' ? t.group : `${t.group}:${t.spec.columns[0]}`));
    const remlVar = terms.map((t) => reml.varcomp.find((c) => c.group === t.group && c.term === t.spec.columns[0])?.variance ?? NaN);
    const remlRes = reml.sigma ** 2;
    // draws[component][chain] of variances (K terms + residual)
    const drawsVar: Float64Array[][] = Array.from({ length: K + 1 }, () => Array.from({ length: chains }, () => new Float64Array(iterations)));
    const master = seeded(seed);
    const intercepts = terms.map((t) => t.spec.columns[0] === '(Intercept)');
    for (let ch = 0; ch < chains; ch++) {
      const rng = master.fork(ch);
      // standard normals by Marsaglia's polar method on the seeded uniforms (thousands per sweep:
      // cheaper than inversion through the WASM quantile)
      let spare = NaN;
      const normal = (): number => {
        if (!Number.isNaN(spare)) {
          const v = spare;
          spare = NaN;
          return v;
        }
        let u: number;
        let v: number;
        let r: number;
        do {
          u = 2 * rng.uniform() - 1;
          v = 2 * rng.uniform() - 1;
          r = u * u + v * v;
        } while (r >= 1 || r === 0);
        const f = Math.sqrt((-2 * Math.log(r)) / r);
        spare = v * f;
        return u * f;
      };
      // dispersed starts around REML: variances × exp(N(0, 1))
      const s2 = remlVar.map((v) => Math.max(v, 1e-4 * remlRes) * Math.exp(rng.normal()));
      let se2 = remlRes * Math.exp(0.2 * rng.normal());
      const aK = s2.map(() => A * A);
      let aE = A * A;
      for (let it = 0; it < warmup + iterations; it++) {
        if (it % 100 === 0) opts.onProgress?.({ stage: 'Bayesian check (Gibbs)', done: ch * (warmup + iterations) + it, total: chains * (warmup + iterations) });
        const theta = s2.map((v) => Math.sqrt(v / se2));
        const ev = pls.evaluate(theta);
        if (!ev.ok) throw new EstimationError('gibbs', 'the conditional normal system could not be factored');
        const bhat = pls.coefficients();
        const rinv = pls.rxInverse();
        const se = Math.sqrt(se2);
        const z = Array.from({ length: p }, normal);
        const beta = new Float64Array(p);
        for (let a = 0; a < p; a++) {
          let s = bhat[a]!;
          for (let c = a; c < p; c++) s += se * rinv[a * p + c]! * z[c]!;
          beta[a] = s;
        }
        const b = sampleEffects(pls, beta, se, normal);
        // Σb² per term, then the residual sum of squares from the cross products
        for (let k = 0; k < K; k++) {
          const t = terms[k]!;
          let ss = 0;
          for (let j = 0; j < t.levels.length; j++) ss += b[t.offset + j]! ** 2;
          s2[k] = invGamma(rng, (nu + t.levels.length) / 2, nu / aK[k]! + ss / 2);
          aK[k] = invGamma(rng, (nu + 1) / 2, nu / s2[k]! + 1 / (A * A));
        }
        const rss = Math.max(residualSumOfSquares(pls, beta, b), 0);
        se2 = invGamma(rng, (nu + n) / 2, nu / aE + rss / 2);
        aE = invGamma(rng, (nu + 1) / 2, nu / se2 + 1 / (A * A));
        if (it >= warmup) {
          for (let k = 0; k < K; k++) drawsVar[k]![ch]![it - warmup] = s2[k]!;
          drawsVar[K]![ch]![it - warmup] = se2;
        }
      }
      opts.onProgress?.({ stage: 'Bayesian check (Gibbs)', done: (ch + 1) * (warmup + iterations), total: chains * (warmup + iterations) });
    }
    // shares per draw (intercept components + residual in the total)
    const totals = Array.from({ length: chains }, (_, ch) => {
      const tot = new Float64Array(iterations);
      for (let i = 0; i < iterations; i++) {
        let s = drawsVar[K]![ch]![i]!;
        for (let k = 0; k < K; k++) if (intercepts[k]) s += drawsVar[k]![ch]![i]!;
        tot[i] = s;
      }
      return tot;
    });
    const remlTotal = remlRes + remlVar.reduce((s, v, k) => s + (intercepts[k] ? v : 0), 0);
    const components: BayesComponent[] = [];
    for (let k = 0; k <= K; k++) {
      const isShare = k === K || intercepts[k]!;
      const v = drawsVar[k]!;
      const sh = v.map((c, ch) => c.map((x, i) => (100 * x) / totals[ch]![i]!));
      const allV = Float64Array.from(v.flatMap((c) => Array.from(c))).sort();
      const allS = Float64Array.from(sh.flatMap((c) => Array.from(c))).sort();
      const diag = rhatEss(isShare ? sh : v);
      const diagV = rhatEss(v);
      const remlV = k === K ? remlRes : remlVar[k]!;
      const remlShare = isShare ? (100 * remlV) / remlTotal : null;
      const lo = quantile(allS, 0.025);
      const hi = quantile(allS, 0.975);
      components.push({
        name: k === K ? 'Residual' : names[k]!,
        variance: { median: quantile(allV, 0.5), lo: quantile(allV, 0.025), hi: quantile(allV, 0.975) },
        share: isShare ? { median: quantile(allS, 0.5), lo, hi } : { median: NaN, lo: NaN, hi: NaN },
        rhat: Math.max(diag.rhat, diagV.rhat),
        ess: Math.min(diag.ess, diagV.ess),
        reml_share: remlShare,
        reml_inside: remlShare === null ? null : remlShare >= lo && remlShare <= hi,
      });
    }
    return {
      formula,
      chains,
      iterations,
      warmup,
      seed,
      prior: `flat on fixed effects; every SD half-t(ν = ${nu}, scale = SD of the scores = ${A.toPrecision(4)})`,
      components,
      max_rhat: Math.max(...components.map((c) => c.rhat)),
      min_ess: Math.min(...components.map((c) => c.ess)),
      note: 'With only a handful of levels (benchmarks, deployment types) the posterior of those variances is wide and skewed and need not centre on the REML estimate: that is the point of the check.',
    };
  }
}
