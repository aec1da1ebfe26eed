// Benchmark-score CSV: long `model_id,benchmark,score[,n_items]` or wide `model_id,<bench1>,<bench2>,…`.
// Scores are proportions 0–1; a file whose scores all lie in [0, 100] with some above 1 is read as
// percentages and divided by 100 (with a warning).
import { InputError } from '../util/errors.js';
import { findColumn, parseCsv, parseNumber, type InputFile } from './csv.js';
import type { Where } from './responses.js';

export interface ScoresTable {
  file: string;
  modelIds: string[];
  modelWhere: Where[];
  benchmarks: string[];
  /** Where each benchmark was first named (for error messages). */
  benchmarkWhere: Where[];
  /** nModels × benchmarks.length, NaN = missing. */
  values: Float64Array;
  /** Items behind each benchmark score, when the file says (n_items column, constant per benchmark). */
  itemCounts: (number | null)[];
  warnings: string[];
}

export function readScores(input: InputFile, opts: { modelCol?: string | null } = {}): ScoresTable {
  const t = parseCsv(input.data, input.name);
  if (t.rows.length === 0) throw new InputError(t.file, 1, 0, 'no data rows below the header');
  const names = opts.modelCol ? [opts.modelCol, 'model_id', 'model'] : ['model_id', 'model'];
  const mc = findColumn(t.header, ...names);
  if (mc < 0) throw new InputError(t.file, 1, 0, `no model-id column (expected ${names.map((x) => `"${x}"`).join(' or ')}; name the model-id column)`);
  const bc = findColumn(t.header, 'benchmark');
  const sc = findColumn(t.header, 'score');
  const warnings: string[] = [];
  const modelIndex = new Map<string, number>();
  const modelIds: string[] = [];
  const modelWhere: Where[] = [];
  let benchmarks: string[];
  const benchmarkWhere: Where[] = [];
  let cells: { m: number; b: number; v: number | null; line: number; column: string }[] = [];
  let itemCounts: (number | null)[];
  const addModel = (id: string, line: number, unique: boolean): number => {
    const k = modelIndex.get(id);
    if (k !== undefined) {
      if (unique) throw new InputError(t.file, line, t.header[mc]!, `duplicate model id "${id}" (also line ${modelWhere[k]!.line})`);
      return k;
    }
    modelIndex.set(id, modelIds.length);
    modelIds.push(id);
    modelWhere.push({ line, column: t.header[mc]! });
    return modelIds.length - 1;
  };
  if (bc >= 0 && sc >= 0) {
    const nc = findColumn(t.header, 'n_items', 'n');
    const benchIndex = new Map<string, number>();
    benchmarks = [];
    const counts: (number | null | undefined)[] = [];
    const seen = new Map<string, number>();
    for (let r = 0; r < t.rows.length; r++) {
      const row = t.rows[r]!;
      const line = t.lines[r]!;
      const id = row[mc]!.trim();
      if (id === '') throw new InputError(t.file, line, t.header[mc]!, 'empty model id');
      const bench = row[bc]!.trim();
      if (bench === '') throw new InputError(t.file, line, t.header[bc]!, 'empty benchmark');
      const key = `${id}\u0000${bench}`;
      if (seen.has(key)) throw new InputError(t.file, line, 0, `duplicate score for model "${id}" on "${bench}" (also line ${seen.get(key)})`);
      seen.set(key, line);
      const m = addModel(id, line, false);
      let b = benchIndex.get(bench);
      if (b === undefined) {
        b = benchmarks.length;
        benchIndex.set(bench, b);
        benchmarks.push(bench);
        benchmarkWhere.push({ line, column: t.header[bc]! });
        counts.push(undefined);
      }
      const v = parseNumber(row[sc]!, t.file, line, t.header[sc]!);
      cells.push({ m, b, v, line, column: t.header[sc]! });
      if (nc >= 0) {
        const n = parseNumber(row[nc]!, t.file, line, t.header[nc]!);
        if (n !== null && (!Number.isInteger(n) || n <= 0)) throw new InputError(t.file, line, t.header[nc]!, `item count "${row[nc]}" is not a positive integer`);
        if (counts[b] === undefined) counts[b] = n;
        else if (counts[b] !== n) counts[b] = null; // varies across models: no single count
      }
    }
    itemCounts = counts.map((c) => c ?? null);
    benchmarks.forEach((bn, b) => {
      if (nc >= 0 && counts[b] === null) warnings.push(`${t.file}: item count of "${bn}" differs between models; no binomial intervals for it`);
    });
  } else {
    benchmarks = t.header.filter((_, c) => c !== mc);
    if (benchmarks.length === 0) throw new InputError(t.file, 1, 0, 'no benchmark columns (long form needs model_id,benchmark,score)');
    const cols = t.header.map((_, c) => c).filter((c) => c !== mc);
    for (const c of cols) benchmarkWhere.push({ line: 1, column: c + 1 });
    for (let r = 0; r < t.rows.length; r++) {
      const row = t.rows[r]!;
      const line = t.lines[r]!;
      const id = row[mc]!.trim();
      if (id === '') throw new InputError(t.file, line, t.header[mc]!, 'empty model id');
      const m = addModel(id, line, true);
      cols.forEach((c, b) => cells.push({ m, b, v: parseNumber(row[c]!, t.file, line, t.header[c]!), line, column: t.header[c]! }));
    }
    itemCounts = benchmarks.map(() => null);
  }
  let max = -Infinity;
  for (const c of cells) {
    if (c.v === null) continue;
    if (c.v < 0 || c.v > 100) throw new InputError(t.file, c.line, c.column, `score ${c.v} is outside 0–1 (or 0–100 for percentages)`);
    max = Math.max(max, c.v);
  }
  const scale = max > 1 ? 100 : 1;
  if (scale === 100) warnings.push(`${t.file}: scores above 1 found; read as percentages and divided by 100`);
  const values = new Float64Array(modelIds.length * benchmarks.length).fill(NaN);
  for (const c of cells) if (c.v !== null) values[c.m * benchmarks.length + c.b] = c.v / scale;
  cells = [];
  return { file: t.file, modelIds, modelWhere, benchmarks, benchmarkWhere, values, itemCounts, warnings };
}
