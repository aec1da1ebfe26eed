// `describe`: the first screen of answers about a leaderboard — per benchmark its mean, SD, item count
// and spread across models; per model × benchmark the score with a Wilson interval where the item count
// is known; the minimum meaningful difference (MMD) per benchmark; where model choice matters most;
// saturated benchmarks; generalist and specialist models; orders for the heatmap.
// Formulas and their R equivalents: intervals.ts. Golden values: test/fixtures/describe/run.R.
//
// Definitions (also in the README, "describe"):
// - spread of a benchmark = the SD of the model scores on it (sample SD, n − 1); "model choice matters
//   most" = benchmarks ranked by that SD, widest first. Range and the 10–90 % quantile span are reported too.
// - MMD (independent) at the benchmark's mean accuracy p̄ and its item count K: z·√(2p̄(1−p̄)/K).
// - MMD (paired), item-level data only: models ordered by score on the benchmark; for each pair of
//   neighbours (the models a reader would actually compare) the share δ of their commonly answered items
//   on which exactly one is right; δ̄ = mean over neighbour pairs; MMD = z·√(δ̄/K). The discordance of a
//   random pair of models (from per-item counts: Σⱼ 2·n₁ⱼ·n₀ⱼ/(Mⱼ(Mⱼ−1)) / K) is reported alongside.
// - saturated benchmark: the median model scores ≥ `saturation` (default 0.9).
// - profile of a model (needs scores on ≥ 2 benchmarks with SD > 0): zᵦ = (scoreᵦ − meanᵦ)/SDᵦ;
//   level = mean of its zᵦ; specialisation = its best zᵦ minus the median of its other zᵦ.
//   specialist: specialisation ≥ 1 (its best benchmark stands one between-model SD above its typical one);
//   generalist: level > 0 and every zᵦ within 0.5 of its level (above average, evenly);
//   otherwise "mixed".
// - partial coverage (models missing whole benchmarks, as when per-benchmark files are outer-joined): a
//   model's level averages only the benchmarks it has, so levels of models with different benchmarks are
//   not comparable. The rankings (generalists, specialists, the top models, the level order) therefore
//   rank the complete models (scored on every benchmark) whenever there are at least two; the others follow
//   in the level order, each model carries `complete` and `benchmarks_scored`, and each benchmark gives its
//   mean over the complete models next to its mean over every model scored on it.
// - item counts: for item-level data, the items a model answered; for a table, the count given by the
//   scores file or the user, or built in for a known leaderboard (an effective count for benchmarks
//   averaged over subtasks: see io/known-counts.ts), with its source in the report.
import { coverageOf, MISSING, type Coverage, type Leaderboard } from '../data/leaderboard.js';
import type { RunCallbacks } from '../util/progress.js';
import { mmdIndependent, mmdPaired, wilsonInterval, zCritical } from './intervals.js';
import { scoreGridFromResponses, scoreGridFromScores, type ScoreGrid } from './cells.js';

/** Version of the describe.json layout (packages/stats/schemas/describe.schema.json). */
export const DESCRIBE_SCHEMA_VERSION = 2;

export interface DescribeOptions extends RunCallbacks {
  /** Two-sided level of intervals and tests (default 0.05 → 95 % intervals). */
  alpha?: number;
  /** Median score at or above which a benchmark counts as saturated (default 0.9). */
  saturation?: number;
  /** How many generalists / specialists / top models to list (default 10). */
  top?: number;
  /** Use the scores table even when item responses are present. */
  preferScores?: boolean;
}

