// The conditioning model with the item parameters fixed at an unconditional calibration (the two-stage
// design of NAEP's latent regression: items calibrated first, then θ_f | z_i ~ N(α_f + z_iᵀβ_f, σ_f²)
// fitted by marginal maximum likelihood with the items held — Mislevy 1991, Psychometrika 56:177–196;
// Mislevy, Beaton, Kaplan & Sheehan 1992, J. Educ. Meas. 29:133–161; von Davier, Sinharay, Oranje &
// Beaton 2006, Handbook of Statistics 26 ch. 32). Factors independent given z (the Gibbons–Hedeker
// reduction stays exact).
// EM with the adaptive Gauss–Hermite E-step of the calibration (agq.ts; core-wasm kernel): the kernel's
// prior is N(m, 1) per factor, so each E-step works in the metric θ′_f = θ_f/σ_f (slopes a·σ_f, prior
// means (α_f + zβ_f)/σ_f) and maps the posterior moments back; M-step: (α_f, β_f) by least squares of the
// posterior means on (1, z), σ_f² = mean of posterior variance + squared residual. SQUAREM (squarem.ts)
// accelerates the map over (α, β, log σ). Only the latent-regression parameters move, so an iteration is
// one E-step (no item M-step) and EM needs few of them: the missing information about the regression is
// the posterior variance relative to σ², small when a factor is measured by many items.
// The result is an IrtFit in the convention of fitIrt with covariates (fit.ts): every factor rescaled to
// mean 0 and unit marginal variance in this sample (slopes a·√v_f, intercepts absorb a·α,
// β/√v_f, residual SD σ_f/√v_f with v_f = β_fᵀΣ_zβ_f + σ_f²), so plausibleValuesProper and the scaling
// layer read it as they read a one-step fit.
import type { ResponseMatrix } from '../data/leaderboard.js';
import { EstimationError } from '../util/errors.js';
import { AgqEngine, agqRule, AGQ_REFINED, centresFromScores, initialCenters } from './agq.js';
import { fitState, QUADRATURE_TOLERANCE } from './fit.js';
import { standardized, type IrtStructure, type ItemParams } from './model.js';
import { centerCovariates } from './regression.js';
import { squarem } from './squarem.js';
import type { IrtFit, IrtItemEstimate, QuadratureCheckStep } from './types.js';

export interface ConditioningFitOptions {
  /** Item ids of the response matrix's columns (the calibration's items are matched by id). */
  itemIds: readonly string[];
  /** Covariates N × p (row-major, no intercept; centred here) and their names. */
  covariates: { values: ArrayLike<number>; names: readonly string[] };
  /** Adaptive nodes per model (default: the calibration's). */
  nodes?: { general: number; specific: number } | null;
  /**
   * Starting centres of each model's nodes: posterior means and SDs per factor in the calibration's order
   * (e.g. its EAP scores), N each; null: found by adaptive quadrature around each model's mode (agq.ts).
   */
  startScores?: { eap: ArrayLike<number>[]; psd: ArrayLike<number>[] } | null;
  /** 'report': the log-likelihood at the estimates against 4 more nodes per dimension, once. */
  check?: 'report' | 'none';
  /** Convergence: largest change of α, β or σ in one EM step (default 1e-4). */
  tol?: number;
  maxEvals?: number;
  onProgress?: (p: { stage: string; done?: number; total?: number; message?: string }) => void;
}

/**
 * What the conditioning fit reads of an unconditional calibration: its items (id, specific factor) and
 * fitted state. Plain JSON (a replicate plan carries it).
 */
export interface CalibrationItems {
  model: IrtFit['model'];
  link: IrtFit['link'];
  factors: string[];
  nGeneral: number;
  items: { id: string; specific: string | null }[];
  state: IrtFit['state'];
  generalCorrelation: number[];
  quadrature: IrtFit['quadrature'];
  estep: IrtFit['estep'];
}

