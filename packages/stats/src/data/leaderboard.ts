// The data model every estimator reads: models with metadata, items with their benchmark, a compact
// model × item 0/1 response matrix with missing cells, and/or model × benchmark scores.

export interface ModelMeta {
  id: string;
  name: string;
  /** Parameters in billions, when known. */
  paramsB: number | null;
  /** log10 of the parameter count (in units of parameters, not billions), when known. */
  log10Params: number | null;
  architecture: string | null;
  contributor: string | null;
  /** Deployment / model type (pretrained, chat, fine-tuned, merge, …). */
  deployment: string | null;
  /** Any other columns, kept as-is. */
  extra: Record<string, string>;
  /** false when metadata was joined from a table (`--models-from`) and this model had no (unambiguous)
   *  row there: it stays in the data, and layers that need metadata leave it out with a count. */
  hasMetadata?: boolean;
}

export interface ItemMeta {
  id: string;
  benchmark: string;
  extra: Record<string, string>;
}

/** Code stored for a missing cell in `ResponseMatrix.values`. */
export const MISSING = 255;

/**
 * Model × item responses, row-major (model m, item j at m * nItems + j): 0, 1 or MISSING (255).
 * One byte per cell; estimators that need bit-packing build it from here.
 */
export class ResponseMatrix {
  readonly values: Uint8Array;
  constructor(
    readonly nModels: number,
    readonly nItems: number,
    values?: Uint8Array,
  ) {
    this.values = values ?? new Uint8Array(nModels * nItems).fill(MISSING);
    if (this.values.length !== nModels * nItems) throw new Error(`ResponseMatrix: ${this.values.length} cells for ${nModels} × ${nItems}`);
  }
  get(m: number, j: number): 0 | 1 | null {
    const v = this.values[m * this.nItems + j]!;
    return v === MISSING ? null : (v as 0 | 1);
  }
  set(m: number, j: number, v: 0 | 1 | null): void {
    this.values[m * this.nItems + j] = v === null ? MISSING : v;
  }
  /** Number of non-missing cells. */
  observedCount(): number {
    let n = 0;
    for (const v of this.values) if (v !== MISSING) n++;
    return n;
  }
  hasMissing(): boolean {
    return this.values.includes(MISSING);
  }
}

/** Model × benchmark scores (proportion correct 0–1 unless `scale` says otherwise); NaN = missing. */
export interface BenchmarkScores {
  benchmarks: string[];
  /** Row-major nModels × benchmarks.length. */
  values: Float64Array;
  /** Items behind each score, when known (for binomial intervals). */
  itemCounts: (number | null)[];
  /** Where each item count came from: the scores file (`n_items`), the user, or the counts built in for
   *  a known leaderboard (with the citation); null when unknown. */
  itemCountSources?: (ItemCountSource | null)[];
  /** For a benchmark that is an average over subtasks: the subtasks, their item counts and weights, so the
   *  SE is √(Σ w_s² p_s(1 − p_s)/K_s) where subtask scores are known (binomial approximation otherwise). */
  subtasks?: (SubtaskCount[] | null)[];
}

export interface ItemCountSource {
  kind: 'file' | 'user' | 'builtin';
  /** Built-in counts: the items the score counts, when the count used for the SE differs (an effective count). */
  items?: number;
  /** For built-in counts: the table and benchmark they belong to and where the number comes from. */
  citation?: string;
}

export interface SubtaskCount {
  name: string;
  items: number;
}

export interface Leaderboard {
  models: ModelMeta[];
  items: ItemMeta[];
  responses: ResponseMatrix | null;
  scores: BenchmarkScores | null;
  /** Non-fatal findings of the readers (constant items, all-missing rows, …), with ids. */
  warnings: string[];
  /** Files (or folders) the leaderboard was read from. */
  sources: string[];
  /** Coverage summary computed at load (models complete, missing 1, 2, … benchmarks). */
  coverage?: Coverage;
  /** The Open LLM Leaderboard table behind the scores or the metadata, when one was read (v1 / v2). */
  origin?: LeaderboardOrigin | null;
  /** The join of model metadata onto item-level data, when a metadata table was given. */
  metadataJoin?: MetadataJoin | null;
  /** What a split's lock file did at load (io/holdout.ts), when one was given. */
  holdout?: HoldoutStatus | null;
}