export interface BenchmarkSummary {
  benchmark: string;
  /** Items behind the intervals and MMDs (null when unknown): the benchmark's items for item-level data;
   *  for a table the count given or built in (an effective count for a benchmark averaged over subtasks). */
  n_items: number | null;
  /** For a built-in effective count: the items the score counts (else null). */
  n_items_counted: number | null;
  /** Where n_items comes from. */
  item_count_source: 'responses' | 'file' | 'user' | 'builtin' | null;
  /** For built-in counts: the source and, when the binomial SE is an approximation, why. */
  item_count_note: string | null;
  /** Models with a score on it. */
  n_models: number;
  mean: number;
  /** Mean over the complete models only (comparable across benchmarks; null when none or all are complete). */
  mean_complete_models: number | null;
  sd: number;
  min: number;
  max: number;
  median: number;
  q10: number;
  q90: number;
  /** max − min. */
  range: number;
  /** Share of models scoring ≥ the saturation threshold. */
  share_at_ceiling: number;
  saturated: boolean;
  mmd: {
    /** Two independent models at the mean accuracy on n_items each (null when n_items unknown). */
    independent: number | null;
    /** Two models on the same items, from the neighbours' discordance (item-level data only). */
    paired: number | null;
    /** δ̄: mean discordance of score-neighbour pairs. */
    neighbour_discordance: number | null;
    neighbour_pairs: number;
    /** Discordance of a random pair of models. */
    random_pair_discordance: number | null;
  };
}

export type ProfileKind = 'generalist' | 'specialist' | 'mixed';

export interface ModelProfile {
  /** Mean of the model's benchmark z-scores (null with fewer than 2 usable benchmarks). */
  level: number | null;
  specialisation: number | null;
  best: string | null;
  kind: ProfileKind | null;
}

export interface DescribeReport {
  schema_version: number;
  method: 'describe';
  source: 'responses' | 'scores';
  alpha: number;
  z: number;
  saturation: number;
  n_models: number;
  n_items: number;
  /** Coverage of the data as read (models complete, missing 1, 2, … benchmarks). */
  coverage: Coverage;
  /** Which models the rankings rank: the complete ones (when ≥ 2 exist and some are not), or all. */
  ranked: 'complete_models' | 'all_models';
  /** The Open LLM Leaderboard table behind the data, when one was read. */
  origin: { version: 'v1' | 'v2'; role: 'scores' | 'metadata'; scaling: 'raw' | 'normalised' } | null;
  benchmarks: BenchmarkSummary[];
  /** Per model: id, name, benchmarks with a score, and whether that is all of them. */
  models: { id: string; name: string; benchmarks_scored: number; complete: boolean }[];
  /** Row-major n_models × benchmarks: score (null = missing), items behind it, Wilson bounds (null = unknown n). */
  cells: { score: (number | null)[]; n: (number | null)[]; lo: (number | null)[]; hi: (number | null)[] };
  profiles: ModelProfile[];
  /** Benchmark names, widest spread (SD) first. */
  choice_matters: string[];
  saturated: string[];
  generalists: { id: string; level: number; complete: boolean }[];
  specialists: { id: string; best: string; specialisation: number; complete: boolean }[];
  /** Orders for sorting a heatmap: model indices and benchmark indices. The level order puts the ranked
   *  (complete) models first. */
  orders: {
    models: { level: number[]; id: number[]; params: number[] | null; /** one order per benchmark, in the order of `benchmarks` */ by_benchmark: number[][] };
    benchmarks: { given: number[]; mean: number[]; spread: number[] };
  };
  /** Parts that could not be computed, with the reason. */
  skipped: { part: string; reason: string }[];
  /** describe's own findings (the loader's warnings are the leaderboard's). */
  warnings: string[];
}

/** R's default (type 7) quantile of sorted values. */
function quantileSorted(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function mean(x: readonly number[]): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}
function sampleSd(x: readonly number[]): number {
  if (x.length < 2) return NaN;
  const m = mean(x);
  let s = 0;
  for (const v of x) s += (v - m) * (v - m);
  return Math.sqrt(s / (x.length - 1));
}

/** Order of indices by a key, descending, NaN last, ties by index. */
function orderDesc(n: number, key: (i: number) => number): number[] {
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const na = Number.isNaN(ka);
    const nb = Number.isNaN(kb);
    if (na !== nb) return na ? 1 : -1;
    if (!na && ka !== kb) return kb - ka;
    return a - b;
  });
}

