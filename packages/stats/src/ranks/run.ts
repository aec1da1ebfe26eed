// runRanks: the raw leaderboard average against the precision-weighted latent general factor, as one
// call. The IRT calibration and scores come from runIrt (bifactor with one specific per benchmark, or
// 2PL for one benchmark; scores by adaptive quadrature, so a sharp posterior keeps its own mean and SD
// instead of snapping to a grid node). The raw average is the mean over benchmarks of each benchmark's
// proportion correct; it is comparable only between models scored on the same benchmarks, so when some
// models miss benchmarks the comparison (Spearman, retention, movers) is over the complete models only,
// and every model row says how many benchmarks it has.
// The rank draws use one stream: seeded(seed) (util/rng.ts).
import type { Leaderboard } from '../data/leaderboard.js';
import { benchmarksOf } from '../data/leaderboard.js';
import { benchmarkAverage, proportionCorrect } from '../data/indexing.js';
import { runIrt, type IrtRun } from '../irt/index.js';
import { EstimationError } from '../util/errors.js';
import type { RunCallbacks } from '../util/progress.js';
import { seeded } from '../util/rng.js';
import { rankStability, type RankReport, type RankedModel } from './stability.js';

export const RANKS_SCHEMA_VERSION = 1;

export interface RunRanksOptions extends RunCallbacks {
  /** Posterior draws for the rank intervals (default 1000). */
  draws?: number;
  /** Seed of the rank draws (default 1). */
  seed?: number;
  /** Movers listed each way (default 10). */
  movers?: number;
  link?: 'logistic' | 'normal';
  /** A calibration already made on this leaderboard (runIrt with scores), reused instead of refitting. */
  irt?: IrtRun;
}

export interface RanksModelRow {
  model_id: string;
  /** Mean over the benchmarks it has of the proportion correct. */
  raw_average: number | null;
  benchmarks_scored: number;
  complete: boolean;
  /** Per benchmark (report order), proportion correct; null where the model has no responses. */
  benchmark_scores: (number | null)[];
  g_mean: number;
  g_sd: number;
  /** Null for models left out of the comparison (incomplete when some models are complete). */
  raw_rank: number | null;
  latent_rank: number | null;
  expected_rank: number | null;
  rank_lo: number | null;
  rank_hi: number | null;
  shift: number | null;
}

export interface RanksReport {
  schema_version: number;
  method: 'rank-stability';
  n_models: number;
  benchmarks: string[];
  /** Which models the raw and latent rankings are compared over. */
  comparison_basis: 'complete_models' | 'all_models';
  n_compared: number;
  draws: number;
  seed: number;
  spearman: number;
  retention: { set: string; size: number; retained: number; retention: number }[];
  mean_interval_width: number;
  irt: { model: string; link: string; loglik: number; converged: boolean; iterations: number; quadrature_stable: boolean | null; quadrature_message: string; scoring: string };
  /** Distinct values of the posterior mean of g against distinct response patterns (ties beyond patterns = a resolution problem). */
  g_resolution: { distinct_g: number; distinct_patterns: number; g_values_shared_across_patterns: number };
  models: RanksModelRow[];
  movers_up: RanksModelRow[];
  movers_down: RanksModelRow[];
  left_out: { model_id: string; reason: string }[];
  warnings: string[];
  skipped: { part: string; reason: string }[];
  interpretation: string;
}

export interface RanksRun {
  report: RanksReport;
  /** The comparison in the form the rank-shift chart takes. */
  stability: RankReport;
  irt: IrtRun;
}

/** Per model: proportion correct per benchmark (NaN where none answered), the mean over those it has, and the count. */
export function rawAverage(lb: Leaderboard): { benchmarks: string[]; perBenchmark: Float64Array[]; average: Float64Array; scored: Int32Array } {
  const resp = lb.responses;
  if (!resp) throw new EstimationError('ranks', 'item-level responses are needed');
  const pc = proportionCorrect(resp, lb.items.map((it) => it.benchmark), benchmarksOf(lb.items));
  const B = pc.benchmarks.length;
  const N = resp.nModels;
  const perBenchmark = pc.benchmarks.map((_, b) => Float64Array.from({ length: N }, (_, i) => pc.p[i * B + b]!));
  const scored = Int32Array.from({ length: N }, (_, i) => {
    let c = 0;
    for (let b = 0; b < B; b++) if (pc.n[i * B + b]! > 0) c++;
    return c;
  });
  return { benchmarks: pc.benchmarks, perBenchmark, average: benchmarkAverage(pc), scored };
}

/** Number of distinct response patterns, distinct g values, and g values shared by models with different patterns. */
function gResolution(lb: Leaderboard, g: Float64Array): RanksReport['g_resolution'] {
  const resp = lb.responses!;
  const J = resp.nItems;
  const pat = (i: number): string => String.fromCharCode(...resp.values.subarray(i * J, (i + 1) * J));
  const patterns = new Set<string>();
  const byG = new Map<number, Set<string>>();
  for (let i = 0; i < resp.nModels; i++) {
    const p = pat(i);
    patterns.add(p);
    const set = byG.get(g[i]!) ?? new Set<string>();
    set.add(p);
    byG.set(g[i]!, set);
  }
  let shared = 0;
  for (const s of byG.values()) if (s.size > 1) shared++;
  return { distinct_g: byG.size, distinct_patterns: patterns.size, g_values_shared_across_patterns: shared };
}

