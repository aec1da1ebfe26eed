// Proper plausible values (Rubin 1987 §4.2; Mislevy 1991, Psychometrika 56:177–196): for each set, the
// item parameters and the latent-regression coefficients are drawn from N(ψ̂, I⁻¹) (I the cross-product
// information, se.ts, in the fitted metric where residual variances are 1), every person's posterior is
// recomputed under that draw, re-expressed in the draw's own unit-marginal-variance metric, and one value
// per person and factor is drawn from it (normal approximation). Without this, sets drawn at ψ̂ alone
// understate the between-set variance and Rubin's intervals are too narrow for weakly measured factors.
//
// The work is split in two (the scaling layer draws its sets in chunks, possibly on worker threads):
// - preparePlausibleValues, once per conditioning fit: ψ̂, the factor L (L Lᵀ = I⁻¹, or the pseudo-inverse
//   version with a warning; held as the Cholesky factor R of I, L = R⁻ᵀ), and each person's adaptive-node
//   centres at ψ̂. The information is taken at
//   ADAPTIVE nodes (agq.ts; the fit's own node counts, each person's nodes centred on their posterior) —
//   per-person scores by Fisher's identity from the nodes' posterior weights (se.ts agqInformation), the
//   sum of outer products and the inverse/Cholesky by core-wasm. Plain data (structured-cloneable).
// - plausibleValuesProper(…, { prepared }): per set, the parameter draw ψ̂ + L z, the posteriors by the
//   core-wasm adaptive E-step (AgqEngine) started from the prepared centres and re-centred once on the
//   draw's posteriors, then the draws.
// Models outside the AgqEngine (two-tier, guessing, 1PL) and `method: 'grid'` keep the earlier way: the
// information on the fit's fixed grid (crossprodInformation) and the posteriors by adaptivePosterior (JS)
// or on the grid.
// Random stream (the seeding contract): per set, P normals for z, then per factor per person one normal.
import { choleskyBlocked, symEigen, triSolve } from '@cartograph/core-wasm';
import type { ResponseMatrix } from '../data/leaderboard.js';
import type { Rng } from '../util/rng.js';
import { adaptivePosterior } from './adaptive.js';
import { AGQ_NODES, AGQ_REFINED, AgqEngine, agqRule, centresFromScores, initialCenters, priorMeans } from './agq.js';
import { fitState } from './fit.js';
import { cloneParams, countFree, pack, unpack, type IrtStructure, type ItemParams } from './model.js';
import { centerCovariates, personPriors, posteriorMoments, type CenteredCovariates } from './regression.js';
import { engineFor, meanOf, subsetResponses, useAdaptive, type IrtScoreOptions } from './scores.js';
import { agqInformation, crossprodInformation } from './se.js';
import type { IrtFit } from './types.js';

/** What the draws of every plausible-value set need, computed once per conditioning fit (plain data). */
export interface PvPreparation {
  kind: 'plausible-values-preparation';
  /**
   * 'adaptive': information and posteriors at each person's adaptive nodes (core-wasm AgqEngine);
   * 'grid-information': the earlier way (information on the fit's fixed grid; models the AgqEngine does
   * not fit, or `method: 'grid'`).
   */
  method: 'adaptive' | 'grid-information';
  nPersons: number;
  /** Packed item parameters (model.ts order), then β factor-major, in the fitted metric (residual SDs 1). */
  nItemParams: number;
  nParams: number;
  psi: Float64Array;
  /**
   * The draws' square root of I⁻¹, P × P row-major. 'reversed-information-cholesky': R, the lower Cholesky
   * factor of the information with its parameters in reverse order (E I E = R Rᵀ, E the reversal), so
   * I = U Uᵀ with U = E R E upper triangular and I⁻¹ = U⁻ᵀ U⁻¹: L = U⁻ᵀ is lower triangular with a positive
   * diagonal — THE lower Cholesky factor of I⁻¹, the one the draws used when it was computed as
   * cholesky(spdInverse(I)) — without forming I⁻¹; a draw ψ̂ + L z solves Uᵀ δ = z, i.e. Rᵀ (E δ) = E z.
   * 'pseudo-inverse': L = V Λ^{−1/2} over the eigenvalues above 1e-10·λmax (I singular; with a warning),
   * and a draw is ψ̂ + L z.
   */
  factor: Float64Array;
  factorKind: 'reversed-information-cholesky' | 'pseudo-inverse';
  /** Adaptive nodes per person (general, each specific); null for 'grid-information'. */
  nodes: { general: number; specific: number } | null;
  /** N × (2 + 3S): each person's node centres at ψ̂ (posterior mean and SD of g, per specific m, b, τ; agq.ts). */
  centers: Float64Array | null;
  /** Set when the information was singular (the parameter combinations held at their estimates). */
  warnings: string[];
}