/** Discordance of score-neighbour pairs and of a random pair on one benchmark (item-level data). */
export function benchmarkDiscordance(lb: Leaderboard, grid: ScoreGrid, b: number): { neighbour: number | null; pairs: number; random: number | null } {
  const r = lb.responses!;
  const items = grid.itemsOf![b]!;
  const B = grid.benchmarks.length;
  const scored: number[] = [];
  for (let m = 0; m < grid.nModels; m++) if (!Number.isNaN(grid.score[m * B + b]!)) scored.push(m);
  // ascending score, ties by model index (the golden R script orders the same way)
  scored.sort((x, y) => grid.score[x * B + b]! - grid.score[y * B + b]! || x - y);
  let sum = 0;
  let pairs = 0;
  for (let k = 0; k + 1 < scored.length; k++) {
    const a = scored[k]! * r.nItems;
    const c = scored[k + 1]! * r.nItems;
    let common = 0;
    let diff = 0;
    for (const j of items) {
      const u = r.values[a + j]!;
      const v = r.values[c + j]!;
      if (u === MISSING || v === MISSING) continue;
      common++;
      if (u !== v) diff++;
    }
    if (common > 0) {
      sum += diff / common;
      pairs++;
    }
  }
  // random pair: per item, the share of model pairs that disagree = n1·n0 / C(M, 2)
  let rs = 0;
  let ri = 0;
  for (const j of items) {
    let n1 = 0;
    let n0 = 0;
    for (let m = 0; m < r.nModels; m++) {
      const v = r.values[m * r.nItems + j]!;
      if (v === 1) n1++;
      else if (v === 0) n0++;
    }
    const M = n1 + n0;
    if (M < 2) continue;
    rs += (2 * n1 * n0) / (M * (M - 1));
    ri++;
  }
  return { neighbour: pairs > 0 ? sum / pairs : null, pairs, random: ri > 0 ? rs / ri : null };
}

