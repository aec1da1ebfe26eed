// The scaling vector: what model size scales, factor by factor (Hardy et al., "AI Cartography",
// layer 3). For every factor f of a bifactor IRT model (g and one specific per benchmark; or g alone
// for one benchmark):
//   f ~ log10_params_c + covariates + (1 | contributor) + (1 | architecture)   (REML, lmm/fitLmm)
// - two-step on EAP scores of the unconditional calibration (attenuated by shrinkage);
// - unattenuated (headline): M plausible-value sets drawn from the posterior under a conditioning
//   model fitted inside the IRT likelihood (one-step latent regression on log10 params and the
//   covariates, irt/fit.ts), the mixed regression on each set, combined by Rubin's rules (pool.ts);
// - the manifest slope: the same regression on the benchmark score (g: the leaderboard average).
// Slope reliability R = β̄²/(β̄² + s²) across the ecosystem-control specifications (none; +contributor;
// +architecture; +deployment; all) × item-resampled replicates of the test (each replicate keeps a
// seeded random fraction of every benchmark's items, without replacement — duplicated items would break
// local independence), for the latent and the manifest slope side by side.
import type { Leaderboard } from '../data/leaderboard.js';
import { MISSING, ResponseMatrix } from '../data/leaderboard.js';
import { fitIrt } from '../irt/fit.js';
import { plausibleValuesProper, scoreIrt } from '../irt/scores.js';
import type { IrtFit } from '../irt/types.js';
import { fitLmm } from '../lmm/index.js';
import { EstimationError } from '../util/errors.js';
import { seeded, type Rng } from '../util/rng.js';
import { invertGeneral } from '../irt/regression.js';
import { rubin, slopeReliability, tQuantileTwoSided, type PooledEstimate, type SlopeReliability } from './pool.js';

export type ControlSpec = 'none' | 'contributor' | 'architecture' | 'deployment' | 'all';
export const CONTROL_SPECS: readonly ControlSpec[] = ['none', 'contributor', 'architecture', 'deployment', 'all'];

export interface ScalingOptions {
  seed: number;
  /** Plausible-value sets for the headline slope (default 10). */
  pvDraws?: number;
  /** Item-resampled replicates for the reliability (default 4; 0 = specifications only). */
  replicates?: number;
  /** Fraction of each benchmark's items kept in a replicate (default 0.8). */
  itemFraction?: number;
  /** Plausible-value sets per perturbation in the reliability study (default 5). */
  reliabilityDraws?: number;
  /** IRT model (default: bifactor with one specific per benchmark when there are ≥ 2 benchmarks, else 2PL). */
  model?: 'bifactor' | '2PL';
  link?: 'logistic' | 'normal';
  quadrature?: { points: number; range: number };
  specificQuadrature?: { points: number; range: number };
  /** Also run the EAP two-step regressions (needs a second, unconditional calibration; default true). */
  twoStep?: boolean;
  /** Run the reliability study (default true). */
  reliability?: boolean;
  /** EM convergence tolerance of the calibrations (default 1e-5). */
  tol?: number;
  /** Progress messages (long work). */
  onProgress?: (message: string) => void;
}

export interface SlopeEstimate {
  estimate: number;
  se: number;
  df: number;
  lo: number;
  hi: number;
}

export interface ScalingFactorRow {
  factor: string;
  /** Headline: plausible values from the conditioning model, Rubin's rules. */
  unattenuated: PooledEstimate;
  /** Two-step on EAP scores of the unconditional fit (null when not run). */
  eapTwoStep: SlopeEstimate | null;
  /** One-step latent-regression slope of the IRT fit (no ecosystem controls), unit-variance metric. */
  oneStep: number;
  /** Manifest benchmark-score slope (g: leaderboard average; specific: its benchmark's score), in score units. */
  manifest: SlopeEstimate;
  /** Manifest slope divided by the SD of the manifest score (comparable with the latent slopes). */
  manifestStandardized: number;
  reliability: { latent: SlopeReliability; manifest: SlopeReliability } | null;
}

export interface ScalingPerturbation {
  factor: string;
  spec: ControlSpec;
  replicate: number;
  latent: { estimate: number; se: number };
  manifest: { estimate: number; se: number };
}

