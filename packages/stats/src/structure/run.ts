// Layer 1 for leaderboard tables: the factor structure of the benchmark scores (issue 13).
//   1. complete models' scores (a table's scores, or proportion correct per benchmark from item data),
//      models without the cluster variable left out; Pearson and Spearman matrices; shapes;
//   2. one general factor (or the user's model) by ML with MLR (Huber–White, cluster-robust with a
//      cluster variable) SEs and the Yuan–Bentler scaled χ² (robust.ts), robust CFI/TLI/RMSEA, SRMR
//      (indices.ts) — lavaan 0.6's cfa(estimator = "MLR", std.lv = TRUE, cluster = …);
//   3. standardized solution, R², ω, residual correlations, modification indices (solution.ts);
//   4. the report (snake_case; schema packages/stats/schemas/structure.schema.json).
import { MissingInputError, type Leaderboard } from '../data/leaderboard.js';
import { symEigen } from '@cartograph/core-wasm';
import { EstimationError, InputError } from '../util/errors.js';
import type { RunCallbacks } from '../util/progress.js';
import type { ModelSpec } from '../cfa/index.js';
import { buildModel, independenceModel, matrices, moments, syntaxName, type FactorModel, type Moments } from './model.js';
import { fitMl } from './fit.js';
import { mlVcov, robust, traceH1 } from './robust.js';
import { cfi, pvalueChisq, rmsea, rmseaCi, srmr, tli } from './indices.js';
import { modificationIndices, omegaTotal, standardizeAll, standardizedSe } from './solution.js';
import { pearsonMatrix, shape, spearmanMatrix } from './describe.js';
import { interpretStructure, IDENTIFICATION_NOTE } from './text.js';
import type { ClusterVariable, FitReport, ParameterRow, StructureReport } from './types.js';

export type { ClusterVariable, FitReport, ParameterRow, StructureReport } from './types.js';

export const STRUCTURE_SCHEMA_VERSION = 1;

export interface StructureOptions extends RunCallbacks {
  /** A user model (lavaan syntax parsed by the cfa layer's parseCfaSyntax); default: one general factor. */
  model?: ModelSpec & { positions?: Map<unknown, { line: number; column: number }> };
  /** Where the model came from (for errors and the report). */
  modelFile?: string;
  /** The model's text, kept in the report. */
  modelSyntax?: string;
  /** 'MLR' (default): robust SEs and scaled test; 'ML': normal theory only. */
  estimator?: 'MLR' | 'ML';
  /** Cluster variable for cluster-robust SEs and test; undefined = contributor when the models have one; null = none. */
  cluster?: ClusterVariable | null;
}

/** Benchmark scores of every model (NaN = missing): a table's scores, or proportion correct per benchmark. */
function scoreMatrix(lb: Leaderboard): { benchmarks: string[]; values: Float64Array; basis: string } {
  if (lb.scores) return { benchmarks: lb.scores.benchmarks, values: lb.scores.values, basis: 'benchmark scores' };
  const r = lb.responses;
  if (!r) throw new MissingInputError('benchmark scores', 'the structure of benchmark scores needs scores (a leaderboard table or a scores file) or item responses');
  const benchmarks = [...new Set(lb.items.map((i) => i.benchmark))];
  const col = lb.items.map((i) => benchmarks.indexOf(i.benchmark));
  const B = benchmarks.length;
  const values = new Float64Array(r.nModels * B);
  const count = new Float64Array(r.nModels * B);
  for (let m = 0; m < r.nModels; m++) for (let j = 0; j < r.nItems; j++) {
    const v = r.get(m, j);
    if (v === null) continue;
    values[m * B + col[j]!]! += v;
    count[m * B + col[j]!]! += 1;
  }
  for (let k = 0; k < values.length; k++) values[k] = count[k]! > 0 ? values[k]! / count[k]! : NaN;
  return { benchmarks, values, basis: 'proportion correct per benchmark' };
}

function clusterOf(lb: Leaderboard, m: number, v: ClusterVariable): string | null {
  const meta = lb.models[m]!;
  const x = v === 'contributor' ? meta.contributor : v === 'architecture' ? meta.architecture : meta.deployment;
  return x === null || x === undefined || x === '' ? null : x;
}

interface FitBundle {
  model: FactorModel;
  x: Float64Array;
  converged: boolean;
  iterations: number;
  maxAbsGradient: number;
  message: string;
  chisq: number;
  df: number;
  vcov: Float64Array | null;
  scaling: number | null;
}

