// EleutherAI lm-evaluation-harness logs written with `--output_path OUT --log_samples` (harness ≥ 0.4):
// per model a folder OUT/<model_name_sanitized>/ with `results_<date>.json` and one
// `samples_<task>_<date>.jsonl` per task, <date> = datetime.now().isoformat() with ':' → '-'
// (lm_eval/loggers/evaluation_tracker.py). Each samples line is one JSON object per doc and filter:
// `doc_id`, `filter` (e.g. "none", "strict-match"), `metrics` (names) and one field per metric
// (`acc`, `acc_norm`, `exact_match`, …). The results file holds `model_name`, `config.model_args` and
// `results[task]["<metric>,<filter>"]`.
//
// Every folder holding samples files is one model; its tasks are benchmarks (an items file may regroup
// them, e.g. all `mmlu_*` subtasks as `mmlu`); item ids are
// `<task>:<doc_id>`. When a task was run more than once, the newest date wins. The metric (`--metric`, a
// comma-separated list: per task the first it has; default acc, then exact_match, or the task's only metric) must be 0/1 per doc; the filter (`--filter`)
// defaults to "none" or the task's only filter. Models are ordered by folder, items by task then doc_id,
// so the result does not depend on the order the files are given in.
import type { Leaderboard } from '../data/leaderboard.js';
import { InputError } from '../util/errors.js';
import { assembleLeaderboard } from './assemble.js';
import { decodeText, type InputFile } from './csv.js';
import type { ResponseBlock, Where } from './responses.js';
import { MISSING } from '../data/leaderboard.js';

export interface LmEvalOptions {
  metric?: string | null;
  filter?: string | null;
}

const SAMPLES_RE = /^samples_(.+)_(\d{4}-\d{2}-\d{2}T[0-9.\-:]+)\.jsonl$/;
const RESULTS_RE = /^results_(\d{4}-\d{2}-\d{2}T[0-9.\-:]+)\.json$/;
const DEFAULT_METRICS = ['acc', 'exact_match'];

function splitPath(p: string): { dir: string; base: string } {
  const norm = p.replace(/\\/g, '/');
  const k = norm.lastIndexOf('/');
  return k < 0 ? { dir: '.', base: norm } : { dir: norm.slice(0, k), base: norm.slice(k + 1) };
}

/** Model id from a results file: `model_name`, else `pretrained=`/`model=`/`path=` in config.model_args. */
function modelNameFromResults(json: unknown): string | null {
  if (!json || typeof json !== 'object') return null;
  const o = json as Record<string, unknown>;
  if (typeof o.model_name === 'string' && o.model_name.trim() !== '') return o.model_name.trim();
  const cfg = o.config as Record<string, unknown> | undefined;
  const args = cfg?.model_args;
  if (typeof args === 'string') {
    for (const key of ['peft=', 'delta=', 'pretrained=', 'model=', 'path=', 'engine=']) {
      const k = args.indexOf(key);
      if (k >= 0) return args.slice(k + key.length).split(',')[0]!.trim() || null;
    }
  }
  return null;
}

/**
 * The model id of a harness output folder (the one rule, also used by compare's stderr reader): `model_name`
 * of its results file, else `pretrained=` etc. in config.model_args, else the folder's name with `__` → `/`
 * (`root` for files at the top of the tree).
 */
export function lmEvalModelId(json: unknown, dir: string, root = '(lm-eval logs)'): string {
  const base = splitPath(dir).base;
  return modelNameFromResults(json) ?? (base === '.' ? root : base.replace(/__/g, '/'));
}

interface TaskRun {
  file: string;
  task: string;
  date: string;
  data: InputFile['data'];
}

/**
 * Read harness logs (all files of an output tree, with paths relative to its root, in any order) into a
 * ResponseBlock (long form, benchmarks = tasks) plus warnings (result files that disagree with the samples).
 */