/** The first screen of answers about a leaderboard (see the header for every definition). */
export function runDescribe(lb: Leaderboard, opts: DescribeOptions = {}): DescribeReport {
  const alpha = opts.alpha ?? 0.05;
  const saturation = opts.saturation ?? 0.9;
  const top = opts.top ?? 10;
  const z = zCritical(alpha);
  const useResponses = lb.responses !== null && !(opts.preferScores && lb.scores);
  if (!useResponses && !lb.scores) throw new Error('describe: the leaderboard has neither responses nor scores');
  opts.onProgress?.({ stage: 'describe' });
  const grid = useResponses ? scoreGridFromResponses(lb) : scoreGridFromScores(lb);
  const B = grid.benchmarks.length;
  const M = grid.nModels;
  const warnings: string[] = [];
  const skipped: { part: string; reason: string }[] = [];
  const warn = (w: string): void => {
    warnings.push(w);
    opts.onWarning?.(w);
  };

  // coverage per model on this grid
  const scoredCount = new Int32Array(M);
  for (let m = 0; m < M; m++) for (let b = 0; b < B; b++) if (!Number.isNaN(grid.score[m * B + b]!)) scoredCount[m]!++;
  const complete = Array.from(scoredCount, (k) => k === B);
  const nComplete = complete.filter(Boolean).length;
  const ranked: DescribeReport['ranked'] = nComplete >= 2 && nComplete < M ? 'complete_models' : 'all_models';
  const inRanking = (m: number): boolean => ranked === 'all_models' || complete[m]!;

  // item counts and their sources
  const s = lb.scores;
  const countInfo = grid.benchmarks.map((name, b) => {
    if (useResponses) return { source: 'responses' as const, note: null, counted: null };
    const src = s!.itemCountSources?.[b] ?? null;
    if (grid.itemCount[b] === null || grid.itemCount[b] === undefined) return { source: null, note: null, counted: null };
    return { source: src?.kind ?? 'file', note: src?.citation ?? null, counted: src?.items ?? null };
  });

  // cells
  const cells = { score: [] as (number | null)[], n: [] as (number | null)[], lo: [] as (number | null)[], hi: [] as (number | null)[] };
  for (let k = 0; k < M * B; k++) {
    const sc = grid.score[k]!;
    const n = grid.n[k]!;
    if (Number.isNaN(sc)) {
      cells.score.push(null);
      cells.n.push(n > 0 ? n : null);
      cells.lo.push(null);
      cells.hi.push(null);
      continue;
    }
    cells.score.push(sc);
    cells.n.push(n > 0 ? n : null);
    if (n > 0) {
      const w = wilsonInterval(sc * n, n, alpha);
      cells.lo.push(w.lo);
      cells.hi.push(w.hi);
    } else {
      cells.lo.push(null);
      cells.hi.push(null);
    }
  }

  // benchmarks
  const benchmarks: BenchmarkSummary[] = grid.benchmarks.map((name, b) => {
    const vals: number[] = [];
    const valsComplete: number[] = [];
    for (let m = 0; m < M; m++) {
      const v = grid.score[m * B + b]!;
      if (Number.isNaN(v)) continue;
      vals.push(v);
      if (complete[m]) valsComplete.push(v);
    }
    const sorted = [...vals].sort((x, y) => x - y);
    const mu = vals.length ? mean(vals) : NaN;
    const K = grid.itemCount[b] ?? null;
    const disc = useResponses ? benchmarkDiscordance(lb, grid, b) : { neighbour: null, pairs: 0, random: null };
    const median = quantileSorted(sorted, 0.5);
    return {
      benchmark: name,
      n_items: K,
      n_items_counted: countInfo[b]!.counted,
      item_count_source: countInfo[b]!.source,
      item_count_note: countInfo[b]!.note,
      n_models: vals.length,
      mean: mu,
      mean_complete_models: nComplete > 0 && nComplete < M ? mean(valsComplete) : null,
      sd: sampleSd(vals),
      min: sorted[0] ?? NaN,
      max: sorted[sorted.length - 1] ?? NaN,
      median,
      q10: quantileSorted(sorted, 0.1),
      q90: quantileSorted(sorted, 0.9),
      range: sorted.length ? sorted[sorted.length - 1]! - sorted[0]! : NaN,
      share_at_ceiling: vals.length ? vals.filter((v) => v >= saturation).length / vals.length : NaN,
      saturated: median >= saturation,
      mmd: {
        independent: K && vals.length ? mmdIndependent(mu, K, alpha) : null,
        paired: K && disc.neighbour !== null ? mmdPaired(disc.neighbour, K, alpha) : null,
        neighbour_discordance: disc.neighbour,
        neighbour_pairs: disc.pairs,
        random_pair_discordance: disc.random,
      },
    };
  });
  for (const x of benchmarks) if (x.n_models < 2) warn(`benchmark "${x.benchmark}": fewer than 2 models scored, no spread`);
  const noCount = grid.benchmarks.filter((_, b) => grid.itemCount[b] === null || grid.itemCount[b] === undefined);
  if (!useResponses && noCount.length > 0) {
    const normalised = lb.origin?.role === 'scores' && lb.origin.scaling === 'normalised';
    skipped.push({
      part: 'intervals and MMDs',
      reason: normalised
        ? 'normalised scores are rescaled per subtask and clipped, not proportions correct: binomial intervals only from the Raw columns'
        : `no item count for ${noCount.join(', ')}`,
    });
    if (!normalised) warn(`no item counts for ${noCount.join(', ')}: no intervals or MMD there (give the items per benchmark)`);
  }

  // profiles
  const profiles: ModelProfile[] = [];
  for (let m = 0; m < M; m++) {
    const zs: { b: number; z: number }[] = [];
    for (let b = 0; b < B; b++) {
      const v = grid.score[m * B + b]!;
      const sum = benchmarks[b]!;
      if (Number.isNaN(v) || !(sum.sd > 0)) continue;
      zs.push({ b, z: (v - sum.mean) / sum.sd });
    }
    if (zs.length < 2) {
      profiles.push({ level: null, specialisation: null, best: null, kind: null });
      continue;
    }
    const level = mean(zs.map((x) => x.z));
    let bestK = 0;
    zs.forEach((x, k) => {
      if (x.z > zs[bestK]!.z) bestK = k;
    });
    const others = zs.filter((_, k) => k !== bestK).map((x) => x.z).sort((a, b) => a - b);
    const specialisation = zs[bestK]!.z - quantileSorted(others, 0.5);
    const even = zs.every((x) => Math.abs(x.z - level) <= 0.5);
    const kind: ProfileKind = specialisation >= 1 ? 'specialist' : level > 0 && even ? 'generalist' : 'mixed';
    profiles.push({ level, specialisation, best: grid.benchmarks[zs[bestK]!.b]!, kind });
  }
  const specialists = profiles
    .map((p, m) => ({ p, m }))
    .filter(({ p, m }) => p.kind === 'specialist' && inRanking(m))
    .sort((a, b) => b.p.specialisation! - a.p.specialisation! || a.m - b.m)
    .slice(0, top)
    .map(({ p, m }) => ({ id: lb.models[m]!.id, best: p.best!, specialisation: p.specialisation!, complete: complete[m]! }));
  const generalists = profiles
    .map((p, m) => ({ p, m }))
    .filter(({ p, m }) => p.kind === 'generalist' && inRanking(m))
    .sort((a, b) => b.p.level! - a.p.level! || a.m - b.m)
    .slice(0, top)
    .map(({ p, m }) => ({ id: lb.models[m]!.id, level: p.level!, complete: complete[m]! }));

  // orders (the level order ranks the ranked models first, then the others by their own level)
  const byBenchmark = grid.benchmarks.map((_, b) => orderDesc(M, (m) => grid.score[m * B + b]!));
  const hasParams = lb.models.some((m) => m.log10Params !== null);
  const idOrder = Array.from({ length: M }, (_, i) => i).sort((a, b) => (lb.models[a]!.id < lb.models[b]!.id ? -1 : lb.models[a]!.id > lb.models[b]!.id ? 1 : a - b));
  const spreadOrder = orderDesc(B, (b) => benchmarks[b]!.sd);
  const levelAll = orderDesc(M, (m) => profiles[m]!.level ?? NaN);
  const levelOrder = ranked === 'all_models' ? levelAll : [...levelAll.filter((m) => complete[m]), ...levelAll.filter((m) => !complete[m])];

  return {
    schema_version: DESCRIBE_SCHEMA_VERSION,
    method: 'describe',
    source: useResponses ? 'responses' : 'scores',
    alpha,
    z,
    saturation,
    n_models: M,
    n_items: useResponses ? lb.items.length : 0,
    coverage: lb.coverage ?? coverageOf(lb),
    ranked,
    origin: lb.origin ? { version: lb.origin.version, role: lb.origin.role, scaling: lb.origin.scaling } : null,
    benchmarks,
    models: lb.models.map((m, k) => ({ id: m.id, name: m.name, benchmarks_scored: scoredCount[k]!, complete: complete[k]! })),
    cells,
    profiles,
    choice_matters: spreadOrder.filter((b) => !Number.isNaN(benchmarks[b]!.sd)).map((b) => grid.benchmarks[b]!),
    saturated: benchmarks.filter((x) => x.saturated).map((x) => x.benchmark),
    generalists,
    specialists,
    orders: {
      models: {
        level: levelOrder,
        id: idOrder,
        params: hasParams ? orderDesc(M, (m) => lb.models[m]!.log10Params ?? NaN) : null,
        by_benchmark: byBenchmark,
      },
      benchmarks: { given: grid.benchmarks.map((_, b) => b), mean: orderDesc(B, (b) => benchmarks[b]!.mean), spread: spreadOrder },
    },
    skipped,
    warnings,
  };
}