/** Whether the holdout of a split's lock was read (touched) or left out. */
export interface HoldoutStatus {
  lock_file: string;
  holdout_items: number;
  holdout_sha256: string;
  /** Holdout item columns present in the data. */
  in_data: number;
  use_holdout: boolean;
  /** Responses to holdout items were read. */
  touched: boolean;
  /** False for scores without items (cannot be checked item by item). */
  checkable: boolean;
}

/** Distinct benchmarks of the items, in first-appearance order. */
export function benchmarksOf(items: readonly ItemMeta[]): string[] {
  return [...new Set(items.map((i) => i.benchmark))];
}

// ---------------------------------------------------------------------------------------------------
// Where the data came from, beyond the file names.

/** The Open LLM Leaderboard table the scores (or the joined model metadata) came from. */
export interface LeaderboardOrigin {
  /** Which table: v1 (2023–24: ARC … GSM8K) or v2 (2024–25: IFEval … MMLU-PRO). */
  version: 'v1' | 'v2';
  /** What the table gave: the benchmark scores themselves, or only model metadata (`--models-from`). */
  role: 'scores' | 'metadata';
  /** Score columns read: v2's `Raw` 0–1 columns or its normalised ones (v1 has only one kind: 'raw'). */
  scaling: 'raw' | 'normalised';
  file: string;
  /** Rows of the table. */
  rows: number;
  /** The latest submission date in the table (v2 `Submission Date`, v1 `date`), as written: the snapshot. */
  latest_submission: string | null;
}

/** How the models' metadata was joined to item-level data (`--models-from`). */
export interface MetadataJoin {
  file: string;
  /** What the join table is: an Open LLM Leaderboard table (v1/v2) or a models CSV. */
  table: 'v1' | 'v2' | 'models';
  /** Models of the data with exactly one metadata row (or several rows that agree). */
  matched: number;
  /** Matched only after ignoring case or `__` ↔ `/` (part of `matched`). */
  matched_loosely: number;
  /** Models of the data with no row in the table (kept, without metadata). */
  unmatched: string[];
  /** Models with several rows that disagree on size, architecture or type (kept, without metadata). */
  ambiguous: { model_id: string; rows: number; differ_on: string[] }[];
  /** Rows of the table whose model is not in the data. */
  table_rows_unused: number;
}

// ---------------------------------------------------------------------------------------------------
// Errors that name a missing input by what it is, not by a flag: the CLI maps `needs` to its option
// (`model metadata` → --models-from / --models), the web page to its file role.

export type MissingInput = 'model metadata' | 'item responses' | 'benchmark scores' | 'item counts';

/**
 * Bad input of a particular kind: something is missing. `needs` says which input would supply it, so the
 * face names its own option (the CLI: `model metadata` → --models-from / --models; exit 2).
 */
export class MissingInputError extends Error {
  constructor(
    readonly needs: MissingInput,
    readonly detail: string,
  ) {
    super(`${detail} (needs ${needs})`);
    this.name = 'MissingInputError';
  }
}

/** Models with the metadata a layer needs: their indices, and how many are left out and why. */
export function modelsWithMetadata(lb: Leaderboard, field: 'log10Params' | 'architecture' | 'contributor' | 'deployment' = 'log10Params'): { keep: number[]; left_out: number; unjoined: number; message: string | null } {
  const keep: number[] = [];
  let unjoined = 0;
  lb.models.forEach((m, k) => {
    if (m.hasMetadata === false) unjoined++;
    if (m[field] !== null && m[field] !== undefined) keep.push(k);
  });
  const left = lb.models.length - keep.length;
  const what = field === 'log10Params' ? 'a parameter count' : `a known ${field}`;
  const message =
    left === 0
      ? null
      : `${left} of ${lb.models.length} models have no ${what === 'a parameter count' ? 'parameter count' : field} and are left out${unjoined > 0 ? ` (${unjoined} had no row in the metadata table)` : ''}`;
  return { keep, left_out: left, unjoined, message };
}

