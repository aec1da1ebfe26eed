// The lm-evaluation-harness's own standard errors, for showing them beside ours. A harness results file
// (`results_<date>.json`, lm_eval/loggers/evaluation_tracker.py) holds `results[task]["<metric>,<filter>"]`
// and `results[task]["<metric>_stderr,<filter>"]`; for a 0/1 metric the stderr is the CLT SE of one
// model's mean, √(p(1 − p)/(n − 1)) (lm_eval/api/metrics.py `mean_stderr`) — per model, so a difference's
// SE built from two of them, √(s_A² + s_B²), treats the two runs as independent (unpaired).
// Model ids are the reader's (lmEvalModelId in packages/stats/src/io/lm-eval.ts): `model_name`, else `pretrained=`
// etc. in config.model_args, else the folder name with `__` → `/`; the newest results file of a folder wins.
import { decodeText, lmEvalModelId, type InputFile } from '../io/index.js';
import { InputError } from '../util/errors.js';

export interface HarnessStderr {
  model: string;
  task: string;
  metric: string;
  filter: string;
  value: number;
  stderr: number;
  file: string;
}

const RESULTS_RE = /^results_(\d{4}-\d{2}-\d{2}T[0-9.\-:]+)\.json$/;

/** The newest `results_<date>.json` of each folder (folder → file). */
function newestResults(files: readonly InputFile[]): Map<string, InputFile & { date: string }> {
  const newest = new Map<string, InputFile & { date: string }>();
  for (const f of files) {
    const norm = f.name.replace(/\\/g, '/');
    const k = norm.lastIndexOf('/');
    const dir = k < 0 ? '.' : norm.slice(0, k);
    const m = RESULTS_RE.exec(norm.slice(k + 1));
    if (!m) continue;
    const prev = newest.get(dir);
    if (!prev || prev.date < m[1]!) newest.set(dir, { ...f, date: m[1]! });
  }
  return newest;
}

function parseResults(f: InputFile): Record<string, unknown> {
  try {
    return JSON.parse(decodeText(f.data)) as Record<string, unknown>;
  } catch (e) {
    throw new InputError(f.name, 0, 0, `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The newest results file of each folder, by the model id the reader gives that folder. */
export function lmEvalResultsByModel(files: readonly InputFile[]): Map<string, InputFile> {
  const newest = newestResults(files);
  const out = new Map<string, InputFile>();
  for (const [dir, f] of newest) {
    const json = parseResults(f);
    out.set(lmEvalModelId(json, dir), { name: f.name, data: f.data });
  }
  return out;
}

/**
 * Every `<metric>_stderr,<filter>` of the newest results file of each folder, for the metric chosen like the
 * reader does (the first of `metric` — a comma-separated list — the task reports; default acc, then
 * exact_match) and `filter` (default "none" or the task's only filter). Tasks without a numeric stderr are left out.
 */
export function readHarnessStderr(files: readonly InputFile[], opts: { metric?: string | null; filter?: string | null } = {}): HarnessStderr[] {
  const newest = newestResults(files);
  const wanted = (opts.metric ?? 'acc,exact_match').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const out: HarnessStderr[] = [];
  for (const [dir, f] of [...newest.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const json = parseResults(f);
    const model = lmEvalModelId(json, dir);
    const results = json.results;
    if (!results || typeof results !== 'object') continue;
    for (const [task, r] of Object.entries(results as Record<string, Record<string, unknown>>)) {
      if (!r || typeof r !== 'object') continue;
      const keys = Object.keys(r);
      const filters = [...new Set(keys.map((x) => x.split(',')[1]).filter((x): x is string => x !== undefined))];
      const filter = opts.filter && filters.includes(opts.filter) ? opts.filter : filters.length === 1 ? filters[0]! : filters.includes('none') ? 'none' : null;
      if (filter === null) continue;
      const metric = wanted.find((x) => typeof r[`${x},${filter}`] === 'number');
      if (!metric) continue;
      const se = r[`${metric}_stderr,${filter}`];
      if (typeof se !== 'number' || !Number.isFinite(se)) continue;
      out.push({ model, task, metric, filter, value: r[`${metric},${filter}`] as number, stderr: se, file: f.name });
    }
  }
  return out;
}
