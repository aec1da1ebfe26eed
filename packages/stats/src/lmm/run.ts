// runLmm: any linear mixed model of the lme4 subset on a table of named columns, as one serialisable
// report (snake_case, schema packages/stats/schemas/lmm.schema.json). The table comes parsed (the io
// readers' CSV parser; this floor does not read files): string columns whose every non-missing cell is a
// number become numeric, the others factors; missing cells (per the reader's `isMissing`) drop their rows.
import { isMissingToken } from '../util/csv.js';
import { EstimationError } from '../util/errors.js';
import type { RunCallbacks } from '../util/progress.js';
import { fitLmm, type LmmFit, type LmmOptions } from './fit.js';
import type { LmmData } from './frame.js';

/** A parsed table: header and rows of strings (the shape of io's CsvTable). */
export interface LmmTable {
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

/** Columns of a table as numbers (every non-missing cell numeric) or strings; missing cells → NaN / null. */
export function lmmDataFromTable(t: LmmTable, isMissing: (cell: string) => boolean): LmmData {
  const data: LmmData = {};
  t.header.forEach((name, c) => {
    const cells = t.rows.map((r) => r[c] ?? '');
    const numeric = cells.every((s) => isMissing(s) || Number.isFinite(Number(s.trim())));
    data[name] = numeric ? Float64Array.from(cells, (s) => (isMissing(s) ? NaN : Number(s.trim()))) : cells.map((s) => (isMissing(s) ? null : s));
  });
  return data;
}

export interface LmmReport {
  schema_version: 1;
  formula: string;
  method: 'REML' | 'ML';
  n_obs: number;
  /** Rows dropped for a missing value in a variable of the formula. */
  n_dropped: number;
  n_groups: Record<string, number>;
  fixef: { name: string; estimate: number; se: number; df: number | null; t: number; p: number | null }[];
  /** Cov(β̂), row-major p × p. */
  vcov: number[][];
  varcomp: { group: string; term: string; label: string; variance: number; sd: number; se: number | null; percent: number | null; corr: Record<string, number> | null }[];
  sigma: number;
  theta: number[];
  theta_names: string[];
  /** REML criterion (REML fits) or deviance −2 log L (ML fits). */
  criterion: number;
  reml_criterion: number | null;
  log_lik: number;
  n_par: number;
  aic: number;
  bic: number;
  ranef: { group: string; label: string; columns: string[]; levels: string[]; values: number[]; cond_var: number[] | null }[];
  singular: boolean;
  converged: boolean;
  messages: string[];
  optimizer: { evaluations: number; iterations: number };
  /** Asymptotic covariance of (θ, σ) behind the Satterthwaite df (null when not computed). */
  vcov_varpar: number[][] | null;
  interpretation: string;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The fit as the report's snake_case record. */
export function lmmReport(fit: LmmFit): LmmReport {
  return {
    schema_version: 1,
    formula: fit.formula,
    method: fit.reml ? 'REML' : 'ML',
    n_obs: fit.nobs,
    n_dropped: fit.dropped,
    n_groups: fit.ngroups,
    fixef: fit.fixef.map((f) => ({ name: f.name, estimate: f.estimate, se: f.se, df: finiteOrNull(f.df), t: f.t, p: finiteOrNull(f.p) })),
    vcov: fit.vcov,
    varcomp: fit.varcomp.map((c) => ({ group: c.group, term: c.term, label: c.label, variance: c.variance, sd: c.sd, se: c.se, percent: c.percent, corr: c.corr ?? null })),
    sigma: fit.sigma,
    theta: fit.theta,
    theta_names: fit.thetaNames,
    criterion: fit.criterion,
    reml_criterion: fit.remlCriterion,
    log_lik: fit.logLik,
    n_par: fit.npar,
    aic: fit.AIC,
    bic: fit.BIC,
    ranef: fit.ranef.map((r) => ({ group: r.group, label: r.label, columns: r.columns, levels: r.levels, values: r.values, cond_var: r.condVar })),
    singular: fit.singular,
    converged: fit.converged,
    messages: fit.messages,
    optimizer: fit.optimizer,
    vcov_varpar: fit.vcovVarpar,
    interpretation:
      'Fixed effects are average associations in these data, with Satterthwaite t tests (lmerTest); variance components say how much scores vary between the levels of each grouping factor and around them. A singular fit means some variance is estimated at zero: that factor explains nothing beyond the others here, which is not proof that it has no effect. With few levels of a factor its variance is estimated from few numbers and is uncertain (see its SE).',
  };
}

export interface LmmRunOptions extends Omit<LmmOptions, 'source'>, RunCallbacks {
  /** Name of the data in messages (a file name). */
  source?: string;
  /** For a parsed table: which cells are missing (default: the readers' rule, isMissingToken: empty, NA, NaN, null, None). */
  isMissing?: (cell: string) => boolean;
}

const criterionName = (reml: boolean | undefined): string => (reml === false ? 'deviance' : 'REML criterion');

/** Fit `formula` to the data (a parsed table of named columns, or columns already typed) and report it. */
export function runLmm(input: LmmData | LmmTable, formula: string, options: LmmRunOptions = {}): LmmReport {
  if (!formula.includes('~')) throw new EstimationError('lmm', `'${formula}' is not a model formula (response ~ terms)`);
  const isTable = Array.isArray((input as LmmTable).header) && Array.isArray((input as LmmTable).rows);
  const data = isTable ? lmmDataFromTable(input as LmmTable, options.isMissing ?? isMissingToken) : (input as LmmData);
  const progress = options.onProgress;
  progress?.({ stage: 'fitting the mixed model', message: formula });
  const { isMissing: _m, onProgress: _p, onWarning: _w, ...fitOptions } = options;
  const fit = fitLmm(data, formula, {
    ...fitOptions,
    source: options.source ?? 'data',
    onIteration: (it) => {
      options.onIteration?.(it);
      progress?.({ stage: 'fitting the mixed model', message: `iteration ${it.iteration}: ${criterionName(options.reml)} ${it.fval.toFixed(4)}` });
    },
  });
  return lmmReport(fit);
}
