// Item-response readers: the wide form (one row per model, one 0/1 column per item) and the long form
// (one row per model × item: model_id,item_id,correct[,benchmark]). Both give a ResponseBlock — one
// file's responses before they are joined with the items, the models and the other response files
// (see assemble.ts).
import { MISSING } from '../data/leaderboard.js';
import { InputError } from '../util/errors.js';
import { findColumn, parseBinary, parseCsv, type CsvTable, type InputFile } from './csv.js';

export interface ResponseReadOptions {
  /** Benchmark of every item in this file (the `FILE:BENCHMARK` form); item ids get the `BENCHMARK:` prefix. */
  benchmark?: string | null;
  /** Name of the model-id column when it is not `model_id` (default tries `model_id`, then `model`). */
  modelCol?: string | null;
  /** Name of the item-id column of the long form when it is not `item_id`. */
  itemCol?: string | null;
}

/** Where a model or an item was first seen in a file (1-based line; column name or number). */
export interface Where {
  line: number;
  column: string | number;
  /** The file, when it is not the block's own (lm-eval logs: one block, many files). */
  file?: string;
}

export interface ResponseBlock {
  file: string;
  form: 'wide' | 'long';
  /** Benchmark given for the whole file, if any. */
  benchmark: string | null;
  modelIds: string[];
  modelWhere: Where[];
  /** Item ids as they will appear in the Leaderboard (prefixed `BENCHMARK:` when `benchmark` is set). */
  itemIds: string[];
  /** Item ids as written in the file. */
  rawItemIds: string[];
  /** Benchmark named for each item by the file itself (long form's `benchmark` column), else null. */
  itemBenchmarks: (string | null)[];
  /** The item benchmarks are only defaults (lm-eval task names) that an items file may override, e.g. to
   *  group MMLU's subtasks into one benchmark. */
  benchmarksOverridable?: boolean;
  itemWhere: Where[];
  /** nModels × nItems, row-major; 0, 1 or MISSING. */
  values: Uint8Array;
}

const LONG_CORRECT = ['correct', 'score', 'response', 'value'];

export function itemKey(benchmark: string | null | undefined, rawId: string): string {
  return benchmark ? `${benchmark}:${rawId}` : rawId;
}

/** Read a responses CSV, telling the wide form from the long one by its header. */
export function readResponses(input: InputFile, opts: ResponseReadOptions = {}): ResponseBlock {
  const t = parseCsv(input.data, input.name);
  if (t.rows.length === 0) throw new InputError(t.file, 1, 0, 'no data rows below the header');
  const itemCol = findColumn(t.header, ...(opts.itemCol ? [opts.itemCol] : ['item_id', 'item']));
  const correctCol = findColumn(t.header, ...LONG_CORRECT);
  if (itemCol >= 0 && correctCol >= 0) return longFromTable(t, opts);
  return wideFromTable(t, opts);
}

function modelColumn(t: CsvTable, opts: ResponseReadOptions): number {
  const names = opts.modelCol ? [opts.modelCol, 'model_id', 'model'] : ['model_id', 'model'];
  const k = findColumn(t.header, ...names);
  if (k < 0) {
    throw new InputError(t.file, 1, 0, `no model-id column (expected ${names.map((x) => `"${x}"`).join(' or ')}; name the model-id column)`);
  }
  return k;
}

export function wideFromTable(t: CsvTable, opts: ResponseReadOptions = {}): ResponseBlock {
  const mc = modelColumn(t, opts);
  const bench = opts.benchmark ?? null;
  const itemCols: number[] = [];
  const seenItems = new Map<string, number>();
  for (let c = 0; c < t.header.length; c++) {
    if (c === mc) continue;
    const id = t.header[c]!;
    if (id === '') throw new InputError(t.file, 1, c + 1, 'empty item id in the header');
    if (seenItems.has(id)) throw new InputError(t.file, 1, c + 1, `duplicate item id "${id}" (also column ${seenItems.get(id)! + 1})`);
    seenItems.set(id, c);
    itemCols.push(c);
  }
  if (itemCols.length === 0) throw new InputError(t.file, 1, 0, 'no item columns next to the model-id column');
  const nItems = itemCols.length;
  const nModels = t.rows.length;
  const values = new Uint8Array(nModels * nItems);
  const modelIds: string[] = [];
  const modelWhere: Where[] = [];
  const seenModels = new Map<string, number>();
  for (let r = 0; r < nModels; r++) {
    const row = t.rows[r]!;
    const line = t.lines[r]!;
    const id = row[mc]!.trim();
    if (id === '') throw new InputError(t.file, line, t.header[mc]!, 'empty model id');
    if (seenModels.has(id)) throw new InputError(t.file, line, t.header[mc]!, `duplicate model id "${id}" (also line ${seenModels.get(id)})`);
    seenModels.set(id, line);
    modelIds.push(id);
    modelWhere.push({ line, column: t.header[mc]! });
    const base = r * nItems;
    for (let j = 0; j < nItems; j++) {
      const c = itemCols[j]!;
      const v = parseBinary(row[c]!, t.file, line, t.header[c]!);
      values[base + j] = v === null ? MISSING : v;
    }
  }
  const rawItemIds = itemCols.map((c) => t.header[c]!);
  return {
    file: t.file,
    form: 'wide',
    benchmark: bench,
    modelIds,
    modelWhere,
    itemIds: rawItemIds.map((id) => itemKey(bench, id)),
    rawItemIds,
    itemBenchmarks: rawItemIds.map(() => null),
    itemWhere: itemCols.map((c) => ({ line: 1, column: c + 1 })),
    values,
  };
}

