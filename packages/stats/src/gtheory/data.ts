// G-theory study, stage 1: the long model × benchmark table the four mixed models read.
// One row per observed (model, benchmark) score, with the model's facets (contributor, architecture,
// deployment) and its size as log10 of the parameter count, centred at its mean over the models in
// the analysis (one value per model, not per row). Models without a positive size or without a facet
// are reported and left out, so that all four models are fitted to the same rows.
import { MissingInputError, type Leaderboard } from '../data/leaderboard.js';
import { proportionCorrect } from '../data/indexing.js';
import { EstimationError } from '../util/errors.js';

/** Where the scores came from, as far as the data know it. */
export interface GtheorySource {
  /** An Open LLM Leaderboard table (from the reader's record, else from the benchmark names), or null. */
  version: 'v1' | 'v2' | null;
  /** v2's raw 0–1 columns or its normalised ones (null when not a leaderboard table). */
  scaling: 'raw' | 'normalised' | null;
  /** Latest submission date among the models analysed (YYYY-MM-DD), when the table has one. */
  snapshot: string | null;
}

const V2_BENCHMARKS = ['IFEval', 'BBH', 'MATH Lvl 5', 'GPQA', 'MUSR', 'MMLU-PRO'];
const V1_BENCHMARKS = ['ARC', 'HellaSwag', 'MMLU', 'TruthfulQA', 'Winogrande', 'GSM8K'];

export interface GtheoryTable {
  model_id: string[];
  benchmark: string[];
  score: Float64Array;
  contributor: string[];
  architecture: string[];
  deployment: string[];
  log10_params: Float64Array;
  log10_params_c: Float64Array;
  /** Mean of log10(parameters) over the models in the analysis (the centring constant). */
  meanLog10Params: number;
  nModels: number;
  benchmarks: string[];
  /** Models left out and why. */
  excluded: { id: string; reason: string }[];
  /** Missing (model, benchmark) cells among the models kept. */
  missingCells: number;
  source: GtheorySource;
}

/** The latest date (YYYY-MM-DD) in a model's submission-date column, over the models kept. */
function latestSubmission(lb: Leaderboard, keep: number[]): string | null {
  let best: string | null = null;
  for (const i of keep) {
    const extra = lb.models[i]!.extra;
    for (const [k, v] of Object.entries(extra)) {
      if (!/^(submission[ _]date|date)$/i.test(k.trim())) continue;
      const m = /^\d{4}-\d{2}-\d{2}/.exec(v.trim());
      if (m && (best === null || m[0] > best)) best = m[0];
    }
  }
  return best;
}

/** Which leaderboard table (if any) the scores came from: the reader's record, else the benchmark names. */
export function gtheorySource(lb: Leaderboard, keep: number[]): GtheorySource {
  const o = lb.origin && lb.origin.role === 'scores' ? lb.origin : null;
  const names = lb.scores?.benchmarks ?? [];
  const same = (ref: string[]): boolean => names.length === ref.length && ref.every((b) => names.includes(b));
  const version = o?.version ?? (same(V2_BENCHMARKS) ? 'v2' : same(V1_BENCHMARKS) ? 'v1' : null);
  return { version, scaling: o ? o.scaling : null, snapshot: version ? latestSubmission(lb, keep) : null };
}

/**
 * The leaderboard with benchmark scores: its own, or each model's proportion correct per benchmark from
 * its item responses (over the items it answered). `from` says which.
 */
export function withBenchmarkScores(lb: Leaderboard): { lb: Leaderboard; from: 'scores' | 'responses' } {
  if (lb.scores || !lb.responses) return { lb, from: 'scores' };
  const pc = proportionCorrect(lb.responses, lb.items.map((it) => it.benchmark));
  return { lb: { ...lb, scores: { benchmarks: pc.benchmarks, values: pc.p, itemCounts: pc.itemsOf.map((x) => x.length) } }, from: 'responses' };
}

export function gtheoryTable(lb: Leaderboard): GtheoryTable {
  const sc = lb.scores;
  if (!sc) throw new MissingInputError('benchmark scores', 'the G-theory study needs a score per model and benchmark (a scores table, a leaderboard table, or item responses scored per benchmark)');
  const nb = sc.benchmarks.length;
  if (nb < 2) throw new EstimationError('gtheory', `the G-theory study needs at least 2 benchmarks, got ${nb}`);
  const excluded: { id: string; reason: string }[] = [];
  const keep: number[] = [];
  lb.models.forEach((m, i) => {
    const miss: string[] = [];
    if (!(m.log10Params !== null && Number.isFinite(m.log10Params) && (m.paramsB === null || m.paramsB > 0))) miss.push('no positive size');
    if (!m.contributor) miss.push('no contributor');
    if (!m.architecture) miss.push('no architecture');
    if (!m.deployment) miss.push('no deployment');
    let any = false;
    for (let b = 0; b < nb; b++) if (Number.isFinite(sc.values[i * nb + b]!)) any = true;
    if (!any) miss.push('no score');
    if (miss.length) excluded.push({ id: m.id, reason: miss.join(', ') });
    else keep.push(i);
  });
  if (keep.length < 3) throw new EstimationError('gtheory', `only ${keep.length} models have a positive size, all facets and a score`);
  let mean = 0;
  for (const i of keep) mean += lb.models[i]!.log10Params!;
  mean /= keep.length;
  const t: GtheoryTable = {
    model_id: [],
    benchmark: [],
    score: new Float64Array(0),
    contributor: [],
    architecture: [],
    deployment: [],
    log10_params: new Float64Array(0),
    log10_params_c: new Float64Array(0),
    meanLog10Params: mean,
    nModels: keep.length,
    benchmarks: sc.benchmarks.slice(),
    excluded,
    missingCells: 0,
    source: gtheorySource(lb, keep),
  };
  const score: number[] = [];
  const lp: number[] = [];
  for (const i of keep) {
    const m = lb.models[i]!;
    for (let b = 0; b < nb; b++) {
      const v = sc.values[i * nb + b]!;
      if (!Number.isFinite(v)) {
        t.missingCells++;
        continue;
      }
      t.model_id.push(m.id);
      t.benchmark.push(sc.benchmarks[b]!);
      score.push(v);
      t.contributor.push(m.contributor!);
      t.architecture.push(m.architecture!);
      t.deployment.push(m.deployment!);
      lp.push(m.log10Params!);
    }
  }
  t.score = Float64Array.from(score);
  t.log10_params = Float64Array.from(lp);
  t.log10_params_c = Float64Array.from(lp, (x) => x - mean);
  return t;
}
