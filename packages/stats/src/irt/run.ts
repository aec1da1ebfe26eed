// runIrt: the IRT layer as one call — model default (bifactor with one specific per benchmark when
// there are ≥ 2 benchmarks, else 2PL), the calibration (fit.ts: EM on a grid refined until its
// log-likelihood matches adaptive quadrature), the M2 policy (unidimensional, complete data, at most
// `m2MaxItems` items; otherwise skipped with the reason), and the scores (adaptive Gauss–Hermite EAP
// and posterior SD of every factor). Returns a plain serialisable report (snake_case, irt.schema.json)
// together with the fit and the scores for callers that go on (ranks, scaling).
import type { Leaderboard } from '../data/leaderboard.js';
import { benchmarksOf } from '../data/leaderboard.js';
import { EstimationError } from '../util/errors.js';
import type { RunCallbacks } from '../util/progress.js';
import { scoresFromCentres } from './agq-scores.js';
import { fitIrtWithCentres } from './fit.js';
import type { IrtLink } from './model.js';
import { m2Statistic, type M2Result } from './m2.js';
import type { QuadratureSpec } from './quadrature.js';
import { scoreIrt, type IrtScores } from './scores.js';
import type { IrtFit, IrtModelKind } from './types.js';

export const IRT_SCHEMA_VERSION = 1;

/** The models `runIrt` fits from a leaderboard (two-tier needs a factor map and is library-only). */
export type IrtRunModel = '1PL' | '2PL' | '3PL' | 'bifactor';

export interface RunIrtOptions extends RunCallbacks {
  /** Default: bifactor with ≥ 2 benchmarks, else 2PL. */
  model?: IrtRunModel;
  link?: IrtLink;
  /** 3PL: a fixed guessing floor, or 'estimate' (default). */
  guessing?: number | 'estimate';
  /** A fixed quadrature rule (mirt's quadpts/theta_lim); default: refined until the log-likelihood is stable. */
  quadrature?: QuadratureSpec;
  specificQuadrature?: QuadratureSpec;
  /** Default 'report' with `quadrature`; without it fitIrt's default ('refine' unidimensional, 'report' bifactor). */
  quadratureCheck?: 'refine' | 'report' | 'none';
  /** Cross-product standard errors (default true). */
  se?: boolean;
  /** EAP scores and posterior SDs (default true). */
  scores?: boolean;
  /** M2 for unidimensional models on complete data with at most this many items (default 60; 0 = never). */
  m2MaxItems?: number;
  tol?: number;
  maxIter?: number;
}

/** The model runIrt fits by default. */
export function defaultIrtModel(lb: Leaderboard): 'bifactor' | '2PL' {
  return benchmarksOf(lb.items).length >= 2 ? 'bifactor' : '2PL';
}

export interface IrtItemRow {
  item_id: string;
  /** Column of the item in the response matrix. */
  column: number;
  specific: string | null;
  /** One entry per factor the item loads on (the loadings that exist). */
  loadings: { factor: string; slope: number; se_slope: number | null; loading: number; se_loading: number | null }[];
  intercept: number;
  se_intercept: number | null;
  guessing: number;
  se_guessing: number | null;
  threshold: number;
  communality: number;
}

export interface IrtReport {
  schema_version: number;
  method: 'irt-mml-em';
  model: IrtModelKind;
  link: IrtLink;
  n_models: number;
  n_items: number;
  factors: string[];
  loglik: number;
  n_parameters: number;
  aic: number;
  bic: number;
  iterations: number;
  converged: boolean;
  convergence: { max_change: number; tol: number; accelerated: boolean; message: string };
  quadrature: { general: QuadratureSpec; specific: QuadratureSpec | null };
  /** How the stability of the log-likelihood under refinement of the quadrature was checked (fit.ts). */
  quadrature_check: IrtFit['quadratureCheck'];
  missing_cells: number;
  excluded_items: { item_id: string; column: number; reason: string }[];
  items: IrtItemRow[];
  /** Two-tier only: the general tier's correlation matrix (row-major); [1] otherwise. */
  general_correlation: number[];
  m2: { m2: number; df: number; p: number; rmsea2: number; n_margins: number } | null;
  scoring: { method: IrtScores['method']; points_general: number; points_specific: number | null; n_models: number } | null;
  warnings: string[];
  skipped: { part: string; reason: string }[];
  interpretation: string;
}

export interface IrtRun {
  report: IrtReport;
  fit: IrtFit;
  scores: IrtScores | null;
}