export interface PvOptions extends Omit<PvPrepareOptions, 'settle'> {
  /** The preparation of this fit, data and covariates (preparePlausibleValues); computed here (with these options) when absent. */
  prepared?: PvPreparation;
  /** Re-centring runs of the adaptive nodes on each draw's posteriors before its moments (default 1). */
  settle?: number;
}

export interface PvPrepareOptions extends IrtScoreOptions {
  /**
   * Starting centres of each model's adaptive nodes: posterior means and SDs per factor (the fit's factor
   * order and reported metric, N each) — e.g. the conditioning fit's or the unconditional calibration's EAP
   * scores; settled on the kernel's posteriors at ψ̂ before use. Absent: found by adaptive quadrature around
   * each model's mode (agq.ts initialCenters; on the v1 files ≈ 13 of the preparation's ≈ 25 CPU-s).
   */
  startScores?: { eap: readonly ArrayLike<number>[]; psd: readonly ArrayLike<number>[] } | null;
  /**
   * Re-centring runs at ψ̂ before the information: at least this many (default 2, as adaptiveEm), then
   * more until no centre moves by 1e-3 of its SD (at most 30).
   */
  settle?: number;
}

/** Node counts of the adaptive path when neither the options nor the fit give them (the fit's check default, 11 × 9). */
const DEFAULT_NODES = AGQ_REFINED(AGQ_NODES);

interface Fitted {
  st: IrtStructure;
  /** Item parameters in the fitted metric (slopes a*·σ). */
  p: ItemParams;
  phi: Float64Array;
  /** β / σ, factor-major F × p. */
  beta: Float64Array;
  cz: CenteredCovariates;
  responses: Uint8Array;
  N: number;
  F: number;
  pz: number;
}

function fitted(fit: IrtFit, resp: ResponseMatrix, covariates: ArrayLike<number>, who: string): Fitted {
  const lr = fit.latentRegression;
  if (!lr) throw new RangeError(`${who}: the fit has no latent regression (fit with \`covariates\`)`);
  const N = resp.nModels;
  const pz = lr.covariates.length;
  if (covariates.length !== N * pz) throw new RangeError(`${who}: covariates must be ${N} × ${pz}, got ${covariates.length} values`);
  const raw = Float64Array.from({ length: N * pz }, (_, t) => covariates[t]! - lr.covariateMeans[t % pz]!);
  const cz = centerCovariates(raw, N, lr.covariates);
  // centred with the fit's means, not this sample's
  cz.Z.set(raw);
  const { st, p: pStar, phi } = fitState(fit);
  const F = st.G + st.S;
  // back to the fitted metric: residual SD 1, slopes a = a*·σ*, β = β*/σ*
  const p = cloneParams(pStar);
  const sig = lr.residualSd;
  for (let j = 0; j < st.nItems; j++) {
    p.aG[j] = p.aG[j]! * sig[0]!;
    const s = st.itemSpec[j]!;
    if (s >= 0) p.aS[j] = p.aS[j]! * sig[1 + s]!;
  }
  const beta = new Float64Array(F * pz);
  for (let f = 0; f < F; f++) for (let a = 0; a < pz; a++) beta[f * pz + a] = lr.beta[f]![a]! / sig[f]!;
  return { st, p, phi, beta, cz, responses: subsetResponses(fit, resp), N, F, pz };
}