/** modelsWithMetadata, but a MissingInputError when fewer than `min` models remain. */
export function requireModelMetadata(lb: Leaderboard, layer: string, min = 1, field: 'log10Params' | 'architecture' | 'contributor' | 'deployment' = 'log10Params'): { keep: number[]; left_out: number; message: string | null } {
  const r = modelsWithMetadata(lb, field);
  if (r.keep.length < min) {
    const what = field === 'log10Params' ? 'a parameter count' : `a known ${field}`;
    throw new MissingInputError('model metadata', `${layer}: only ${r.keep.length} of ${lb.models.length} models have ${what}; at least ${min} needed`);
  }
  return r;
}

// ---------------------------------------------------------------------------------------------------
// Subsetting: the one way to take some models or some items of a Leaderboard. Responses, scores,
// models and items stay consistent; the coverage (if present) is recomputed.

function uniqueIndices(sel: readonly number[], n: number, what: string): number[] {
  const seen = new Uint8Array(n);
  for (const k of sel) {
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`select${what}: index ${k} out of range 0..${n - 1}`);
    if (seen[k]) throw new RangeError(`select${what}: index ${k} given twice`);
    seen[k] = 1;
  }
  return [...sel];
}

/** The indices a selection picks: by index or id (in the order given, no repeats) or by a predicate (in list order). */
function pickIndices<T extends { id: string }>(list: readonly T[], sel: readonly number[] | readonly string[] | ((x: T, index: number) => boolean), what: 'Models' | 'Items'): number[] {
  if (typeof sel === 'function') {
    const idx: number[] = [];
    list.forEach((x, k) => {
      if (sel(x, k)) idx.push(k);
    });
    return idx;
  }
  if (sel.length > 0 && typeof sel[0] === 'string') {
    const byId = new Map(list.map((x, k) => [x.id, k] as const));
    const idx = (sel as readonly string[]).map((id) => {
      const k = byId.get(id);
      if (k === undefined) throw new RangeError(`select${what}: no ${what === 'Models' ? 'model' : 'item'} "${id}"`);
      return k;
    });
    return uniqueIndices(idx, list.length, what);
  }
  return uniqueIndices(sel as readonly number[], list.length, what);
}

/**
 * The models picked by index (in the order given), by id (in the order given), or by a predicate (in
 * the leaderboard's order). Unknown ids are a RangeError.
 */
export function selectModels(lb: Leaderboard, sel: readonly number[] | readonly string[] | ((m: ModelMeta, index: number) => boolean)): Leaderboard {
  const idx = pickIndices(lb.models, sel, 'Models');
  let responses: ResponseMatrix | null = null;
  if (lb.responses) {
    const r = lb.responses;
    const values = new Uint8Array(idx.length * r.nItems);
    idx.forEach((m, k) => values.set(r.values.subarray(m * r.nItems, (m + 1) * r.nItems), k * r.nItems));
    responses = new ResponseMatrix(idx.length, r.nItems, values);
  }
  let scores: BenchmarkScores | null = null;
  if (lb.scores) {
    const s = lb.scores;
    const B = s.benchmarks.length;
    const values = new Float64Array(idx.length * B);
    idx.forEach((m, k) => values.set(s.values.subarray(m * B, (m + 1) * B), k * B));
    scores = { ...s, benchmarks: [...s.benchmarks], values, itemCounts: [...s.itemCounts] };
  }
  // `coverage` stays the summary of the data as read (see completeOnly); coverageOf(out) gives the current one.
  return { ...lb, models: idx.map((m) => lb.models[m]!), responses, scores };
}

/**
 * The items picked by index or id (in the order given) or by a predicate (in the leaderboard's order).
 * Benchmark scores keep only the benchmarks that still have items (all of them when the leaderboard has
 * no items, i.e. scores only).
 */
