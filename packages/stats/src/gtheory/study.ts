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
import type { InputFile } from '../io/index.js';
import { fitLmm, type LmmData, type LmmFit } from '../lmm/index.js';
import type { RunCallbacks } from '../util/progress.js';
import { gibbsCheck, type BayesCheck, type BayesOptions } from './bayes.js';
import { dStudy, defaultDStudySizes, gCoefficients, type GCoefficients } from './coefficients.js';
import { gtheoryTable, withBenchmarkScores, type GtheorySource, type GtheoryTable } from './data.js';
import { paperComparison, type PaperComparison } from './paper.js';
import { applyRecode, resolveRecode, type RecodeSpec } from './recode.js';
import type { GComponent, GModelName, GModelResult } from './types.js';

export type { GComponent, GModelName, GModelResult } from './types.js';


export const GTHEORY_FORMULAS: Record<GModelName, string> = {
  pxb: 'score ~ 1 + (1|benchmark) + (1|model_id)',
  facets: 'score ~ 1 + (1|benchmark) + (1|architecture) + (1|contributor) + (1|deployment) + (1|model_id)',
  covariate: 'score ~ 1 + log10_params_c + (1|benchmark) + (1|architecture) + (1|contributor) + (1|deployment) + (1|model_id)',
  covariate_slopes:
    'score ~ 1 + log10_params_c + (1 + log10_params_c || benchmark) + (1|architecture) + (1|contributor) + (1|deployment) + (1|model_id)',
};


export interface GranularityCheck {
  recode: string;
  facet: string;
  levels_before: number;
  levels_after: number;
  components: GComponent[];
  /** Facets ordered by share, largest first, under the original and the alternative coding. */
  order_original: string[];
  order_recoded: string[];
  ordering_holds: boolean;
  reml_criterion: number;
  singular: boolean;
}

export interface GtheoryReport {
  schema_version: 1;
  data: {
    n_models: number;
    n_rows: number;
    benchmarks: string[];
    levels: Record<string, number>;
    mean_log10_params: number;
    excluded_count: number;
    excluded: { id: string; reason: string }[];
    missing_cells: number;
    /** The input's benchmark scores, or proportions correct computed from its item responses. */
    scores_from: 'scores' | 'responses';
    source: GtheorySource;
  };
  models: GModelResult[];
  granularity: GranularityCheck[];
  /** The AI Cartography paper's v2 shares next to ours (v2 data only; null otherwise, see skipped). */
  paper_comparison: PaperComparison | null;
  /** The Gibbs check of `facets`, when asked for. */
  bayes: BayesCheck | null;
  /** Parts not computed, and why. */
  skipped: { part: string; reason: string }[];
  notes: string[];
  /** What the report shows and what it does not. */
  interpretation: string;
}

export interface GtheoryOptions extends RunCallbacks {
  /** Granularity checks: refit `facets` with these alternative codings (rule texts such as
   *  'contributor=top:20', or parsed rules); checked before any fit. */
  recodes?: (RecodeSpec | string)[];
  /** Reads the file of a `map:FILE` rule (the front end's file access; the library reads no files). */
  readFile?: (path: string) => InputFile;
  /** Numbers of benchmarks of the D-study (default 1–6, 8, 10, 12, 15, 20, 30, 50 and the data's). */
  dStudySizes?: number[];
  models?: GModelName[];
  /** Run the Bayesian check of `facets` (Gibbs) with these settings; none when absent. */
  bayes?: BayesOptions | null;
  /**
   * Open LLM Leaderboard v2 only: the same table read with the other score columns (normalised when these
   * are raw, and vice versa), so the paper comparison shows both scalings.
   */
  otherScaling?: Leaderboard | null;
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
    reml_criterion: fit.criterion,
    log_lik: fit.logLik,
    aic: fit.AIC,
    bic: fit.BIC,
    singular: fit.singular,
    converged: fit.converged,
    messages: fit.messages,
    g: G,
    d_study: G ? dStudy(G, sizes) : null,
    g_note: gNote,
  };
}

const FACET_ORDER = ['benchmark', 'contributor', 'architecture', 'deployment', 'model_id'];
function shareOrder(cs: GComponent[]): string[] {
  return cs
    .filter((c) => FACET_ORDER.includes(c.name))
    .sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0))
    .map((c) => c.name);
}

/**
 * The G-theory study of a leaderboard's benchmark scores (see the file header): the four REML models, G
 * and Φ with a D-study, the granularity checks, and on request the Bayesian check of `facets`; for Open
 * LLM Leaderboard v2 data, the AI Cartography paper's published shares next to ours.
 */
