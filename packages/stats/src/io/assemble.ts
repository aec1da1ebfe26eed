// Joins what the readers parsed — response files, an items file, a models file, a scores file, a
// leaderboard table — into one Leaderboard, checking every cross-reference (each error names the file,
// line and column where the offending id was read) and collecting the non-fatal findings (constant
// items, all-missing rows) as warnings with their ids.
//
// Rules: models are outer-joined across response files (a model absent from one file has missing cells
// on its items); model order is first appearance, item order is file order. An item's benchmark comes
// from `FILE:BENCHMARK`, else the long form's benchmark column, else the items file (for lm-eval logs the
// task name, unless the items file names another benchmark — e.g. `mmlu` for all of MMLU's subtasks).
import { MISSING, ResponseMatrix, type BenchmarkScores, type ItemCountSource, type ItemMeta, type Leaderboard, type MetadataJoin, type ModelMeta, type SubtaskCount } from '../data/leaderboard.js';
import { joinModelMetadata } from './join.js';
import type { KnownBenchmark } from './known-counts.js';
import { InputError } from '../util/errors.js';
import type { ItemsTable } from './items.js';
import { bareModel, type ModelsTable } from './models.js';
import type { ResponseBlock, Where } from './responses.js';
import type { ScoresTable } from './scores.js';

export interface LeaderboardParts {
  responses?: ResponseBlock[];
  items?: ItemsTable | null;
  models?: ModelsTable | null;
  scores?: ScoresTable | null;
  /** Items behind the benchmark scores when the scores do not say (given by the user): one count for
   *  every benchmark, or a count per benchmark name. */
  itemsPerBenchmark?: number | Record<string, number> | null;
  /** Counts built in for a known leaderboard, used where neither the scores file nor the user gives one. */
  knownCounts?: readonly KnownBenchmark[] | null;
  /** The models table is a metadata table to join onto the data's models (with a report, never a stop):
   *  what kind it is. Without it, every model of the data must be in the models table (a leaderboard
   *  table's own models). */
  metadataTable?: 'v1' | 'v2' | 'models' | null;
  /** Warnings from the readers, carried over. */
  warnings?: string[];
  /** Extra source names (e.g. an lm-eval folder) in addition to the files of the parts. */
  sources?: string[];
}

/** Show at most `max` ids, then how many more. */
export function listIds(ids: readonly string[], max = 50): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')}, … (${ids.length - max} more)`;
}

