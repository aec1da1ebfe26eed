// Orchestrates one categorical CFA by WLSMV (lavaan: cfa(..., ordered = TRUE, estimator = "WLSMV",
// std.lv = TRUE)): parameter table → start values → DWLS optimum → sign orientation → robust vcov and
// scaled-shifted test → fit indices → standardized solution, Heywood diagnostics, bifactor indices.
// `prepareCfaData` computes the data-only terms once; pass its result to every structure.
import type { CfaSampleStats, RobustDataTerms } from './data.js';
import { robustDataTerms } from './data.js';
import { cfi, rmsea, rmseaInterval, scaledShifted, tli, type FitMeasures } from './fitmeasures.js';
import { derivatives, objective, type DwlsTarget } from './objective.js';
import { optimizeDwls } from './optimize.js';
import { buildParTable, pairItems, type ParTable } from './partable.js';
import { robustStage } from './robust.js';
import type { ModelSpec } from './spec.js';
import { bifactorIndices, heywood, orientSigns, standardize, standardizedSe, type BifactorIndices, type HeywoodReport } from './standardized.js';
import { startValues } from './start.js';
import { heywoodStatus, type FitStatus, type StatusInvolved } from './status.js';
import type { ParsedModel } from './syntax.js';

export interface CfaData {
  stats: CfaSampleStats;
  pairI: Int32Array;
  pairJ: Int32Array;
  target: DwlsTarget;
  /** Data-only robust terms (null when the sample statistics carry no per-model scores). */
  terms: RobustDataTerms | null;
  baseline: { chisq: number; df: number; trUG: number; trUG2: number } | null;
}

/** `side` forces the N-side or p*-side algebra (default: whichever is smaller, N or p*). */
export function prepareCfaData(stats: CfaSampleStats, opts: { robust?: boolean; side?: 'N' | 'p' } = {}): CfaData {
  const J = stats.items.length;
  const { pairI, pairJ } = pairItems(J);
  const target: DwlsTarget = { rho: stats.rho, w: stats.weights.subarray(J), pairI, pairJ };
  const terms = opts.robust === false || stats.scores === null ? null : robustDataTerms(stats, pairI, pairJ, opts.side);
  let baseline: CfaData['baseline'] = null;
  if (terms) {
    let f = 0;
    for (let k = 0; k < pairI.length; k++) f += target.w[k]! * stats.rho[k]! ** 2;
    const N = stats.nobs;
    baseline = { chisq: (N - 1) * f, df: pairI.length, trUG: N * terms.sumWF2Corr, trUG2: N * N * terms.normACorr2 };
  }
  return { stats, pairI, pairJ, target, terms, baseline };
}

export interface CfaEstimate {
  est: number;
  se: number | null;
  std_all: number;
  std_se: number | null;
}

export interface CfaResult {
  structure: string;
  /** One status per fit: admissible, heywood, boundary, not_converged, not_identified (status.ts). */
  status: FitStatus;
  /** Why this status, in a sentence (the reason a fit has no numbers when it has none). */
  status_reason: string;
  /** Items and factors behind a heywood or boundary status. */
  status_involved: StatusInvolved;
  /** Set by the admissible mode (admissible.ts): the constraints and which are active; null otherwise. */
  constraints: AdmissibleConstraints | null;
  converged: boolean;
  /** Why the optimizer stopped. */
  message: string;
  iterations: number;
  seconds: number;
  nobs: number;
  n_items: number;
  n_parameters: number;
  /** lavaan's fmin: (N − 1)/N times half the weighted sum of squared correlation residuals (chisq = 2N·fmin). */
  fmin: number;
  fit: FitMeasures | null;
  loadings: ({ factor: string; item: string } & CfaEstimate)[];
  thresholds: { item: string; est: number; se: number | null }[];
  factor_covariances: ({ factor1: string; factor2: string } & CfaEstimate)[];
  residual_covariances: ({ item1: string; item2: string } & CfaEstimate)[];
  residual_variances: { item: string; est: number }[];
  heywood: HeywoodReport | null;
  bifactor_indices: BifactorIndices | null;
}

export interface AdmissibleConstraints {
  /** What was constrained, in a sentence. */
  description: string;
  /** Constraints at their bound (value ≤ 1e-7): 'residual variance of ITEM', 'disturbance variance of F', 'Ψ eigenvalue'. */
  active: string[];
  /** The caveat on a boundary: the χ² reference distribution is not exact there. */
  note: string | null;
}

/** What later stages (modification indices, factor scores) need from a converged fit. */
export interface CfaState {
  pt: ParTable;
  x: Float64Array;
  rhoModel: Float64Array;
  eStruct: Float64Array;
  vcov: Float64Array | null;
  /** B = Δ′WΓWΔ over the structural parameters (null without per-model scores). */
  bStruct: Float64Array | null;
  /** Unscaled test statistic (N − 1)·f (lavaan 0.6.14) and its df. */
  chisq: number;
  df: number;
  /** True when the fit was made in the admissible parameterization (admissible.ts) and x is its image
   *  in the ordinary parameter table (for second-order: the correlated table with Ψ = γγ′ + diag(1 − γ²)). */
  reparameterized?: boolean;
}

