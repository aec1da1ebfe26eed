// HELM (github stanford-crfm/helm) run folders: benchmark_output/runs/<suite>/<run name>/ with
// `run_spec.json` (`name`, `scenario_spec` {class_name, args}, `adapter_spec` {method, model,
// model_deployment, max_train_instances, temperature, max_tokens, instructions, num_outputs, …},
// `metric_specs`, `data_augmenter_spec`) and `per_instance_stats.json`: a list of
// `{instance_id, train_trial_index, perturbation?, stats: [Stat]}`, a Stat being `{name: {name, split,
// sub_split?, perturbation?}, count, sum, sum_squared, min, max, mean, variance, stddev}`
// (src/helm/benchmark/metrics/{statistic,metric_name}.py, src/helm/benchmark/run_spec.py).
// One metric is read (the `metric` option, a comma-separated list: the first the run has, e.g. exact_match;
// default exact_match, then the only one),
// its `mean` per instance; perturbed instances (robustness/fairness variants) are left out; train trials
// (different few-shot draws) are repeated measures of one instance (epoch = trial + 1). The model is
// `adapter_spec.model` (else `model=` in the run name, `_` for the first `/`); the benchmark is the run
// name without its model arguments (e.g. `mmlu:subject=anatomy,method=multiple_choice_joint`).
import { InputError } from '../util/errors.js';
import { decodeText, type InputFile } from './csv.js';
import { parseJsonWithLines, splitPathName, type Sample, type SampleRun } from './samples.js';

export interface HelmOptions {
  metric?: string | null;
  split?: string | null;
}

export interface HelmRunSpec {
  file: string;
  name: string;
  scenario: string;
  scenario_args: Record<string, unknown>;
  adapter: Record<string, unknown>;
  metric_specs: unknown[];
  data_augmenter: unknown;
}

const obj = (x: unknown): Record<string, unknown> => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {});

/** The run name's arguments without model / model_deployment. */
export function helmBenchmarkOf(runName: string): string {
  const k = runName.indexOf(':');
  if (k < 0) return runName;
  const args = runName.slice(k + 1).split(',').filter((a) => !/^(model|model_deployment)=/.test(a));
  return args.length ? `${runName.slice(0, k)}:${args.join(',')}` : runName.slice(0, k);
}

function modelFromRunName(runName: string): string | null {
  const m = /(?:^|[:,])model=([^,]+)/.exec(runName);
  return m ? m[1]!.replace('_', '/') : null;
}

/** Read a run_spec.json. */
export function readHelmRunSpec(input: InputFile): HelmRunSpec {
  const p = parseJsonWithLines(decodeText(input.data, input.name), input.name);
  const o = obj(p.value);
  if (typeof o.name !== 'string') throw new InputError(input.name, p.lineOf(o), 'name', 'not a HELM run_spec.json: no "name"');
  const sc = obj(o.scenario_spec);
  return {
    file: input.name,
    name: o.name,
    scenario: typeof sc.class_name === 'string' ? sc.class_name.split('.').pop()! : o.name.split(':')[0]!,
    scenario_args: obj(sc.args),
    adapter: obj(o.adapter_spec),
    metric_specs: Array.isArray(o.metric_specs) ? o.metric_specs : [],
    data_augmenter: o.data_augmenter_spec ?? null,
  };
}