export function longFromTable(t: CsvTable, opts: ResponseReadOptions = {}): ResponseBlock {
  const mc = modelColumn(t, opts);
  const ic = findColumn(t.header, ...(opts.itemCol ? [opts.itemCol] : ['item_id', 'item']));
  const cc = findColumn(t.header, ...LONG_CORRECT);
  if (ic < 0 || cc < 0) throw new InputError(t.file, 1, 0, 'long responses need model_id, item_id and correct columns');
  const bc = findColumn(t.header, 'benchmark');
  const bench = opts.benchmark ?? null;
  const modelIndex = new Map<string, number>();
  const modelIds: string[] = [];
  const modelWhere: Where[] = [];
  const itemIndex = new Map<string, number>();
  const rawItemIds: string[] = [];
  const itemBenchmarks: (string | null)[] = [];
  const itemWhere: Where[] = [];
  const mi = new Int32Array(t.rows.length);
  const ii = new Int32Array(t.rows.length);
  const vv = new Uint8Array(t.rows.length);
  for (let r = 0; r < t.rows.length; r++) {
    const row = t.rows[r]!;
    const line = t.lines[r]!;
    const m = row[mc]!.trim();
    const it = row[ic]!.trim();
    if (m === '') throw new InputError(t.file, line, t.header[mc]!, 'empty model id');
    if (it === '') throw new InputError(t.file, line, t.header[ic]!, 'empty item id');
    let a = modelIndex.get(m);
    if (a === undefined) {
      a = modelIds.length;
      modelIndex.set(m, a);
      modelIds.push(m);
      modelWhere.push({ line, column: t.header[mc]! });
    }
    let b = itemIndex.get(it);
    const rowBench = bc >= 0 ? row[bc]!.trim() || null : null;
    if (b === undefined) {
      b = rawItemIds.length;
      itemIndex.set(it, b);
      rawItemIds.push(it);
      itemBenchmarks.push(rowBench);
      itemWhere.push({ line, column: t.header[ic]! });
    } else if (bc >= 0 && rowBench !== itemBenchmarks[b]) {
      throw new InputError(t.file, line, t.header[bc]!, `item "${it}" has benchmark "${rowBench ?? ''}" here but "${itemBenchmarks[b] ?? ''}" on line ${itemWhere[b]!.line}`);
    }
    mi[r] = a;
    ii[r] = b;
    const v = parseBinary(row[cc]!, t.file, line, t.header[cc]!);
    vv[r] = v === null ? MISSING : v;
  }
  const nModels = modelIds.length;
  const nItems = rawItemIds.length;
  const values = new Uint8Array(nModels * nItems).fill(MISSING);
  const filled = new Uint8Array(nModels * nItems);
  for (let r = 0; r < t.rows.length; r++) {
    const k = mi[r]! * nItems + ii[r]!;
    if (filled[k]) {
      throw new InputError(t.file, t.lines[r]!, 0, `duplicate response for model "${modelIds[mi[r]!]}" and item "${rawItemIds[ii[r]!]}"`);
    }
    filled[k] = 1;
    values[k] = vv[r]!;
  }
  return {
    file: t.file,
    form: 'long',
    benchmark: bench,
    modelIds,
    modelWhere,
    itemIds: rawItemIds.map((id) => itemKey(bench, id)),
    rawItemIds,
    itemBenchmarks,
    itemWhere,
    values,
  };
}