export interface CfaOptions {
  maxIterations?: number;
  /** Start values for the structural parameters (in parameter-table order). */
  start?: Float64Array;
  /** Skip the robust stage (SEs, test, fit indices) when the solution is inadmissible (a Heywood case):
   *  admissible.ts refits such a solution and only needs its estimates. */
  skipRobustIfInadmissible?: boolean;
}

/** |regression| or |loading| above which an iterate counts as running away (optimize.ts's divergence check). */
export const DIVERGENCE_BOUND = 25;

export function fitCfa(data: CfaData, spec: ModelSpec | ParsedModel, opts: CfaOptions = {}, file = '<model>'): { result: CfaResult; state: CfaState | null } {
  const t0 = performance.now();
  const { stats, target } = data;
  const pt = buildParTable(spec, stats.items, file);
  if (pt.items.length !== stats.items.length) throw new Error(`cfa: the model uses ${pt.items.length} of the ${stats.items.length} items; compute the sample statistics on the model's items`);
  const J = pt.items.length;
  const N = stats.nobs;
  const start = opts.start ?? startValues(pt, stats.rho);
  // A regression or loading beyond 25 (std.lv: R² of the dependent factor > 0.998, or a communality of
  // hundreds) is a run-away iterate: a first-order factor fully explained by g, or a Heywood direction.
  const diverging = (x: Float64Array): string | null => {
    for (let p = 0; p < pt.nStruct; p++) {
      const k = pt.params[p]!.kind;
      if ((k === 'regression' || k === 'loading') && Math.abs(x[p]!) > DIVERGENCE_BOUND) return `${pt.params[p]!.label} beyond ±${DIVERGENCE_BOUND}`;
    }
    return null;
  };
  const opt = optimizeDwls(pt, target, start, { diverging, ...(opts.maxIterations === undefined ? {} : { maxIterations: opts.maxIterations }) });
  const base: CfaResult = {
    structure: spec.name,
    status: opt.converged ? 'admissible' : 'not_converged',
    status_reason: '',
    status_involved: { items: [], factors: [] },
    constraints: null,
    converged: opt.converged,
    message: opt.message,
    iterations: opt.iterations,
    seconds: 0,
    nobs: N,
    n_items: J,
    n_parameters: pt.params.length,
    fmin: ((N - 1) / N) * (opt.f / 2),
    fit: null,
    loadings: [],
    thresholds: [],
    factor_covariances: [],
    residual_covariances: [],
    residual_variances: [],
    heywood: null,
    bifactor_indices: null,
  };
  if (!opt.converged) {
    // Name the parameters running away (a ridge towards an improper solution), never report the iterate.
    const div: string[] = [];
    for (let p = 0; p < pt.nStruct; p++) {
      const info = pt.params[p]!;
      const v = opt.x[p]!;
      if ((info.kind === 'regression' && Math.abs(v) > 10) || (info.kind === 'loading' && Math.abs(v) > 5) || (info.kind === 'lvcov' && Math.abs(v) > 1.5))
        div.push(`${info.label} = ${v.toFixed(2)}`);
    }
    if (div.length > 0)
      base.message += `; diverging parameters: ${div.join(', ')} — the structure has no proper solution on these data (a latent variable is fully explained by another: standardized residual variance → 0, a Heywood case)`;
    base.message += `; objective ${base.fmin.toPrecision(8)} at the last iterate, largest gradient component ${opt.maxGradient.toExponential(2)}; no estimates are reported`;
    base.status_reason = `not converged: ${base.message}`;
    base.seconds = (performance.now() - t0) / 1000;
    return { result: base, state: null };
  }
  const x = opt.x;
  for (let j = 0; j < J; j++) x[pt.nStruct + j] = stats.thresholds[j]!;
  orientSigns(pt, x);
  const ev = objective(pt, target, x);
  const d = derivatives(pt, target, ev);
  const q = pt.params.length;
  const df = data.pairI.length - pt.nStruct;
  let se: Float64Array | null = null;
  let vcov: Float64Array | null = null;
  let bStruct: Float64Array | null = null;
  const stdEarly = opts.skipRobustIfInadmissible ? standardize(pt, x, ev.m) : null;
  const skipRobust = stdEarly !== null && heywoodStatus(heywood(pt, x, ev.m, stdEarly), covarianceFactors(pt)).status !== 'admissible';
  if (skipRobust) base.message += '; robust stage skipped (inadmissible solution, to be refitted under constraints)';
  if (data.terms && data.baseline && !skipRobust) {
    const rob = robustStage(pt, stats, data.terms, d.delta, d.e, data.pairI, data.pairJ);
    if (rob.vcov === null) {
      base.message += '; the information matrix Δ′WΔ is singular (model not identified): no standard errors or test';
    } else {
      vcov = rob.vcov;
      bStruct = rob.bStruct;
      se = new Float64Array(q);
      for (let p = 0; p < q; p++) se[p] = Math.sqrt(Math.max(vcov[p * q + p]!, 0));
      base.fit = fitMeasuresFrom(data, ev.f, ev.rhoModel, df, rob.trUG, rob.trUG2);
    }
  }
  const std = standardize(pt, x, ev.m);
  const stdSe = vcov ? standardizedSe(pt, x, vcov) : null;
  const L = pt.latents.length;
  for (let p = 0; p < q; p++) {
    const info = pt.params[p]!;
    const e: CfaEstimate = { est: x[p]!, se: se ? se[p]! : null, std_all: std[p]!, std_se: stdSe ? stdSe[p]! : null };
    if (info.kind === 'loading') base.loadings.push({ factor: pt.latents[info.a]!, item: pt.items[info.b]!, ...e });
    else if (info.kind === 'regression') base.loadings.push({ factor: pt.latents[info.a]!, item: pt.latents[info.b]!, ...e });
    else if (info.kind === 'lvcov') base.factor_covariances.push({ factor1: pt.latents[info.a]!, factor2: pt.latents[info.b]!, ...e });
    else if (info.kind === 'rescov') base.residual_covariances.push({ item1: pt.items[info.b]!, item2: pt.items[info.a]!, ...e });
    else base.thresholds.push({ item: pt.items[info.a]!, est: e.est, se: e.se });
  }
  for (let i = 0; i < J; i++) base.residual_variances.push({ item: pt.items[i]!, est: 1 - ev.m.communality[i]! });
  base.heywood = heywood(pt, x, ev.m, std);
  if (data.terms && data.baseline && vcov === null && !skipRobust) {
    base.status = 'not_identified';
    base.status_reason = 'not identified: the information matrix Δ′WΔ is singular at the optimum, so no standard errors and no test';
  } else {
    const st = heywoodStatus(base.heywood, covarianceFactors(pt));
    base.status = st.status;
    base.status_reason = st.reason;
    base.status_involved = st.involved;
  }
  if (pt.latents.includes('g') && L > 1 && pt.itemLoadings.every((ls) => ls.some((l) => pt.latents[l.latent] === 'g')) && pt.itemLoadings.some((ls) => ls.length > 1))
    base.bifactor_indices = bifactorIndices(pt, ev.m, ev.rhoModel, 'g');
  base.seconds = (performance.now() - t0) / 1000;
  return { result: base, state: { pt, x, rhoModel: ev.rhoModel, eStruct: d.e, vcov, bStruct, chisq: (N - 1) * ev.f, df } };
}