/** Whether the draws go through the core-wasm adaptive E-step. */
function adaptivePath(fit: IrtFit, st: IrtStructure, opts: IrtScoreOptions): boolean {
  return useAdaptive(fit, opts) && st.G === 1 && st.guessing === 'none' && !st.commonSlope;
}

function nodeCounts(fit: IrtFit, opts: IrtScoreOptions): { general: number; specific: number } {
  const n = fit.estep.method === 'adaptive' ? fit.estep.nodes : null;
  return { general: opts.points ?? n?.general ?? DEFAULT_NODES.g, specific: opts.specificPoints ?? n?.specific ?? DEFAULT_NODES.s };
}

/** Posterior means of every factor (general first) from the AgqEngine's moments (N × (2 + 3S)). */
function meansOf(mom: Float64Array, N: number, S: number): Float64Array[] {
  const C = 2 + 3 * S;
  return Array.from({ length: 1 + S }, (_, f) => Float64Array.from({ length: N }, (_, i) => mom[i * C + (f === 0 ? 0 : 2 + 3 * (f - 1))]!));
}

/**
 * The draws' square root of I⁻¹ (PvPreparation.factor): the Cholesky factor of the reversed I; when I is singular or
 * nearly so (a Heywood-like item, an empty cell, fewer models than parameters), directions with eigenvalue
 * below 1e-10·λmax get no variation (pseudo-inverse), with a warning.
 */
function drawFactor(info: Float64Array, P: number, warnings: string[]): { factor: Float64Array; factorKind: PvPreparation['factorKind'] } {
  try {
    const rev = new Float64Array(P * P);
    for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) rev[a * P + b] = info[(P - 1 - a) * P + (P - 1 - b)]!;
    const R = choleskyBlocked(rev, P);
    // a pivot that barely passed: I⁻¹ would be dominated by rounding. The pseudo-inverse rule's threshold on
    // the pivots R_kk² (each pivot lies between λmin and its diagonal entry, so a pivot below 1e-10·max I_kk
    // means an eigenvalue the rule would drop)
    let dmax = 0;
    let dmin = Infinity;
    for (let k = 0; k < P; k++) {
      const v = R[k * P + k]! * R[k * P + k]!;
      dmax = Math.max(dmax, info[k * P + k]!);
      dmin = Math.min(dmin, v);
    }
    if (dmin > 1e-10 * dmax) return { factor: R, factorKind: 'reversed-information-cholesky' };
  } catch {
    // not positive definite: the pseudo-inverse below
  }
  {
    const eig = symEigen(info, P);
    const lmax = eig.values[P - 1]!;
    let dropped = 0;
    const L = new Float64Array(P * P);
    for (let c = 0; c < P; c++) {
      const lam = eig.values[c]!;
      if (!(lam > 1e-10 * lmax)) {
        dropped++;
        continue;
      }
      const sc = 1 / Math.sqrt(lam);
      for (let r = 0; r < P; r++) L[r * P + c] = eig.vectors[r * P + c]! * sc;
    }
    warnings.push(`plausible values: the information matrix is singular in ${dropped} direction(s); those parameter combinations were held at their estimates`);
    return { factor: L, factorKind: 'pseudo-inverse' };
  }
}

/**
 * The cross-product information of the calibration (item parameters, then β; fitted metric) — at each
 * person's adaptive nodes (method 'adaptive', with the centres settled at ψ̂) or on the fixed grid
 * (`opts.quadrature`/`specificQuadrature`, else the fit's; method 'grid'). Exported for tests and
 * benchmarks; preparePlausibleValues is the user.
 */
export function calibrationInformation(
  fit: IrtFit,
  resp: ResponseMatrix,
  covariates: ArrayLike<number>,
  opts: PvPrepareOptions & { method: 'adaptive' | 'grid' },
): { info: Float64Array; P: number; centers: Float64Array | null; nodes: { general: number; specific: number } | null } {
  const fx = fitted(fit, resp, covariates, 'calibrationInformation');
  return informationOf(fit, resp, fx, opts);
}

