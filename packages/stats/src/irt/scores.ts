// Stage 6 of the IRT fit: person scores with the item parameters held at their estimates.
// - scoreIrt: EAP (posterior mean) and posterior SD of every factor (Bock & Mislevy 1982, Appl.
//   Psychol. Meas. 6:431–444) under the N(0, 1) prior of the calibration (or N(0, Φ) for a two-tier
//   general tier). Default: adaptive Gauss–Hermite quadrature centred at each person's posterior mode
//   (adaptive.ts) — a fixed grid (mirt::fscores' default) snaps posteriors narrower than its spacing to
//   its nodes; `method: 'grid'` keeps the fixed grid (two-tier models are always scored on the grid).
// - conditionIrt: the latent regression ("conditioning model") of large-scale assessments (Mislevy
//   1991, Psychometrika 56:177–196; von Davier, Sinharay, Oranje & Beaton 2006): each factor f has
//   prior N(z_iᵀβ_f, σ_f²) given covariates z_i; β_f and σ_f by EM with the items fixed
//   (M-step: β_f = (ZᵀZ)⁻¹Zᵀ E[θ_f | x], σ_f² = mean E[(θ_f − z_iᵀβ_f)² | x]).
// - plausibleValues: M draws per person and factor from the (conditioned) posterior, approximated
//   by a normal with the posterior mean and SD (computed by adaptive quadrature). Regressions on such draws,
//   combined by Rubin's rules, estimate the latent slopes without the shrinkage that attenuates
//   regressions on EAP scores — provided the regressors are in the conditioning model. The "proper"
//   version (parameters of the calibration drawn too) is pv.ts.
import type { ResponseMatrix } from '../data/leaderboard.js';
import { EstimationError } from '../util/errors.js';
import type { Rng } from '../util/rng.js';
import { IrtEngine } from './estep.js';
import { fitState } from './fit.js';
import type { QuadratureSpec } from './quadrature.js';
import type { IrtFit, IrtProgress } from './types.js';
import { adaptivePosterior } from './adaptive.js';
import { centerCovariates, invertGeneral, logNormalOnGrid, posteriorMoments, personPriors } from './regression.js';

export interface IrtScoreOptions {
  /**
   * For a fit with a one-step latent regression: the covariates (N × p, same columns as in the fit).
   * The posterior then uses each person's conditional prior N(zᵀβ_f, σ_f²) — the conditioning model
   * plausible values must come from. Without them the prior is the marginal N(0, 1).
   */
  covariates?: ArrayLike<number>;
  /** Quadrature of the general tier for scoring (default: the fit's). */
  quadrature?: QuadratureSpec;
  specificQuadrature?: QuadratureSpec;
  impl?: 'wasm' | 'ts';
  /** 'adaptive' (default; one general factor only) or 'grid' (the fixed quadrature). */
  method?: 'adaptive' | 'grid';
  /** Adaptive nodes for the general factor (default 21) and per specific factor (default 15). */
  points?: number;
  specificPoints?: number;
  onProgress?: (p: IrtProgress) => void;
}

export interface IrtScores {
  /** How the posteriors were integrated. */
  method: 'adaptive-gauss-hermite' | 'grid';
  /** Nodes (adaptive: per person, general then per specific) or grid points. */
  points: { general: number; specific: number | null };
  factors: string[];
  nPersons: number;
  /** Per factor (in `factors` order): posterior means, one per person. */
  eap: Float64Array[];
  /** Per factor: posterior SDs. */
  psd: Float64Array[];
  /** log L_i of each person (marginal over the prior used). */
  loglik: Float64Array;
}

/** The fit's columns of the response matrix (N × J bytes). */
export function subsetResponses(fit: IrtFit, resp: ResponseMatrix): Uint8Array {
  const cols = fit.state.columns;
  const J0 = resp.nItems;
  if (cols.some((c) => c >= J0)) throw new RangeError(`scoreIrt: the fit used ${Math.max(...cols) + 1} columns, the matrix has ${J0}`);
  const N = resp.nModels;
  const J = cols.length;
  const out = new Uint8Array(N * J);
  for (let i = 0; i < N; i++) for (let t = 0; t < J; t++) out[i * J + t] = resp.values[i * J0 + cols[t]!]!;
  return out;
}

