// Were two scores produced the same way? Per task both sides carry (setup.ts), every setup key is compared
// (canonical JSON, keys sorted); each difference is listed with why it matters. Keys one side does not
// report are listed as unknown (not a difference: nothing to compare). Tasks only one side ran are an
// item-set difference. A difference can be allowed by key (e.g. `shots` when a 0-shot vs 5-shot
// comparison is the point); the run is comparable when no difference is left unallowed.
import { readModels, type InputFile } from '../io/index.js';
import { InputError } from '../util/errors.js';
import { setupFromFiles, setupFromModelMeta, WHY, type RunSetup, type SetupKey } from './setup.js';

export interface ComparableOptions {
  /** Setup keys whose differences are accepted. */
  allow?: readonly string[];
}

export interface Difference {
  key: SetupKey;
  task: string;
  a: string;
  b: string;
  why: string;
  allowed: boolean;
}

export interface ComparableReport {
  schema_version: 1;
  a: { source: string; file: string; model: string | null };
  b: { source: string; file: string; model: string | null };
  tasks_compared: string[];
  tasks_only_a: string[];
  tasks_only_b: string[];
  differences: Difference[];
  /** Keys one side did not report, per task (cannot be checked). */
  unknown: { key: SetupKey; task: string; missing_in: 'a' | 'b' | 'both' }[];
  comparable: boolean;
  allowed_keys: string[];
  skipped: { part: string; reason: string }[];
}

export const SETUP_KEYS = Object.keys(WHY) as SetupKey[];

/** Canonical JSON: object keys sorted, no whitespace. */
function canon(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(typeof v === 'number' && Number.isInteger(v) ? v : v);
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  const o = v as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(o).sort()) {
    if (o[k] === undefined) continue;
    const key = JSON.stringify(k);
    parts.push(`${key}:${canon(o[k])}`);
  }
  return `{${parts.join(',')}}`;
}
/** Numbers written as strings in a models file ("5") equal numbers ("5" vs 5). */
const norm = (v: unknown): string => {
  const c = canon(v);
  return /^"-?\d+(\.\d+)?"$/.test(c) ? String(Number(JSON.parse(c))) : c;
};
const short = (s: string): string => (s.length > 160 ? `${s.slice(0, 157)}…` : s);

export function runComparable(a: RunSetup, b: RunSetup, opts: ComparableOptions = {}): ComparableReport {
  const allow = new Set(opts.allow ?? []);
  const skipped: ComparableReport['skipped'] = [];
  for (const k of allow) if (!(SETUP_KEYS as string[]).includes(k)) skipped.push({ part: `allow ${k}`, reason: `unknown setup key (keys: ${SETUP_KEYS.join(', ')})` });
  const ta = Object.keys(a.tasks).filter((t) => t !== '*');
  const tb = Object.keys(b.tasks).filter((t) => t !== '*');
  let common = ta.filter((t) => tb.includes(t)).sort();
  const onlyA = ta.filter((t) => !tb.includes(t)).sort();
  const onlyB = tb.filter((t) => !ta.includes(t)).sort();
  // a side with only "*" (models-file setup columns) applies to every task of the other side
  if (ta.length === 0 || tb.length === 0) common = [...new Set([...ta, ...tb])].sort();
  if (common.length === 0 && ta.length === 0 && tb.length === 0) common = ['*'];
  const differences: Difference[] = [];
  const unknown: ComparableReport['unknown'] = [];
  for (const task of common) {
    const sa = { ...(a.tasks['*'] ?? {}), ...(a.tasks[task] ?? {}) };
    const sb = { ...(b.tasks['*'] ?? {}), ...(b.tasks[task] ?? {}) };
    for (const key of SETUP_KEYS) {
      const va = sa[key];
      const vb = sb[key];
      const hasA = va !== undefined && va !== null;
      const hasB = vb !== undefined && vb !== null;
      if (!hasA || !hasB) {
        unknown.push({ key, task, missing_in: hasA ? 'b' : hasB ? 'a' : 'both' });
        continue;
      }
      if (norm(va) !== norm(vb)) differences.push({ key, task, a: short(canon(va)), b: short(canon(vb)), why: WHY[key], allowed: allow.has(key) });
    }
  }
  if (ta.length > 0 && tb.length > 0 && (onlyA.length > 0 || onlyB.length > 0)) {
    differences.push({ key: 'item_set', task: '(tasks)', a: short(onlyA.join(', ') || '—'), b: short(onlyB.join(', ') || '—'), why: 'tasks run on one side only: an overall score over different task sets is not comparable (compare task by task)', allowed: allow.has('item_set') });
  }
  if (ta.length > 0 && tb.length > 0 && common.length === 0) skipped.push({ part: 'per-task comparison', reason: 'the two runs share no task name' });
  return {
    schema_version: 1,
    a: { source: a.source, file: a.file, model: a.model },
    b: { source: b.source, file: b.file, model: b.model },
    tasks_compared: common,
    tasks_only_a: onlyA,
    tasks_only_b: onlyB,
    differences,
    unknown,
    comparable: differences.every((d) => d.allowed) && common.length > 0,
    allowed_keys: [...allow].sort(),
    skipped,
  };
}