export function selectItems(lb: Leaderboard, sel: readonly number[] | readonly string[] | ((it: ItemMeta, index: number) => boolean)): Leaderboard {
  const idx = pickIndices(lb.items, sel, 'Items');
  let responses: ResponseMatrix | null = null;
  if (lb.responses) {
    const r = lb.responses;
    const J = idx.length;
    const values = new Uint8Array(r.nModels * J);
    for (let m = 0; m < r.nModels; m++) {
      const src = m * r.nItems;
      const dst = m * J;
      for (let k = 0; k < J; k++) values[dst + k] = r.values[src + idx[k]!]!;
    }
    responses = new ResponseMatrix(r.nModels, J, values);
  }
  const items = idx.map((j) => lb.items[j]!);
  let scores = lb.scores;
  if (scores && lb.items.length > 0) {
    const s = scores;
    const keepB = new Set(items.map((it) => it.benchmark));
    const cols = s.benchmarks.map((_, b) => b).filter((b) => keepB.has(s.benchmarks[b]!));
    if (cols.length !== s.benchmarks.length) {
      const B = s.benchmarks.length;
      const M = lb.models.length;
      const values = new Float64Array(M * cols.length);
      for (let m = 0; m < M; m++) cols.forEach((b, k) => (values[m * cols.length + k] = s.values[m * B + b]!));
      scores = {
        ...s,
        benchmarks: cols.map((b) => s.benchmarks[b]!),
        values,
        itemCounts: cols.map((b) => s.itemCounts[b]!),
        ...(s.itemCountSources ? { itemCountSources: cols.map((b) => s.itemCountSources![b]!) } : {}),
        ...(s.subtasks ? { subtasks: cols.map((b) => s.subtasks![b]!) } : {}),
      };
    }
  }
  return { ...lb, items, responses, scores };
}

// ---------------------------------------------------------------------------------------------------
// Coverage: which models have which benchmarks. Combining per-benchmark files outer-joins the models,
// so on real data many models lack whole benchmarks; every command states this once.

/** Coverage summary (snake_case: it goes into the JSON outputs as is). */
export interface Coverage {
  /** What the coverage is counted on: the item responses when present, else the benchmark scores. */
  basis: 'responses' | 'scores';
  n_models: number;
  n_benchmarks: number;
  n_items: number;
  /** Models with a score (≥ 1 answered item) on every benchmark. */
  complete_models: number;
  /** Entry k: models missing exactly k benchmarks (k = 0 … n_benchmarks; the last = models with no data). */
  models_missing_benchmarks: number[];
  /** Items that some model scored on the item's benchmark did not answer (missing cells inside a benchmark). */
  items_missing_for_some_models: number;
  /** Per benchmark: models scored on it, and models scored on it that miss some of its items. */
  per_benchmark: { benchmark: string; n_items: number | null; models_scored: number; models_partial: number }[];
  /** Set when the analysis was restricted to the complete models (the counts above are of the data as read). */
  complete_only?: { models_kept: number; models_dropped: number };
}

/** Per model: how many benchmarks it has a score on (≥ 1 answered item, or a non-missing score). */
export function benchmarksScoredPerModel(lb: Leaderboard): { benchmarks: string[]; scored: Uint8Array; partial: Uint8Array; basis: 'responses' | 'scores' } {
  const M = lb.models.length;
  if (lb.responses) {
    const r = lb.responses;
    const benchmarks = benchmarksOf(lb.items);
    const bIndex = new Map(benchmarks.map((b, k) => [b, k] as const));
    const itemB = Int32Array.from(lb.items, (it) => bIndex.get(it.benchmark)!);
    const B = benchmarks.length;
    const scored = new Uint8Array(M * B);
    const partial = new Uint8Array(M * B);
    const missingSeen = new Uint8Array(M * B);
    for (let m = 0; m < M; m++) {
      const base = m * r.nItems;
      for (let j = 0; j < r.nItems; j++) {
        const b = itemB[j]!;
        if (r.values[base + j] === MISSING) missingSeen[m * B + b] = 1;
        else scored[m * B + b] = 1;
      }
    }
    for (let k = 0; k < M * B; k++) partial[k] = scored[k]! && missingSeen[k]! ? 1 : 0;
    return { benchmarks, scored, partial, basis: 'responses' };
  }
  if (lb.scores) {
    const s = lb.scores;
    const B = s.benchmarks.length;
    const scored = new Uint8Array(M * B);
    for (let k = 0; k < M * B; k++) scored[k] = Number.isNaN(s.values[k]!) ? 0 : 1;
    return { benchmarks: [...s.benchmarks], scored, partial: new Uint8Array(M * B), basis: 'scores' };
  }
  return { benchmarks: [], scored: new Uint8Array(0), partial: new Uint8Array(0), basis: 'scores' };
}