export function runGtheory(input: Leaderboard | GtheoryTable, opts: GtheoryOptions = {}): GtheoryReport {
  const progress = (stage: string, message?: string): void => opts.onProgress?.(message ? { stage, message } : { stage });
  const recodes = (opts.recodes ?? []).map((r) => resolveRecode(r, opts.readFile));
  let scoresFrom: 'scores' | 'responses' = 'scores';
  let t: GtheoryTable;
  if ('score' in input) t = input;
  else {
    const w = withBenchmarkScores(input);
    scoresFrom = w.from;
    t = gtheoryTable(w.lb);
  }
  const nb = t.benchmarks.length;
  const sizes = opts.dStudySizes ?? defaultDStudySizes(nb);
  const data = tableData(t);
  const names = opts.models ?? (['pxb', 'facets', 'covariate', 'covariate_slopes'] as GModelName[]);
  const models: GModelResult[] = [];
  const skipped: { part: string; reason: string }[] = [];
  // a facet with a single level is confounded with the intercept: its term is left out (and said so)
  const single = (['contributor', 'architecture', 'deployment'] as const).filter((f) => new Set(t[f]).size < 2);
  // warm starts: each model starts from the θ of the previous one where the names agree
  let startByName: Record<string, number> | undefined;
  let facetsFit: LmmFit | null = null;
  for (const name of names) {
    const formula = gtheoryFormula(name, single);
    progress(`fitting ${name}`, formula);
    const fit = fitLmm(data, formula, { reml: true, condVar: false, source: 'gtheory table', startByName, onIteration: (it) => progress(`fitting ${name}`, `iteration ${it.iteration}: REML criterion ${it.fval.toFixed(4)}`) });
    startByName = { ...startByName, ...Object.fromEntries(fit.thetaNames.map((nm, i) => [nm, fit.theta[i]!])) };
    if (name === 'facets') facetsFit = fit;
    models.push(modelResult(name, fit, nb, sizes, formula));
  }
  const granularity: GranularityCheck[] = [];
  const base = models.find((m) => m.name === 'facets');
  for (const spec of recodes) {
    progress(`granularity check ${spec.text}`, 'refitting facets');
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
      levels_before: r.levelsBefore,
      levels_after: r.levelsAfter,
      components: comps,
      order_original: orderOriginal,
      order_recoded: orderRecoded,
      ordering_holds: orderOriginal.join('>') === orderRecoded.join('>'),
      reml_criterion: fit.criterion,
      singular: fit.singular,
    });
  }
  // the Bayesian check of facets
  let bayes: BayesCheck | null = null;
  if (opts.bayes) {
    const formula = gtheoryFormula('facets', single);
    if (single.length) skipped.push({ part: 'bayes', reason: `the Bayesian check needs every facet with ≥ 2 levels (${single.join(', ')} has one)` });
    else {
      progress('Bayesian check (Gibbs)', `${opts.bayes.chains ?? 4} chains`);
      const reml = facetsFit ?? fitLmm(data, formula, { condVar: false, satterthwaite: false, source: 'gtheory table' });
      bayes = gibbsCheck(data, formula, reml, { ...opts.bayes, onProgress: opts.onProgress });
    }
  }
  // the paper's v2 figures: only next to v2 data
  const paper = paperComparison(t, models, opts.otherScaling ?? null, (other) => {
    progress('paper comparison', `refitting facets and covariate on the ${other.source.scaling} scores`);
    const od = tableData(other);
    const sh: Partial<Record<'facets' | 'covariate', GComponent[]>> = {};
    for (const name of ['facets', 'covariate'] as const) {
      const fit = fitLmm(od, gtheoryFormula(name, single), { reml: true, condVar: false, satterthwaite: false, source: 'gtheory table', startByName });
      sh[name] = componentsOf(fit);
    }
    return sh;
  });
  if (paper.skipped) skipped.push(paper.skipped);
  const lv = (xs: string[]): number => new Set(xs).size;
  const notes: string[] = [
    ...single.map((f) => `${f} has a single level in these data: its term is left out of every model (its variance is not identified).`),
    'Shares (% of total) are over the intercept variance components and the residual; a slope variance is reported on its own line without a share.',
    'The residual is the model × benchmark interaction confounded with error (one score per cell).',
  ];
  return {
    schema_version: 1,
    data: {
      n_models: t.nModels,
      n_rows: t.score.length,
      benchmarks: t.benchmarks,
      levels: { benchmark: lv(t.benchmark), contributor: lv(t.contributor), architecture: lv(t.architecture), deployment: lv(t.deployment), model_id: t.nModels },
      mean_log10_params: t.meanLog10Params,
      excluded_count: t.excluded.length,
      excluded: t.excluded,
      missing_cells: t.missingCells,
      scores_from: scoresFrom,
      source: t.source,
    },
    models,
    granularity,
    paper_comparison: paper.comparison,
    bayes,
    skipped,
    notes,
    interpretation:
      `The shares say how much of the spread of benchmark scores goes with the benchmark, with who made a model (contributor), its architecture, its deployment type and the model itself, the rest being model × benchmark interaction and noise. They describe this population of submissions, not causes: a facet that goes with better scores need not make them better. Eρ² and Φ say how dependably this many benchmarks rank (Eρ²) or place (Φ) a model; the D-study shows how that would change with more or fewer benchmarks of the same kind. With few levels (here ${nb} benchmarks, ${lv(t.deployment)} deployment types) a variance is estimated from few numbers: the Bayesian check shows how wide its uncertainty is.`,
  };
}