export interface ScalingReport {
  method: 'scaling-vector';
  formula: string;
  nModels: number;
  droppedModels: { id: string; reason: string }[];
  factors: string[];
  covariates: string[];
  log10ParamsMean: number;
  pvDraws: number;
  replicates: number;
  itemFraction: number;
  vector: ScalingFactorRow[];
  perturbations: ScalingPerturbation[];
  irt: {
    model: string;
    link: string;
    /** Unconditional calibration (null when the two-step was not run). */
    loglik: number | null;
    iterations: number | null;
    converged: boolean | null;
    oneStepLoglik: number;
    oneStepIterations: number;
    oneStepConverged: boolean;
    /** Standardized loadings of the calibration with the conditioning model (unit marginal factor variances). */
    loadings: { item: string; specific: string | null; general: number; specificLoading: number | null }[];
  };
  warnings: string[];
}

interface Frame {
  ids: string[];
  rows: number[];
  x: Float64Array;
  contributor: string[];
  architecture: string[];
  deployment: string[];
  /** Deployment dummies (treatment contrasts), N × d. */
  deployDummies: Float64Array;
  deployNames: string[];
}

const UNKNOWN = '(unknown)';

function buildFrame(lb: Leaderboard, warnings: string[], dropped: { id: string; reason: string }[]): Frame {
  const resp = lb.responses!;
  const rows: number[] = [];
  for (let i = 0; i < lb.models.length; i++) {
    const m = lb.models[i]!;
    if (m.log10Params === null || !Number.isFinite(m.log10Params)) {
      dropped.push({ id: m.id, reason: 'no parameter count' });
      continue;
    }
    let any = false;
    for (let j = 0; j < resp.nItems && !any; j++) if (resp.values[i * resp.nItems + j] !== MISSING) any = true;
    if (!any) {
      dropped.push({ id: m.id, reason: 'no responses' });
      continue;
    }
    rows.push(i);
  }
  const N = rows.length;
  const mean = rows.reduce((a, i) => a + lb.models[i]!.log10Params!, 0) / N;
  const x = Float64Array.from(rows, (i) => lb.models[i]!.log10Params! - mean);
  let unk = 0;
  const lvl = (v: string | null): string => {
    if (v === null || v === '') {
      unk++;
      return UNKNOWN;
    }
    return v;
  };
  const contributor = rows.map((i) => lvl(lb.models[i]!.contributor));
  const architecture = rows.map((i) => lvl(lb.models[i]!.architecture));
  const deployment = rows.map((i) => lvl(lb.models[i]!.deployment));
  if (unk > 0) warnings.push(`${unk} missing contributor/architecture/deployment value(s) coded as '${UNKNOWN}'`);
  const levels = [...new Set(deployment)].sort();
  const deployNames = levels.slice(1).map((l) => `deployment${l}`);
  const d = deployNames.length;
  const deployDummies = new Float64Array(N * d);
  for (let i = 0; i < N; i++) {
    const k = levels.indexOf(deployment[i]!);
    if (k > 0) deployDummies[i * d + k - 1] = 1;
  }
  return { ids: rows.map((i) => lb.models[i]!.id), rows, x, contributor, architecture, deployment, deployDummies, deployNames };
}

/** OLS slope of the first regressor after the intercept, with its SE and df (n − p); rows with a missing y are dropped. */
function olsSlope(yAll: ArrayLike<number>, colsAll: Float64Array[], nAll: number): SlopeEstimate {
  const keep: number[] = [];
  for (let i = 0; i < nAll; i++) if (Number.isFinite(yAll[i]!)) keep.push(i);
  const n = keep.length;
  const y = Float64Array.from(keep, (i) => yAll[i]!);
  const cols = colsAll.map((c) => Float64Array.from(keep, (i) => c[i]!));
  const p = cols.length + 1;
  const X = (i: number, a: number): number => (a === 0 ? 1 : cols[a - 1]![i]!);
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < p; a++) {
      xty[a] += X(i, a) * y[i]!;
      for (let b = 0; b < p; b++) xtx[a * p + b] += X(i, a) * X(i, b);
    }
  const inv = invertGeneral(xtx, p);
  if (!inv) throw new EstimationError('scaling', 'the regressors are collinear');
  const beta = new Float64Array(p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) beta[a] += inv[a * p + b]! * xty[b]!;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let a = 0; a < p; a++) f += X(i, a) * beta[a]!;
    rss += (y[i]! - f) ** 2;
  }
  const df = n - p;
  const se = Math.sqrt((rss / df) * inv[p + 1]!);
  const t = tQuantileTwoSided(0.05, df);
  return { estimate: beta[1]!, se, df, lo: beta[1]! - t * se, hi: beta[1]! + t * se };
}