/** Per model: true when it has a score on every benchmark. */
export function completeMask(lb: Leaderboard): boolean[] {
  const { benchmarks, scored } = benchmarksScoredPerModel(lb);
  const B = benchmarks.length;
  return lb.models.map((_, m) => {
    for (let b = 0; b < B; b++) if (!scored[m * B + b]) return false;
    return true;
  });
}

/** The coverage summary of a leaderboard. */
export function coverageOf(lb: Leaderboard): Coverage {
  const { benchmarks, scored, partial, basis } = benchmarksScoredPerModel(lb);
  const B = benchmarks.length;
  const M = lb.models.length;
  const hist = new Array<number>(B + 1).fill(0);
  for (let m = 0; m < M; m++) {
    let have = 0;
    for (let b = 0; b < B; b++) have += scored[m * B + b]!;
    hist[B - have]!++;
  }
  let itemsMissing = 0;
  if (lb.responses) {
    const r = lb.responses;
    const bIndex = new Map(benchmarks.map((b, k) => [b, k] as const));
    for (let j = 0; j < r.nItems; j++) {
      const b = bIndex.get(lb.items[j]!.benchmark)!;
      for (let m = 0; m < M; m++) {
        if (scored[m * B + b] && r.values[m * r.nItems + j] === MISSING) {
          itemsMissing++;
          break;
        }
      }
    }
  }
  const itemCount = (b: number): number | null => {
    if (lb.responses) return lb.items.filter((it) => it.benchmark === benchmarks[b]).length;
    return lb.scores?.itemCounts[b] ?? null;
  };
  return {
    basis,
    n_models: M,
    n_benchmarks: B,
    n_items: lb.responses ? lb.items.length : 0,
    complete_models: hist[0] ?? 0,
    models_missing_benchmarks: hist,
    items_missing_for_some_models: itemsMissing,
    per_benchmark: benchmarks.map((name, b) => {
      let sc = 0;
      let pa = 0;
      for (let m = 0; m < M; m++) {
        sc += scored[m * B + b]!;
        pa += partial[m * B + b]!;
      }
      return { benchmark: name, n_items: itemCount(b), models_scored: sc, models_partial: pa };
    }),
  };
}

/**
 * The leaderboard restricted to the models scored on every benchmark. Its `coverage` keeps the summary of
 * the data as read, marked with how many models were kept and dropped.
 */
export function completeOnly(lb: Leaderboard): Leaderboard {
  const mask = completeMask(lb);
  const out = selectModels(lb, (_, k) => mask[k]!);
  const kept = out.models.length;
  out.coverage = { ...(lb.coverage ?? coverageOf(lb)), complete_only: { models_kept: kept, models_dropped: lb.models.length - kept } };
  return out;
}

/** One short block of text: complete models, models missing 1, 2, … benchmarks, per-benchmark counts. */
export function formatCoverage(c: Coverage): string {
  const B = c.n_benchmarks;
  const incomplete = c.n_models - c.complete_models;
  const lines: string[] = [];
  const what = c.basis === 'responses' ? `${c.n_items} items` : 'benchmark scores';
  if (incomplete === 0) {
    lines.push(`coverage: all ${c.n_models} models are scored on all ${B} benchmarks (${what}).`);
  } else {
    const parts: string[] = [];
    for (let k = 1; k <= B; k++) {
      const n = c.models_missing_benchmarks[k] ?? 0;
      if (n > 0) parts.push(k === B ? `${n} no data at all` : `${n} missing ${k}`);
    }
    lines.push(`coverage: ${c.complete_models} of ${c.n_models} models are complete (scored on all ${B} benchmarks, ${what}); ${incomplete} are not: ${parts.join(', ')}.`);
  }
  lines.push(`  models scored per benchmark: ${c.per_benchmark.map((p) => `${p.benchmark} ${p.models_scored}${p.models_partial > 0 ? ` (${p.models_partial} partial)` : ''}`).join(', ')}.`);
  if (c.items_missing_for_some_models > 0) lines.push(`  ${c.items_missing_for_some_models} item(s) are missing for some models scored on their benchmark.`);
  if (c.complete_only) lines.push(`  Restricted to the ${c.complete_only.models_kept} complete models (${c.complete_only.models_dropped} left out).`);
  else if (incomplete > 0) lines.push('  Averages and rankings over models with different benchmarks are not comparable: restrict to the complete models, or read the per-model marks.');
  return lines.join('\n');
}