export function assembleLeaderboard(parts: LeaderboardParts): Leaderboard {
  const blocks = parts.responses ?? [];
  const warnings: string[] = [...(parts.warnings ?? [])];
  const sources: string[] = [...(parts.sources ?? [])];
  for (const b of blocks) if (!sources.includes(b.file)) sources.push(b.file);
  for (const f of [parts.items?.file, parts.models?.file, parts.scores?.file]) if (f && !sources.includes(f)) sources.push(f);
  if (blocks.length === 0 && !parts.scores) throw new InputError(sources[0] ?? '(no input)', 0, 0, 'no responses and no scores to read');

  // --- models: outer join of the response files (or the scores file when there are no responses)
  const modelIndex = new Map<string, number>();
  const modelIds: string[] = [];
  const modelSeen: { file: string; where: Where }[] = [];
  const addModel = (id: string, file: string, where: Where): number => {
    let k = modelIndex.get(id);
    if (k === undefined) {
      k = modelIds.length;
      modelIndex.set(id, k);
      modelIds.push(id);
      modelSeen.push({ file, where });
    }
    return k;
  };
  for (const b of blocks) b.modelIds.forEach((id, r) => addModel(id, b.modelWhere[r]!.file ?? b.file, b.modelWhere[r]!));
  if (blocks.length === 0 && parts.scores) {
    const s = parts.scores;
    s.modelIds.forEach((id, r) => addModel(id, s.file, s.modelWhere[r]!));
  }

  // --- items: concatenated across response files, benchmark resolved
  const itemsTable = parts.items ?? null;
  const itemsById = new Map<string, number>();
  if (itemsTable) itemsTable.items.forEach((it, k) => itemsById.set(it.id, k));
  const usedItemRows = new Set<number>();
  const items: ItemMeta[] = [];
  const itemIndex = new Map<string, { file: string; where: Where }>();
  const blockOffsets: number[] = [];
  for (const b of blocks) {
    blockOffsets.push(items.length);
    b.itemIds.forEach((id, j) => {
      const where = b.itemWhere[j]!;
      const wfile = where.file ?? b.file;
      const prev = itemIndex.get(id);
      if (prev) throw new InputError(wfile, where.line, where.column, `duplicate item id "${id}" (also in ${prev.file}:${prev.where.line}); name each file's benchmark with FILE:BENCHMARK`);
      itemIndex.set(id, { file: wfile, where });
      let benchmark = b.benchmark ?? b.itemBenchmarks[j] ?? null;
      let extra: Record<string, string> = {};
      if (itemsTable) {
        let k = itemsById.get(id);
        if (k === undefined && b.rawItemIds[j] !== id) k = itemsById.get(b.rawItemIds[j]!);
        if (k === undefined) {
          if (benchmark === null) throw new InputError(wfile, where.line, where.column, `item "${id}" is not in the items file ${itemsTable.file}`);
        } else {
          const it = itemsTable.items[k]!;
          usedItemRows.add(k);
          if (benchmark !== null && it.benchmark !== benchmark && !(b.benchmarksOverridable && b.benchmark === null)) {
            const w = itemsTable.where[k]!;
            throw new InputError(itemsTable.file, w.line, 'benchmark', `item "${id}" is in benchmark "${it.benchmark}" here but "${benchmark}" in ${wfile}`);
          }
          benchmark = it.benchmark;
          extra = { ...it.extra };
        }
      }
      if (benchmark === null) {
        throw new InputError(wfile, where.line, where.column, `item "${id}" has no benchmark (give an items file with a benchmark column, a benchmark column in the long form, or name the file's benchmark as FILE:BENCHMARK)`);
      }
      items.push({ id, benchmark, extra });
    });
  }
  if (itemsTable && blocks.length > 0) {
    const unused = itemsTable.items.filter((_, k) => !usedItemRows.has(k)).map((it) => it.id);
    if (unused.length > 0) warnings.push(`${itemsTable.file}: ${unused.length} item(s) have no responses and were left out: ${listIds(unused)}`);
  }

  // --- model metadata
  const modelsTable = parts.models ?? null;
  let models: ModelMeta[];
  let metadataJoin: MetadataJoin | null = null;
  if (modelsTable && parts.metadataTable) {
    const j = joinModelMetadata(modelIds, modelsTable, { table: parts.metadataTable });
    models = j.models;
    metadataJoin = j.join;
  } else if (modelsTable) {
    const byId = new Map(modelsTable.models.map((m) => [m.id, m] as const));
    models = modelIds.map((id, k) => {
      const m = byId.get(id);
      if (!m) {
        const s = modelSeen[k]!;
        throw new InputError(s.file, s.where.line, s.where.column, `model "${id}" is not in the models file ${modelsTable.file}`);
      }
      return m;
    });
  } else {
    models = modelIds.map(bareModel);
  }
  if (modelsTable && (!parts.metadataTable || parts.metadataTable === 'models')) {
    const unused = modelsTable.models.filter((m) => !modelIndex.has(m.id)).map((m) => m.id);
    if (unused.length > 0) warnings.push(`${modelsTable.file}: ${unused.length} model(s) have no data and were left out: ${listIds(unused)}`);
  }

  // --- response matrix
  let responses: ResponseMatrix | null = null;
  if (blocks.length > 0) {
    const nM = modelIds.length;
    const nI = items.length;
    const values = new Uint8Array(nM * nI).fill(MISSING);
    blocks.forEach((b, bi) => {
      const off = blockOffsets[bi]!;
      const w = b.itemIds.length;
      b.modelIds.forEach((id, r) => {
        const m = modelIndex.get(id)!;
        const src = r * w;
        const dst = m * nI + off;
        values.set(b.values.subarray(src, src + w), dst);
      });
    });
    responses = new ResponseMatrix(nM, nI, values);
    warnings.push(...responseWarnings(responses, models, items));
  }

  // --- benchmark scores
  let scores: BenchmarkScores | null = null;
  if (parts.scores) {
    const s = parts.scores;
    warnings.push(...s.warnings);
    if (blocks.length > 0) {
      const known = new Set(items.map((it) => it.benchmark));
      s.benchmarks.forEach((bn, b) => {
        const w = s.benchmarkWhere[b]!;
        if (!known.has(bn)) throw new InputError(s.file, w.line, w.column, `unknown benchmark "${bn}" (the responses have: ${[...known].join(', ')})`);
      });
    }
    const nB = s.benchmarks.length;
    const values = new Float64Array(modelIds.length * nB).fill(NaN);
    s.modelIds.forEach((id, r) => {
      const m = modelIndex.get(id);
      if (m === undefined) {
        const w = s.modelWhere[r]!;
        throw new InputError(s.file, w.line, w.column, `model "${id}" has scores but no responses`);
      }
      values.set(s.values.subarray(r * nB, (r + 1) * nB), m * nB);
    });
    const ipb = parts.itemsPerBenchmark ?? null;
    if (ipb !== null && typeof ipb === 'object') {
      for (const name of Object.keys(ipb)) {
        if (!s.benchmarks.includes(name)) throw new InputError('(item counts)', 0, 0, `unknown benchmark "${name}" (the scores have: ${s.benchmarks.join(', ')})`);
      }
    }
    // Precedence: the scores file's n_items, then the user's counts, then the built-in counts.
    const known = new Map((parts.knownCounts ?? []).map((k) => [k.benchmark, k] as const));
    const counts: (number | null)[] = [];
    const countSources: (ItemCountSource | null)[] = [];
    const subtasks: (SubtaskCount[] | null)[] = [];
    s.benchmarks.forEach((name, b) => {
      const user = ipb === null ? null : typeof ipb === 'number' ? ipb : (ipb[name] ?? null);
      const k = known.get(name);
      subtasks.push(k?.subtasks ?? null);
      if (s.itemCounts[b] !== null && s.itemCounts[b] !== undefined) {
        counts.push(s.itemCounts[b]!);
        countSources.push({ kind: 'file' });
      } else if (user !== null) {
        counts.push(user);
        countSources.push({ kind: 'user' });
      } else if (k) {
        counts.push(k.seItems);
        countSources.push({ kind: 'builtin', ...(k.items !== k.seItems ? { items: k.items } : {}), citation: `${k.items} items (${k.task}); ${k.citation}${k.approximation ? `; SE: ${k.approximation}` : ''}` });
      } else {
        counts.push(null);
        countSources.push(null);
      }
    });
    scores = { benchmarks: [...s.benchmarks], values, itemCounts: counts, itemCountSources: countSources, subtasks };
    if (blocks.length === 0) {
      const empty = models.filter((_, m) => {
        for (let b = 0; b < nB; b++) if (!Number.isNaN(values[m * nB + b]!)) return false;
        return true;
      });
      if (empty.length > 0) warnings.push(`all-missing rows: ${empty.length} model(s) have no score: ${listIds(empty.map((m) => m.id))}`);
    }
  }
  return { models, items, responses, scores, warnings, sources, metadataJoin };
}