/** The compact copy of an unconditional calibration that fitConditioning needs. */
export function calibrationItems(fit: IrtFit): CalibrationItems {
  if (fit.latentRegression) throw new RangeError('calibrationItems: the calibration must be unconditional (no latent regression)');
  return {
    model: fit.model,
    link: fit.link,
    factors: [...fit.factors],
    nGeneral: fit.nGeneral,
    items: fit.items.map((it) => ({ id: it.id, specific: it.specific })),
    state: JSON.parse(JSON.stringify(fit.state)) as IrtFit['state'],
    generalCorrelation: [...fit.generalCorrelation],
    quadrature: JSON.parse(JSON.stringify(fit.quadrature)) as IrtFit['quadrature'],
    estep: JSON.parse(JSON.stringify(fit.estep)) as IrtFit['estep'],
  };
}

/** The unconditional calibration's items for the columns of `itemIds` (matched by id; unmatched columns are left out). */
function fixedItems(cal: CalibrationItems, itemIds: readonly string[]): { st: IrtStructure; p: ItemParams; columns: number[]; items: CalibrationItems['items'] } {
  if (cal.nGeneral !== 1) throw new EstimationError('fitConditioning', 'the conditioning model with fixed items needs one general factor (unidimensional or bifactor)');
  const { st: st0, p: p0 } = fitState(cal as unknown as IrtFit);
  if (st0.guessing !== 'none' || st0.commonSlope) throw new EstimationError('fitConditioning', 'fixed-item conditioning needs free slopes and no guessing');
  const col = new Map<string, number>();
  itemIds.forEach((id, j) => col.set(id, j));
  const keep: number[] = [];
  const columns: number[] = [];
  cal.items.forEach((it, t) => {
    const c = col.get(it.id);
    if (c !== undefined) {
      keep.push(t);
      columns.push(c);
    }
  });
  if (keep.length === 0) throw new EstimationError('fitConditioning', 'no item of the calibration is among the responses');
  const st: IrtStructure = { ...st0, nItems: keep.length, generalMask: Uint8Array.from(keep, () => 1), itemSpec: Int32Array.from(keep, (t) => st0.itemSpec[t]!) };
  const p: ItemParams = { aG: Float64Array.from(keep, (t) => p0.aG[t]!), aS: Float64Array.from(keep, (t) => p0.aS[t]!), d: Float64Array.from(keep, (t) => p0.d[t]!), c: new Float64Array(keep.length) };
  return { st, p, columns, items: keep.map((t) => cal.items[t]!) };
}

/**
 * Fits θ_f | z ~ N(α_f + zᵀβ_f, σ_f²) to `resp` (rows: the models of the covariates, columns: `itemIds`)
 * with the item parameters of the unconditional calibration `cal` held fixed. Returns an IrtFit with
 * `latentRegression` (fit.ts's convention: unit marginal variance, mean 0 in this sample).
 */