/** One side of `comparable`: the files of a path (results_*.json, an Inspect log, HELM run folders), or a
 *  model id with a models file holding setup columns. */
export type ComparableInput = { label: string; files: InputFile[] } | { label: string; model: string; modelsFile: InputFile };

function setupOfInput(x: ComparableInput): RunSetup {
  if ('files' in x) return setupFromFiles(x.files, x.label);
  const table = readModels(x.modelsFile);
  const m = table.models.find((r) => r.id === x.model || r.name === x.model);
  if (!m) throw new InputError(x.modelsFile.name, 0, 0, `no model "${x.model}" in the models file`);
  const s = setupFromModelMeta(m);
  if (!s) throw new InputError(x.modelsFile.name, 1, 0, 'no setup columns (shots, template, decoding, answer_extraction, aggregation, evaluator, contamination) in the models file');
  return { ...s, file: x.modelsFile.name };
}

/** runComparable on two inputs as given to the command. */
export function runComparableInputs(a: ComparableInput, b: ComparableInput, opts: ComparableOptions = {}): ComparableReport {
  return runComparable(setupOfInput(a), setupOfInput(b), opts);
}

/** One line per difference, for compare and gate. */
export function comparableWarnings(rep: ComparableReport): string[] {
  return rep.differences.filter((d) => !d.allowed).map((d) => `not evaluated the same way: ${d.key}${d.task !== '*' ? ` on ${d.task}` : ''}: ${d.a} vs ${d.b} — ${d.why}`);
}

export function formatComparable(rep: ComparableReport): string {
  const name = (s: ComparableReport['a']): string => `${s.model ?? '(model?)'} [${s.source}: ${s.file}]`;
  const out = [`A: ${name(rep.a)}`, `B: ${name(rep.b)}`, `tasks compared: ${rep.tasks_compared.length}${rep.tasks_only_a.length ? `; only in A: ${rep.tasks_only_a.length}` : ''}${rep.tasks_only_b.length ? `; only in B: ${rep.tasks_only_b.length}` : ''}`];
  if (rep.differences.length === 0) out.push('No difference in the setup both sides report.');
  for (const d of rep.differences) out.push(`${d.allowed ? '  (allowed) ' : '  ✗ '}${d.key}${d.task !== '*' ? ` [${d.task}]` : ''}: A ${d.a} | B ${d.b}\n      why it matters: ${d.why}`);
  const one = [...new Set(rep.unknown.filter((u) => u.missing_in !== 'both').map((u) => u.key))];
  // keys neither side reports on any task compared (e.g. decoding of log-likelihood tasks is not listed when a generative task has it)
  const both = SETUP_KEYS.filter((k) => rep.tasks_compared.length > 0 && rep.tasks_compared.every((t) => rep.unknown.some((u) => u.key === k && u.task === t && u.missing_in === 'both')));
  if (one.length) out.push(`Reported by one side only (cannot be checked): ${one.join(', ')}.`);
  if (both.length) out.push(`Reported by neither side (cannot be checked): ${both.join(', ')}.`);
  for (const s of rep.skipped) out.push(`skipped: ${s.part}: ${s.reason}`);
  out.push(rep.comparable ? 'Verdict: comparable on everything both sides report (it cannot check what they do not report).' : 'Verdict: NOT comparable as run — a score difference mixes the models with the setup differences above.');
  return out.join('\n');
}
