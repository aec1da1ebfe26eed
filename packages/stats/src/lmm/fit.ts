// fitLmm: linear mixed models by REML or ML, lme4 (1.1) and lmerTest (3.1) parity.
// Stages, one file each: formula.ts (parse) → frame.ts (model frame) → pls.ts (penalized least
// squares, profiled deviance; sparse-ldl.ts) → optimize.ts (bounded minimization over θ) →
// estimates (β̂, σ̂, variance components, conditional modes and variances; here) →
// satterthwaite.ts (df and t tests). Reference: Bates, Mächler, Bolker & Walker (2015), JSS 67(1).
import { EstimationError } from '../util/errors.js';
import { parseFormula } from './formula.js';
import { buildFrame, thetaIndex, type LmmData } from './frame.js';
import { PlsState } from './pls.js';
import { minimizeBounded, type OptimIteration } from './optimize.js';
import { contest1D, satterthwaiteInfo, type SatterthwaiteInfo } from './satterthwaite.js';

export interface LmmOptions {
  /** REML (default) or maximum likelihood. */
  reml?: boolean;
  /** Satterthwaite df and p-values for the fixed effects (default true). */
  satterthwaite?: boolean;
  /** Conditional variances of the random effects (default true). */
  condVar?: boolean;
  /** Start values of θ (default: 1 on the diagonals, 0 elsewhere, as lme4). */
  start?: ArrayLike<number>;
  /** Start values of θ by name (as in `LmmFit.thetaNames`, e.g. from a related fit); others as lme4. */
  startByName?: Record<string, number>;
  /** Name of the data source in error messages. */
  source?: string;
  /** Eliminate the largest scalar term in closed form (default true; false runs the plain sparse path, for checks). */
  closedForm?: boolean;
  /** Tolerance of isSingular on θ (lme4: 1e-4). */
  singularTol?: number;
  /** Called after every iteration of the optimizer over θ (a trace for debugging; the library never prints). */
  onIteration?: (it: OptimIteration) => void;
}

export interface LmmFixef {
  name: string;
  estimate: number;
  se: number;
  /** Satterthwaite denominator df (NaN when not computed). */
  df: number;
  t: number;
  /** Two-sided p-value on the Satterthwaite df (NaN when not computed). */
  p: number;
}

export interface LmmVarComp {
  /** Grouping factor, or "Residual". */
  group: string;
  /** Column of the random term: "(Intercept)" or a slope variable. */
  term: string;
  /** Term label as written, e.g. "(1 | benchmark)". */
  label: string;
  variance: number;
  sd: number;
  /** Asymptotic SE of the variance (delta method on the (θ, σ) covariance 2H⁻¹); null when not computed. */
  se: number | null;
  /** Share of the total (sum of intercept variances + residual), in %; null for slopes. */
  percent: number | null;
  /** Correlations with the term's other columns (correlated terms only). */
  corr?: Record<string, number>;
}

export interface LmmRanef {
  group: string;
  label: string;
  columns: string[];
  levels: string[];
  /** Conditional modes (BLUPs), row-major levels × columns. */
  values: number[];
  /** Conditional variances given θ̂, β̂ (lme4's condVar), row-major levels × columns × columns. */
  condVar: number[] | null;
}

export interface LmmFit {
  formula: string;
  reml: boolean;
  nobs: number;
  /** Rows dropped for missing values. */
  dropped: number;
  ngroups: Record<string, number>;
  fixef: LmmFixef[];
  /** Cov(β̂), row-major p × p. */
  vcov: number[][];
  varcomp: LmmVarComp[];
  sigma: number;
  theta: number[];
  thetaNames: string[];
  /** REML criterion (REML fits) or deviance −2 log L (ML fits). */
  criterion: number;
  remlCriterion: number | null;
  logLik: number;
  /** Number of parameters (β, θ, σ) used by AIC/BIC. */
  npar: number;
  AIC: number;
  BIC: number;
  ranef: LmmRanef[];
  singular: boolean;
  converged: boolean;
  messages: string[];
  optimizer: { evaluations: number; iterations: number };
  /** Asymptotic covariance of (θ, σ) used for the Satterthwaite df (null when not computed). */
  vcovVarpar: number[][] | null;
}

