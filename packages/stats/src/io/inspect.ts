// Inspect AI evaluation logs (github UKGovernmentBEIS/inspect_ai, inspect_ai/log/_log.py and
// _recorders/eval.py):
// - `.eval` files are zip archives holding `header.json` (the EvalLog without samples: `eval` {task,
//   task_version, model, model_args, dataset, config {epochs, …}}, `plan` {steps [{solver, params}],
//   config (the GenerateConfig: temperature, max_tokens, …)}, `results` {scores [{name, scorer, …}]}),
//   `summaries.json` (a list of sample summaries `{id, epoch, input, target, scores}`) and one
//   `samples/{id}_epoch_{epoch}.json` per sample (the full EvalSample); `_journal/` holds the writer's
//   bookkeeping and is ignored;
// - `.json` logs are one EvalLog object with the samples inline (`samples: [...]`).
// A sample's `scores` maps scorer name → Score `{value, answer, explanation, metadata}`. The value becomes
// a number as inspect's `value_to_float` does: "C" (correct) → 1, "I" (incorrect) → 0, "P" (partial) → 0.5,
// "N" (no answer) → 0; true/false → 1/0, "yes"/"no"/"true"/"false", numbers and numeric strings as is.
// One scorer per log is read: the only one, else the one named (the `score` option; `SCORER.KEY` for one
// value of a dict-valued score). The model comes from
// the log header (`eval.model`), the benchmark from `eval.task` (with its `inspect_evals/` prefix cut).
// The samples' full files are read when the archive has them (the summaries otherwise; for a log still
// being written, `_journal/start.json` and the batches in `_journal/summaries/N.json`).
import { unzipSync, strFromU8 } from 'fflate';
import { InputError } from '../util/errors.js';
import { decodeText, type InputFile } from './csv.js';
import { parseJsonWithLines, type Sample, type SampleRun } from './samples.js';

export interface InspectOptions {
  /** Scorer to read when a log has several. */
  score?: string | null;
}

/** The log header fields the comparability check reads. */
export interface InspectHeader {
  file: string;
  task: string;
  task_version: string | number | null;
  model: string;
  model_args: Record<string, unknown>;
  task_args: Record<string, unknown>;
  dataset: { name: string | null; samples: number | null; sample_ids: (string | number)[] | null };
  epochs: number | null;
  solver: string[];
  generate_config: Record<string, unknown>;
  scorers: string[];
  status: string | null;
  /** When the evaluation was created (ISO 8601), if the header says. */
  created: string | null;
}

const isZip = (d: InputFile['data']): boolean => typeof d !== 'string' && d.length >= 4 && d[0] === 0x50 && d[1] === 0x4b && d[2] === 0x03 && d[3] === 0x04;

/** A score value as a number (inspect's value_to_float), or null when it is not a single score. */
export function inspectValueToFloat(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === 'C') return 1;
    if (s === 'I') return 0;
    if (s === 'P') return 0.5;
    if (s === 'N') return 0;
    const l = s.toLowerCase();
    if (l === 'yes' || l === 'true') return 1;
    if (l === 'no' || l === 'false') return 0;
    const x = Number(s);
    return s !== '' && Number.isFinite(x) ? x : null;
  }
  return null;
}

const obj = (x: unknown): Record<string, unknown> => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {});