/** The fixed-grid E-step engine of a fit (its quadrature unless the options give one). */
export function engineFor(fit: IrtFit, resp: ResponseMatrix, opts: IrtScoreOptions): IrtEngine {
  const { st } = fitState(fit);
  return new IrtEngine(
    st,
    subsetResponses(fit, resp),
    resp.nModels,
    opts.quadrature ?? fit.quadrature.general,
    opts.specificQuadrature ?? fit.quadrature.specific ?? { points: 21, range: 5 },
    opts.impl ?? 'wasm',
  );
}

const moments = posteriorMoments;

function toScores(fit: IrtFit, m: { m1: Float64Array[]; m2: Float64Array[] }, loglik: Float64Array, N: number, engine: IrtEngine): IrtScores {
  const psd = m.m1.map((a, f) => {
    const out = new Float64Array(N);
    for (let i = 0; i < N; i++) out[i] = Math.sqrt(Math.max(0, m.m2[f]![i]! - a[i]! * a[i]!));
    return out;
  });
  return { method: 'grid', points: { general: engine.gG.base.nodes.length, specific: engine.st.S > 0 ? engine.Q : null }, factors: [...fit.factors], nPersons: N, eap: m.m1, psd, loglik };
}

/** Whether a fit is scored by adaptive quadrature under these options. */
export function useAdaptive(fit: IrtFit, opts: IrtScoreOptions): boolean {
  return (opts.method ?? 'adaptive') === 'adaptive' && fit.nGeneral === 1;
}

/** Adaptive-quadrature scores; prior means per person from a latent regression when given. */
function adaptiveScores(fit: IrtFit, responses: Uint8Array, N: number, opts: IrtScoreOptions, prior?: { mean: (f: number, i: number) => number; sd: readonly number[] }): IrtScores {
  const { st, p } = fitState(fit);
  const r = adaptivePosterior(st, p, responses, N, {
    points: opts.points,
    specificPoints: opts.specificPoints,
    priorMean: prior?.mean,
    priorSd: prior?.sd,
    onProgress: (done, total) => opts.onProgress?.({ stage: 'scores', done, total }),
  });
  return { method: 'adaptive-gauss-hermite', points: { general: r.points, specific: st.S > 0 ? r.specificPoints : null }, factors: [...fit.factors], nPersons: N, eap: r.eap, psd: r.psd, loglik: r.loglik };
}

/** Prior mean z_iᵀβ_f (β factor-major F × p) of person i. */
export function meanOf(cz: { p: number; Z: Float64Array }, beta: ArrayLike<number>): (f: number, i: number) => number {
  return (f, i) => {
    let v = 0;
    for (let a = 0; a < cz.p; a++) v += cz.Z[i * cz.p + a]! * beta[f * cz.p + a]!;
    return v;
  };
}

/** EAP scores and posterior SDs of every factor under the calibration prior. */
export function scoreIrt(fit: IrtFit, resp: ResponseMatrix, opts: IrtScoreOptions = {}): IrtScores {
  if (useAdaptive(fit, opts)) {
    let prior: { mean: (f: number, i: number) => number; sd: readonly number[] } | undefined;
    if (opts.covariates) {
      const lr = fit.latentRegression;
      if (!lr) throw new RangeError('scoreIrt: covariates given but the fit has no latent regression');
      const N = resp.nModels;
      const pz = lr.covariates.length;
      const Z = Float64Array.from({ length: N * pz }, (_, t) => opts.covariates![t]! - lr.covariateMeans[t % pz]!);
      prior = { mean: meanOf({ p: pz, Z }, lr.beta.flat()), sd: lr.residualSd };
    }
    return adaptiveScores(fit, subsetResponses(fit, resp), resp.nModels, opts, prior);
  }
  const engine = engineFor(fit, resp, opts);
  try {
    const { p, phi } = fitState(fit);
    let priors = {};
    if (opts.covariates) {
      const lr = fit.latentRegression;
      if (!lr) throw new RangeError('scoreIrt: covariates given but the fit has no latent regression');
      const N = resp.nModels;
      const raw = Float64Array.from({ length: N * lr.covariates.length }, (_, t) => opts.covariates![t]! - lr.covariateMeans[t % lr.covariates.length]!);
      const cz = centerCovariates(raw, N, lr.covariates);
      // centre with the fit's means, not this sample's: undo the re-centring
      cz.Z.set(raw);
      priors = personPriors(engine, cz, lr.beta.flat(), lr.residualSd);
    }
    const e = engine.run(p, phi, { ...priors, wantPosteriors: true });
    return toScores(fit, moments(engine, e.out.postG!, e.out.postS!, resp.nModels), e.out.loglik, resp.nModels, engine);
  } finally {
    engine.dispose();
  }
}