function informationOf(
  fit: IrtFit,
  resp: ResponseMatrix,
  fx: Fitted,
  opts: PvPrepareOptions & { method: 'adaptive' | 'grid' },
): { info: Float64Array; P: number; centers: Float64Array | null; nodes: { general: number; specific: number } | null } {
  const { st, p, phi, beta, cz, responses, N, F } = fx;
  const P = countFree(st) + beta.length;
  if (opts.method === 'grid') {
    const engine = engineFor(fit, resp, opts);
    try {
      const priors = personPriors(engine, cz, beta, new Array<number>(F).fill(1));
      return { info: crossprodInformation(engine, st, p, phi, responses, N, priors, { cz, beta }), P, centers: null, nodes: null };
    } finally {
      engine.dispose();
    }
  }
  const nodes = nodeCounts(fit, opts);
  const rule = agqRule(nodes.general, nodes.specific);
  const inp = { st, responses, nPersons: N, impl: opts.impl ?? 'wasm' } as const;
  const engine = new AgqEngine(inp);
  try {
    const pm = priorMeans(cz, beta, F)!;
    // centres as adaptiveEm starts them (posterior means and SDs around each mode, adaptive.ts) or from the
    // scores given, then settled on the kernel's own posteriors (with the g–s covariances the start lacks)
    let centers = opts.startScores ? centersFrom(opts.startScores, fit, N, st.S) : initialCenters(inp, p, pm, { g: nodes.general, s: nodes.specific });
    const settle = opts.settle ?? 2;
    for (let r = 0; r < MAX_SETTLE; r++) {
      const next = engine.run(p, rule, centers, pm, false).moments;
      const moved = centreMove(centers, next, N, st.S);
      centers = next;
      if (r + 1 >= settle && moved < SETTLE_TOL) break;
    }
    const e = engine.run(p, rule, centers, pm, false, true);
    const info = agqInformation(st, p, responses, N, { nodes: e.nodes!, Kg: nodes.general, Qs: nodes.specific }, { cz, beta, m1: meansOf(e.moments, N, st.S) });
    return { info, P, centers: e.moments, nodes };
  } finally {
    engine.dispose();
  }
}

const MAX_SETTLE = 30;
const SETTLE_TOL = 1e-3;

/** Largest move of a centre between two runs, in units of its SD (floored at AGQ_MIN_SD-like 1e-4): μ_g, σ_g, m_s, τ_s. */
function centreMove(a: Float64Array, b: Float64Array, N: number, S: number): number {
  const C = 2 + 3 * S;
  let m = 0;
  for (let i = 0; i < N; i++) {
    const o = i * C;
    const sg = Math.max(b[o + 1]!, 1e-4);
    m = Math.max(m, Math.abs(a[o]! - b[o]!) / sg, Math.abs(a[o + 1]! - b[o + 1]!) / sg);
    for (let s = 0; s < S; s++) {
      const t = Math.max(b[o + 4 + 3 * s]!, 1e-4);
      m = Math.max(m, Math.abs(a[o + 2 + 3 * s]! - b[o + 2 + 3 * s]!) / t, Math.abs(a[o + 4 + 3 * s]! - b[o + 4 + 3 * s]!) / t);
    }
  }
  return Number.isFinite(m) ? m : Infinity;
}

/** Node centres (N × (2 + 3S)) in the fitted metric from posterior means and SDs in the reported one: θ/σ_f. */
function centersFrom(sc: NonNullable<PvPrepareOptions['startScores']>, fit: IrtFit, N: number, S: number): Float64Array {
  const sig = fit.latentRegression!.residualSd;
  if (sc.eap.length !== 1 + S || sc.psd.length !== 1 + S || sc.eap.some((v) => v.length !== N) || sc.psd.some((v) => v.length !== N))
    throw new RangeError(`preparePlausibleValues: startScores must give ${1 + S} factors × ${N} models`);
  const c = centresFromScores(sc.eap, sc.psd, N, S, sig);
  for (const v of c) if (!Number.isFinite(v)) throw new RangeError('preparePlausibleValues: startScores are not all finite');
  return c;
}