export function readLmEvalBlock(files: readonly InputFile[], opts: LmEvalOptions = {}, root = '(lm-eval logs)'): { block: ResponseBlock; warnings: string[] } {
  const warnings: string[] = [];
  const dirs = new Map<string, { samples: Map<string, TaskRun>; results: { file: string; date: string; data: InputFile['data'] } | null }>();
  for (const f of files) {
    const { dir, base } = splitPath(f.name);
    const s = SAMPLES_RE.exec(base);
    const r = RESULTS_RE.exec(base);
    if (!s && !r) continue;
    let d = dirs.get(dir);
    if (!d) dirs.set(dir, (d = { samples: new Map(), results: null }));
    if (s) {
      const prev = d.samples.get(s[1]!);
      if (!prev || prev.date < s[2]!) d.samples.set(s[1]!, { file: f.name, task: s[1]!, date: s[2]!, data: f.data });
    } else if (r && (!d.results || d.results.date < r[1]!)) {
      d.results = { file: f.name, date: r[1]!, data: f.data };
    }
  }
  const modelDirs = [...dirs.entries()].filter(([, d]) => d.samples.size > 0).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (modelDirs.length === 0) throw new InputError(root, 0, 0, 'no samples_<task>_<date>.jsonl files (run the harness with --log_samples)');

  // model id per folder
  const modelIds: string[] = [];
  const modelWhere: Where[] = [];
  const idToDir = new Map<string, string>();
  const resultsJson: (Record<string, unknown> | null)[] = [];
  for (const [dir, d] of modelDirs) {
    let json: Record<string, unknown> | null = null;
    if (d.results) {
      try {
        json = JSON.parse(decodeText(d.results.data, d.results.file)) as Record<string, unknown>;
      } catch (e) {
        throw new InputError(d.results.file, 0, 0, `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const id = lmEvalModelId(json, dir, root);
    const other = idToDir.get(id);
    if (other !== undefined) throw new InputError(d.results?.file ?? dir, 0, 0, `duplicate model id "${id}" (also in ${other})`);
    idToDir.set(id, dir);
    modelIds.push(id);
    modelWhere.push(d.results ? { file: d.results.file, line: 1, column: 'model_name' } : { file: [...d.samples.values()][0]!.file, line: 0, column: 0 });
    resultsJson.push(json);
  }

  // cells
  interface Cell { m: number; item: string; v: number }
  const cells: Cell[] = [];
  const itemTask = new Map<string, { task: string; doc: number | string; where: Where; file: string }>();
  modelDirs.forEach(([, d], m) => {
    for (const run of [...d.samples.values()].sort((a, b) => (a.task < b.task ? -1 : 1))) {
      const { metric, filter, values } = readSamplesFile(run, opts);
      const mean = values.reduce((s, x) => s + x.v, 0) / values.length;
      const reported = (resultsJson[m]?.results as Record<string, Record<string, unknown>> | undefined)?.[run.task]?.[`${metric},${filter}`];
      if (typeof reported === 'number' && Math.abs(reported - mean) > 1e-6) {
        warnings.push(`${run.file}: mean ${metric} (${filter}) over the samples is ${mean.toFixed(6)} but the results file says ${reported}`);
      }
      for (const x of values) {
        const item = `${run.task}:${x.doc}`;
        if (!itemTask.has(item)) itemTask.set(item, { task: run.task, doc: x.doc, where: { file: run.file, line: x.line, column: 'doc_id' }, file: run.file });
        cells.push({ m, item, v: x.v });
      }
    }
  });
  const itemIds = [...itemTask.keys()].sort((a, b) => {
    const A = itemTask.get(a)!;
    const B = itemTask.get(b)!;
    if (A.task !== B.task) return A.task < B.task ? -1 : 1;
    if (typeof A.doc === 'number' && typeof B.doc === 'number') return A.doc - B.doc;
    return String(A.doc) < String(B.doc) ? -1 : String(A.doc) > String(B.doc) ? 1 : 0;
  });
  const col = new Map(itemIds.map((id, j) => [id, j] as const));
  const nI = itemIds.length;
  const values = new Uint8Array(modelIds.length * nI).fill(MISSING);
  for (const c of cells) values[c.m * nI + col.get(c.item)!] = c.v;
  return {
    block: {
      file: root,
      form: 'long',
      benchmark: null,
      modelIds,
      modelWhere,
      itemIds,
      rawItemIds: itemIds,
      itemBenchmarks: itemIds.map((id) => itemTask.get(id)!.task),
      benchmarksOverridable: true,
      itemWhere: itemIds.map((id) => itemTask.get(id)!.where),
      values,
    },
    warnings,
  };
}

const NOT_METRICS = new Set(['doc_id', 'doc', 'target', 'arguments', 'resps', 'filtered_resps', 'filter', 'metrics', 'doc_hash', 'prompt_hash', 'target_hash', 'task_name', 'doc_ids']);

function readSamplesFile(run: TaskRun, opts: LmEvalOptions): { metric: string; filter: string; values: { doc: number | string; v: 0 | 1; line: number }[] } {
  const text = decodeText(run.data, run.file);
  const rows: { o: Record<string, unknown>; line: number }[] = [];
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const s = lines[k]!.trim();
    if (s === '') continue;
    let o: unknown;
    try {
      o = JSON.parse(s);
    } catch (e) {
      throw new InputError(run.file, k + 1, 0, `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!o || typeof o !== 'object' || Array.isArray(o)) throw new InputError(run.file, k + 1, 0, 'a samples line must be a JSON object');
    const obj = o as Record<string, unknown>;
    if (typeof obj.doc_id !== 'number' && typeof obj.doc_id !== 'string') throw new InputError(run.file, k + 1, 'doc_id', 'no doc_id');
    rows.push({ o: obj, line: k + 1 });
  }
  if (rows.length === 0) throw new InputError(run.file, 0, 0, 'no samples in file');
  const filters = [...new Set(rows.map((r) => (typeof r.o.filter === 'string' ? r.o.filter : 'none')))];
  let filter: string;
  if (opts.filter && filters.includes(opts.filter)) filter = opts.filter;
  else if (filters.length === 1) filter = filters[0]!;
  else if (!opts.filter && filters.includes('none')) filter = 'none';
  else throw new InputError(run.file, rows[0]!.line, 'filter', `task "${run.task}" has filters ${filters.join(', ')}; choose one (the lm-eval filter option)`);
  const chosen = rows.filter((r) => (typeof r.o.filter === 'string' ? r.o.filter : 'none') === filter);
  const first = chosen[0]!.o;
  const candidates = Array.isArray(first.metrics)
    ? (first.metrics as unknown[]).filter((x): x is string => typeof x === 'string')
    : Object.keys(first).filter((k) => !NOT_METRICS.has(k) && (typeof first[k] === 'number' || typeof first[k] === 'boolean'));
  let metric: string;
  if (opts.metric) {
    // A comma-separated list: the first metric the task has.
    const wanted = opts.metric.split(',').map((x) => x.trim()).filter((x) => x !== '');
    const hit = wanted.find((x) => x in first);
    if (!hit) throw new InputError(run.file, chosen[0]!.line, wanted[0] ?? 0, `no ${wanted.map((x) => `"${x}"`).join(' or ')} field in task "${run.task}" (its metrics: ${candidates.join(', ') || 'none'})`);
    metric = hit;
  } else {
    const def = DEFAULT_METRICS.find((x) => candidates.includes(x) && x in first);
    if (def) metric = def;
    else if (candidates.length === 1 && candidates[0]! in first) metric = candidates[0]!;
    else throw new InputError(run.file, chosen[0]!.line, 0, `task "${run.task}": choose a 0/1 metric (the lm-eval metric option; found: ${candidates.join(', ') || 'none'})`);
  }
  const seen = new Map<string, number>();
  const values = chosen.map(({ o, line }) => {
    const key = String(o.doc_id);
    if (seen.has(key)) throw new InputError(run.file, line, 'doc_id', `duplicate doc_id ${key} for filter "${filter}" (also line ${seen.get(key)})`);
    seen.set(key, line);
    const raw = o[metric];
    let v: 0 | 1;
    if (raw === true || raw === 1) v = 1;
    else if (raw === false || raw === 0) v = 0;
    else if (raw === undefined) throw new InputError(run.file, line, metric, `no "${metric}" field`);
    else throw new InputError(run.file, line, metric, `${metric} = ${JSON.stringify(raw)} is not 0/1 (item-level analysis needs a 0/1 metric; choose one with the lm-eval metric option)`);
    return { doc: o.doc_id as number | string, v, line };
  });
  return { metric, filter, values };
}

/** Harness logs → Leaderboard (optionally with a models file's metadata via assembleLeaderboard). */
export function readLmEval(files: readonly InputFile[], opts: LmEvalOptions = {}, root = '(lm-eval logs)'): Leaderboard {
  const { block, warnings } = readLmEvalBlock(files, opts, root);
  return assembleLeaderboard({ responses: [block], warnings, sources: [root] });
}
