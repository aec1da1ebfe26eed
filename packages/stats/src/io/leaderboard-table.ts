// The Open LLM Leaderboard's own table (one row per submission), from CSV or Parquet:
// - v2 (2024–25): `fullname` (plain id; `Model` holds HTML links), `#Params (B)`, `Architecture`, `Type`,
//   six benchmarks IFEval, BBH, MATH Lvl 5, GPQA, MUSR, MMLU-PRO, each as a normalised 0–100 column and a
//   `<bench> Raw` 0–1 column. Raw is read by default; `normalised: true` reads the normalised columns / 100.
// - v1 (2023–24): `Model` (plain id), ARC, HellaSwag, MMLU, TruthfulQA, Winogrande, GSM8K in 0–100
//   (divided by 100), `#Params (B)`, `Architecture`, `Type`.
// Contributor = the account before `/` of the id. Deployment = the `Type` without its emoji, shortened
// (pretrained, continuously pretrained, fine-tuned, chat, merge, multimodal, other). `#Params (B)` of 0 or
// missing → unknown. The real tables list some models more than once (different precision or revision):
// such ids get the precision appended (`id@bfloat16`) and, if still not unique, `#2`, `#3` (a warning
// lists them).
import { parquetReadObjects } from 'hyparquet';
import type { ModelMeta } from '../data/leaderboard.js';
import { InputError } from '../util/errors.js';
import { decodeText, findColumn, isMissingToken, parseCsv, parseNumber, type CsvTable, type FileData, type InputFile } from './csv.js';
import { listIds } from './assemble.js';
import { log10ParamsFromB, type ModelsTable } from './models.js';
import type { ScoresTable, } from './scores.js';
import type { Where } from './responses.js';

export interface LeaderboardTableOptions {
  /** Read v2's normalised (0–100, rescaled for chance) columns instead of the raw 0–1 ones. */
  normalised?: boolean;
}

export interface LeaderboardTable {
  version: 'v1' | 'v2';
  models: ModelsTable;
  scores: ScoresTable;
  warnings: string[];
}

export const V2_BENCHMARKS = ['IFEval', 'BBH', 'MATH Lvl 5', 'GPQA', 'MUSR', 'MMLU-PRO'] as const;
export const V1_BENCHMARKS = ['ARC', 'HellaSwag', 'MMLU', 'TruthfulQA', 'Winogrande', 'GSM8K'] as const;

/** Short deployment label from the leaderboard's `Type` ("🔶 fine-tuned on domain-specific datasets" → "fine-tuned"). */
export function deploymentFromType(type: string): string | null {
  const t = type.toLowerCase();
  if (t.trim() === '') return null;
  if (t.includes('continuously pretrained')) return 'continuously pretrained';
  if (t.includes('pretrained')) return 'pretrained';
  if (t.includes('fine-tuned') || t.includes('finetuned')) return 'fine-tuned';
  if (t.includes('chat')) return 'chat';
  if (t.includes('merge')) return 'merge';
  if (t.includes('multimodal')) return 'multimodal';
  if (t.includes('other')) return 'other';
  return type.replace(/^[^\p{L}\p{N}]+/u, '').trim() || null;
}

/** Whether a table's header is an Open LLM Leaderboard v1 or v2 table. */
export function leaderboardVersionOf(header: readonly string[]): 'v1' | 'v2' | null {
  if (findColumn(header, 'fullname') >= 0 && V2_BENCHMARKS.every((b) => findColumn(header, `${b} Raw`) >= 0 || findColumn(header, b) >= 0)) return 'v2';
  if (findColumn(header, 'Model') >= 0 && V1_BENCHMARKS.every((b) => findColumn(header, b) >= 0)) return 'v1';
  return null;
}

function isParquet(data: FileData): boolean {
  if (typeof data === 'string') return false;
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x41 && data[2] === 0x52 && data[3] === 0x31; // "PAR1"
}

function cellString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** A Parquet file as a table of strings (row k is reported as "line" k + 2, as if a header came first). */
export async function parquetToTable(data: Uint8Array, file: string): Promise<CsvTable> {
  const buf = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  let rows: Record<string, unknown>[];
  try {
    rows = (await parquetReadObjects({ file: buf })) as Record<string, unknown>[];
  } catch (e) {
    throw new InputError(file, 0, 0, `not a readable Parquet file: ${e instanceof Error ? e.message : String(e)}`);
  }
  const header: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), header.push(k));
  return { file, header, rows: rows.map((r) => header.map((h) => cellString(r[h]))), lines: rows.map((_, k) => k + 2) };
}

/** Read a leaderboard table, CSV or Parquet (told apart by the Parquet magic bytes). */
export async function readLeaderboardTable(input: InputFile, opts: LeaderboardTableOptions = {}): Promise<LeaderboardTable> {
  const t = isParquet(input.data) ? await parquetToTable(input.data as Uint8Array, input.name) : parseCsv(input.data, input.name);
  return leaderboardFromTable(t, opts);
}

