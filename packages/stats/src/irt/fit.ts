// fitIrt: full-information item factor analysis by marginal maximum likelihood with EM
// (Bock & Aitkin 1981, Psychometrika 46:443–459) — unidimensional 1PL/2PL/3PL, bifactor
// (Gibbons & Hedeker 1992) and two-tier (Cai 2010), logistic or normal-ogive link, missing
// responses allowed. Reference implementation: mirt (Chalmers 2012, JSS 48(6)) — mirt(), bfactor().
// Stages: quadrature.ts → model.ts (parameter table, start values here) → estep.ts (core-wasm
// kernel) → mstep.ts → SQUAREM acceleration (Varadhan & Roland 2008, Scand. J. Stat. 35:335–353)
// here → se.ts (cross-product SEs) → result. Scores and plausible values: scores.ts; M2: m2.ts.
import type { ResponseMatrix } from '../data/leaderboard.js';
import { MISSING } from '../data/leaderboard.js';
import { EstimationError } from '../util/errors.js';
import { IrtEngine } from './estep.js';
import { cloneParams, countFree, linkScale, pack, standardized, unpack, type IrtStructure, type ItemParams } from './model.js';
import { mstep } from './mstep.js';
import { crossprodSe } from './se.js';
import { centerCovariates, personPriors, posteriorMoments, regressCentered, type CenteredCovariates } from './regression.js';
import type { IrtFit, IrtFitOptions, IrtItemEstimate, IrtModelKind } from './types.js';

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

/** Start values: intercepts from proportions correct, slopes from item–rest correlations. */
function startValues(prep: Prepared, fixedGuess: number): ItemParams {
  const { st, responses, nPersons: N } = prep;
  const J = st.nItems;
  const D = linkScale(st.link);
  const p: ItemParams = { aG: new Float64Array(J * st.G), aS: new Float64Array(J), d: new Float64Array(J), c: new Float64Array(J) };
  const total = new Float64Array(N);
  const cnt = new Float64Array(N);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < J; j++) {
      const v = responses[i * J + j]!;
      if (v <= 1) {
        total[i] += v;
        cnt[i]++;
      }
    }
  for (let j = 0; j < J; j++) {
    let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (let i = 0; i < N; i++) {
      const v = responses[i * J + j]!;
      if (v > 1 || cnt[i]! < 2) continue;
      const y = (total[i]! - v) / (cnt[i]! - 1);
      n++;
      sx += v;
      sy += y;
      sxx += v * v;
      syy += y * y;
      sxy += v * y;
    }
    const cov = sxy / n - (sx / n) * (sy / n);
    const r = cov / Math.sqrt(Math.max(1e-12, (sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2)));
    const rr = Math.max(-0.5, Math.min(0.5, Number.isFinite(r) ? r * 1.25 : 0.3)); // point-biserial → roughly biserial
    const lam = Math.abs(rr) < 0.05 ? 0.05 : rr;
    const pj = Math.min(0.999, Math.max(0.001, sx / n));
    const hasS = st.itemSpec[j]! >= 0;
    const lamS = hasS ? 0.3 : 0;
    const lamG = hasS ? Math.sign(lam) * Math.min(Math.abs(lam), 0.85) : lam;
    const nG = st.generalMask.subarray(j * st.G, (j + 1) * st.G).reduce((a, b) => a + b, 0);
    const uniq = Math.max(0.1, 1 - lamG * lamG - lamS * lamS);
    for (let g = 0; g < st.G; g++) if (st.generalMask[j * st.G + g]) p.aG[j * st.G + g] = (D * lamG) / Math.sqrt(uniq) / Math.sqrt(Math.max(1, nG));
    if (hasS) p.aS[j] = (D * lamS) / Math.sqrt(uniq);
    const c = st.guessing === 'none' ? 0 : st.guessing === 'fixed' ? fixedGuess : 0.1;
    p.c[j] = c;
    const pAdj = Math.min(0.999, Math.max(0.001, (pj - c) / (1 - c)));
    // threshold on the latent-response scale, converted to the intercept
    const z = st.link === 'logistic' ? Math.log(pAdj / (1 - pAdj)) / 1.702 : approxProbit(pAdj);
    p.d[j] = (D * z) / Math.sqrt(uniq);
  }
  if (st.commonSlope) {
    let m = 0;
    for (let j = 0; j < J; j++) m += p.aG[j]!;
    m = Math.abs(m / J) || 1;
    for (let j = 0; j < J; j++) p.aG[j] = m;
  }
  return p;
}