/** The slope on log10_params_c under one control specification (mixed model when it has random effects). */
function slopeUnder(spec: ControlSpec, y: ArrayLike<number>, fr: Frame): SlopeEstimate {
  const n = fr.x.length;
  const dcols = (): Float64Array[] => fr.deployNames.map((_, c) => Float64Array.from({ length: n }, (_, i) => fr.deployDummies[i * fr.deployNames.length + c]!));
  if (spec === 'none') return olsSlope(y, [fr.x], n);
  if (spec === 'deployment') return olsSlope(y, [fr.x, ...dcols()], n);
  const data: Record<string, ArrayLike<number> | string[]> = { y: Array.from(y), log10_params_c: Array.from(fr.x) };
  let formula = 'y ~ log10_params_c';
  if (spec === 'all' && fr.deployNames.length > 0) {
    data.deployment = fr.deployment;
    formula += ' + deployment';
  }
  if (spec === 'contributor' || spec === 'all') {
    data.contributor = fr.contributor;
    formula += ' + (1|contributor)';
  }
  if (spec === 'architecture' || spec === 'all') {
    data.architecture = fr.architecture;
    formula += ' + (1|architecture)';
  }
  const f = fitLmm(data as never, formula, { reml: true });
  const b = f.fixef.find((e) => e.name === 'log10_params_c');
  if (!b) throw new EstimationError('scaling', `no log10_params_c coefficient in ${formula}`);
  const df = Number.isFinite(b.df) ? b.df : n - f.fixef.length;
  const t = tQuantileTwoSided(0.05, df);
  return { estimate: b.estimate, se: b.se, df, lo: b.estimate - t * b.se, hi: b.estimate + t * b.se };
}

/** Subset of the response matrix: rows, and the given item columns. */
function subMatrix(resp: ResponseMatrix, rows: number[], cols: number[]): ResponseMatrix {
  const out = new Uint8Array(rows.length * cols.length);
  rows.forEach((i, r) => cols.forEach((j, c) => (out[r * cols.length + c] = resp.values[i * resp.nItems + j]!)));
  return new ResponseMatrix(rows.length, cols.length, out);
}

/** Manifest scores: per benchmark proportion correct, and g = mean over benchmarks (NaN when none observed). */
function manifestScores(resp: ResponseMatrix, bench: string[], benchmarks: string[]): Float64Array[] {
  const N = resp.nModels;
  const J = resp.nItems;
  const B = benchmarks.length;
  const per = benchmarks.map(() => new Float64Array(N));
  for (let i = 0; i < N; i++) {
    const s = new Float64Array(B);
    const n = new Float64Array(B);
    for (let j = 0; j < J; j++) {
      const v = resp.values[i * J + j]!;
      if (v === MISSING) continue;
      const b = benchmarks.indexOf(bench[j]!);
      s[b] += v;
      n[b]++;
    }
    for (let b = 0; b < B; b++) per[b]![i] = n[b]! > 0 ? s[b]! / n[b]! : NaN;
  }
  const g = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    let c = 0;
    for (let b = 0; b < B; b++)
      if (Number.isFinite(per[b]![i]!)) {
        s += per[b]![i]!;
        c++;
      }
    g[i] = c > 0 ? s / c : NaN;
  }
  return [g, ...per];
}

function sd(y: Float64Array): number {
  let m = 0;
  let n = 0;
  for (const v of y)
    if (Number.isFinite(v)) {
      m += v;
      n++;
    }
  m /= n;
  let s = 0;
  for (const v of y) if (Number.isFinite(v)) s += (v - m) ** 2;
  return Math.sqrt(s / (n - 1));
}

interface LatentRun {
  fit: IrtFit;
  pvs: Float64Array[][];
  warnings: string[];
}

