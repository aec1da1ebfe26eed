// fitIrt: full-information item factor analysis by marginal maximum likelihood with EM
// (Bock & Aitkin 1981, Psychometrika 46:443–459) — unidimensional 1PL/2PL/3PL, bifactor
// (Gibbons & Hedeker 1992) and two-tier (Cai 2010), logistic or normal-ogive link, missing
// responses allowed. Reference implementation: mirt (Chalmers 2012, JSS 48(6)) — mirt(), bfactor().
// Stages: quadrature.ts → model.ts (parameter table) → start.ts (start values) → estep.ts (core-wasm
// kernel) → mstep.ts, iterated by squarem.ts (SQUAREM acceleration) → the quadrature check (grid
// log-likelihood against adaptive Gauss–Hermite quadrature, adaptive.ts; the grid is refined until
// they agree) → orient.ts (signs) → se.ts (cross-product SEs) → result. Scores and plausible values:
// scores.ts; M2: m2.ts.
import type { ResponseMatrix } from '../data/leaderboard.js';
import { MISSING } from '../data/leaderboard.js';
import { EstimationError } from '../util/errors.js';
import { IrtEngine } from './estep.js';
import { cloneParams, countFree, linkScale, pack, standardized, unpack, type IrtStructure, type ItemParams } from './model.js';
import { mstep } from './mstep.js';
import { crossprodSe } from './se.js';
import { centerCovariates, personPriors, posteriorMoments, regressCentered, type CenteredCovariates } from './regression.js';
import type { IrtFit, IrtFitOptions, IrtItemEstimate, IrtModelKind, QuadratureCheckStep } from './types.js';
import { adaptivePosterior } from './adaptive.js';
import type { QuadratureSpec } from './quadrature.js';
import { startValues } from './start.js';
import { adaptiveEm, SLOPE_BOUND_D, type AgqEmResult } from './agq.js';
import { orient } from './orient.js';
import { squarem, type FixedPointStep } from './squarem.js';

interface Prepared {
  st: IrtStructure;
  columns: number[];
  responses: Uint8Array;
  nPersons: number;
  excluded: IrtFit['excludedItems'];
  specNames: string[];
  generalNames: string[];
  ids: string[];
  warnings: string[];
  missingCells: number;
}

