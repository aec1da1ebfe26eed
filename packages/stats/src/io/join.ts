// Model metadata for item-level data: join the models of the responses to a metadata table (an Open LLM
// Leaderboard v1/v2 table, or any models CSV) on the model id, with a report of what matched.
//
// Rules:
// - A data model matches the table rows whose model name is exactly its id (a leaderboard table's
//   `Model` / `fullname`, a models CSV's `model_id`); failing that, with `loose`, the rows whose name
//   equals it ignoring case and reading `__` as `/` (Hugging Face's folder spelling) — only when that
//   names one model.
// - Several rows for one model (the leaderboard lists some models once per precision or revision): the
//   fields on which they agree are kept; a field on which they disagree (parameter counts differing by
//   more than 1 %, or different architecture or type) becomes unknown, and the model is reported as
//   ambiguous with the fields that differ. A parameter count of 0 is unknown, not a disagreement.
// - A model without a row keeps its id-derived metadata (contributor = the account before `/`) and
//   `hasMetadata: false`; it stays in the data (layers that need metadata leave it out with a count).
import type { MetadataJoin, ModelMeta } from '../data/leaderboard.js';
import { bareModel, type ModelsTable } from './models.js';

export interface JoinOptions {
  /** Also match ignoring case and `__` ↔ `/` (default true). */
  loose?: boolean;
  /** What the table is, for the report. */
  table: 'v1' | 'v2' | 'models';
}

export function looseKey(id: string): string {
  return id.trim().toLowerCase().replace(/__/g, '/');
}

function sameParams(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.01 * Math.max(Math.abs(a), Math.abs(b));
}

/** Merge several metadata rows of one model: agreeing fields kept, disagreeing ones unknown. */
function mergeRows(id: string, rows: readonly ModelMeta[]): { meta: ModelMeta; differ: string[] } {
  const first = rows[0]!;
  const differ: string[] = [];
  const params = rows.map((r) => r.paramsB).filter((p): p is number => p !== null && p > 0);
  let paramsB: number | null = params[0] ?? null;
  let log10Params: number | null = paramsB === null ? null : (rows.find((r) => r.paramsB === paramsB)?.log10Params ?? null);
  if (params.some((p) => !sameParams(p, params[0]!))) {
    differ.push('params');
    paramsB = null;
    log10Params = null;
  }
  const pick = (key: 'architecture' | 'deployment' | 'contributor', label: string): string | null => {
    const vals = [...new Set(rows.map((r) => r[key]).filter((v): v is string => v !== null))];
    if (vals.length > 1) {
      differ.push(label);
      return null;
    }
    return vals[0] ?? null;
  };
  const meta: ModelMeta = {
    id,
    name: first.name,
    paramsB,
    log10Params,
    architecture: pick('architecture', 'architecture'),
    contributor: pick('contributor', 'contributor'),
    deployment: pick('deployment', 'type'),
    extra: { ...first.extra },
    hasMetadata: true,
  };
  return { meta, differ };
}

/**
 * Join metadata rows onto the data's model ids. The table's models are keyed by `name` (the plain id a
 * leaderboard table gives; a models CSV's name defaults to its id) and by `id`.
 */
export function joinModelMetadata(modelIds: readonly string[], table: ModelsTable, opts: JoinOptions): { models: ModelMeta[]; join: MetadataJoin } {
  const loose = opts.loose ?? true;
  const byName = new Map<string, ModelMeta[]>();
  const add = (key: string, m: ModelMeta): void => {
    const list = byName.get(key);
    if (list) {
      if (!list.includes(m)) list.push(m);
    } else byName.set(key, [m]);
  };
  // A leaderboard table's id may carry `@precision` / `#k`; its `name` is the plain id. A models CSV's id
  // is the key, and its name (a display name) is not used for matching.
  for (const m of table.models) add(opts.table === 'models' ? m.id : m.name, m);
  const byLoose = new Map<string, string[]>();
  if (loose) {
    for (const key of byName.keys()) {
      const k = looseKey(key);
      const list = byLoose.get(k);
      if (list) list.push(key);
      else byLoose.set(k, [key]);
    }
  }
  const used = new Set<ModelMeta>();
  const unmatched: string[] = [];
  const ambiguous: MetadataJoin['ambiguous'] = [];
  let matched = 0;
  let matchedLoosely = 0;
  const models = modelIds.map((id) => {
    let rows = byName.get(id);
    let viaLoose = false;
    if (!rows && loose) {
      const keys = byLoose.get(looseKey(id));
      if (keys && keys.length === 1) {
        rows = byName.get(keys[0]!);
        viaLoose = true;
      }
    }
    if (!rows) {
      unmatched.push(id);
      return { ...bareModel(id), hasMetadata: false };
    }
    for (const r of rows) used.add(r);
    const { meta, differ } = rows.length === 1 ? { meta: { ...rows[0]!, id, extra: { ...rows[0]!.extra }, hasMetadata: true }, differ: [] as string[] } : mergeRows(id, rows);
    if (differ.length > 0) ambiguous.push({ model_id: id, rows: rows.length, differ_on: differ });
    else matched++;
    if (viaLoose) matchedLoosely++;
    return meta;
  });
  return {
    models,
    join: {
      file: table.file,
      table: opts.table,
      matched,
      matched_loosely: matchedLoosely,
      unmatched,
      ambiguous,
      table_rows_unused: table.models.filter((m) => !used.has(m)).length,
    },
  };
}

/** One short block of text about a join. */
export function formatJoin(j: MetadataJoin): string {
  const n = j.matched + j.unmatched.length + j.ambiguous.length;
  const what = j.table === 'models' ? 'models file' : `Open LLM Leaderboard ${j.table} table`;
  const lines = [
    `model metadata from ${j.file} (${what}): ${j.matched} of ${n} models matched${j.matched_loosely > 0 ? ` (${j.matched_loosely} ignoring case or __ for /)` : ''}, ${j.unmatched.length} unmatched, ${j.ambiguous.length} ambiguous.`,
  ];
  if (j.ambiguous.length > 0) {
    const fields = new Map<string, number>();
    for (const a of j.ambiguous) for (const f of a.differ_on) fields.set(f, (fields.get(f) ?? 0) + 1);
    lines.push(`  ambiguous = several rows that disagree (${[...fields].map(([f, k]) => `${f}: ${k}`).join(', ')}); the disagreeing fields are left unknown.`);
  }
  if (j.unmatched.length > 0) lines.push(`  Unmatched models stay in the data without metadata; layers that need size, architecture or type leave them out and say how many.`);
  return lines.join('\n');
}