export interface ConditioningOptions extends IrtScoreOptions {
  /** N × p covariates, row-major, without the intercept (added here). No missing values. */
  covariates: Float64Array;
  covariateNames: readonly string[];
  maxIter?: number;
  /** Largest change of any β or σ between EM iterations (default 1e-5). */
  tol?: number;
}

export interface ConditionedPosterior extends IrtScores {
  /** Coefficient names: '(Intercept)' then the covariates. */
  coefficientNames: string[];
  /** Per factor: latent-regression coefficients. */
  beta: number[][];
  /** Per factor: residual SD of the latent regression. */
  residualSd: number[];
  iterations: number;
  converged: boolean;
}

/** Fits the latent regression (conditioning model) of every factor on the covariates, items fixed. */
export function conditionIrt(fit: IrtFit, resp: ResponseMatrix, opts: ConditioningOptions): ConditionedPosterior {
  if (fit.nGeneral > 1) throw new EstimationError('conditionIrt', 'the conditioning model is implemented for unidimensional and bifactor fits, not for a two-tier general tier with correlated factors');
  const N = resp.nModels;
  const pz = opts.covariateNames.length;
  if (opts.covariates.length !== N * pz) throw new RangeError(`conditionIrt: covariates must be ${N} × ${pz}`);
  const P = pz + 1;
  const Z = new Float64Array(N * P);
  for (let i = 0; i < N; i++) {
    Z[i * P] = 1;
    for (let c = 0; c < pz; c++) {
      const v = opts.covariates[i * pz + c]!;
      if (!Number.isFinite(v)) throw new RangeError(`conditionIrt: covariate ${opts.covariateNames[c]} is missing or not finite for model ${i + 1}`);
      Z[i * P + 1 + c] = v;
    }
  }
  // (ZᵀZ)⁻¹Zᵀ as a P × N matrix
  const ztz = new Float64Array(P * P);
  for (let i = 0; i < N; i++) for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) ztz[a * P + b] += Z[i * P + a]! * Z[i * P + b]!;
  const inv = invertGeneral(ztz, P);
  if (!inv) throw new EstimationError('conditionIrt', 'the covariates are collinear (ZᵀZ is singular)');
  const engine = engineFor(fit, resp, opts);
  try {
    const { p, phi } = fitState(fit);
    const { G, S } = engine.st;
    const F = G + S;
    const K = engine.K;
    const Q = engine.Q;
    const coords = engine.gG.coords;
    const nodes = engine.gS.nodes;
    // start: regression of the unconditional EAPs, residual SD 1
    let e = engine.run(p, phi, { wantPosteriors: true });
    let m = moments(engine, e.out.postG!, e.out.postS!, N);
    const beta = m.m1.map((y) => ols(inv, Z, y, N, P));
    const sd = new Array<number>(F).fill(1);
    const priorG = new Float64Array(N * K);
    const priorS = new Float64Array(N * Math.max(1, S * Q));
    const maxIter = opts.maxIter ?? 500;
    const tol = opts.tol ?? 1e-5;
    let converged = false;
    let it = 0;
    for (; it < maxIter; it++) {
      for (let i = 0; i < N; i++) {
        const mu = (f: number): number => {
          let v = 0;
          for (let a = 0; a < P; a++) v += Z[i * P + a]! * beta[f]![a]!;
          return v;
        };
        logNormalOnGrid(priorG, i * K, coords, G, K, mu(0), sd[0]!);
        for (let s = 0; s < S; s++) logNormalOnGrid(priorS, (i * S + s) * Q, nodes, 1, Q, mu(G + s), sd[G + s]!);
      }
      e = engine.run(p, phi, { wantPosteriors: true, priorG, priorS: S > 0 ? priorS : undefined });
      m = moments(engine, e.out.postG!, e.out.postS!, N);
      let change = 0;
      for (let f = 0; f < F; f++) {
        const b = ols(inv, Z, m.m1[f]!, N, P);
        let ss = 0;
        for (let i = 0; i < N; i++) {
          let mu = 0;
          for (let a = 0; a < P; a++) mu += Z[i * P + a]! * b[a]!;
          ss += m.m2[f]![i]! - 2 * m.m1[f]![i]! * mu + mu * mu;
        }
        const s = Math.sqrt(Math.max(ss / N, 1e-8));
        for (let a = 0; a < P; a++) change = Math.max(change, Math.abs(b[a]! - beta[f]![a]!));
        change = Math.max(change, Math.abs(s - sd[f]!));
        beta[f] = b;
        sd[f] = s;
      }
      if (change < tol) {
        converged = true;
        it++;
        break;
      }
    }
    // posterior under the final prior
    for (let i = 0; i < N; i++) {
      const mu = (f: number): number => {
        let v = 0;
        for (let a = 0; a < P; a++) v += Z[i * P + a]! * beta[f]![a]!;
        return v;
      };
      logNormalOnGrid(priorG, i * K, coords, G, K, mu(0), sd[0]!);
      for (let s = 0; s < S; s++) logNormalOnGrid(priorS, (i * S + s) * Q, nodes, 1, Q, mu(G + s), sd[G + s]!);
    }
    e = engine.run(p, phi, { wantPosteriors: true, priorG, priorS: S > 0 ? priorS : undefined });
    m = moments(engine, e.out.postG!, e.out.postS!, N);
    const sc = toScores(fit, m, e.out.loglik, N, engine);
    return { ...sc, coefficientNames: ['(Intercept)', ...opts.covariateNames], beta, residualSd: sd, iterations: it, converged };
  } finally {
    engine.dispose();
  }
}