export function fitConditioning(cal: CalibrationItems, resp: ResponseMatrix, o: ConditioningFitOptions): IrtFit {
  const { st, p: p0, columns, items } = fixedItems(cal, o.itemIds);
  const N = resp.nModels;
  const J = st.nItems;
  const S = st.S;
  const F = 1 + S;
  const C = 2 + 3 * S;
  const cz = centerCovariates(o.covariates.values, N, o.covariates.names);
  const pz = cz.p;
  const nodes = o.nodes ?? cal.estep.nodes ?? { general: 11, specific: 9 };
  const rule = agqRule(nodes.general, nodes.specific);
  // responses of the kept columns, models × items (2 = missing, as the response matrix stores it)
  const responses = new Uint8Array(N * J);
  for (let i = 0; i < N; i++) for (let j = 0; j < J; j++) responses[i * J + j] = resp.values[i * resp.nItems + columns[j]!]!;
  const engine = new AgqEngine({ st, responses, nPersons: N, impl: 'wasm' });
  try {
    // ψ = per factor [α_f, β_f (pz), log σ_f]
    const w = pz + 2;
    const psi0 = new Float64Array(F * w);
    // centres in the calibration's metric θ: per model μ_g, sd_g, then per specific m_s, b_s, τ_s
    let centers = o.startScores ? centresFromScores(o.startScores.eap, o.startScores.psd, N, S) : initialCenters({ st, responses, nPersons: N, impl: 'wasm' }, p0, null, { g: nodes.general, s: nodes.specific });
    const work: ItemParams = { aG: new Float64Array(J), aS: new Float64Array(J), d: p0.d, c: p0.c };
    const pm = new Float64Array(N * F);
    const cIn = new Float64Array(N * C);
    const sig = new Float64Array(F);
    // one E-step at ψ: log-likelihood, and the posterior moments back in the θ metric (m1, total variance)
    const estep = (psi: Float64Array, cen: Float64Array, r = rule) => {
      for (let f = 0; f < F; f++) sig[f] = Math.exp(psi[f * w + pz + 1]!);
      for (let j = 0; j < J; j++) {
        work.aG[j] = p0.aG[j]! * sig[0]!;
        const s = st.itemSpec[j]!;
        work.aS[j] = s >= 0 ? p0.aS[j]! * sig[1 + s]! : 0;
      }
      for (let i = 0; i < N; i++)
        for (let f = 0; f < F; f++) {
          let m = psi[f * w]!;
          for (let a = 0; a < pz; a++) m += cz.Z[i * pz + a]! * psi[f * w + 1 + a]!;
          pm[i * F + f] = m / sig[f]!;
        }
      // centres into θ′ = θ/σ: means and SDs by 1/σ, the regression of s on g by σ_g/σ_s
      for (let i = 0; i < N; i++) {
        const c0 = i * C;
        cIn[c0] = cen[c0]! / sig[0]!;
        cIn[c0 + 1] = cen[c0 + 1]! / sig[0]!;
        for (let s = 0; s < S; s++) {
          const ss = sig[1 + s]!;
          cIn[c0 + 2 + 3 * s] = cen[c0 + 2 + 3 * s]! / ss;
          cIn[c0 + 3 + 3 * s] = (cen[c0 + 3 + 3 * s]! * sig[0]!) / ss;
          cIn[c0 + 4 + 3 * s] = cen[c0 + 4 + 3 * s]! / ss;
        }
      }
      const e = engine.run(work, r, cIn, pm, false);
      const mom = e.moments;
      const out = new Float64Array(N * C);
      for (let i = 0; i < N; i++) {
        const c0 = i * C;
        out[c0] = mom[c0]! * sig[0]!;
        out[c0 + 1] = mom[c0 + 1]! * sig[0]!;
        for (let s = 0; s < S; s++) {
          const ss = sig[1 + s]!;
          out[c0 + 2 + 3 * s] = mom[c0 + 2 + 3 * s]! * ss;
          out[c0 + 3 + 3 * s] = (mom[c0 + 3 + 3 * s]! * ss) / sig[0]!;
          out[c0 + 4 + 3 * s] = mom[c0 + 4 + 3 * s]! * ss;
        }
      }
      return { ll: e.total, moments: out };
    };
    // M-step from the moments (θ metric): OLS of the posterior means on (1, z); σ² = mean(var + resid²)
    const mstep = (mom: Float64Array): Float64Array => {
      const next = new Float64Array(F * w);
      const y = new Float64Array(N);
      const v = new Float64Array(N);
      for (let f = 0; f < F; f++) {
        for (let i = 0; i < N; i++) {
          const c0 = i * C;
          if (f === 0) {
            y[i] = mom[c0]!;
            v[i] = mom[c0 + 1]! ** 2;
          } else {
            const s = f - 1;
            const b = mom[c0 + 3 + 3 * s]!;
            y[i] = mom[c0 + 2 + 3 * s]!;
            v[i] = mom[c0 + 4 + 3 * s]! ** 2 + b * b * mom[c0 + 1]! ** 2;
          }
        }
        // z is centred: α = ȳ, β = (ZᵀZ)⁻¹Zᵀ(y − ȳ)
        let mean = 0;
        for (let i = 0; i < N; i++) mean += y[i]!;
        mean /= N;
        const zty = new Float64Array(pz);
        for (let i = 0; i < N; i++) for (let a = 0; a < pz; a++) zty[a] += cz.Z[i * pz + a]! * (y[i]! - mean);
        const beta = new Float64Array(pz);
        for (let a = 0; a < pz; a++) for (let b = 0; b < pz; b++) beta[a] += cz.ztzInv[a * pz + b]! * zty[b]!;
        let ss = 0;
        for (let i = 0; i < N; i++) {
          let m = mean;
          for (let a = 0; a < pz; a++) m += cz.Z[i * pz + a]! * beta[a]!;
          ss += v[i]! + (y[i]! - m) ** 2;
        }
        next[f * w] = mean;
        next.set(beta, f * w + 1);
        next[f * w + pz + 1] = 0.5 * Math.log(Math.max(ss / N, 1e-8));
      }
      return next;
    };
    // start: α = 0, β = 0, σ = 1 (the calibration's prior); settle the centres there
    o.onProgress?.({ stage: 'conditioning', message: `centring ${nodes.general} × ${nodes.specific} Gauss–Hermite nodes on each model's posterior (items fixed at the calibration)` });
    for (let r = 0; r < 2; r++) centers = estep(psi0, centers).moments;
    let evals = 0;
    let bestLl = -Infinity;
    const maxEvals = o.maxEvals ?? 500;
    const tol = o.tol ?? 1e-4;
    const map = (psi: Float64Array) => {
      const e = estep(psi, centers);
      evals++;
      // the next nodes follow this point's posteriors unless it is a far worse (rejected extrapolated) point
      if (e.ll >= bestLl - 10) centers = e.moments;
      if (e.ll > bestLl) bestLl = e.ll;
      o.onProgress?.({ stage: 'conditioning', done: evals, message: `EM ${evals} (items fixed): log-likelihood ${e.ll.toFixed(2)}` });
      return { next: mstep(e.moments), ll: e.ll };
    };
    const r = squarem(map, psi0, { maxEvals, tol, accelerate: true, valid: (psi) => psi.every(Number.isFinite) });
    const psi = r.psi;
    // the log-likelihood at the estimates (nodes centred on their posteriors there), and the node check
    let fin = estep(psi, centers);
    fin = estep(psi, fin.moments);
    const loglik = fin.ll;
    const steps: QuadratureCheckStep[] = [];
    let stable: boolean | null = null;
    const fine = AGQ_REFINED({ g: nodes.general, s: nodes.specific });
    if ((o.check ?? 'report') === 'report') {
      o.onProgress?.({ stage: 'quadrature check', message: `log-likelihood with ${nodes.general} × ${nodes.specific} and ${fine.g} × ${fine.s} nodes per model` });
      const llFine = estep(psi, fin.moments, agqRule(fine.g, fine.s)).ll;
      const diff = loglik - llFine;
      steps.push({ points: nodes.general, range: null, specific_points: S > 0 ? nodes.specific : null, specific_range: null, loglik_grid: loglik, loglik_adaptive: llFine, difference: diff, em_evaluations: r.evals });
      stable = Math.abs(diff) < QUADRATURE_TOLERANCE;
    }
    // report in the unit-marginal-variance, mean-0 metric of this sample
    const alpha = new Array<number>(F);
    const scale = new Array<number>(F);
    const betaOut: number[][] = [];
    const residualSd: number[] = [];
    for (let f = 0; f < F; f++) {
      alpha[f] = psi[f * w]!;
      const sd = Math.exp(psi[f * w + pz + 1]!);
      let v = sd * sd;
      for (let a = 0; a < pz; a++) for (let b = 0; b < pz; b++) v += psi[f * w + 1 + a]! * cz.cov[a * pz + b]! * psi[f * w + 1 + b]!;
      scale[f] = Math.sqrt(v);
      betaOut.push(Array.from({ length: pz }, (_, a) => psi[f * w + 1 + a]! / scale[f]!));
      residualSd.push(sd / scale[f]!);
    }
    const pOut: ItemParams = { aG: new Float64Array(J), aS: new Float64Array(J), d: new Float64Array(J), c: new Float64Array(J) };
    const outItems: IrtItemEstimate[] = [];
    for (let j = 0; j < J; j++) {
      const s = st.itemSpec[j]!;
      pOut.aG[j] = p0.aG[j]! * scale[0]!;
      pOut.aS[j] = s >= 0 ? p0.aS[j]! * scale[1 + s]! : 0;
      pOut.d[j] = p0.d[j]! + p0.aG[j]! * alpha[0]! + (s >= 0 ? p0.aS[j]! * alpha[1 + s]! : 0);
      const slopes = new Array<number>(F).fill(0);
      slopes[0] = pOut.aG[j]!;
      if (s >= 0) slopes[1 + s] = pOut.aS[j]!;
      const stz = standardized(st.link, slopes, pOut.d[j]!);
      outItems.push({ id: items[j]!.id, column: columns[j]!, specific: items[j]!.specific, slopes, intercept: pOut.d[j]!, guessing: 0, loadings: stz.loadings, threshold: stz.threshold, communality: stz.communality, se: null });
    }
    const warnings: string[] = [];
    if (!r.converged) warnings.push(`EM for the conditioning model did not converge in ${maxEvals} evaluations (last change ${r.change.toExponential(2)}, tol ${tol})`);
    const message = `adaptive Gauss–Hermite E-step, ${nodes.general} × ${nodes.specific} nodes per model, item parameters fixed at the unconditional calibration` +
      (steps.length === 0 ? ': the log-likelihood was not checked against more nodes' : `: log-likelihood ${loglik.toFixed(2)}, with ${fine.g} × ${fine.s} nodes ${steps[0]!.loglik_adaptive.toFixed(2)} (change ${Math.abs(steps[0]!.difference).toPrecision(2)} ${stable ? '<' : '≥'} ${QUADRATURE_TOLERANCE})${stable ? '' : ': the E-step is not accurate at these nodes'}`);
    if (stable === false) warnings.push(message);
    const nPar = F * (pz + 2);
    const fit: IrtFit = {
      method: 'irt-mml-em',
      model: cal.model,
      link: cal.link,
      factors: [...cal.factors],
      nGeneral: cal.nGeneral,
      generalCorrelation: [...cal.generalCorrelation],
      quadrature: cal.quadrature,
      nPersons: N,
      nItems: J,
      items: outItems,
      excludedItems: [],
      loglik,
      nParameters: nPar,
      aic: -2 * loglik + 2 * nPar,
      bic: -2 * loglik + Math.log(N) * nPar,
      iterations: r.evals,
      converged: r.converged,
      convergence: { maxChange: r.change, tol, accelerated: true, message: r.converged ? `converged: largest change of the latent-regression parameters ${r.change.toExponential(2)} < ${tol} (items fixed)` : `not converged after ${r.evals} EM evaluations` },
      quadratureCheck: { method: steps.length ? 'adaptive-em-node-refinement' : 'none', tolerance: QUADRATURE_TOLERANCE, stable, steps, message },
      estep: { method: 'adaptive', nodes: { general: nodes.general, specific: nodes.specific } },
      missingCells: 0,
      seMethod: null,
      latentRegression: { covariates: [...cz.names], covariateMeans: [...cz.means], beta: betaOut, residualSd, betaSe: null },
      warnings,
      state: { ...cal.state, columns, itemSpec: Array.from(st.itemSpec), generalMask: Array.from(st.generalMask), aG: Array.from(pOut.aG), aS: Array.from(pOut.aS), d: Array.from(pOut.d), c: Array.from(pOut.c) },
    };
    let missing = 0;
    for (const v of responses) if (v > 1) missing++;
    fit.missingCells = missing;
    return fit;
  } finally {
    engine.dispose();
  }
}