export function runIrt(lb: Leaderboard, opts: RunIrtOptions = {}): IrtRun {
  if (!lb.responses) throw new EstimationError('irt', 'item-level responses are needed (the model is fitted to them)');
  const resp = lb.responses;
  const model = opts.model ?? defaultIrtModel(lb);
  const bench = lb.items.map((i) => i.benchmark);
  const skipped: IrtReport['skipped'] = [];
  const warn = (w: string): void => opts.onWarning?.(w);
  if (model === 'bifactor') {
    // checks that can be made before a long fit (issue 10, defect 7)
    for (const b of benchmarksOf(lb.items)) {
      const n = bench.filter((x) => x === b).length;
      if (n < 2) warn(`specific factor ${b} has only ${n} item: its slope is not identified apart from the general one`);
    }
  }
  opts.onProgress?.({ stage: 'IRT calibration', message: `${model} on ${resp.nModels} models × ${resp.nItems} items` });
  const { fit, centres } = fitIrtWithCentres(resp, {
    model,
    link: opts.link ?? 'logistic',
    guessing: opts.guessing,
    itemIds: lb.items.map((i) => i.id),
    itemSpecific: model === 'bifactor' ? bench : undefined,
    quadrature: opts.quadrature,
    specificQuadrature: opts.specificQuadrature,
    quadratureCheck: opts.quadratureCheck ?? (opts.quadrature ? 'report' : undefined),
    se: opts.se ?? true,
    tol: opts.tol,
    maxIter: opts.maxIter,
    onProgress: opts.onProgress ? (p) => opts.onProgress!({ stage: p.stage, done: p.done, total: p.total, message: p.message }) : undefined,
  });
  for (const w of fit.warnings) if (!/has only 1 item/.test(w)) warn(w);
  // M2 policy
  let m2: M2Result | null = null;
  const m2Max = opts.m2MaxItems ?? 60;
  if (fit.factors.length !== 1) skipped.push({ part: 'm2', reason: 'M2 is implemented for unidimensional models only' });
  else if (fit.nItems > m2Max) skipped.push({ part: 'm2', reason: `${fit.nItems} items: above the M2 limit of ${m2Max} (its cost grows as J⁶)` });
  else if (resp.hasMissing()) skipped.push({ part: 'm2', reason: 'M2 needs complete data; some responses are missing' });
  else {
    opts.onProgress?.({ stage: 'M2', message: `limited-information fit on ${fit.nItems} items` });
    try {
      m2 = m2Statistic(fit, resp, { maxItems: m2Max });
    } catch (e) {
      if (!(e instanceof EstimationError)) throw e;
      skipped.push({ part: 'm2', reason: e.detail });
    }
  }
  let scores: IrtScores | null = null;
  if (opts.scores ?? true) {
    opts.onProgress?.({ stage: 'scores', done: 0, total: resp.nModels });
    // the calibration's own models: from its adaptive E-step's centres (agq-scores.ts: two kernel runs);
    // otherwise by adaptive quadrature around each model's mode (scores.ts)
    scores =
      centres && fit.estep.nodes
        ? scoresFromCentres(fit, resp, centres, fit.estep.nodes)
        : scoreIrt(fit, resp, { onProgress: opts.onProgress ? (p) => opts.onProgress!({ stage: p.stage, done: p.done, total: p.total }) : undefined });
  } else skipped.push({ part: 'scores', reason: 'not requested' });
  const report: IrtReport = {
    schema_version: IRT_SCHEMA_VERSION,
    method: fit.method,
    model: fit.model,
    link: fit.link,
    n_models: fit.nPersons,
    n_items: fit.nItems,
    factors: [...fit.factors],
    loglik: fit.loglik,
    n_parameters: fit.nParameters,
    aic: fit.aic,
    bic: fit.bic,
    iterations: fit.iterations,
    converged: fit.converged,
    convergence: { max_change: fit.convergence.maxChange, tol: fit.convergence.tol, accelerated: fit.convergence.accelerated, message: fit.convergence.message },
    quadrature: { general: { ...fit.quadrature.general }, specific: fit.quadrature.specific ? { ...fit.quadrature.specific } : null },
    quadrature_check: fit.quadratureCheck,
    missing_cells: fit.missingCells,
    excluded_items: fit.excludedItems.map((e) => ({ item_id: e.id, column: e.column, reason: e.reason })),
    items: fit.items.map((it) => ({
      item_id: it.id,
      column: it.column,
      specific: it.specific,
      loadings: fit.factors
        .map((f, k) => ({ factor: f, slope: it.slopes[k]!, se_slope: it.se?.slopes[k] ?? null, loading: it.loadings[k]!, se_loading: it.se?.loadings[k] ?? null, k }))
        .filter((l) => loadsOn(fit, it.specific, l.factor, l.k, it.slopes[l.k]!))
        .map(({ k: _k, ...l }) => l),
      intercept: it.intercept,
      se_intercept: it.se?.intercept ?? null,
      guessing: it.guessing,
      se_guessing: it.se?.guessing ?? null,
      threshold: it.threshold,
      communality: it.communality,
    })),
    general_correlation: [...fit.generalCorrelation],
    m2: m2 ? { m2: m2.M2, df: m2.df, p: m2.p, rmsea2: m2.rmsea2, n_margins: m2.nMargins } : null,
    scoring: scores ? { method: scores.method, points_general: scores.points.general, points_specific: scores.points.specific, n_models: scores.nPersons } : null,
    warnings: [...fit.warnings],
    skipped,
    interpretation:
      `A ${fit.model} item response model (${fit.link} link) fitted by marginal maximum likelihood: slopes say how sharply an item separates models on each factor, ` +
      'loadings put them on a 0–1 scale. Scores are posterior means (EAP) with posterior SDs — their uncertainty — computed by adaptive quadrature around each model. ' +
      'The model assumes the items are locally independent given the factors; it does not say why a model answers an item, and the scores are on the scale of this set of models (mean 0, SD 1).',
  };
  return { report, fit, scores };
}

/** Whether the item loads on factor k (general-tier factors by the item's mask; a specific only its own). */
function loadsOn(fit: IrtFit, specific: string | null, factor: string, k: number, slope: number): boolean {
  if (k < fit.nGeneral) return slope !== 0 || fit.nGeneral === 1;
  return specific === factor;
}