/**
 * Everything the plausible-value draws of a conditioning fit need, computed once (see the header): pass
 * it as `prepared` to every plausibleValuesProper call on the same fit, responses and covariates.
 */
export function preparePlausibleValues(fit: IrtFit, resp: ResponseMatrix, covariates: ArrayLike<number>, opts: PvPrepareOptions = {}): PvPreparation {
  const fx = fitted(fit, resp, covariates, 'preparePlausibleValues');
  const { st } = fx;
  const adaptive = adaptivePath(fit, st, opts);
  opts.onProgress?.({ stage: 'plausible values', message: `information matrix of the calibration (for drawing its parameters)${adaptive ? ', at adaptive nodes' : ''}` });
  const r = informationOf(fit, resp, fx, { ...opts, method: adaptive ? 'adaptive' : 'grid' });
  const warnings: string[] = [];
  const { factor, factorKind } = drawFactor(r.info, r.P, warnings);
  const nItemParams = countFree(st);
  const psi = new Float64Array(r.P);
  psi.set(pack(st, fx.p));
  psi.set(fx.beta, nItemParams);
  return { kind: 'plausible-values-preparation', method: adaptive ? 'adaptive' : 'grid-information', nPersons: fx.N, nItemParams, nParams: r.P, psi, factor, factorKind, nodes: r.nodes, centers: r.centers, warnings };
}

/**
 * `draws` proper plausible-value sets (see the header): sets[d][f][i]. Needs a fit with a latent
 * regression; `opts.prepared` (preparePlausibleValues of the same fit, responses and covariates) skips
 * the information matrix and the centring. Warnings: the preparation's (the singular-information one).
 */