export function leaderboardFromTable(t: CsvTable, opts: LeaderboardTableOptions = {}): LeaderboardTable {
  const file = t.file;
  const warnings: string[] = [];
  let version: 'v1' | 'v2';
  let idCol: number;
  let benchmarks: string[];
  let benchCols: number[];
  let scale: number;
  const detected = leaderboardVersionOf(t.header);
  if (detected === 'v2') {
    version = 'v2';
    idCol = findColumn(t.header, 'fullname');
    benchmarks = [...V2_BENCHMARKS];
    benchCols = benchmarks.map((b) => {
      const name = opts.normalised ? b : `${b} Raw`;
      const k = findColumn(t.header, name);
      if (k < 0) throw new InputError(file, 1, 0, `no "${name}" column`);
      return k;
    });
    scale = opts.normalised ? 100 : 1;
  } else if (detected === 'v1') {
    version = 'v1';
    idCol = findColumn(t.header, 'Model');
    benchmarks = [...V1_BENCHMARKS];
    benchCols = benchmarks.map((b) => findColumn(t.header, b));
    scale = 100;
  } else {
    throw new InputError(file, 1, 0, `not an Open LLM Leaderboard table: expected v2 columns (fullname, ${V2_BENCHMARKS.join(', ')} with "Raw" columns) or v1 columns (Model, ${V1_BENCHMARKS.join(', ')})`);
  }
  const paramsCol = findColumn(t.header, '#Params (B)');
  const archCol = findColumn(t.header, 'Architecture');
  const typeCol = findColumn(t.header, 'Type');
  const precCol = findColumn(t.header, 'Precision');
  const used = new Set([idCol, paramsCol, archCol, ...benchCols]);

  // Ids: disambiguate repeated submissions.
  const raw = t.rows.map((row, r) => {
    const id = row[idCol]!.trim();
    if (id === '') throw new InputError(file, t.lines[r]!, t.header[idCol]!, 'empty model id');
    return id;
  });
  const count = new Map<string, number>();
  for (const id of raw) count.set(id, (count.get(id) ?? 0) + 1);
  const ids = raw.map((id, r) => (count.get(id)! > 1 && precCol >= 0 && t.rows[r]![precCol]!.trim() !== '' ? `${id}@${t.rows[r]![precCol]!.trim()}` : id));
  const seen = new Map<string, number>();
  const repeated = new Set<string>();
  for (let r = 0; r < ids.length; r++) {
    const k = (seen.get(ids[r]!) ?? 0) + 1;
    seen.set(ids[r]!, k);
    if (k > 1) ids[r] = `${ids[r]}#${k}`;
    if (count.get(raw[r]!)! > 1) repeated.add(raw[r]!);
  }
  if (repeated.size > 0) warnings.push(`${file}: ${repeated.size} model id(s) appear on several rows (made unique with @precision or #k): ${listIds([...repeated])}`);

  const models: ModelMeta[] = [];
  const where: Where[] = [];
  const nB = benchmarks.length;
  const values = new Float64Array(t.rows.length * nB).fill(NaN);
  for (let r = 0; r < t.rows.length; r++) {
    const row = t.rows[r]!;
    const line = t.lines[r]!;
    let paramsB = paramsCol >= 0 ? parseNumber(row[paramsCol]!, file, line, t.header[paramsCol]!) : null;
    if (paramsB !== null && paramsB <= 0) paramsB = null;
    const id = ids[r]!;
    const slash = raw[r]!.indexOf('/');
    const extra: Record<string, string> = {};
    for (let c = 0; c < t.header.length; c++) if (!used.has(c) && t.header[c] !== '') extra[t.header[c]!] = row[c]!;
    models.push({
      id,
      name: raw[r]!,
      paramsB,
      log10Params: log10ParamsFromB(paramsB),
      architecture: archCol >= 0 && !isMissingToken(row[archCol]!) ? row[archCol]!.trim() : null,
      contributor: slash > 0 ? raw[r]!.slice(0, slash) : null,
      deployment: typeCol >= 0 ? deploymentFromType(row[typeCol]!) : null,
      extra,
    });
    where.push({ line, column: t.header[idCol]! });
    for (let b = 0; b < nB; b++) {
      const c = benchCols[b]!;
      const v = parseNumber(row[c]!, file, line, t.header[c]!);
      if (v !== null) values[r * nB + b] = v / scale;
    }
  }
  return {
    version,
    models: { file, models, where },
    scores: {
      file,
      modelIds: ids,
      modelWhere: where,
      benchmarks,
      benchmarkWhere: benchCols.map((c) => ({ line: 1, column: t.header[c]! })),
      values,
      itemCounts: benchmarks.map(() => null),
      warnings: [],
    },
    warnings,
  };
}
