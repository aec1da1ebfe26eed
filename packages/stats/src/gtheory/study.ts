// G-theory study of a leaderboard (AI Cartography, Hardy et al., arXiv 2605.25272, layer 2): where
// the variance of benchmark scores comes from. Four crossed random-effects models fitted by REML
// with the lmm engine (lme4/lmerTest parity):
//   pxb              score ~ 1 + (1|benchmark) + (1|model_id)
//   facets           score ~ 1 + (1|benchmark) + (1|architecture) + (1|contributor) + (1|deployment) + (1|model_id)
//   covariate        facets + log10_params_c (log10 parameters centred at the mean over models)
//   covariate_slopes covariate with (1 + log10_params_c || benchmark) in place of (1|benchmark)
// then G and Φ coefficients (coefficients.ts), a D-study, granularity checks (recode.ts) and,
// on request, a Bayesian check of `facets` (bayes.ts).
import type { Leaderboard } from '../data/leaderboard.js';
import { fitLmm, type LmmFit, type LmmFixef } from '../lmm/fit.js';
import type { LmmData } from '../lmm/frame.js';
import { dStudy, defaultDStudySizes, gCoefficients, type DStudyRow, type GCoefficients } from './coefficients.js';
import { gtheoryTable, type GtheoryTable } from './data.js';
import { applyRecode, type RecodeSpec } from './recode.js';

export type GModelName = 'pxb' | 'facets' | 'covariate' | 'covariate_slopes';

export const GTHEORY_FORMULAS: Record<GModelName, string> = {
  pxb: 'score ~ 1 + (1|benchmark) + (1|model_id)',
  facets: 'score ~ 1 + (1|benchmark) + (1|architecture) + (1|contributor) + (1|deployment) + (1|model_id)',
  covariate: 'score ~ 1 + log10_params_c + (1|benchmark) + (1|architecture) + (1|contributor) + (1|deployment) + (1|model_id)',
  covariate_slopes:
    'score ~ 1 + log10_params_c + (1 + log10_params_c || benchmark) + (1|architecture) + (1|contributor) + (1|deployment) + (1|model_id)',
};

/** Published decomposition of the Open LLM Leaderboard v2 (AI Cartography, % of total variance). */
export const PAPER_SHARES = {
  facets: { benchmark: 43.0, contributor: 8.6, architecture: 4.17, deployment: 1.91 },
  covariate: { benchmark: 46.13, contributor: 7.82, architecture: 6.34, deployment: 1.1 },
} as const;

export interface GComponent {
  /** benchmark, architecture, contributor, deployment, model_id, Residual, or "benchmark:log10_params_c" (slope). */
  name: string;
  variance: number;
  sd: number;
  /** % of the total of the intercept components and the residual (null for a slope variance). */
  percent: number | null;
}

export interface GModelResult {
  name: GModelName;
  formula: string;
  components: GComponent[];
  fixef: LmmFixef[];
  remlCriterion: number;
  logLik: number;
  AIC: number;
  BIC: number;
  singular: boolean;
  converged: boolean;
  messages: string[];
  G: GCoefficients | null;
  dStudy: DStudyRow[] | null;
  /** Why there is no G coefficient, when there is none. */
  gNote: string | null;
}

export interface GranularityCheck {
  recode: string;
  facet: string;
  levelsBefore: number;
  levelsAfter: number;
  components: GComponent[];
  /** Facets ordered by share, largest first, under the original and the alternative coding. */
  orderOriginal: string[];
  orderRecoded: string[];
  orderingHolds: boolean;
  remlCriterion: number;
  singular: boolean;
}

export interface GtheoryReport {
  data: {
    nModels: number;
    nRows: number;
    benchmarks: string[];
    levels: Record<string, number>;
    meanLog10Params: number;
    excludedCount: number;
    excluded: { id: string; reason: string }[];
    missingCells: number;
  };
  models: GModelResult[];
  granularity: GranularityCheck[];
  paper: typeof PAPER_SHARES;
  notes: string[];
}

export interface GtheoryOptions {
  recodes?: RecodeSpec[];
  dStudySizes?: number[];
  models?: GModelName[];
  onProgress?: (message: string) => void;
}

export function tableData(t: GtheoryTable): LmmData {
  return {
    score: t.score,
    model_id: t.model_id,
    benchmark: t.benchmark,
    contributor: t.contributor,
    architecture: t.architecture,
    deployment: t.deployment,
    log10_params_c: t.log10_params_c,
  };
}

const MODEL_LEVEL = ['model_id', 'contributor', 'architecture', 'deployment'];

export function componentsOf(fit: LmmFit): GComponent[] {
  return fit.varcomp.map((c) => ({
    name: c.group === 'Residual' ? 'Residual' : c.term === '(Intercept)' ? c.group : `${c.group}:${c.term}`,
    variance: c.variance,
    sd: c.sd,
    percent: c.percent,
  }));
}

/** The study's formula for a model, without the terms of facets that have a single level in the data. */
export function gtheoryFormula(name: GModelName, dropFacets: string[] = []): string {
  let f = GTHEORY_FORMULAS[name];
  for (const d of dropFacets) f = f.replace(` + (1|${d})`, '');
  return f;
}