/** Builds the item structure and the response bytes of the items that can be fitted. */
export function prepareIrt(resp: ResponseMatrix, opts: IrtFitOptions): Prepared {
  const model: IrtModelKind = opts.model ?? '2PL';
  const N = resp.nModels;
  const J0 = resp.nItems;
  const ids = opts.itemIds ? [...opts.itemIds] : Array.from({ length: J0 }, (_, j) => String(j + 1));
  if (ids.length !== J0) throw new RangeError(`fitIrt: ${ids.length} item ids for ${J0} columns`);
  const warnings: string[] = [];
  const excluded: IrtFit['excludedItems'] = [];
  const columns: number[] = [];
  let missingCells = 0;
  for (let j = 0; j < J0; j++) {
    let n = 0;
    let s = 0;
    for (let i = 0; i < N; i++) {
      const v = resp.values[i * J0 + j]!;
      if (v === MISSING) missingCells++;
      else if (v === 0 || v === 1) {
        n++;
        s += v;
      } else throw new RangeError(`fitIrt: response ${v} at model ${i + 1}, item ${ids[j]} (expected 0, 1 or missing)`);
    }
    if (n === 0) excluded.push({ id: ids[j]!, column: j, reason: 'no responses' });
    else if (s === 0 || s === n) excluded.push({ id: ids[j]!, column: j, reason: `constant: all ${n} observed responses are ${s === 0 ? 0 : 1}` });
    else columns.push(j);
  }
  if (excluded.length > 0) warnings.push(`${excluded.length} item(s) excluded before fitting (constant or empty): ${excluded.slice(0, 10).map((e) => e.id).join(', ')}${excluded.length > 10 ? ', …' : ''}`);
  const J = columns.length;
  if (J < 3) throw new EstimationError('fitIrt', `only ${J} non-constant items; at least 3 are needed`);
  const responses = new Uint8Array(N * J);
  let emptyPersons = 0;
  for (let i = 0; i < N; i++) {
    let any = false;
    for (let t = 0; t < J; t++) {
      const v = resp.values[i * J0 + columns[t]!]!;
      responses[i * J + t] = v;
      if (v !== MISSING) any = true;
    }
    if (!any) emptyPersons++;
  }
  if (emptyPersons > 0) warnings.push(`${emptyPersons} model(s) have no responses on the fitted items; their scores equal the prior`);

  let G = 1;
  const generalMask = new Uint8Array(J).fill(1);
  const itemSpec = new Int32Array(J).fill(-1);
  let specNames: string[] = [];
  let generalNames = ['g'];
  let gm = generalMask;
  if (model === 'bifactor' || model === 'twotier') {
    if (!opts.itemSpecific || opts.itemSpecific.length !== J0) throw new RangeError(`fitIrt: ${model} needs itemSpecific with one entry per item (${J0})`);
    specNames = [...new Set(columns.map((j) => opts.itemSpecific![j]).filter((s): s is string => s !== null && s !== undefined))];
    columns.forEach((j, t) => {
      const s = opts.itemSpecific![j];
      itemSpec[t] = s === null || s === undefined ? -1 : specNames.indexOf(s);
    });
    const counts = specNames.map((_, s) => itemSpec.reduce((a, v) => a + (v === s ? 1 : 0), 0));
    counts.forEach((c, s) => {
      if (c < 2) warnings.push(`specific factor ${specNames[s]} has only ${c} item(s): its slope is not identified apart from the general one`);
    });
    if (model === 'twotier') {
      if (!opts.itemGeneral || opts.itemGeneral.length !== J0) throw new RangeError(`fitIrt: twotier needs itemGeneral with one entry per item (${J0})`);
      G = 1 + Math.max(...columns.map((j) => Math.max(-1, ...opts.itemGeneral![j]!)));
      if (G < 1) throw new RangeError('fitIrt: twotier: no item loads on a general factor');
      gm = new Uint8Array(J * G);
      columns.forEach((j, t) => {
        for (const g of opts.itemGeneral![j]!) {
          if (!(Number.isInteger(g) && g >= 0)) throw new RangeError(`fitIrt: twotier: item ${ids[j]} has general factor index ${g}`);
          gm[t * G + g] = 1;
        }
      });
      generalNames = opts.generalNames ? [...opts.generalNames] : Array.from({ length: G }, (_, g) => `g${g + 1}`);
      if (generalNames.length !== G) throw new RangeError(`fitIrt: ${generalNames.length} general names for ${G} general factors`);
    }
  } else if (opts.itemSpecific) warnings.push(`itemSpecific ignored for model ${model}`);
  let guessing: IrtStructure['guessing'] = 'none';
  if (model === '3PL') guessing = opts.guessing === undefined || opts.guessing === 'estimate' ? 'estimate' : 'fixed';
  if (typeof opts.guessing === 'number' && !(opts.guessing >= 0 && opts.guessing < 1)) throw new RangeError(`fitIrt: guessing must be in [0, 1), got ${opts.guessing}`);
  const st: IrtStructure = {
    nItems: J,
    G,
    generalMask: gm,
    S: specNames.length,
    itemSpec,
    commonSlope: model === '1PL',
    guessing,
    link: opts.link ?? 'logistic',
  };
  return { st, columns, responses, nPersons: N, excluded, specNames, generalNames, ids, warnings, missingCells };
}


/** Packs item parameters and the general-tier correlations (lower triangle) into one vector. */
function packAll(st: IrtStructure, p: ItemParams, phi: Float64Array): Float64Array {
  const a = pack(st, p);
  const G = st.G;
  const nr = (G * (G - 1)) / 2;
  const out = new Float64Array(a.length + nr);
  out.set(a);
  let o = a.length;
  for (let r = 1; r < G; r++) for (let c = 0; c < r; c++) out[o++] = phi[r * G + c]!;
  return out;
}

function psiLength(st: IrtStructure): number {
  return countFree(st) + (st.G * (st.G - 1)) / 2;
}

/** Multiplies the SEs of the slopes of factor f by scale[f] (packed order of model.ts; G = 1); returns the multipliers. */
function scaleSlopeSe(st: IrtStructure, se: Float64Array, scale: number[]): Float64Array {
  const mult = new Float64Array(se.length).fill(1);
  let o = 0;
  for (let j = 0; j < st.nItems; j++) {
    if (!st.commonSlope && st.generalMask[j]) {
      mult[o] = scale[0]!;
      o++;
    }
    const s = st.itemSpec[j]!;
    if (s >= 0) {
      mult[o] = scale[1 + s]!;
      o++;
    }
    o++;
    if (st.guessing === 'estimate') o++;
  }
  if (st.commonSlope) mult[o] = scale[0]!;
  for (let a = 0; a < se.length; a++) se[a] = se[a]! * mult[a]!;
  return mult;
}

function unpackAll(st: IrtStructure, v: Float64Array, p: ItemParams, phi: Float64Array): void {
  unpack(st, v, p);
  const G = st.G;
  let o = countFree(st);
  for (let r = 1; r < G; r++)
    for (let c = 0; c < r; c++) {
      phi[r * G + c] = v[o]!;
      phi[c * G + r] = v[o++]!;
    }
}