/** One HELM run (its per_instance_stats.json and, when present, its run_spec.json) → a run of samples. */
export function readHelmRun(stats: InputFile, spec: InputFile | null, opts: HelmOptions = {}): { run: SampleRun; spec: HelmRunSpec | null; metric: string; warnings: string[] } {
  const warnings: string[] = [];
  const runSpec = spec ? readHelmRunSpec(spec) : null;
  const folder = splitPathName(splitPathName(stats.name).dir).base;
  const runName = runSpec?.name ?? folder;
  const model = (typeof runSpec?.adapter.model === 'string' ? runSpec.adapter.model : null) ?? modelFromRunName(runName);
  if (!model) throw new InputError(spec?.name ?? stats.name, 0, 'adapter_spec.model', `no model: the run folder "${folder}" has no run_spec.json naming adapter_spec.model and no model= in its name`);
  const p = parseJsonWithLines(decodeText(stats.data, stats.name), stats.name);
  if (!Array.isArray(p.value)) throw new InputError(stats.name, 1, 0, 'per_instance_stats.json must be a list of {instance_id, train_trial_index, stats}');
  const list = p.value as unknown[];
  // metric names and splits available (unperturbed)
  const names = new Map<string, Set<string>>();
  for (const e of list) {
    const o = obj(e);
    if (o.perturbation) continue;
    for (const s of Array.isArray(o.stats) ? o.stats : []) {
      const n = obj(obj(s).name);
      if (typeof n.name !== 'string' || n.perturbation) continue;
      let set = names.get(n.name);
      if (!set) names.set(n.name, (set = new Set()));
      set.add(typeof n.split === 'string' ? n.split : '');
    }
  }
  let metric: string;
  if (opts.metric) {
    // a comma-separated list: the first metric the run has
    const wanted = opts.metric.split(',').map((x) => x.trim()).filter((x) => x !== '');
    const hit = wanted.find((x) => names.has(x));
    if (!hit) throw new InputError(stats.name, 0, 'stats', `no metric ${wanted.map((x) => `"${x}"`).join(' or ')} in this run (its metrics: ${[...names.keys()].sort().slice(0, 30).join(', ') || 'none'})`);
    metric = hit;
  } else if (names.has('exact_match')) metric = 'exact_match';
  else if (names.size === 1) metric = [...names.keys()][0]!;
  else throw new InputError(stats.name, 0, 'stats', `choose a metric with the metric option (this run has ${[...names.keys()].sort().slice(0, 30).join(', ') || 'none'})`);
  const splits = [...names.get(metric)!];
  const split = opts.split ?? (splits.includes('test') ? 'test' : splits.length === 1 ? splits[0]! : null);
  if (split === null || !splits.includes(split)) throw new InputError(stats.name, 0, 'split', `metric "${metric}" is reported on splits ${splits.join(', ')}: choose one`);

  const samples: Sample[] = [];
  let perturbed = 0;
  for (const e of list) {
    const o = obj(e);
    const line = p.lineOf(e);
    if (typeof o.instance_id !== 'string' && typeof o.instance_id !== 'number') throw new InputError(stats.name, line, 'instance_id', 'an entry without an instance_id');
    if (o.perturbation) {
      perturbed++;
      continue;
    }
    const trial = o.train_trial_index === undefined ? 0 : o.train_trial_index;
    if (typeof trial !== 'number' || !Number.isInteger(trial) || trial < 0) throw new InputError(stats.name, line, 'train_trial_index', `train_trial_index ${JSON.stringify(trial)} is not a whole number ≥ 0`);
    if (!Array.isArray(o.stats)) throw new InputError(stats.name, line, 'stats', `instance ${o.instance_id} has no "stats" list`);
    const st = o.stats.find((s) => {
      const n = obj(obj(s).name);
      return n.name === metric && !n.perturbation && (typeof n.split === 'string' ? n.split : '') === split;
    });
    if (st === undefined) continue;
    const so = obj(st);
    const mean = typeof so.mean === 'number' ? so.mean : typeof so.sum === 'number' && typeof so.count === 'number' && so.count > 0 ? so.sum / so.count : null;
    if (mean === null || !Number.isFinite(mean)) throw new InputError(stats.name, p.lineOf(st), `${metric}.mean`, `instance ${o.instance_id}: "${metric}" has no finite mean`);
    samples.push({ item: String(o.instance_id), epoch: trial + 1, value: mean, where: { file: stats.name, line, column: 'instance_id' } });
  }
  if (perturbed > 0) warnings.push(`${stats.name}: ${perturbed} perturbed instance entr${perturbed === 1 ? 'y' : 'ies'} left out (only the unperturbed instances are read)`);
  return { run: { file: stats.name, model, benchmark: helmBenchmarkOf(runName), samples }, spec: runSpec, metric, warnings };
}

/** All runs under a HELM output folder: files as (path, bytes); each per_instance_stats.json's folder is one run. */
export function readHelmRuns(files: readonly InputFile[], opts: HelmOptions = {}, root = '(helm runs)'): { runs: SampleRun[]; specs: HelmRunSpec[]; warnings: string[] } {
  const byDir = new Map<string, { stats?: InputFile; spec?: InputFile }>();
  for (const f of files) {
    const { dir, base } = splitPathName(f.name);
    if (base !== 'per_instance_stats.json' && base !== 'run_spec.json') continue;
    let d = byDir.get(dir);
    if (!d) byDir.set(dir, (d = {}));
    if (base === 'run_spec.json') d.spec = f;
    else d.stats = f;
  }
  const runs: SampleRun[] = [];
  const specs: HelmRunSpec[] = [];
  const warnings: string[] = [];
  for (const dir of [...byDir.keys()].sort()) {
    const d = byDir.get(dir)!;
    if (!d.stats) continue;
    const r = readHelmRun(d.stats, d.spec ?? null, opts);
    runs.push(r.run);
    if (r.spec) specs.push(r.spec);
    warnings.push(...r.warnings);
  }
  if (runs.length === 0) throw new InputError(root, 0, 0, 'no per_instance_stats.json under this folder (a HELM run folder: benchmark_output/runs/<suite>/<run>/)');
  return { runs, specs, warnings };
}
