// G-theory study, granularity checks: alternative codings of a facet, given by the user as
// `facet=rule`:
//   top:K    keep the K levels with the most models, all others become "other";
//   family   architecture class name reduced to its family: "Qwen2ForCausalLM" → "qwen",
//            "LlamaForCausalLM" → "llama", "Gemma2ForCausalLM" → "gemma", "MixtralForCausalLM" → "mixtral"
//            (the part before For…/LMHead…/Model, lower case, trailing version digits and "moe" removed);
//   prefix:N the first N characters of the level (e.g. contributor name prefixes);
//   single   one level for all models (the facet's variance is then absorbed by the others);
//   map:FILE a user-given coding, a CSV of `level,new_level` (read through the runner's readFile: see resolveRecode);
//            levels the file does not list keep their name.
import { parseCsv, type InputFile } from '../io/index.js';
import { InputError } from '../util/errors.js';
import type { GtheoryTable } from './data.js';

export type Facet = 'contributor' | 'architecture' | 'deployment';
export interface RecodeSpec {
  facet: Facet;
  rule: 'top' | 'family' | 'prefix' | 'single' | 'map';
  k: number;
  text: string;
  /** rule 'map': the file named in the rule, and its level → new level pairs once read. */
  file?: string;
  mapping?: Record<string, string>;
}

const FACETS: Facet[] = ['contributor', 'architecture', 'deployment'];

export function parseRecode(text: string): RecodeSpec {
  const err = (d: string): InputError => new InputError('recode rule', 0, 0, `"${text}": ${d}`);
  const mm = /^\s*([a-z_]+)\s*=\s*map:(.+)$/i.exec(text);
  if (mm) {
    const facet = mm[1]!.toLowerCase() as Facet;
    if (!FACETS.includes(facet)) throw err(`unknown facet '${mm[1]}' (one of ${FACETS.join(', ')})`);
    return { facet, rule: 'map', k: NaN, text, file: mm[2]!.trim() };
  }
  const m = /^\s*([a-z_]+)\s*=\s*([a-z]+)(?::(\d+))?\s*$/i.exec(text);
  if (!m) throw err(`expected FACET=RULE such as contributor=top:20, architecture=family or architecture=map:FILE.csv`);
  const facet = m[1]!.toLowerCase() as Facet;
  if (!FACETS.includes(facet)) throw err(`unknown facet '${m[1]}' (one of ${FACETS.join(', ')})`);
  const rule = m[2]!.toLowerCase();
  const k = m[3] === undefined ? NaN : Number(m[3]);
  if (rule === 'top' || rule === 'prefix') {
    if (!(k >= 1)) throw err(`rule '${rule}' needs a positive number, e.g. ${rule}:20`);
    return { facet, rule, k, text };
  }
  if (rule === 'family' || rule === 'single') {
    if (m[3] !== undefined) throw err(`rule '${rule}' takes no number`);
    return { facet, rule, k: NaN, text };
  }
  throw err(`unknown rule '${m[2]}' (top:K, family, prefix:N, single, map:FILE)`);
}

/** Attach the level → new level pairs of a `map:FILE` rule, read from a CSV table (header + two columns). */
export function withMapping(spec: RecodeSpec, rows: string[][], file: string): RecodeSpec {
  const mapping: Record<string, string> = {};
  rows.forEach((r, i) => {
    if (r.length < 2 || r[0] === undefined || r[1] === undefined || r[1].trim() === '')
      throw new InputError(file, i + 2, 2, 'expected two columns: level,new_level');
    mapping[r[0].trim()] = r[1].trim();
  });
  return { ...spec, mapping };
}

/**
 * A recode rule as the runner takes it: the text of a rule (parsed here) or a parsed rule; a `map:FILE`
 * rule without its pairs has its file read through `readFile` (the front end's file access) and parsed.
 */
export function resolveRecode(rule: RecodeSpec | string, readFile?: (path: string) => InputFile): RecodeSpec {
  const spec = typeof rule === 'string' ? parseRecode(rule) : rule;
  if (spec.rule !== 'map' || spec.mapping) return spec;
  if (!readFile) throw new InputError('recode rule', 0, 0, `"${spec.text}": no way to read ${spec.file} here`);
  const f = readFile(spec.file!);
  return withMapping(spec, parseCsv(f.data, f.name).rows, f.name);
}

export function architectureFamily(a: string): string {
  let s = a.replace(/(For[A-Z].*|LMHead.*|Model)$/, '');
  s = s.toLowerCase().replace(/[-_.]/g, '');
  s = s.replace(/moe$/, '').replace(/[0-9]+$/, '').replace(/v$/, '');
  return s || a.toLowerCase();
}

/** A copy of the table with one facet recoded; also returns the number of levels before and after. */
export function applyRecode(t: GtheoryTable, spec: RecodeSpec): { table: GtheoryTable; levelsBefore: number; levelsAfter: number } {
  const col = t[spec.facet];
  let map: (v: string) => string;
  if (spec.rule === 'top') {
    // count models (not rows) per level
    const perModel = new Map<string, string>();
    t.model_id.forEach((id, i) => perModel.set(id, col[i]!));
    const counts = new Map<string, number>();
    for (const v of perModel.values()) counts.set(v, (counts.get(v) ?? 0) + 1);
    const top = new Set(
      [...counts.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, spec.k)
        .map((e) => e[0]),
    );
    map = (v) => (top.has(v) ? v : 'other');
  } else if (spec.rule === 'family') map = architectureFamily;
  else if (spec.rule === 'prefix') map = (v) => v.slice(0, spec.k);
  else if (spec.rule === 'map') {
    if (!spec.mapping) throw new InputError(spec.file ?? 'recode rule', 0, 0, `the mapping of "${spec.text}" has not been read (withMapping)`);
    const mp = spec.mapping;
    map = (v) => mp[v] ?? v;
  }
  else map = () => 'all';
  const next = col.map(map);
  return {
    table: { ...t, [spec.facet]: next },
    levelsBefore: new Set(col).size,
    levelsAfter: new Set(next).size,
  };
}