/** Constant items (all observed responses equal), items nobody answered, models with no response. */
export function responseWarnings(r: ResponseMatrix, models: readonly ModelMeta[], items: readonly ItemMeta[]): string[] {
  const nI = r.nItems;
  const ones = new Int32Array(nI);
  const seen = new Int32Array(nI);
  const emptyRows: string[] = [];
  for (let m = 0; m < r.nModels; m++) {
    let any = false;
    const base = m * nI;
    for (let j = 0; j < nI; j++) {
      const v = r.values[base + j]!;
      if (v === MISSING) continue;
      any = true;
      seen[j]!++;
      ones[j]! += v;
    }
    if (!any) emptyRows.push(models[m]!.id);
  }
  const out: string[] = [];
  const allOne: string[] = [];
  const allZero: string[] = [];
  const noData: string[] = [];
  for (let j = 0; j < nI; j++) {
    if (seen[j] === 0) noData.push(items[j]!.id);
    else if (ones[j] === seen[j]) allOne.push(items[j]!.id);
    else if (ones[j] === 0) allZero.push(items[j]!.id);
  }
  if (allOne.length) out.push(`constant items: ${allOne.length} item(s) answered correctly by every model: ${listIds(allOne)}`);
  if (allZero.length) out.push(`constant items: ${allZero.length} item(s) answered correctly by no model: ${listIds(allZero)}`);
  if (noData.length) out.push(`all-missing items: ${noData.length} item(s) have no response: ${listIds(noData)}`);
  if (emptyRows.length) out.push(`all-missing rows: ${emptyRows.length} model(s) have no response: ${listIds(emptyRows)}`);
  return out;
}