/** Latents with a free covariance (those a non-positive-definite Ψ involves). */
export function covarianceFactors(pt: ParTable): string[] {
  const out = new Set<string>();
  for (let p = 0; p < pt.nStruct; p++) {
    const info = pt.params[p]!;
    if (info.kind === 'lvcov') {
      out.add(pt.latents[info.a]!);
      out.add(pt.latents[info.b]!);
    }
  }
  return [...out];
}

/** Fit measures at an optimum with objective f (Σ w r²) and the traces of the robust stage. */
export function fitMeasuresFrom(data: CfaData, f: number, rhoModel: Float64Array, df: number, trUG: number, trUG2: number): FitMeasures {
  const { stats } = data;
  const N = stats.nobs;
  const J = stats.items.length;
  const b = data.baseline!;
  const chisq = (N - 1) * f;
  const t = scaledShifted(chisq, df, trUG, trUG2);
  const tb = scaledShifted(b.chisq, b.df, b.trUG, b.trUG2);
  const [lo, hi] = rmseaInterval(chisq, df, N - 1);
  const [los, his] = rmseaInterval(t.chisqScaled, df, N - 1);
  let ss = 0;
  for (let k = 0; k < rhoModel.length; k++) ss += (stats.rho[k]! - rhoModel[k]!) ** 2;
  return {
    chisq,
    df,
    pvalue: t.pvalue,
    chisq_scaled: t.chisqScaled,
    pvalue_scaled: t.pvalueScaled,
    scaling_factor: t.scalingFactor,
    shift: t.shift,
    baseline_chisq: b.chisq,
    baseline_df: b.df,
    baseline_chisq_scaled: tb.chisqScaled,
    cfi: cfi(chisq, df, b.chisq, b.df),
    tli: tli(chisq, df, b.chisq, b.df),
    rmsea: rmsea(chisq, df, N - 1),
    rmsea_ci_lower: lo,
    rmsea_ci_upper: hi,
    cfi_scaled: cfi(t.chisqScaled, df, tb.chisqScaled, b.df),
    tli_scaled: tli(t.chisqScaled, df, tb.chisqScaled, b.df),
    rmsea_scaled: rmsea(t.chisqScaled, df, N - 1),
    rmsea_ci_lower_scaled: los,
    rmsea_ci_upper_scaled: his,
    // lavaan's categorical srmr (= crmr): correlation residuals over J(J+1)/2 entries (zero diagonal included).
    srmr: Math.sqrt(ss / (rhoModel.length + J)),
    wrmr: Math.sqrt(chisq / (data.pairI.length + J)),
  };
}