function fitOne(model: FactorModel, s: Moments, data: Float64Array, cluster: Int32Array | null, estimator: 'MLR' | 'ML', h1: number | null): FitBundle {
  const p = s.p;
  const fit = fitMl(model, s);
  const df = p + (p * (p + 1)) / 2 - model.params.length;
  const chisq = 2 * s.n * fit.fmin;
  let vcov: Float64Array | null = null;
  let scaling: number | null = null;
  if (fit.converged) {
    if (estimator === 'MLR') {
      const rb = robust(model, fit.x, s, data, cluster, df, h1 ?? NaN);
      if (rb) {
        vcov = rb.vcov;
        scaling = Number.isFinite(rb.scaling) ? rb.scaling : null;
      }
    } else vcov = mlVcov(model, fit.x, s.n);
  }
  return { model, x: fit.x, converged: fit.converged, iterations: fit.iterations, maxAbsGradient: fit.maxAbsGradient, message: fit.message, chisq, df, vcov, scaling };
}

export function runStructure(lb: Leaderboard, options: StructureOptions = {}): StructureReport {
  const estimator = options.estimator ?? 'MLR';
  const progress = options.onProgress;
  const skipped: { part: string; reason: string }[] = [];
  const notes: string[] = [];
  progress?.({ stage: 'structure: data' });
  const { benchmarks: allBench, values, basis } = scoreMatrix(lb);
  const allNames = allBench.map(syntaxName);
  // The model decides which benchmarks enter.
  const general = !options.model;
  let spec: ModelSpec;
  let used: number[];
  if (options.model) {
    spec = options.model;
    const named = new Set<string>();
    for (const l of spec.loadings) named.add(l.indicator);
    for (const c of spec.covariances) (named.add(c.a), named.add(c.b));
    used = allNames.map((_, b) => b).filter((b) => named.has(allNames[b]!) || named.has(allBench[b]!));
  } else {
    used = allBench.map((_, b) => b);
    const latent = ['g', 'general', 'g_factor'].find((x) => !allNames.includes(x)) ?? 'g_general_factor';
    spec = { name: 'general', loadings: used.map((b) => ({ latent, indicator: allNames[b]! })), covariances: [], orthogonal: false };
  }
  const benchmarks = used.map((b) => allBench[b]!);
  const names = used.map((b) => allNames[b]!);
  // Accept the benchmark's own name in a user model when it is already a plain word; keep each
  // statement's position for errors.
  const positions = new Map<unknown, { line: number; column: number }>();
  if (options.model) {
    const rename = new Map(used.map((b) => [allBench[b]!, allNames[b]!]));
    const orig = options.model.positions;
    const keep = <T extends object>(from: T, to: T): T => {
      const at = orig?.get(from);
      if (at) positions.set(to, at);
      return to;
    };
    spec = { ...spec, loadings: spec.loadings.map((l) => keep(l, { ...l, indicator: rename.get(l.indicator) ?? l.indicator })), covariances: spec.covariances.map((c) => keep(c, { ...c, a: rename.get(c.a) ?? c.a, b: rename.get(c.b) ?? c.b })) };
  }
  const p = names.length;
  const model = buildModel(spec, names, options.modelFile ?? '<model>', positions, allNames);
  if (p < 3) throw new EstimationError('structure', `a factor model needs at least 3 benchmarks (have ${p}${p ? `: ${benchmarks.join(', ')}` : ''})`);

  // Cluster variable: default contributor when the models have one.
  const B = allBench.length;
  let clusterVar: ClusterVariable | null = null;
  if (options.cluster === undefined) clusterVar = lb.models.some((_, m) => clusterOf(lb, m, 'contributor') !== null) ? 'contributor' : null;
  else if (options.cluster !== null) {
    if (!lb.models.some((_, m) => clusterOf(lb, m, options.cluster!) !== null)) throw new InputError('(inputs)', 0, 0, `no model has a ${options.cluster} (needed for cluster-robust standard errors)`);
    clusterVar = options.cluster;
  }
  if (estimator === 'ML' && clusterVar !== null && options.cluster !== undefined) throw new InputError('(options)', 0, 0, 'cluster-robust standard errors need the MLR estimator');
  if (estimator === 'ML') clusterVar = null;
  const rows: number[] = [];
  let incomplete = 0;
  let noCluster = 0;
  for (let m = 0; m < lb.models.length; m++) {
    if (used.some((b) => !Number.isFinite(values[m * B + b]!))) {
      incomplete++;
      continue;
    }
    if (clusterVar && clusterOf(lb, m, clusterVar) === null) {
      noCluster++;
      continue;
    }
    rows.push(m);
  }
  const n = rows.length;
  if (n < p + 2) throw new EstimationError('structure', `${n} models have scores on all of ${benchmarks.join(', ')}: too few for a factor model of ${p} benchmarks`);
  const data = new Float64Array(n * p);
  rows.forEach((m, r) => used.forEach((b, j) => (data[r * p + j] = values[m * B + b]!)));
  let cluster: Int32Array | null = null;
  let clusterIds: string[] = [];
  if (clusterVar) {
    const idx = new Map<string, number>();
    cluster = new Int32Array(n);
    rows.forEach((m, r) => {
      const c = clusterOf(lb, m, clusterVar!)!;
      if (!idx.has(c)) idx.set(c, idx.size);
      cluster![r] = idx.get(c)!;
    });
    clusterIds = [...idx.keys()];
    if (clusterIds.length < 2) {
      skipped.push({ part: 'cluster-robust standard errors', reason: `all models share one ${clusterVar}` });
      cluster = null;
      clusterVar = null;
    }
  }
  if (incomplete) notes.push(`${incomplete} model(s) without a score on every benchmark of the model are left out (complete cases, lavaan's listwise default).`);
  if (noCluster) notes.push(`${noCluster} model(s) without a ${clusterVar} are left out (the cluster-robust fit needs every model's cluster).`);
  if (basis !== 'benchmark scores') notes.push(`Scores are the ${basis} over the items each model answered.`);

  const s = moments(data, n, p);
  checkScores(s, benchmarks);
  const correlations = { pearson: pearsonMatrix(data, n, p), spearman: spearmanMatrix(data, n, p), n_complete: n };
  const distribution = names.map((_, j) => ({ benchmark: benchmarks[j]!, ...shape(data, n, p, j) }));
  const doubtful = distribution.filter((d) => Math.abs(d.skewness) > 2 || Math.abs(d.excess_kurtosis) > 7 || d.share_at_min > 0.05);
  const normality_note = doubtful.length
    ? `Normal theory is doubtful for ${doubtful.map((d) => `${d.benchmark} (skewness ${d.skewness.toFixed(2)}, excess kurtosis ${d.excess_kurtosis.toFixed(2)}${d.share_at_min > 0.05 ? `, ${(100 * d.share_at_min).toFixed(0)} % of models at its minimum ${d.min.toFixed(3)}` : ''})`).join(', ')}: read the MLR (robust) standard errors and scaled test, not the normal-theory ones (|skewness| > 2, |excess kurtosis| > 7 or a floor: Curran, West & Finch 1996).`
    : null;

  // Fits.
  progress?.({ stage: 'structure: fit' });
  const h1 = estimator === 'MLR' ? traceH1(data, n, s, cluster) : null;
  const moments2 = p + (p * (p + 1)) / 2;
  let failure: string | null = model.params.length > moments2 ? `the model has ${model.params.length} parameters for ${moments2} sample moments (df = ${moments2 - model.params.length}): not identified` : null;
  const main = failure ? null : fitOne(model, s, data, cluster, estimator, h1);
  if (main && !main.converged) failure = `the ${spec.name === 'custom' ? 'user' : 'one-factor'} model did not converge: ${main.message}`;
  const base: StructureReport = {
    schema_version: STRUCTURE_SCHEMA_VERSION,
    method: `${estimator === 'MLR' ? 'maximum likelihood with robust (Huber–White' + (clusterVar ? `, clustered by ${clusterVar}` : '') + ') standard errors and the Yuan–Bentler scaled test' : 'maximum likelihood, normal-theory standard errors and test'} — lavaan 0.6 cfa(estimator = "${estimator}", std.lv = TRUE${clusterVar ? `, cluster = "${clusterVar}"` : ''})`,
    sources: lb.sources,
    benchmarks,
    variable_names: names,
    n_models_total: lb.models.length,
    n_models: n,
    n_incomplete: incomplete,
    n_without_cluster: noCluster,
    estimator,
    cluster: cluster && clusterVar ? clusterSummary(cluster, clusterIds, clusterVar, n, null) : null,
    correlations,
    distribution,
    normality_note,
    model: {
      name: general ? 'general' : spec.name,
      syntax: general ? `${model.latents[0]} =~ ${names.join(' + ')}` : (options.modelSyntax ?? ''),
      latents: model.latents,
      converged: false,
      iterations: main?.iterations ?? 0,
      max_abs_gradient: main?.maxAbsGradient ?? null,
      heywood: [],
    },
    fit: null,
    loadings: [],
    residual_variances: [],
    parameters: [],
    omega: null,
    variance_explained: null,
    residual_correlations: null,
    mi: [],
    identification_note: IDENTIFICATION_NOTE,
    interpretation: '',
    notes,
    skipped,
  };
  if (failure || !main) {
    // The data description stands; the model part is skipped with its reason.
    skipped.push({ part: 'factor model', reason: failure ?? 'not fitted' });
    options.onWarning?.(`factor model not estimated: ${failure}`);
    base.interpretation = interpretStructure(base);
    return base;
  }
  if (!main.vcov) skipped.push({ part: 'standard errors', reason: 'the information matrix is singular (the model is not identified)' });
  const baseline = fitOne(independenceModel(names), s, data, cluster, estimator, h1);
  let unclustered: FitBundle | null = null;
  if (cluster) unclustered = fitOne(model, s, data, null, estimator, traceH1(data, n, s, null));

  progress?.({ stage: 'structure: solution' });
  const fit = fitReport(main, baseline, s, estimator, cluster !== null);
  const std = standardizeAll(model, main.x);
  const stdSe = main.vcov ? standardizedSe(model, main.x, main.vcov) : new Float64Array(main.x.length).fill(NaN);
  const se = (k: number): number => (main.vcov ? Math.sqrt(main.vcov[k * main.x.length + k]!) : NaN);
  const parameters: ParameterRow[] = model.params.map((q, k) => ({ lhs: q.lhs, op: q.op, rhs: q.rhs, est: main.x[k]!, se: se(k), z: main.x[k]! / se(k), std_all: std[k]!, std_se: stdSe[k]! }));
  const loadings = model.params.flatMap((q, k) => (q.kind === 'loading' ? [{ factor: q.lhs, benchmark: benchmarks[q.a]!, est: main.x[k]!, se: se(k), std_all: std[k]!, std_se: stdSe[k]! }] : []));
  const { sigma, theta } = matrices(model, main.x);
  const residual_variances = model.params.flatMap((q, k) => (q.kind === 'residual_variance' ? [{ benchmark: benchmarks[q.a]!, est: main.x[k]!, se: se(k), std_all: std[k]!, r_squared: 1 - theta[q.a * p + q.a]! / sigma[q.a * p + q.a]! }] : []));
  const heywood: string[] = [];
  for (const r of residual_variances) if (r.est <= 0) heywood.push(`${r.benchmark}: residual variance ${r.est.toExponential(2)} ≤ 0`);
  for (const l of loadings) if (Math.abs(l.std_all) >= 1) heywood.push(`${l.benchmark}: standardized loading ${l.std_all.toFixed(3)} on ${l.factor}`);
  if (heywood.length) options.onWarning?.(`Heywood case in the factor model: ${heywood.join('; ')}`);
  const omega = omegaTotal(model, main.x);
  if (omega === null) skipped.push({ part: 'omega', reason: 'ω of the total score is computed for one-factor models' });
  const variance_explained = model.latents.length === 1 ? residual_variances.reduce((a, r) => a + r.r_squared, 0) / p : null;

  // Residual correlations: observed minus implied correlations (lavaan's residuals(type = "cor")).
  const impliedCor = (i: number, j: number): number => sigma[i * p + j]! / Math.sqrt(sigma[i * p + i]! * sigma[j * p + j]!);
  const resid = correlations.pearson.map((row, i) => row.map((r, j) => r - impliedCor(i, j)));
  const mi = modificationIndices(model, main.x, s).map((m) => ({ benchmark1: benchmarks[m.i]!, benchmark2: benchmarks[m.j]!, mi: m.mi, epc: m.epc, sepc_all: m.sepc_all, residual_r: resid[m.i]![m.j]! }));

  // Clusters and the effective sample size: the design effect is the median over the loadings of the
  // clustered over the unclustered sandwich variance.
  let deff: number | null = null;
  if (cluster && main.vcov && unclustered?.vcov) {
    const k = main.x.length;
    const ratios = model.params.flatMap((q, i) => (q.kind === 'loading' ? [main.vcov![i * k + i]! / unclustered!.vcov![i * k + i]!] : [])).sort((a, b) => a - b);
    if (ratios.length) deff = ratios.length % 2 ? ratios[(ratios.length - 1) / 2]! : 0.5 * (ratios[ratios.length / 2 - 1]! + ratios[ratios.length / 2]!);
  }
  const clusterReport = cluster && clusterVar ? { ...clusterSummary(cluster, clusterIds, clusterVar, n, deff), chisq_scaled_unclustered: unclustered?.scaling ? unclustered.chisq / unclustered.scaling : null } : null;

  const report: StructureReport = {
    ...base,
    cluster: clusterReport,
    model: { ...base.model, converged: true, iterations: main.iterations, max_abs_gradient: main.maxAbsGradient, heywood },
    fit,
    loadings,
    residual_variances,
    parameters,
    omega,
    variance_explained,
    residual_correlations: { benchmarks, matrix: resid },
    mi,
  };
  report.interpretation = interpretStructure(report);
  return report;
}