/** Parse, build the model frame and the penalized least-squares state (for repeated fits or tests). */
export function prepareLmm(data: LmmData, formula: string, options: LmmOptions = {}): PlsState {
  const f = parseFormula(formula);
  if (f.random.length === 0) throw new EstimationError('lmm', `the formula '${formula}' has no random-effects term such as (1 | group)`);
  const frame = buildFrame(f, data, options.source ?? 'data');
  if (frame.n <= frame.p) throw new EstimationError('lmm', `${frame.n} observations for ${frame.p} fixed effects`);
  return new PlsState(frame, options.reml ?? true, options.closedForm ?? true);
}

/** Names of θ in internal order: "<group>.<column>" or "<group>.<row>.<column>" (off-diagonal). */
export function thetaNamesOf(frame: import('./frame.js').ModelFrame): string[] {
  const out = new Array<string>(frame.nTheta);
  for (const t of frame.terms)
    for (let c = 0; c < t.k; c++)
      for (let r = c; r < t.k; r++)
        out[t.thetaOffset + thetaIndex(t.k, r, c)] = r === c ? `${t.group}.${t.spec.columns[r]}` : `${t.group}.${t.spec.columns[r]}.${t.spec.columns[c]}`;
  return out;
}

export function fitLmm(data: LmmData, formula: string, options: LmmOptions = {}): LmmFit {
  const pls = prepareLmm(data, formula, options);
  try {
    return fitPrepared(pls, formula, options);
  } finally {
    pls.dispose();
  }
}