function isPd(phi: Float64Array, G: number): boolean {
  // Cholesky test
  const L = new Float64Array(G * G);
  for (let i = 0; i < G; i++)
    for (let k = 0; k <= i; k++) {
      let s = phi[i * G + k]!;
      for (let t = 0; t < k; t++) s -= L[i * G + t]! * L[k * G + t]!;
      if (i === k) {
        if (!(s > 1e-6)) return false;
        L[i * G + i] = Math.sqrt(s);
      } else L[i * G + k] = s / L[k * G + k]!;
    }
  return true;
}

/** Model-dependent first grid (the refinement starts here). */
function defaultQuad(model: IrtModelKind): QuadratureSpec {
  if (model === 'bifactor') return { points: 21, range: 5 };
  if (model === 'twotier') return { points: 11, range: 4 };
  return { points: 61, range: 6 };
}

/** Log-likelihood difference between the grid and adaptive quadrature that counts as stable. */
export const QUADRATURE_TOLERANCE = 0.1;
/** Largest grids the refinement goes to (cost grows with points, and with points² for the specifics). */
const MAX_POINTS_UNIDIMENSIONAL = 481;
const MAX_CELLS_BIFACTOR = 81 * 21;

/** Convergence tolerance of the fixed-grid phase before adaptive EM (its optimum is biased on sharp posteriors). */
const GRID_PHASE_TOL = 1e-3;
/** …or once its log-likelihood gains less than this per SQUAREM cycle (its error on real data is in the hundreds). */
const GRID_PHASE_LL_TOL = 2;
/**
 * …or after this many evaluations: it only gives adaptive EM a start, and the adaptive E-step now costs less
 * than the 21 × 21 grid's (v1, 6,014 × 439: the grid phase ran 79 evaluations, 40 % of the calibration's CPU;
 * capped at 20 the calibration took 111 instead of 136 evaluations, 162 instead of ≈ 200 CPU-s, and ended
 * 0.04 log-likelihood units higher, stable at 11 × 9 nodes).
 */
const GRID_PHASE_MAX_EVALS = 20;
/**
 * Adaptive EM is also converged when its log-likelihood changes by less than this over a SQUAREM cycle (as
 * Mplus's LOGCRITERION): on real leaderboards the intercepts of near-Guttman items on the slope bound keep
 * drifting by ~1e-2 per step along an almost flat ridge long after the log-likelihood has settled. A tenth
 * of the quadrature tolerance: well inside the E-step's own error.
 */
export const ADAPTIVE_LL_TOL = QUADRATURE_TOLERANCE / 10;

function agqMessage(a: AgqEmResult, checked: boolean): string {
  const rule = `adaptive Gauss–Hermite E-step, ${a.nodes.g} × ${a.nodes.s} nodes per model (g × each specific) centred on its posterior`;
  if (!checked) return `${rule}: the log-likelihood was not checked against more nodes`;
  const last = a.steps[a.steps.length - 1];
  if (!last) return `${rule}: not checked`;
  const fine = `${last.points + 4} × ${(last.specific_points ?? 0) + 4}`;
  return a.stable
    ? `${rule}: log-likelihood ${last.loglik_grid.toFixed(2)}, with ${fine} nodes ${last.loglik_adaptive.toFixed(2)} (change ${Math.abs(last.difference).toPrecision(2)} < ${QUADRATURE_TOLERANCE})`
    : `${rule}: log-likelihood ${last.loglik_grid.toFixed(2)}, with ${fine} nodes ${last.loglik_adaptive.toFixed(2)} (change ${Math.abs(last.difference).toPrecision(3)} ≥ ${QUADRATURE_TOLERANCE}${a.converged ? '' : '; EM did not converge'}): the calibration's E-step is not accurate`;
}

/** Warm start: item parameters of an earlier fit, matched by item id (items it lacks keep their start values). */
/** Copies a previous fit's item parameters into p; returns how many items it covered. */
function warmStart(prep: Prepared, p: ItemParams, start: NonNullable<IrtFitOptions['start']>): number {
  const { st } = prep;
  if (start.nGeneral !== st.G) throw new RangeError(`fitIrt: start has ${start.nGeneral} general factor(s), the model ${st.G}`);
  const byId = new Map(start.items.map((it) => [it.id, it]));
  let covered = 0;
  for (let t = 0; t < st.nItems; t++) {
    const it = byId.get(prep.ids[prep.columns[t]!]!);
    if (!it) continue;
    covered++;
    for (let g = 0; g < st.G; g++) if (st.generalMask[t * st.G + g]) p.aG[t * st.G + g] = it.slopes[g]!;
    const s = st.itemSpec[t]!;
    if (s >= 0) {
      const f = it.specific === null ? -1 : start.factors.indexOf(it.specific);
      if (f >= 0 && it.specific === prep.specNames[s]) p.aS[t] = it.slopes[f]!;
    }
    p.d[t] = it.intercept;
    if (st.guessing === 'estimate' && it.guessing > 0 && it.guessing < 1) p.c[t] = it.guessing;
  }
  if (st.commonSlope) {
    let m = 0;
    for (let t = 0; t < st.nItems; t++) m += p.aG[t]! / st.nItems;
    for (let t = 0; t < st.nItems; t++) p.aG[t] = m;
  }
  return covered;
}