function clusterSummary(cluster: Int32Array, ids: string[], variable: ClusterVariable, n: number, deff: number | null): NonNullable<StructureReport['cluster']> {
  const sizes = new Map<number, number>();
  for (const c of cluster) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  let maxSize = 0;
  let largest = '';
  for (const [c, k] of sizes) if (k > maxSize) (maxSize = k, largest = ids[c]!);
  const effN = deff !== null ? n / deff : null;
  return {
    variable,
    n_clusters: sizes.size,
    mean_size: n / sizes.size,
    max_size: maxSize,
    largest,
    singletons: [...sizes.values()].filter((k) => k === 1).length,
    design_effect: deff,
    effective_n: effN,
    chisq_scaled_unclustered: null,
    note:
      deff !== null
        ? `Models of one ${variable} are not independent (${sizes.size} ${variable}s for ${n} models; the largest, ${largest}, has ${maxSize}). Cluster-robust variances of the loadings are ${deff.toFixed(1)}× those for independent models (median over benchmarks): the data carry about as much information as ${Math.round(effN!)} independent models. The standard errors and the scaled test account for this; the point estimates are the same.`
        : `Models of one ${variable} are not independent (${sizes.size} ${variable}s for ${n} models); the standard errors and the scaled test account for it.`,
  };
}