function headerOf(log: Record<string, unknown>, file: string, lineOf: (o: unknown) => number): InspectHeader {
  const ev = obj(log.eval);
  if (!log.eval || typeof log.eval !== 'object') throw new InputError(file, lineOf(log), 'eval', 'not an Inspect AI log: no "eval" header (task, model, …)');
  if (typeof ev.model !== 'string' || ev.model.trim() === '') throw new InputError(file, lineOf(ev), 'eval.model', 'the log header names no model');
  if (typeof ev.task !== 'string' || ev.task.trim() === '') throw new InputError(file, lineOf(ev), 'eval.task', 'the log header names no task');
  const plan = obj(log.plan);
  const steps = Array.isArray(plan.steps) ? plan.steps : [];
  const ds = obj(ev.dataset);
  const results = obj(log.results);
  const scores = Array.isArray(results.scores) ? results.scores : [];
  return {
    file,
    task: ev.task.trim().replace(/^inspect_evals\//, ''),
    task_version: typeof ev.task_version === 'string' || typeof ev.task_version === 'number' ? ev.task_version : null,
    model: ev.model.trim(),
    model_args: obj(ev.model_args),
    task_args: obj(ev.task_args),
    dataset: {
      name: typeof ds.name === 'string' ? ds.name : null,
      samples: typeof ds.samples === 'number' ? ds.samples : null,
      sample_ids: Array.isArray(ds.sample_ids) ? (ds.sample_ids as (string | number)[]) : null,
    },
    epochs: typeof obj(ev.config).epochs === 'number' ? (obj(ev.config).epochs as number) : null,
    solver: steps.map((s) => {
      const o = obj(s);
      const params = obj(o.params);
      return `${typeof o.solver === 'string' ? o.solver : '?'}${Object.keys(params).length ? `(${JSON.stringify(params)})` : ''}`;
    }),
    generate_config: obj(plan.config),
    scorers: [...new Set(scores.map((s) => String(obj(s).name ?? obj(s).scorer ?? '')).filter((x) => x !== ''))],
    status: typeof log.status === 'string' ? log.status : null,
    created: typeof ev.created === 'string' ? ev.created : null,
  };
}

interface RawSample {
  o: Record<string, unknown>;
  file: string;
  lineOf: (o: unknown) => number;
}

/** The files of a `.eval` archive, or an InputError. */
function unzip(input: InputFile, headerOnly = false): Record<string, Uint8Array> {
  try {
    return unzipSync(input.data as Uint8Array, { filter: (f) => f.name === 'header.json' || f.name === '_journal/start.json' || (!headerOnly && (f.name === 'summaries.json' || /^samples\/[^/]+\.json$/.test(f.name) || /^_journal\/summaries\/[^/]+\.json$/.test(f.name))) });
  } catch (e) {
    throw new InputError(input.name, 0, 0, `not a readable .eval (zip) archive: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Read one Inspect AI log (`.eval` archive or `.json`) into its header and one run of samples. */
export function readInspectLog(input: InputFile, opts: InspectOptions = {}): { header: InspectHeader; run: SampleRun; warnings: string[] } {
  const warnings: string[] = [];
  let header: InspectHeader;
  const raws: RawSample[] = [];
  if (isZip(input.data)) {
    const files = unzip(input);
    const hname = files['header.json'] ? 'header.json' : files['_journal/start.json'] ? '_journal/start.json' : null;
    if (!hname) throw new InputError(input.name, 0, 0, 'the .eval archive has no header.json (an unfinished log?)');
    const hfile = `${input.name}/${hname}`;
    const h = parseJsonWithLines(strFromU8(files[hname]!), hfile);
    header = headerOf(obj(h.value), hfile, h.lineOf);
    const sampleNames = Object.keys(files).filter((f) => f.startsWith('samples/')).sort();
    if (sampleNames.length > 0) {
      for (const name of sampleNames) {
        const f = `${input.name}/${name}`;
        const p = parseJsonWithLines(strFromU8(files[name]!), f);
        raws.push({ o: obj(p.value), file: f, lineOf: p.lineOf });
      }
    } else if (files['summaries.json']) {
      const f = `${input.name}/summaries.json`;
      const p = parseJsonWithLines(strFromU8(files['summaries.json']), f);
      if (!Array.isArray(p.value)) throw new InputError(f, 1, 0, 'summaries.json must be a list of sample summaries');
      for (const s of p.value) raws.push({ o: obj(s), file: f, lineOf: p.lineOf });
    } else if (Object.keys(files).some((f) => f.startsWith('_journal/summaries/'))) {
      // a log still being written (status "started"): the journal's summary batches
      for (const name of Object.keys(files).filter((f) => f.startsWith('_journal/summaries/')).sort((x, y) => parseInt(x.slice(19), 10) - parseInt(y.slice(19), 10))) {
        const f = `${input.name}/${name}`;
        const p = parseJsonWithLines(strFromU8(files[name]!), f);
        if (!Array.isArray(p.value)) throw new InputError(f, 1, 0, 'a journal summaries file must be a list of sample summaries');
        for (const s of p.value) raws.push({ o: obj(s), file: f, lineOf: p.lineOf });
      }
    } else {
      throw new InputError(input.name, 0, 0, 'the .eval archive has no samples/ and no summaries.json (was the evaluation run with sample logging off?)');
    }
  } else {
    const text = decodeText(input.data, input.name);
    const p = parseJsonWithLines(text, input.name);
    const log = obj(p.value);
    header = headerOf(log, input.name, p.lineOf);
    if (!Array.isArray(log.samples)) throw new InputError(input.name, p.lineOf(log), 'samples', 'the log has no "samples" list (written without samples?)');
    for (const s of log.samples) raws.push({ o: obj(s), file: input.name, lineOf: p.lineOf });
  }
  if (header.status && header.status !== 'success') warnings.push(`${input.name}: the log's status is "${header.status}", not "success" (its samples are read as they are)`);

  // which scorer
  const names = new Set<string>();
  for (const r of raws) for (const k of Object.keys(obj(r.o.scores))) names.add(k);
  const all = [...names].sort();
  let scorer: string;
  let key: string | null = null; // a scorer whose value is a dict: `SCORER.KEY` picks one of its values
  if (opts.score) {
    const dot = opts.score.lastIndexOf('.');
    if (!names.has(opts.score) && dot > 0 && names.has(opts.score.slice(0, dot))) {
      scorer = opts.score.slice(0, dot);
      key = opts.score.slice(dot + 1);
    } else if (!names.has(opts.score)) throw new InputError(input.name, 0, 'scores', `no scorer "${opts.score}" in this log (its scorers: ${all.join(', ') || 'none'}; a dict-valued score: SCORER.KEY)`);
    else scorer = opts.score;
  } else if (all.length === 1) scorer = all[0]!;
  else if (all.length === 0) throw new InputError(input.name, 0, 'scores', 'no sample has a score (was the log scored?)');
  else throw new InputError(input.name, 0, 'scores', `the log has several scorers (${all.join(', ')}): choose one with the score option`);

  const samples: Sample[] = [];
  let unscored = 0;
  for (const r of raws) {
    const line = r.lineOf(r.o);
    if (typeof r.o.id !== 'string' && typeof r.o.id !== 'number') throw new InputError(r.file, line, 'id', 'a sample without an id');
    const epoch = r.o.epoch === undefined ? 1 : r.o.epoch;
    if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 1) throw new InputError(r.file, line, 'epoch', `epoch ${JSON.stringify(r.o.epoch)} is not a whole number ≥ 1`);
    const sc = obj(r.o.scores)[scorer];
    if (sc === undefined) {
      unscored++;
      continue;
    }
    const raw = key === null ? obj(sc).value : obj(obj(sc).value)[key];
    const value = inspectValueToFloat(raw);
    if (value === null) {
      const isDict = key === null && obj(sc).value !== null && typeof obj(sc).value === 'object' && !Array.isArray(obj(sc).value);
      throw new InputError(r.file, r.lineOf(sc) || line, `scores.${scorer}.value${key === null ? '' : `.${key}`}`, `score ${JSON.stringify(raw)} of sample ${r.o.id} is not C/I/P/N, a boolean or a number${isDict ? ` (a dict: choose one of its values with the score option as ${scorer}.KEY, keys ${Object.keys(obj(obj(sc).value)).join(', ')})` : ''}`);
    }
    samples.push({ item: String(r.o.id), epoch, value, where: { file: r.file, line, column: 'id' } });
  }
  if (unscored > 0) warnings.push(`${input.name}: ${unscored} sample(s) have no "${scorer}" score (left out)`);
  return { header, run: { file: input.name, model: header.model, benchmark: header.task, samples }, warnings };
}

/** Only the header of an Inspect AI log (for the comparability check). */
export function readInspectHeader(input: InputFile): InspectHeader {
  if (isZip(input.data)) {
    const files = unzip(input, true); // the samples stay compressed
    const hname = files['header.json'] ? 'header.json' : files['_journal/start.json'] ? '_journal/start.json' : null;
    if (!hname) throw new InputError(input.name, 0, 0, 'the .eval archive has no header.json');
    const p = parseJsonWithLines(strFromU8(files[hname]!), `${input.name}/${hname}`);
    return headerOf(obj(p.value), `${input.name}/${hname}`, p.lineOf);
  }
  const p = parseJsonWithLines(decodeText(input.data, input.name), input.name);
  return headerOf(obj(p.value), input.name, p.lineOf);
}

/**
 * Several logs (a log folder): one run per (model, task). A task re-run for the same model (a failed run and
 * its retry, or a repeat) keeps one log — a finished one ("success") before others, then the newest by
 * `eval.created` (then by file name) — and says which were left out.
 */
export function readInspectLogs(inputs: readonly InputFile[], opts: InspectOptions = {}): { runs: SampleRun[]; headers: InspectHeader[]; warnings: string[] } {
  const warnings: string[] = [];
  const best = new Map<string, { header: InspectHeader; run: SampleRun }>();
  const rank = (h: InspectHeader): string => `${h.status === 'success' ? 1 : 0}\u0000${h.created ?? ''}\u0000${h.file}`;
  for (const f of inputs) {
    const r = readInspectLog(f, opts);
    warnings.push(...r.warnings);
    const key = `${r.header.model}\u0000${r.header.task}`;
    const prev = best.get(key);
    if (!prev) {
      best.set(key, r);
      continue;
    }
    const keep = rank(r.header) > rank(prev.header) ? r : prev;
    const drop = keep === r ? prev : r;
    best.set(key, keep);
    warnings.push(`${drop.run.file}: model "${r.header.model}" on task "${r.header.task}" is also in ${keep.run.file}, which is kept (${keep.header.status === 'success' && drop.header.status !== 'success' ? 'finished' : 'newer'}); this log is left out`);
  }
  const kept = [...best.values()];
  return { runs: kept.map((k) => k.run), headers: kept.map((k) => k.header), warnings };
}