function latentRun(resp: ResponseMatrix, bench: string[], ids: string[], fr: Frame, opts: ScalingOptions, model: 'bifactor' | '2PL', draws: number, rng: Rng): LatentRun {
  const N = fr.x.length;
  const d = fr.deployNames.length;
  const p = 1 + d;
  const cov = new Float64Array(N * p);
  for (let i = 0; i < N; i++) {
    cov[i * p] = fr.x[i]!;
    for (let c = 0; c < d; c++) cov[i * p + 1 + c] = fr.deployDummies[i * d + c]!;
  }
  const names = ['log10_params_c', ...fr.deployNames];
  const fit = fitIrt(resp, {
    model,
    itemIds: ids,
    link: opts.link ?? 'logistic',
    itemSpecific: model === 'bifactor' ? bench : undefined,
    quadrature: opts.quadrature,
    specificQuadrature: opts.specificQuadrature,
    covariates: { values: cov, names },
    se: false,
    tol: opts.tol,
  });
  const pv = plausibleValuesProper(fit, resp, cov, draws, rng);
  return { fit, pvs: pv.sets, warnings: pv.warnings };
}

export function scalingAnalysis(lb: Leaderboard, opts: ScalingOptions): ScalingReport {
  if (!lb.responses) throw new EstimationError('scaling', 'item-level responses are needed (the IRT model is fitted to them)');
  const warnings: string[] = [];
  const dropped: { id: string; reason: string }[] = [];
  const fr = buildFrame(lb, warnings, dropped);
  const N = fr.x.length;
  if (N < 20) throw new EstimationError('scaling', `only ${N} models with a parameter count and responses`);
  const allBench = lb.items.map((it) => it.benchmark);
  const benchmarks = [...new Set(allBench)];
  const model = opts.model ?? (benchmarks.length >= 2 ? 'bifactor' : '2PL');
  const M = opts.pvDraws ?? 10;
  const R = opts.replicates ?? 4;
  const frac = opts.itemFraction ?? 0.8;
  const Mr = opts.reliabilityDraws ?? 5;
  const rng = seeded(opts.seed);
  const progress = opts.onProgress ?? ((): void => {});
  const resp = subMatrix(lb.responses, fr.rows, lb.items.map((_, j) => j));

  // unconditional calibration → EAP two-step (attenuated)
  let fit0: IrtFit | null = null;
  let eap: Float64Array[] | null = null;
  if (opts.twoStep ?? true) {
    progress('IRT calibration (unconditional) for the EAP two-step');
    fit0 = fitIrt(resp, { model, itemIds: lb.items.map((it) => it.id), link: opts.link ?? 'logistic', itemSpecific: model === 'bifactor' ? allBench : undefined, quadrature: opts.quadrature, specificQuadrature: opts.specificQuadrature, se: false, tol: opts.tol });
    for (const w of fit0.warnings) warnings.push(`unconditional fit: ${w}`);
    eap = scoreIrt(fit0, resp).eap;
  }

  // one-step latent regression → plausible values (headline)
  progress(`IRT calibration with the conditioning model; ${M} plausible-value sets`);
  const allIds = lb.items.map((it) => it.id);
  const main = latentRun(resp, allBench, allIds, fr, opts, model, M, rng.fork(1));
  for (const w of [...main.fit.warnings, ...main.warnings]) warnings.push(`conditioning fit: ${w}`);
  const factors = main.fit.factors;
  if (fit0 && fit0.factors.join() !== factors.join()) throw new EstimationError('scaling', 'the two calibrations disagree on the factors');
  const manifest = manifestScores(resp, allBench, benchmarks);
  const manifestIndex = (f: string): number => (f === factors[0] ? 0 : 1 + benchmarks.indexOf(f));

  const vector: ScalingFactorRow[] = factors.map((f, fi) => {
    progress(`slopes for ${f}`);
    const ests: number[] = [];
    const ses: number[] = [];
    let dfc = 0;
    for (let m = 0; m < M; m++) {
      const s = slopeUnder('all', main.pvs[m]![fi]!, fr);
      ests.push(s.estimate);
      ses.push(s.se);
      dfc += s.df / M;
    }
    const man = manifest[manifestIndex(f)]!;
    const manSlope = slopeUnder('all', man, fr);
    return {
      factor: f,
      unattenuated: rubin(ests, ses, dfc),
      eapTwoStep: eap ? slopeUnder('all', eap[fi]!, fr) : null,
      oneStep: main.fit.latentRegression!.beta[fi]![0]!,
      manifest: manSlope,
      manifestStandardized: manSlope.estimate / sd(man),
      reliability: null,
    };
  });

  // reliability: specifications × (full test + item-resampled replicates)
  const perturbations: ScalingPerturbation[] = [];
  const doRel = opts.reliability ?? true;
  for (let r = 0; doRel && r <= R; r++) {
    let pv: Float64Array[][];
    let man: Float64Array[];
    let bench = allBench;
    if (r === 0) {
      pv = main.pvs.slice(0, Mr);
      man = manifest;
    } else {
      progress(`item-resampled replicate ${r}/${R}`);
      const rr = rng.fork(100 + r);
      const cols: number[] = [];
      for (const b of benchmarks) {
        const idx = allBench.map((x, j) => (x === b ? j : -1)).filter((j) => j >= 0);
        rr.shuffle(idx);
        const k = Math.max(2, Math.round(frac * idx.length));
        cols.push(...idx.slice(0, Math.min(k, idx.length)));
      }
      cols.sort((a, b) => a - b);
      bench = cols.map((j) => allBench[j]!);
      const sub = subMatrix(resp, Array.from({ length: N }, (_, i) => i), cols);
      const run = latentRun(sub, bench, cols.map((j) => allIds[j]!), fr, opts, model, Mr, rr.fork(7));
      if (run.fit.factors.join() !== factors.join()) {
        warnings.push(`replicate ${r}: factors differ after resampling (constant items dropped?); replicate skipped`);
        continue;
      }
      pv = run.pvs;
      for (const w of [...run.fit.warnings, ...run.warnings]) warnings.push(`replicate ${r}: ${w}`);
      man = manifestScores(sub, bench, benchmarks);
    }
    for (const spec of CONTROL_SPECS) {
      factors.forEach((f, fi) => {
        const e: number[] = [];
        const s: number[] = [];
        let dfc = 0;
        for (const set of pv) {
          const sl = slopeUnder(spec, set[fi]!, fr);
          e.push(sl.estimate);
          s.push(sl.se);
          dfc += sl.df / pv.length;
        }
        const pooled = rubin(e, s, dfc);
        const ms = slopeUnder(spec, man[manifestIndex(f)]!, fr);
        perturbations.push({ factor: f, spec, replicate: r, latent: { estimate: pooled.estimate, se: pooled.se }, manifest: { estimate: ms.estimate, se: ms.se } });
      });
    }
  }
  for (const row of vector) {
    const ps = perturbations.filter((p) => p.factor === row.factor);
    if (ps.length >= 2)
      row.reliability = {
        latent: slopeReliability(ps.map((p) => p.latent.estimate), ps.map((p) => p.latent.se)),
        manifest: slopeReliability(ps.map((p) => p.manifest.estimate), ps.map((p) => p.manifest.se)),
      };
  }
  const mean = fr.rows.reduce((a, i) => a + lb.models[i]!.log10Params!, 0) / N;
  return {
    method: 'scaling-vector',
    formula: `factor ~ log10_params_c${fr.deployNames.length > 0 ? ' + deployment' : ''} + (1|contributor) + (1|architecture)`,
    nModels: N,
    droppedModels: dropped,
    factors,
    covariates: ['log10_params_c', ...fr.deployNames],
    log10ParamsMean: mean,
    pvDraws: M,
    replicates: R,
    itemFraction: frac,
    vector,
    perturbations,
    irt: {
      model,
      link: opts.link ?? 'logistic',
      loglik: fit0?.loglik ?? null,
      iterations: fit0?.iterations ?? null,
      converged: fit0?.converged ?? null,
      oneStepLoglik: main.fit.loglik,
      oneStepIterations: main.fit.iterations,
      oneStepConverged: main.fit.converged,
      loadings: main.fit.items.map((it) => ({
        item: it.id,
        specific: it.specific,
        general: it.loadings[0]!,
        specificLoading: it.specific === null ? null : it.loadings[main.fit.factors.indexOf(it.specific)]!,
      })),
    },
    warnings,
  };
}

export { rubin, slopeReliability, tQuantileTwoSided, type PooledEstimate, type SlopeReliability } from './pool.js';