function ols(inv: Float64Array, Z: Float64Array, y: Float64Array, N: number, P: number): number[] {
  const zty = new Float64Array(P);
  for (let i = 0; i < N; i++) for (let a = 0; a < P; a++) zty[a] += Z[i * P + a]! * y[i]!;
  const b: number[] = [];
  for (let a = 0; a < P; a++) {
    let v = 0;
    for (let c = 0; c < P; c++) v += inv[a * P + c]! * zty[c]!;
    b.push(v);
  }
  return b;
}

/**
 * `draws` plausible values per person and factor: PV[d][f][i] ~ N(eap_f,i, psd_f,i²), drawn in a
 * fixed order (draw, factor, person) from `rng`, so the same seed gives the same values.
 */
export function plausibleValues(scores: IrtScores, draws: number, rng: Rng): Float64Array[][] {
  if (!(Number.isInteger(draws) && draws >= 1)) throw new RangeError(`plausibleValues: draws must be a positive integer, got ${draws}`);
  const out: Float64Array[][] = [];
  for (let d = 0; d < draws; d++) {
    out.push(
      scores.eap.map((mu, f) => {
        const v = new Float64Array(scores.nPersons);
        const s = scores.psd[f]!;
        for (let i = 0; i < scores.nPersons; i++) v[i] = mu[i]! + s[i]! * rng.normal();
        return v;
      }),
    );
  }
  return out;
}

// plausibleValuesProper (plausible values that carry the calibration's uncertainty): pv.ts