function approxProbit(p: number): number {
  // logit scaled by 1/1.702 is within 0.01 of the probit over the useful range — only a start value
  return Math.log(p / (1 - p)) / 1.702;
}

/** Flips each factor so that its slopes sum to a positive number (EM is sign-invariant). */
function orient(st: IrtStructure, p: ItemParams, phi: Float64Array, beta: number[], nz: number): void {
  const J = st.nItems;
  const G = st.G;
  for (let g = 0; g < G; g++) {
    let s = 0;
    for (let j = 0; j < J; j++) s += p.aG[j * G + g]!;
    if (s < 0) {
      for (let j = 0; j < J; j++) p.aG[j * G + g] = -p.aG[j * G + g]!;
      for (let a = 0; a < nz; a++) beta[g * nz + a] = -beta[g * nz + a]!;
      for (let h = 0; h < G; h++)
        if (h !== g) {
          phi[g * G + h] = -phi[g * G + h]!;
          phi[h * G + g] = -phi[h * G + g]!;
        }
    }
  }
  for (let f = 0; f < st.S; f++) {
    let s = 0;
    for (let j = 0; j < J; j++) if (st.itemSpec[j] === f) s += p.aS[j]!;
    if (s < 0) {
      for (let j = 0; j < J; j++) if (st.itemSpec[j] === f) p.aS[j] = -p.aS[j]!;
      for (let a = 0; a < nz; a++) beta[(G + f) * nz + a] = -beta[(G + f) * nz + a]!;
    }
  }
}