export function fitPrepared(pls: PlsState, formula: string, options: LmmOptions = {}): LmmFit {
  const frame = pls.frame;
  const reml = pls.reml;
  const messages: string[] = [];
  const names = thetaNamesOf(frame);
  let start = Float64Array.from(options.start ?? frame.start);
  if (options.startByName) {
    const cand = Float64Array.from(start);
    names.forEach((nm, i) => {
      const v = options.startByName![nm];
      if (v !== undefined && Number.isFinite(v)) cand[i] = frame.lower[i] === 0 ? Math.max(v, 1e-2) : v;
    });
    // keep the named start only if it is at least as good as lme4's
    if (pls.evaluate(cand).deviance <= pls.evaluate(start).deviance) start = cand;
  }
  // rank check of X at θ = start
  const e0 = pls.evaluate(start);
  if (!e0.ok) throw new EstimationError('lmm', 'the fixed-effects model matrix is rank deficient (or the start values are invalid): remove collinear columns');
  const opt = minimizeBounded((t) => pls.evaluate(t).deviance, start, frame.lower, { onIteration: options.onIteration });
  messages.push(...opt.messages);
  const theta = opt.x;
  const ev = pls.evaluate(theta);
  if (!ev.ok) throw new EstimationError('lmm', 'the deviance could not be evaluated at the optimum');
  const { n, p } = frame;
  const sigma2 = ev.r2 / (reml ? n - p : n);
  const sigma = Math.sqrt(sigma2);
  const beta = pls.coefficients();
  const { b } = pls.randomEffects(beta);
  const condBlocks = options.condVar === false ? null : pls.condVarBlocks();
  const Cu = pls.covBetaUnscaled();

  // singular: a diagonal θ below the tolerance (lme4's isSingular, tol 1e-4)
  const stol = options.singularTol ?? 1e-4;
  let singular = false;
  for (let i = 0; i < theta.length; i++) if (frame.lower[i] === 0 && theta[i]! < stol) singular = true;
  if (singular) messages.push('boundary (singular) fit: see isSingular');

  // variance components in formula order
  const termsByFormula = [...frame.terms].sort((a, b2) => a.formulaIndex - b2.formulaIndex);
  const comps: LmmVarComp[] = [];
  const grads: Float64Array[] = [];
  const thetaNames = new Array<string>(theta.length);
  for (const t of termsByFormula) {
    const k = t.k;
    const T = new Float64Array(k * k);
    for (let c = 0; c < k; c++)
      for (let r = c; r < k; r++) {
        const ti = t.thetaOffset + thetaIndex(k, r, c);
        T[r * k + c] = theta[ti]!;
        thetaNames[ti] = r === c ? `${t.group}.${t.spec.columns[r]}` : `${t.group}.${t.spec.columns[r]}.${t.spec.columns[c]}`;
      }
    const S = new Float64Array(k * k); // σ² T T'
    for (let a = 0; a < k; a++)
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let d = 0; d < k; d++) s += T[a * k + d]! * T[c * k + d]!;
        S[a * k + c] = sigma2 * s;
      }
    for (let a = 0; a < k; a++) {
      const variance = S[a * k + a]!;
      // gradient of σ²Σ_c T[a,c]² in (θ, σ) for the delta-method SE
      const grad = new Float64Array(theta.length + 1);
      for (let c = 0; c <= a; c++) grad[t.thetaOffset + thetaIndex(k, a, c)] = 2 * sigma2 * T[a * k + c]!;
      grad[theta.length] = (2 * variance) / sigma;
      grads.push(grad);
      const comp: LmmVarComp = { group: t.group, term: t.spec.columns[a]!, label: t.spec.label, variance, sd: Math.sqrt(variance), se: null, percent: null };
      if (k > 1) {
        comp.corr = {};
        for (let c = 0; c < k; c++) if (c !== a) comp.corr[t.spec.columns[c]!] = S[a * k + c]! / Math.sqrt(S[a * k + a]! * S[c * k + c]!);
      }
      comps.push(comp);
    }
  }
  comps.push({ group: 'Residual', term: '', label: 'Residual', variance: sigma2, sd: sigma, se: null, percent: null });
  const gres = new Float64Array(theta.length + 1);
  gres[theta.length] = 2 * sigma;
  grads.push(gres);
  const total = comps.reduce((s, c) => s + (c.term === '(Intercept)' || c.group === 'Residual' ? c.variance : 0), 0);
  for (const c of comps) if (c.term === '(Intercept)' || c.group === 'Residual') c.percent = (100 * c.variance) / total;

  // fixed effects
  let info: SatterthwaiteInfo | null = null;
  if (options.satterthwaite !== false) {
    info = satterthwaiteInfo(pls, theta, sigma);
    messages.push(...info.messages);
  }
  if (info) {
    const A = info.vcovVarpar;
    comps.forEach((c, ci) => {
      const g = grads[ci]!;
      let v = 0;
      for (let i = 0; i < g.length; i++) for (let j = 0; j < g.length; j++) v += g[i]! * A[i]![j]! * g[j]!;
      c.se = Math.sqrt(Math.max(v, 0));
    });
  }
  const fixef: LmmFixef[] = frame.xNames.map((name, j) => {
    const se = Math.sqrt(sigma2 * Cu[j * p + j]!);
    if (info) {
      const L = new Float64Array(p);
      L[j] = 1;
      const r = contest1D(info, beta, L);
      return { name, estimate: beta[j]!, se, df: r.df, t: beta[j]! / se, p: r.p };
    }
    return { name, estimate: beta[j]!, se, df: NaN, t: beta[j]! / se, p: NaN };
  });
  const vcov = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, c) => sigma2 * Cu[a * p + c]!));

  const ranef: LmmRanef[] = termsByFormula.map((t) => {
    const k = t.k;
    const values = Array.from(b.subarray(t.offset, t.offset + t.levels.length * k));
    let condVar: number[] | null = null;
    if (condBlocks) {
      const blk = condBlocks[frame.terms.indexOf(t)]!;
      condVar = Array.from(blk, (v) => v * sigma2);
    }
    return { group: t.group, label: t.spec.label, columns: t.spec.columns, levels: t.levels, values, condVar };
  });
  const ngroups: Record<string, number> = {};
  for (const t of termsByFormula) ngroups[t.group] = t.levels.length;

  const criterion = ev.deviance;
  const logLik = -criterion / 2;
  const npar = p + theta.length + 1;
  return {
    formula,
    reml,
    nobs: n,
    dropped: frame.dropped,
    ngroups,
    fixef,
    vcov,
    varcomp: comps,
    sigma,
    theta: Array.from(theta),
    thetaNames,
    criterion,
    remlCriterion: reml ? criterion : null,
    logLik,
    npar,
    AIC: criterion + 2 * npar,
    BIC: criterion + npar * Math.log(n),
    ranef,
    singular,
    converged: opt.converged,
    messages,
    optimizer: { evaluations: opt.evaluations, iterations: opt.iterations },
    vcovVarpar: info ? info.vcovVarpar : null,
  };
}