/** A constant benchmark or linearly dependent scores make S singular: say which, before fitting. */
function checkScores(s: Moments, benchmarks: string[]): void {
  const p = s.p;
  const constant = benchmarks.filter((_, j) => !(s.cov[j * p + j]! > 0));
  if (constant.length) throw new EstimationError('structure', `${constant.join(', ')}: the same score for every model (no variance to explain)`);
  const cor = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) cor[i * p + j] = s.cov[i * p + j]! / Math.sqrt(s.cov[i * p + i]! * s.cov[j * p + j]!);
  const { values, vectors } = symEigen(cor, p);
  if (values[0]! < 1e-10) {
    const involved = benchmarks.filter((_, i) => Math.abs(vectors[i * p]!) > 0.1);
    throw new EstimationError('structure', `the correlation matrix of the scores is singular (smallest eigenvalue ${values[0]!.toExponential(2)}): ${involved.join(', ')} are linearly dependent — drop one of them or name a model without it`);
  }
}

function fitReport(main: FitBundle, base: FitBundle, s: Moments, estimator: 'MLR' | 'ML', withMeans: boolean): FitReport {
  const n = s.n;
  const p = s.p;
  const { sigma } = matrices(main.model, main.x);
  const x2 = main.chisq;
  const df = main.df;
  const x2n = base.chisq;
  const dfn = base.df;
  const c = estimator === 'MLR' ? main.scaling : null;
  const c0 = estimator === 'MLR' ? base.scaling : null;
  const naiveCi = rmseaCi(x2, df, n);
  const robustOk = c !== null && c0 !== null;
  const ci = c !== null ? rmseaCi(x2 / c, df, n, c) : naiveCi;
  return {
    npar: main.model.params.length,
    chisq: x2,
    df,
    pvalue: pvalueChisq(x2, df),
    chisq_scaled: c !== null ? x2 / c : null,
    scaling_factor: c,
    pvalue_scaled: c !== null ? pvalueChisq(x2 / c, df) : null,
    baseline_chisq: x2n,
    baseline_df: dfn,
    baseline_chisq_scaled: c0 !== null ? x2n / c0 : null,
    baseline_scaling_factor: c0,
    cfi: cfi(x2, df, x2n, dfn),
    tli: tli(x2, df, x2n, dfn),
    rmsea: rmsea(x2, df, n),
    rmsea_ci_lower_naive: naiveCi.lower,
    rmsea_ci_upper_naive: naiveCi.upper,
    cfi_robust: robustOk ? cfi(x2, df, x2n, dfn, c!, c0!) : null,
    tli_robust: robustOk ? tli(x2, df, x2n, dfn, c!, c0!) : null,
    rmsea_robust: c !== null ? rmsea(x2, df, n, c) : null,
    rmsea_ci_lower: ci.lower,
    rmsea_ci_upper: ci.upper,
    srmr: srmr(s.cov, sigma, p, withMeans),
  };
}
