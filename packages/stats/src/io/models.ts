// Models CSV: `model_id,...metadata`. Recognised columns: name, params_b, log10_params (log10 of the
// parameter count, i.e. log10(params_b · 1e9)), architecture, contributor, deployment (alias type /
// model_type); every other column is kept in `extra`. When only one of params_b / log10_params is
// given, the other is derived.
import type { ModelMeta } from '../data/leaderboard.js';
import { InputError } from '../util/errors.js';
import { findColumn, isMissingToken, parseCsv, parseNumber, type InputFile } from './csv.js';
import type { Where } from './responses.js';

export interface ModelsTable {
  file: string;
  models: ModelMeta[];
  where: Where[];
}

/** log10 of the parameter count from billions (null for unknown, zero or negative). */
export function log10ParamsFromB(paramsB: number | null): number | null {
  return paramsB !== null && paramsB > 0 ? Math.log10(paramsB * 1e9) : null;
}

export function readModels(input: InputFile, opts: { modelCol?: string | null } = {}): ModelsTable {
  const t = parseCsv(input.data, input.name);
  const names = opts.modelCol ? [opts.modelCol, 'model_id', 'model'] : ['model_id', 'model'];
  const mc = findColumn(t.header, ...names);
  if (mc < 0) throw new InputError(t.file, 1, 0, `no model-id column (expected ${names.map((x) => `"${x}"`).join(' or ')}; name the model-id column)`);
  const col = {
    name: findColumn(t.header, 'name'),
    paramsB: findColumn(t.header, 'params_b'),
    log10: findColumn(t.header, 'log10_params'),
    architecture: findColumn(t.header, 'architecture'),
    contributor: findColumn(t.header, 'contributor'),
    deployment: findColumn(t.header, 'deployment', 'type', 'model_type'),
  };
  const known = new Set<number>([mc, ...Object.values(col).filter((k) => k >= 0)]);
  const models: ModelMeta[] = [];
  const where: Where[] = [];
  const seen = new Map<string, number>();
  const text = (row: string[], k: number): string | null => (k >= 0 && !isMissingToken(row[k]!) ? row[k]!.trim() : null);
  for (let r = 0; r < t.rows.length; r++) {
    const row = t.rows[r]!;
    const line = t.lines[r]!;
    const id = row[mc]!.trim();
    if (id === '') throw new InputError(t.file, line, t.header[mc]!, 'empty model id');
    if (seen.has(id)) throw new InputError(t.file, line, t.header[mc]!, `duplicate model id "${id}" (also line ${seen.get(id)})`);
    seen.set(id, line);
    let paramsB = col.paramsB >= 0 ? parseNumber(row[col.paramsB]!, t.file, line, t.header[col.paramsB]!) : null;
    let log10Params = col.log10 >= 0 ? parseNumber(row[col.log10]!, t.file, line, t.header[col.log10]!) : null;
    if (paramsB !== null && paramsB <= 0) paramsB = null;
    if (log10Params === null) log10Params = log10ParamsFromB(paramsB);
    if (paramsB === null && log10Params !== null) paramsB = 10 ** log10Params / 1e9;
    const extra: Record<string, string> = {};
    for (let c = 0; c < t.header.length; c++) if (!known.has(c)) extra[t.header[c]!] = row[c]!;
    models.push({
      id,
      name: text(row, col.name) ?? id,
      paramsB,
      log10Params,
      architecture: text(row, col.architecture),
      contributor: text(row, col.contributor),
      deployment: text(row, col.deployment),
      extra,
    });
    where.push({ line, column: t.header[mc]! });
  }
  return { file: t.file, models, where };
}

/** Metadata for a model known only by its id (contributor = the account before `/`, if any). */
export function bareModel(id: string): ModelMeta {
  const slash = id.indexOf('/');
  return { id, name: id, paramsB: null, log10Params: null, architecture: null, contributor: slash > 0 ? id.slice(0, slash) : null, deployment: null, extra: {} };
}