function refined(q: QuadratureSpec): QuadratureSpec {
  // 2n − 1 points keep every old node (the new ones fall halfway between)
  return { points: 2 * q.points - 1, range: q.range };
}

export function fitIrt(resp: ResponseMatrix, opts: IrtFitOptions = {}): IrtFit {
  return fitIrtWithCentres(resp, opts).fit;
}

/**
 * fitIrt, with the adaptive E-step's per-model centres at the estimates (N × (2 + 3S), agq.ts; null for a
 * grid E-step): what agq-scores.ts needs to score the same models without a mode search.
 */
export function fitIrtWithCentres(resp: ResponseMatrix, opts: IrtFitOptions = {}): { fit: IrtFit; centres: Float64Array | null } {
  const model: IrtModelKind = opts.model ?? '2PL';
  const prep = prepareIrt(resp, opts);
  const { st } = prep;
  let quadG = opts.quadrature ?? defaultQuad(model);
  let quadS = opts.specificQuadrature ?? { points: 21, range: 5 };
  // default: refine a unidimensional grid; check a bifactor/two-tier grid once (a product grid fine
  // enough for the sharp posteriors of real leaderboards is beyond reach, so it is reported, not refined)
  const check = opts.quadratureCheck ?? (opts.quadrature ? 'none' : st.S > 0 ? 'report' : 'refine');
  // adaptive E-step (agq.ts) for bifactor models unless a fixed rule was asked for
  const agqPossible = st.G === 1 && st.S > 0 && st.guessing === 'none' && !st.commonSlope;
  const estep = opts.estep ?? (agqPossible && !opts.quadrature ? 'adaptive' : 'grid');
  if (estep === 'adaptive' && !agqPossible) throw new RangeError(`fitIrt: the adaptive E-step is implemented for bifactor models (one general factor, no guessing), not ${model}`);
  const tol = opts.tol ?? 1e-5;
  const maxIter = opts.maxIter ?? 2000;
  const accelerate = opts.accelerate ?? true;
  const fixedGuess = typeof opts.guessing === 'number' ? opts.guessing : 0;
  const impl = opts.impl ?? 'wasm';
  const progress = opts.onProgress;
  let engine = new IrtEngine(st, prep.responses, prep.nPersons, quadG, quadS, impl);
  try {
    const G = st.G;
    const phi = new Float64Array(G * G);
    for (let g = 0; g < G; g++) phi[g * G + g] = 1;
    const p = startValues(prep, fixedGuess);
    const warm = opts.start ? warmStart(prep, p, opts.start) === st.nItems : false;
    const F = G + st.S;
    let cz: CenteredCovariates | null = null;
    if (opts.covariates) {
      if (G > 1) throw new EstimationError('fitIrt', 'a latent regression (covariates) is implemented for unidimensional and bifactor models, not two-tier');
      cz = centerCovariates(opts.covariates.values, prep.nPersons, opts.covariates.names);
    }
    const nBeta = cz ? F * cz.p : 0;
    const ones = new Array<number>(F).fill(1);
    let evals = 0;
    // The EM map: E-step at ψ (log-likelihood of ψ), M-step → F(ψ).
    const work = cloneParams(p);
    const workPhi = phi.slice();
    const nItemPar = psiLength(st);
    const map = (psi: Float64Array): FixedPointStep => {
      unpackAll(st, psi, work, workPhi);
      let e;
      let newBeta: number[] = [];
      if (cz) {
        const pri = personPriors(engine, cz, psi.subarray(nItemPar), ones);
        e = engine.run(work, workPhi, { ...pri, wantPosteriors: true });
        const mo = posteriorMoments(engine, e.out.postG!, e.out.postS!, prep.nPersons);
        for (let f = 0; f < F; f++) newBeta = newBeta.concat(regressCentered(cz, mo.m1[f]!));
      } else e = engine.run(work, workPhi);
      evals++;
      progress?.({ stage: 'EM', done: evals, message: `EM ${evals} (${quadG.points}${st.S > 0 ? ` × ${quadS.points}` : ''} points): log-likelihood ${e.loglik.toFixed(2)}`, loglik: e.loglik });
      mstep(st, work, e.counts, engine.plan.tabOff, engine.grid);
      if (cz) {
        const base = packAll(st, work, workPhi);
        const out = new Float64Array(base.length + nBeta);
        out.set(base);
        out.set(newBeta, base.length);
        return { next: out, ll: e.loglik };
      }
      if (G > 1) {
        // general-tier correlations from the posterior second moments, rescaled to unit variances
        const K = engine.K;
        const cov = new Float64Array(G * G);
        for (let k = 0; k < K; k++) {
          const w = e.out.nG[k]!;
          for (let a = 0; a < G; a++) for (let b = 0; b < G; b++) cov[a * G + b] += w * engine.gG.coords[k * G + a]! * engine.gG.coords[k * G + b]!;
        }
        for (let a = 0; a < G; a++) for (let b = 0; b < G; b++) workPhi[a * G + b] = cov[a * G + b]! / Math.sqrt(cov[a * G + a]! * cov[b * G + b]!);
      }
      return { next: packAll(st, work, workPhi), ll: e.loglik };
    };
    const valid = (psi: Float64Array): boolean => {
      for (const v of psi) if (!Number.isFinite(v)) return false;
      if (G > 1) {
        const tp = cloneParams(p);
        const tphi = phi.slice();
        unpackAll(st, psi, tp, tphi);
        if (!isPd(tphi, G)) return false;
      }
      return true;
    };
    let psi = packAll(st, p, phi);
    if (cz) {
      const ext0 = new Float64Array(psi.length + nBeta);
      ext0.set(psi);
      psi = ext0;
    }
    // EM on the grid; then the grid's log-likelihood at the estimates against adaptive Gauss–Hermite
    // quadrature (adaptive.ts), and, while they differ by QUADRATURE_TOLERANCE or more, EM again from
    // the estimates on a grid with 2n − 1 points in the dimension(s) that need it.
    const steps: QuadratureCheckStep[] = [];
    let converged = false;
    let change = Infinity;
    let lastLl = -Infinity;
    let stable: boolean | null = null;
    let note = '';
    let agq: AgqEmResult | null = null;
    if (estep === 'adaptive') {
      // converge on the fixed grid first (cheap, loose tolerance: its optimum is biased anyway), then
      // adaptive EM from there until its own convergence, with the stability check under more nodes
      // (skipped when a warm start covers every item: the fixed grid's optimum would only pull it away)
      if (!warm) {
        const r = squarem(map, psi, { maxEvals: Math.min(maxIter - evals, GRID_PHASE_MAX_EVALS), tol: Math.max(tol, GRID_PHASE_TOL), llTol: GRID_PHASE_LL_TOL, accelerate, valid });
        psi = r.psi;
      }
      const tp = cloneParams(p);
      const tphi = phi.slice();
      unpackAll(st, psi, tp, tphi);
      agq = adaptiveEm({ st, responses: prep.responses, nPersons: prep.nPersons, impl }, tp, psi.slice(nItemPar), {
        tol,
        maxEvals: Math.max(1, maxIter - evals),
        accelerate,
        nodes: opts.adaptiveNodes ? { g: opts.adaptiveNodes.general, s: opts.adaptiveNodes.specific } : undefined,
        check: check !== 'none',
        tolerance: QUADRATURE_TOLERANCE,
        llConverge: opts.tol === undefined ? ADAPTIVE_LL_TOL : undefined,
        cz,
        onProgress: progress,
      });
      evals += agq.evals;
      const ps = packAll(st, agq.p, phi);
      psi = new Float64Array(ps.length + nBeta);
      psi.set(ps);
      psi.set(agq.beta, ps.length);
      converged = agq.converged;
      change = agq.change;
      lastLl = agq.loglik;
      stable = agq.stable;
      steps.push(...agq.steps);
    }
    for (; !agq; ) {
      const r = squarem(map, psi, { maxEvals: maxIter - evals, tol, accelerate, valid });
      psi = r.psi;
      converged = r.converged;
      change = r.change;
      lastLl = r.lastLl;
      if (check === 'none') break;
      if (G > 1) {
        note = 'two-tier general tier: no adaptive reference (the grid was not checked)';
        break;
      }
      const tp = cloneParams(p);
      const tphi = phi.slice();
      unpackAll(st, psi, tp, tphi);
      const beta = psi.subarray(nItemPar);
      const pri = cz ? personPriors(engine, cz, beta, ones) : undefined;
      const llGrid = engine.run(tp, tphi, pri ?? {}).loglik;
      progress?.({ stage: 'quadrature check', message: `adaptive quadrature at the estimates (grid ${quadG.points}${st.S > 0 ? ` × ${quadS.points}` : ''})` });
      const ag = adaptivePosterior(st, tp, prep.responses, prep.nPersons, {
        priorMean: cz ? (f, i) => personMean(cz!, beta, f, i) : undefined,
        onProgress: (done, total) => progress?.({ stage: 'quadrature check', done, total }),
      });
      let llAdaptive = 0;
      for (const v of ag.loglik) llAdaptive += v;
      const diff = llGrid - llAdaptive;
      steps.push({ points: quadG.points, range: quadG.range, specific_points: st.S > 0 ? quadS.points : null, specific_range: st.S > 0 ? quadS.range : null, loglik_grid: llGrid, loglik_adaptive: llAdaptive, difference: diff, em_evaluations: r.evals });
      if (Math.abs(diff) < QUADRATURE_TOLERANCE) {
        stable = true;
        break;
      }
      stable = false;
      if (check === 'report' || !converged) break;
      // which dimension needs more points: the grid log-likelihood with each refined alone
      let nextG = refined(quadG);
      let nextS = quadS;
      if (st.S > 0) {
        const trial = (qg: QuadratureSpec, qs: QuadratureSpec): number => {
          const eng = new IrtEngine(st, prep.responses, prep.nPersons, qg, qs, impl);
          try {
            return eng.run(tp, tphi, cz ? personPriors(eng, cz, beta, ones) : {}).loglik;
          } finally {
            eng.dispose();
          }
        };
        const dG = Math.abs(trial(refined(quadG), quadS) - llGrid);
        const dS = Math.abs(trial(quadG, refined(quadS)) - llGrid);
        nextG = dG >= QUADRATURE_TOLERANCE / 2 || dG >= dS ? refined(quadG) : quadG;
        nextS = dS >= QUADRATURE_TOLERANCE / 2 || dS > dG ? refined(quadS) : quadS;
      }
      const tooBig = st.S > 0 ? nextG.points * nextS.points > MAX_CELLS_BIFACTOR : nextG.points > MAX_POINTS_UNIDIMENSIONAL;
      if (tooBig || evals >= maxIter) {
        note = tooBig ? `the next grid (${nextG.points}${st.S > 0 ? ` × ${nextS.points}` : ''} points) is beyond the refinement limit` : 'the EM evaluation limit was reached';
        break;
      }
      quadG = nextG;
      quadS = nextS;
      engine.dispose();
      engine = new IrtEngine(st, prep.responses, prep.nPersons, quadG, quadS, impl);
    }
    const last = steps[steps.length - 1];
    const quadratureCheck: IrtFit['quadratureCheck'] = {
      method: check === 'none' || G > 1 ? 'none' : agq ? 'adaptive-em-node-refinement' : check === 'report' ? 'grid-vs-adaptive' : 'refine-until-grid-matches-adaptive',
      tolerance: QUADRATURE_TOLERANCE,
      stable,
      steps,
      message:
        agq
          ? agqMessage(agq, check !== 'none')
          : check === 'none'
          ? 'fixed quadrature rule as requested: the log-likelihood was not checked against a finer rule'
          : note.startsWith('two-tier')
            ? note
            : stable
              ? `grid log-likelihood within ${Math.abs(last!.difference).toPrecision(2)} of adaptive Gauss–Hermite quadrature at the estimates (${steps.length} grid${steps.length > 1 ? 's' : ''} tried)`
              : `grid log-likelihood differs by ${last ? Math.abs(last.difference).toPrecision(3) : '?'} from adaptive Gauss–Hermite quadrature at the estimates${note ? ` (${note})` : ''}: the calibration's E-step is not accurate at this grid`,
    };
    unpackAll(st, psi, p, phi);
    const beta = Array.from(psi.subarray(nItemPar));
    orient(st, p, phi, beta, cz ? cz.p : 0);
    // final E-step at the returned parameters: its log-likelihood is the one reported
    const priors = cz ? personPriors(engine, cz, beta, ones) : undefined;
    // (adaptive E-step: its log-likelihood at the estimates; a sign flip does not change it)
    const loglik = agq ? agq.loglik : engine.run(p, phi, priors ?? {}).loglik;
    if (Number.isFinite(lastLl) && loglik < lastLl - 1e-3 && converged) prep.warnings.push(`final log-likelihood ${loglik.toFixed(4)} is below an earlier iterate's ${lastLl.toFixed(4)}`);
    const nPar = countFree(st) + (G * (G - 1)) / 2;
    const warnings = [...prep.warnings];
    if (!converged) warnings.push(`EM did not converge in ${maxIter} evaluations (last max parameter change ${change.toExponential(2)}, tol ${tol}): estimates are not trustworthy`);
    if (stable === false) warnings.push(quadratureCheck.message);
    const D = linkScale(st.link);
    for (let j = 0; j < st.nItems; j++) {
      let big = false;
      // (the adaptive phase bounds |slope|/D at SLOPE_BOUND_D = 10: an item at the bound is one of these)
      const lim = SLOPE_BOUND_D * (1 - 1e-9);
      for (let g = 0; g < G; g++) if (Math.abs(p.aG[j * G + g]! / D) >= lim) big = true;
      if (Math.abs(p.aS[j]! / D) >= lim) big = true;
      if (big) warnings.push(`item ${prep.ids[prep.columns[j]!]}: slope at or above ${+(SLOPE_BOUND_D * D).toFixed(2)} (a Heywood-like case: standardized loading near 1${agq ? '; the adaptive calibration holds slopes at this bound, where the likelihood would keep rising as the item separates the models almost perfectly' : ''})`);
    }
    if (opts.se ?? true) progress?.({ stage: 'standard errors', message: 'cross-product standard errors' });
    const se = (opts.se ?? true) ? crossprodSe(engine, st, p, phi, prep.responses, prep.nPersons, priors, cz ? { cz, beta } : undefined) : null;
    if (se && se.warning) warnings.push(se.warning);
    let latentRegression: IrtFit['latentRegression'] = null;
    let seMult: Float64Array | null = null;
    if (cz) {
      // rescale every factor to unit marginal variance in this sample: Var θ_f = β_fᵀ Σ_z β_f + 1
      const scale = new Array<number>(F);
      for (let f = 0; f < F; f++) {
        let v = 1;
        for (let a = 0; a < cz.p; a++) for (let b = 0; b < cz.p; b++) v += beta[f * cz.p + a]! * cz.cov[a * cz.p + b]! * beta[f * cz.p + b]!;
        scale[f] = Math.sqrt(v);
      }
      for (let j = 0; j < st.nItems; j++) {
        p.aG[j] = p.aG[j]! * scale[0]!;
        const s = st.itemSpec[j]!;
        if (s >= 0) p.aS[j] = p.aS[j]! * scale[1 + s]!;
      }
      if (se?.se) seMult = scaleSlopeSe(st, se.se, scale);
      latentRegression = {
        covariates: [...cz.names],
        covariateMeans: [...cz.means],
        beta: Array.from({ length: F }, (_, f) => Array.from({ length: cz!.p }, (_, a) => beta[f * cz!.p + a]! / scale[f]!)),
        residualSd: scale.map((c) => 1 / c),
        betaSe: se?.se ? Array.from({ length: F }, (_, f) => Array.from({ length: cz!.p }, (_, a) => se.se![nItemPar + f * cz!.p + a]! / scale[f]!)) : null,
      };
    }
    const cov = se?.cov ? { m: se.cov, n: se.se!.length, mult: seMult } : null;
    const res = buildResult(prep, model, p, phi, quadG, quadS, loglik, nPar + nBeta, evals, converged, change, tol, accelerate, se?.se ?? null, warnings, cov);
    res.latentRegression = latentRegression;
    res.quadratureCheck = quadratureCheck;
    res.estep = agq ? { method: 'adaptive', nodes: { general: agq.nodes.g, specific: agq.nodes.s } } : { method: 'grid', nodes: null };
    if (agq?.converged && agq.by === 'loglik')
      res.convergence.message = `converged: log-likelihood change ${Math.abs(agq.gain).toExponential(1)} over the last accelerated EM cycle < ${ADAPTIVE_LL_TOL}, a tenth of the E-step's accepted error (the largest parameter change off the slope bound, ${change.toExponential(2)}, is above the parameter tolerance ${tol}; give tol to require it)`;
    return { fit: res, centres: agq ? agq.centers : null };
  } finally {
    engine.dispose();
  }
}