export function plausibleValuesProper(
  fit: IrtFit,
  resp: ResponseMatrix,
  covariates: ArrayLike<number>,
  draws: number,
  rng: Rng,
  opts: PvOptions = {},
): { sets: Float64Array[][]; warnings: string[] } {
  if (!fit.latentRegression) throw new RangeError('plausibleValuesProper: the fit has no latent regression (fit with `covariates`)');
  if (!(Number.isInteger(draws) && draws >= 1)) throw new RangeError(`plausibleValuesProper: draws must be a positive integer, got ${draws}`);
  const fx = fitted(fit, resp, covariates, 'plausibleValuesProper');
  const { st, p, phi, cz, responses, N, F, pz } = fx;
  const prep = opts.prepared ?? preparePlausibleValues(fit, resp, covariates, { ...opts, settle: undefined });
  const adaptive = prep.method === 'adaptive';
  const P = countFree(st) + fx.beta.length;
  if (prep.kind !== 'plausible-values-preparation' || prep.nPersons !== N || prep.nParams !== P || prep.nItemParams !== countFree(st) || prep.factor.length !== P * P)
    throw new RangeError(`plausibleValuesProper: the preparation is for ${prep.nPersons} persons and ${prep.nParams} parameters, this fit and data have ${N} and ${P}`);
  if (adaptive && !adaptivePath(fit, st, opts)) throw new RangeError('plausibleValuesProper: an adaptive preparation for a fit or options scored on the grid');
  const { psi: psi0, factor } = prep;
  const chol = prep.factorKind === 'reversed-information-cholesky';
  const zr = new Float64Array(P);
  const Pi = prep.nItemParams;
  const out: Float64Array[][] = [];
  const z = new Float64Array(P);
  const settle = opts.settle ?? 1;
  const ones = new Array<number>(F).fill(1);
  const rule = adaptive ? agqRule(prep.nodes!.general, prep.nodes!.specific) : null;
  const agq = adaptive ? new AgqEngine({ st, responses, nPersons: N, impl: opts.impl ?? 'wasm' }) : null;
  const grid = !adaptive && !useAdaptive(fit, opts) ? engineFor(fit, resp, opts) : null;
  try {
    for (let d = 0; d < draws; d++) {
      for (let a = 0; a < P; a++) z[a] = rng.normal();
      // ψ̂ + L z: L = U⁻ᵀ (solve Rᵀ y = E z, δ = E y) or the pseudo-inverse root
      const psi = new Float64Array(P);
      if (chol) {
        for (let a = 0; a < P; a++) zr[a] = z[P - 1 - a]!;
        const y = triSolve(factor, zr, P, 1, { lower: true, trans: true });
        for (let a = 0; a < P; a++) psi[a] = psi0[a]! + y[P - 1 - a]!;
      } else
        for (let a = 0; a < P; a++) {
          let v = psi0[a]!;
          const row = a * P;
          for (let b = 0; b < P; b++) v += factor[row + b]! * z[b]!;
          psi[a] = v;
        }
      const pd = unpack(st, psi, cloneParams(p));
      const bd = psi.subarray(Pi);
      opts.onProgress?.({ stage: 'plausible values', done: d, total: draws, message: `plausible-value set ${d + 1}/${draws}` });
      // posterior mean and variance of every factor, general first
      const m1: Float64Array[] = [];
      const v2: Float64Array[] = [];
      if (agq && rule) {
        const pm = priorMeans(cz, bd, F)!;
        let centers = prep.centers!;
        for (let r = 0; r < settle; r++) centers = agq.run(pd, rule, centers, pm, false).moments;
        const mom = agq.run(pd, rule, centers, pm, false).moments;
        const C = 2 + 3 * st.S;
        for (let f = 0; f < F; f++) {
          const a = new Float64Array(N);
          const v = new Float64Array(N);
          for (let i = 0; i < N; i++) {
            const o = i * C;
            const sg = mom[o + 1]!;
            if (f === 0) {
              a[i] = mom[o]!;
              v[i] = sg * sg;
            } else {
              // Var s = τ² + b² Var g (the kernel's moments: agq.ts, core-wasm src/ref/irtAgq.ts)
              const b = mom[o + 3 + 3 * (f - 1)]!;
              const tau = mom[o + 4 + 3 * (f - 1)]!;
              a[i] = mom[o + 2 + 3 * (f - 1)]!;
              v[i] = tau * tau + b * b * sg * sg;
            }
          }
          m1.push(a);
          v2.push(v);
        }
      } else if (!grid) {
        const r = adaptivePosterior(st, pd, responses, N, { points: opts.points, specificPoints: opts.specificPoints, priorMean: meanOf(cz, bd) });
        for (let f = 0; f < F; f++) {
          m1.push(r.eap[f]!);
          v2.push(r.psd[f]!.map((s) => s * s));
        }
      } else {
        const e = grid.run(pd, phi, { ...personPriors(grid, cz, bd, ones), wantPosteriors: true });
        const m = posteriorMoments(grid, e.out.postG!, e.out.postS!, N);
        for (let f = 0; f < F; f++) {
          m1.push(m.m1[f]!);
          v2.push(m.m2[f]!.map((s, i) => s - m.m1[f]![i]! * m.m1[f]![i]!));
        }
      }
      const set: Float64Array[] = [];
      for (let f = 0; f < F; f++) {
        // the draw's marginal SD of factor f: √(1 + β_fᵀ Cov(z) β_f) (residual variance 1)
        let v = 1;
        for (let a = 0; a < pz; a++) for (let b = 0; b < pz; b++) v += bd[f * pz + a]! * cz.cov[a * pz + b]! * bd[f * pz + b]!;
        const c = Math.sqrt(v);
        const pv = new Float64Array(N);
        for (let i = 0; i < N; i++) {
          const sd = Math.sqrt(Math.max(0, v2[f]![i]!));
          pv[i] = (m1[f]![i]! + sd * rng.normal()) / c;
        }
        set.push(pv);
      }
      out.push(set);
    }
    return { sets: out, warnings: [...prep.warnings] };
  } finally {
    agq?.dispose();
    grid?.dispose();
  }
}