export function runRanks(lb: Leaderboard, opts: RunRanksOptions = {}): RanksRun {
  if (!lb.responses) throw new EstimationError('ranks', 'item-level responses are needed (the latent factor is an IRT model of them)');
  const skipped: RanksReport['skipped'] = [];
  const irt = opts.irt ?? runIrt(lb, { link: opts.link ?? 'logistic', se: false, m2MaxItems: 0, onProgress: opts.onProgress, onWarning: opts.onWarning });
  if (!irt.scores) throw new EstimationError('ranks', 'the calibration has no scores');
  const g = irt.scores.eap[0]!;
  const gsd = irt.scores.psd[0]!;
  const raw = rawAverage(lb);
  const B = raw.benchmarks.length;
  const N = lb.models.length;
  const complete = Array.from(raw.scored, (c) => c === B);
  const nComplete = complete.filter(Boolean).length;
  const basis: RanksReport['comparison_basis'] = nComplete < N ? 'complete_models' : 'all_models';
  if (basis === 'complete_models' && nComplete < 2) throw new EstimationError('ranks', `only ${nComplete} model(s) are scored on every benchmark: raw averages over different benchmarks are not comparable`);
  const rawForComparison = Float64Array.from(raw.average, (v, i) => (complete[i] ? v : NaN));
  const draws = opts.draws ?? 1000;
  const seed = opts.seed ?? 1;
  opts.onProgress?.({ stage: 'rank draws', message: `${draws} posterior draws of ${nComplete} models` });
  const stab = rankStability({ ids: lb.models.map((m) => m.id), raw: rawForComparison, mean: g, sd: gsd }, { draws, rng: seeded(seed), movers: opts.movers ?? 10 });
  const byId = new Map<string, RankedModel>(stab.models.map((m) => [m.id, m]));
  const rows: RanksModelRow[] = lb.models.map((m, i) => {
    const r = byId.get(m.id);
    return {
      model_id: m.id,
      raw_average: Number.isFinite(raw.average[i]!) ? raw.average[i]! : null,
      benchmarks_scored: raw.scored[i]!,
      complete: complete[i]!,
      benchmark_scores: raw.perBenchmark.map((p) => (Number.isFinite(p[i]!) ? p[i]! : null)),
      g_mean: g[i]!,
      g_sd: gsd[i]!,
      raw_rank: r?.rawRank ?? null,
      latent_rank: r?.latentRank ?? null,
      expected_rank: r?.expectedRank ?? null,
      rank_lo: r?.rankLo ?? null,
      rank_hi: r?.rankHi ?? null,
      shift: r?.shift ?? null,
    };
  });
  const rowOf = new Map(rows.map((r) => [r.model_id, r]));
  const leftOut = lb.models
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => !byId.has(m.id))
    .map(({ m, i }) => ({ model_id: m.id, reason: raw.scored[i] === 0 ? 'no responses' : `scored on ${raw.scored[i]} of ${B} benchmarks (the raw average is not comparable)` }));
  const res = gResolution(lb, g);
  const warnings: string[] = [];
  if (res.g_values_shared_across_patterns > 0) warnings.push(`${res.g_values_shared_across_patterns} value(s) of g are shared by models with different response patterns`);
  const report: RanksReport = {
    schema_version: RANKS_SCHEMA_VERSION,
    method: 'rank-stability',
    n_models: N,
    benchmarks: raw.benchmarks,
    comparison_basis: basis,
    n_compared: stab.nModels,
    draws,
    seed,
    spearman: stab.spearman,
    retention: stab.retention.map((r) => ({ set: r.set, size: r.size, retained: r.retained, retention: r.retention })),
    mean_interval_width: stab.meanIntervalWidth,
    irt: {
      model: irt.report.model,
      link: irt.report.link,
      loglik: irt.report.loglik,
      converged: irt.report.converged,
      iterations: irt.report.iterations,
      quadrature_stable: irt.report.quadrature_check.stable,
      quadrature_message: irt.report.quadrature_check.message,
      scoring: irt.report.scoring?.method ?? 'none',
    },
    g_resolution: res,
    models: rows,
    movers_up: stab.moversUp.map((m) => rowOf.get(m.id)!),
    movers_down: stab.moversDown.map((m) => rowOf.get(m.id)!),
    left_out: leftOut,
    warnings,
    skipped,
    interpretation:
      `The raw ranking orders models by their average proportion correct over ${B} benchmark${B === 1 ? '' : 's'}; the latent ranking by the posterior mean of the general factor g of an IRT model, ` +
      'which weights each item by how sharply it separates models. Rank intervals (95 %) come from posterior draws of g, so they show how far the data pin a model down; ' +
      'they do not include the uncertainty of the item parameters. A large shift means the two summaries disagree about the model, not that either is wrong.' +
      (basis === 'complete_models' ? ` Only the ${stab.nModels} models scored on every benchmark are compared; the others are listed with their benchmark count.` : ''),
  };
  return { report, stability: stab, irt };
}