/** Prior mean z_iᵀβ_f of a latent regression (β factor-major, F × p). */
function personMean(cz: CenteredCovariates, beta: ArrayLike<number>, f: number, i: number): number {
  let v = 0;
  for (let a = 0; a < cz.p; a++) v += cz.Z[i * cz.p + a]! * beta[f * cz.p + a]!;
  return v;
}

function buildResult(
  prep: Prepared,
  model: IrtModelKind,
  p: ItemParams,
  phi: Float64Array,
  quadG: QuadratureSpec,
  quadS: QuadratureSpec,
  loglik: number,
  nPar: number,
  iterations: number,
  converged: boolean,
  change: number,
  tol: number,
  accelerated: boolean,
  se: Float64Array | null,
  warnings: string[],
  cov: { m: Float64Array; n: number; mult: Float64Array | null } | null = null,
): IrtFit {
  const covAt = (a: number, b: number): number => (cov ? cov.m[a * cov.n + b]! * (cov.mult ? cov.mult[a]! * cov.mult[b]! : 1) : NaN);
  const { st } = prep;
  const G = st.G;
  const factors = [...prep.generalNames, ...prep.specNames];
  const F = factors.length;
  const items: IrtItemEstimate[] = [];
  // SE vector is in packed order (model.ts pack)
  let o = 0;
  let commonSe: number | null = null;
  if (se && st.commonSlope) commonSe = se[countFree(st) - 1]!;
  for (let j = 0; j < st.nItems; j++) {
    const slopes = new Array<number>(F).fill(0);
    for (let g = 0; g < G; g++) slopes[g] = p.aG[j * G + g]!;
    const s = st.itemSpec[j]!;
    if (s >= 0) slopes[G + s] = p.aS[j]!;
    const stz = standardized(st.link, slopes, p.d[j]!);
    let seObj: IrtItemEstimate['se'] = null;
    if (se) {
      const sl: (number | null)[] = new Array<number | null>(F).fill(null);
      const idx: (number | null)[] = new Array<number | null>(F).fill(null);
      if (!st.commonSlope)
        for (let g = 0; g < G; g++)
          if (st.generalMask[j * G + g]) {
            idx[g] = o;
            sl[g] = se[o++]!;
          }
      if (st.commonSlope) {
        sl[0] = commonSe;
        idx[0] = countFree(st) - 1;
      }
      if (s >= 0) {
        idx[G + s] = o;
        sl[G + s] = se[o++]!;
      }
      const dse = se[o++]!;
      let cse: number | null = null;
      if (st.guessing === 'estimate') {
        const c = p.c[j]!;
        cse = se[o++]! * c * (1 - c); // delta method from logit c
      }
      // delta method for the standardized loadings (slopes only; intercept does not enter)
      const D = linkScale(st.link);
      const ss = slopes.reduce((a, b) => a + (b / D) ** 2, 0);
      const den = Math.sqrt(1 + ss);
      const lse = slopes.map((a, f) => {
        if (sl[f] === null) return null;
        // gradient of λ_f = (a_f/D)/√(1 + Σ(a/D)²): ∂/∂a_f = (1/D)(1 + ss − (a_f/D)²)/(1 + ss)^{3/2},
        // ∂/∂a_h = −(a_f/D)(a_h/D)(1/D)/(1 + ss)^{3/2}; variance gᵀΣg with the slopes' covariance block
        const grad = slopes.map((ah, h) => (h === f ? ((1 / D) * (1 + ss - (a / D) ** 2)) / den ** 3 : (-(a / D) * (ah / D) / D) / den ** 3));
        let v = 0;
        for (let h = 0; h < F; h++)
          for (let k = 0; k < F; k++) {
            if (idx[h] === null || idx[k] === null) continue;
            const c = cov ? covAt(idx[h]!, idx[k]!) : h === k ? sl[h]! ** 2 : 0;
            v += grad[h]! * grad[k]! * c;
          }
        return Math.sqrt(Math.max(0, v));
      });
      seObj = { slopes: sl, intercept: dse, guessing: cse, loadings: lse };
    }
    items.push({
      id: prep.ids[prep.columns[j]!]!,
      column: prep.columns[j]!,
      specific: s >= 0 ? prep.specNames[s]! : null,
      slopes,
      intercept: p.d[j]!,
      guessing: p.c[j]!,
      loadings: stz.loadings,
      threshold: stz.threshold,
      communality: stz.communality,
      se: seObj,
    });
  }
  const N = prep.nPersons;
  return {
    method: 'irt-mml-em',
    model,
    link: st.link,
    factors,
    nGeneral: G,
    nPersons: N,
    nItems: st.nItems,
    items,
    excludedItems: prep.excluded,
    generalCorrelation: Array.from(phi),
    loglik,
    nParameters: nPar,
    aic: -2 * loglik + 2 * nPar,
    bic: -2 * loglik + Math.log(N) * nPar,
    iterations,
    converged,
    convergence: {
      maxChange: change,
      tol,
      accelerated,
      message: converged ? `converged: largest parameter change ${change.toExponential(2)} < ${tol}` : `not converged after ${iterations} EM evaluations`,
    },
    quadrature: { general: { ...quadG }, specific: st.S > 0 ? { ...quadS } : null },
    missingCells: prep.missingCells,
    quadratureCheck: { method: 'none', tolerance: QUADRATURE_TOLERANCE, stable: null, steps: [], message: 'not checked' },
    estep: { method: 'grid', nodes: null },
    seMethod: se ? 'crossprod' : null,
    latentRegression: null,
    warnings,
    state: {
      columns: prep.columns,
      G,
      S: st.S,
      itemSpec: Array.from(st.itemSpec),
      generalMask: Array.from(st.generalMask),
      commonSlope: st.commonSlope,
      guessing: st.guessing,
      aG: Array.from(p.aG),
      aS: Array.from(p.aS),
      d: Array.from(p.d),
      c: Array.from(p.c),
    },
  };
}

/** Rebuilds the structure and parameters of a fit (for scoring). */
export function fitState(fit: IrtFit): { st: IrtStructure; p: ItemParams; phi: Float64Array } {
  const s = fit.state;
  const st: IrtStructure = {
    nItems: s.columns.length,
    G: s.G,
    generalMask: Uint8Array.from(s.generalMask),
    S: s.S,
    itemSpec: Int32Array.from(s.itemSpec),
    commonSlope: s.commonSlope,
    guessing: s.guessing,
    link: fit.link,
  };
  return {
    st,
    p: { aG: Float64Array.from(s.aG), aS: Float64Array.from(s.aS), d: Float64Array.from(s.d), c: Float64Array.from(s.c) },
    phi: Float64Array.from(fit.generalCorrelation),
  };
}