export function modelResult(name: GModelName, fit: LmmFit, nb: number, sizes: number[], formula = GTHEORY_FORMULAS[name]): GModelResult {
  const components = componentsOf(fit);
  const byName: Record<string, number> = {};
  for (const c of components) byName[c.name] = c.variance;
  let G: GCoefficients | null = null;
  let gNote: string | null = null;
  if (name === 'covariate_slopes') {
    gNote =
      'no G coefficient: with a random size slope per benchmark the benchmark-related error of a model depends on its size, and this report does not fold the slope variance into a single error term';
  } else {
    const levels = MODEL_LEVEL.filter((k) => k in byName);
    const note =
      name === 'covariate'
        ? 'σ²p is conditional on size: the variance of models of equal log10 parameters (size effects are in the fixed part)'
        : name === 'facets'
          ? 'σ²p = model_id + contributor + architecture + deployment (all constant across benchmarks)'
          : 'σ²p = model_id';
    G = gCoefficients(byName, levels, nb, note);
  }
  return {
    name,
    formula,
    components,
    fixef: fit.fixef,
    remlCriterion: fit.criterion,
    logLik: fit.logLik,
    AIC: fit.AIC,
    BIC: fit.BIC,
    singular: fit.singular,
    converged: fit.converged,
    messages: fit.messages,
    G,
    dStudy: G ? dStudy(G, sizes) : null,
    gNote,
  };
}

const FACET_ORDER = ['benchmark', 'contributor', 'architecture', 'deployment', 'model_id'];
function shareOrder(cs: GComponent[]): string[] {
  return cs
    .filter((c) => FACET_ORDER.includes(c.name))
    .sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0))
    .map((c) => c.name);
}

export function runGtheory(input: Leaderboard | GtheoryTable, opts: GtheoryOptions = {}): GtheoryReport {
  const progress = opts.onProgress ?? (() => {});
  const t = 'score' in input ? input : gtheoryTable(input);
  const nb = t.benchmarks.length;
  const sizes = opts.dStudySizes ?? defaultDStudySizes(nb);
  const data = tableData(t);
  const names = opts.models ?? (['pxb', 'facets', 'covariate', 'covariate_slopes'] as GModelName[]);
  const models: GModelResult[] = [];
  const fits: Partial<Record<GModelName, LmmFit>> = {};
  // a facet with a single level is confounded with the intercept: its term is left out (and said so)
  const single = (['contributor', 'architecture', 'deployment'] as const).filter((f) => new Set(t[f]).size < 2);
  // warm starts: each model starts from the θ of the previous one where the names agree
  let startByName: Record<string, number> | undefined;
  for (const name of names) {
    const formula = gtheoryFormula(name, single);
    progress(`fitting ${name}: ${formula}`);
    const fit = fitLmm(data, formula, { reml: true, condVar: false, source: 'gtheory table', startByName });
    startByName = { ...startByName, ...Object.fromEntries(fit.thetaNames.map((nm, i) => [nm, fit.theta[i]!])) };
    fits[name] = fit;
    models.push(modelResult(name, fit, nb, sizes, formula));
  }
  const granularity: GranularityCheck[] = [];
  const base = models.find((m) => m.name === 'facets');
  for (const spec of opts.recodes ?? []) {
    progress(`granularity check ${spec.text}: refitting facets`);
    const r = applyRecode(t, spec);
    // a facet collapsed to one level is confounded with the intercept (flat REML surface): drop its term
    const formula = gtheoryFormula('facets', r.levelsAfter > 1 ? single : [...single, spec.facet]);
    const fit = fitLmm(tableData(r.table), formula, { reml: true, condVar: false, satterthwaite: false, source: 'gtheory table', startByName });
    const comps = componentsOf(fit);
    if (r.levelsAfter === 1) comps.splice(comps.length - 1, 0, { name: spec.facet, variance: 0, sd: 0, percent: 0 });
    const orderOriginal = base ? shareOrder(base.components) : [];
    const orderRecoded = shareOrder(comps);
    granularity.push({
      recode: spec.text,
      facet: spec.facet,
      levelsBefore: r.levelsBefore,
      levelsAfter: r.levelsAfter,
      components: comps,
      orderOriginal,
      orderRecoded,
      orderingHolds: orderOriginal.join('>') === orderRecoded.join('>'),
      remlCriterion: fit.criterion,
      singular: fit.singular,
    });
  }
  const lv = (xs: string[]): number => new Set(xs).size;
  const notes: string[] = [
    ...single.map((f) => `${f} has a single level in these data: its term is left out of every model (its variance is not identified).`),
    'Shares (% of total) are over the intercept variance components and the residual; a slope variance is reported on its own line without a share.',
    'The residual is the model × benchmark interaction confounded with error (one score per cell).',
  ];
  return {
    data: {
      nModels: t.nModels,
      nRows: t.score.length,
      benchmarks: t.benchmarks,
      levels: { benchmark: lv(t.benchmark), contributor: lv(t.contributor), architecture: lv(t.architecture), deployment: lv(t.deployment), model_id: t.nModels },
      meanLog10Params: t.meanLog10Params,
      excludedCount: t.excluded.length,
      excluded: t.excluded,
      missingCells: t.missingCells,
    },
    models,
    granularity,
    paper: PAPER_SHARES,
    notes,
  };
}