function defaultQuad(model: IrtModelKind): { points: number; range: number } {
  if (model === 'bifactor') return { points: 21, range: 5 };
  if (model === 'twotier') return { points: 11, range: 4 };
  return { points: 61, range: 6 };
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

export function fitIrt(resp: ResponseMatrix, opts: IrtFitOptions = {}): IrtFit {
  const model: IrtModelKind = opts.model ?? '2PL';
  const prep = prepareIrt(resp, opts);
  const { st } = prep;
  const quadG = opts.quadrature ?? defaultQuad(model);
  const quadS = opts.specificQuadrature ?? { points: 21, range: 5 };
  const tol = opts.tol ?? 1e-5;
  const maxIter = opts.maxIter ?? 2000;
  const accelerate = opts.accelerate ?? true;
  const fixedGuess = typeof opts.guessing === 'number' ? opts.guessing : 0;
  const engine = new IrtEngine(st, prep.responses, prep.nPersons, quadG, quadS, opts.impl ?? 'wasm');
  try {
    const G = st.G;
    const phi = new Float64Array(G * G);
    for (let g = 0; g < G; g++) phi[g * G + g] = 1;
    const p = startValues(prep, fixedGuess);
    const F = G + st.S;
    let cz: CenteredCovariates | null = null;
    if (opts.covariates) {
      if (G > 1) throw new EstimationError('fitIrt', 'a latent regression (covariates) is implemented for unidimensional and bifactor models, not two-tier');
      cz = centerCovariates(opts.covariates.values, prep.nPersons, opts.covariates.names);
    }
    const nBeta = cz ? F * cz.p : 0;
    const ones = new Array<number>(F).fill(1);
    let evals = 0;
    let lastLl = -Infinity;
    // The EM map: E-step at ψ (log-likelihood of ψ), M-step → F(ψ).
    const work = cloneParams(p);
    const workPhi = phi.slice();
    const nItemPar = psiLength(st);
    const map = (psi: Float64Array): { next: Float64Array; ll: number } => {
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
      opts.onProgress?.(evals, e.loglik);
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
        let tot = 0;
        for (let k = 0; k < K; k++) {
          const w = e.out.nG[k]!;
          tot += w;
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
    const maxAbsDiff = (a: Float64Array, b: Float64Array): number => {
      let m = 0;
      for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
      return m;
    };
    let psi = packAll(st, p, phi);
    if (cz) {
      const ext0 = new Float64Array(psi.length + nBeta);
      ext0.set(psi);
      psi = ext0;
    }
    let converged = false;
    let change = Infinity;
    while (evals < maxIter) {
      const s1 = map(psi);
      lastLl = s1.ll;
      change = maxAbsDiff(s1.next, psi);
      if (change < tol) {
        psi = s1.next;
        converged = true;
        break;
      }
      if (!accelerate) {
        psi = s1.next;
        continue;
      }
      const s2 = map(s1.next);
      const r = new Float64Array(psi.length);
      const v = new Float64Array(psi.length);
      let rr = 0;
      let vv = 0;
      for (let i = 0; i < psi.length; i++) {
        r[i] = s1.next[i]! - psi[i]!;
        v[i] = s2.next[i]! - 2 * s1.next[i]! + psi[i]!;
        rr += r[i]! * r[i]!;
        vv += v[i]! * v[i]!;
      }
      let alpha = vv > 0 ? -Math.sqrt(rr / vv) : -1;
      if (alpha > -1) alpha = -1;
      alpha = Math.max(alpha, -50);
      const ext = new Float64Array(psi.length);
      for (let i = 0; i < psi.length; i++) ext[i] = psi[i]! - 2 * alpha * r[i]! + alpha * alpha * v[i]!;
      if (alpha === -1 || !valid(ext)) {
        psi = s2.next;
        continue;
      }
      const s3 = map(ext);
      // s3.ll is the log-likelihood at the extrapolated point; s2.ll at F(ψ); keep the better
      if (Number.isFinite(s3.ll) && s3.ll >= s2.ll - 1e-6 && valid(s3.next)) psi = s3.next;
      else psi = s2.next;
    }
    unpackAll(st, psi, p, phi);
    const beta = Array.from(psi.subarray(nItemPar));
    orient(st, p, phi, beta, cz ? cz.p : 0);
    // final E-step at the returned parameters: its log-likelihood is the one reported
    const priors = cz ? personPriors(engine, cz, beta, ones) : undefined;
    const fin = engine.run(p, phi, priors ?? {});
    const loglik = fin.loglik;
    if (Number.isFinite(lastLl) && loglik < lastLl - 1e-3 && converged) prep.warnings.push(`final log-likelihood ${loglik.toFixed(4)} is below an earlier iterate's ${lastLl.toFixed(4)}`);
    const nPar = countFree(st) + (G * (G - 1)) / 2;
    let nObs = 0;
    for (const v of prep.responses) if (v <= 1) nObs++;
    void nObs;
    const warnings = [...prep.warnings];
    if (!converged) warnings.push(`EM did not converge in ${maxIter} evaluations (last max parameter change ${change.toExponential(2)}, tol ${tol}): estimates are not trustworthy`);
    const D = linkScale(st.link);
    for (let j = 0; j < st.nItems; j++) {
      let big = false;
      for (let g = 0; g < G; g++) if (Math.abs(p.aG[j * G + g]! / D) > 10) big = true;
      if (Math.abs(p.aS[j]! / D) > 10) big = true;
      if (big) warnings.push(`item ${prep.ids[prep.columns[j]!]}: slope above ${10 * D} (a Heywood-like case: standardized loading near 1)`);
    }
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
    return res;
  } finally {
    engine.dispose();
  }
}

function buildResult(
  prep: Prepared,
  model: IrtModelKind,
  p: ItemParams,
  phi: Float64Array,
  quadG: { points: number; range: number },
  quadS: { points: number; range: number },
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
