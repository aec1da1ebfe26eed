// How each input says it was evaluated, on one vocabulary of setup keys per task, so two runs can be
// compared key by key. Sources and their fields:
// - lm-evaluation-harness `results_<date>.json` (lm_eval/evaluator.py, loggers/evaluation_tracker.py):
//   `configs[task]` {num_fewshot, output_type, doc_to_text, doc_to_choice, description, target_delimiter,
//   fewshot_delimiter, generation_kwargs, filter_list, metric_list, dataset_path, dataset_name, test_split,
//   metadata.version}, `versions`, `n-shot`, `n-samples` {original, effective}, `config` {model_args, limit,
//   gen_kwargs, fewshot_seed}, chat-template flags (`chat_template_sha`, `fewshot_as_multiturn`,
//   `system_instruction_sha`);
// - Inspect AI log headers (io/inspect.ts): task version, task_args, solver chain, generate config,
//   scorers, dataset and sample ids, epochs and reducer;
// - HELM run specs (io/helm.ts): adapter_spec (method, max_train_instances, instructions, prefixes,
//   temperature, max_tokens, num_outputs, stop_sequences, num_train_trials), metric_specs, data augmenter;
// - a models file's `setup` columns: shots, template, decoding, answer_extraction, aggregation, evaluator,
//   contamination (one value per model, for every task: task "*").
import type { Leaderboard, ModelMeta } from '../data/leaderboard.js';
import { decodeText, helmBenchmarkOf, readHelmRunSpec, readInspectHeader, type HelmRunSpec, type InputFile, type InspectHeader } from '../io/index.js';
import { InputError } from '../util/errors.js';

export type SetupKey = 'task_version' | 'shots' | 'output_type' | 'template' | 'chat_template' | 'decoding' | 'extraction' | 'aggregation' | 'item_set' | 'model_args' | 'evaluator' | 'contamination';

/** Why a difference in each key matters (shown with every difference). */
export const WHY: Record<SetupKey, string> = {
  task_version: 'the task definition changed between versions (prompt, answer parsing or items); harnesses version tasks so that scores across versions are not compared',
  shots: 'few-shot examples change scores: 5-shot vs 0-shot adds up to ~5 points on MMLU for base models (and can lower chat models); scores at different shot counts are not comparable',
  output_type: 'log-likelihood (multiple-choice) and generative scoring measure different things; generative scores of the same model are usually lower',
  template: 'a different prompt template changes scores by several points for the same model (prompt-format sensitivity, Sclar et al. 2023, arXiv 2310.11324)',
  chat_template: 'applying a chat template (or a system prompt, or few-shot as multi-turn) changes instruction-tuned models\' scores by several points',
  decoding: 'temperature, max tokens and stop sequences change generated answers (randomness, truncation)',
  extraction: 'a different answer extraction (filter, regex, scorer) changes the score of the same answers: ±3 points reported for the same model',
  aggregation: 'micro vs macro averaging (over items vs over subtasks) or another epoch reducer weights the same answers differently',
  item_set: 'the scores are over different items (limit, split, subset, sample ids): a difference mixes the models with the items\' difficulty',
  model_args: 'loading arguments (precision, quantization, revision) can shift scores of the same weights',
  evaluator: 'a different evaluator (harness, grader model or version) scores the same answers differently',
  contamination: 'a model flagged as contaminated may have seen the test items: its score is not comparable to a clean one',
};

export interface RunSetup {
  source: 'lm-eval' | 'inspect' | 'helm' | 'models';
  file: string;
  model: string | null;
  /** Task → setup key → value (JSON-like); task "*" applies to every task. */
  tasks: Record<string, Partial<Record<SetupKey, unknown>>>;
}

const obj = (x: unknown): Record<string, unknown> => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {});
const pick = (o: Record<string, unknown>, keys: string[]): Record<string, unknown> | null => {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined && o[k] !== null && o[k] !== '') out[k] = o[k];
  return Object.keys(out).length ? out : null;
};
/** model_args without the model's own name/path (those differ by design). */
function loadingArgs(args: unknown): unknown {
  if (typeof args === 'string') {
    const kept = args.split(',').map((s) => s.trim()).filter((s) => s !== '' && !/^(pretrained|model|path|peft|delta|engine|tokenizer)=/.test(s)).sort();
    return kept.length ? kept.join(',') : null;
  }
  if (args && typeof args === 'object') {
    const o = { ...(args as Record<string, unknown>) };
    for (const k of ['pretrained', 'model', 'path', 'peft', 'delta', 'engine', 'tokenizer']) delete o[k];
    return Object.keys(o).length ? o : null;
  }
  return null;
}

/** An lm-evaluation-harness results_<date>.json. */
export function setupFromLmEvalResults(input: InputFile): RunSetup {
  let o: Record<string, unknown>;
  try {
    o = obj(JSON.parse(decodeText(input.data, input.name)));
  } catch (e) {
    throw new InputError(input.name, 0, 0, `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const configs = obj(o.configs);
  const versions = obj(o.versions);
  const nshot = obj(o['n-shot']);
  const taskNames = [...new Set([...Object.keys(configs), ...Object.keys(versions), ...Object.keys(nshot), ...Object.keys(obj(o.results))])];
  if (taskNames.length === 0) throw new InputError(input.name, 1, 'configs', 'not an lm-evaluation-harness results file: no "configs", "versions", "n-shot" or "results"');
  const nsamples = obj(o['n-samples']);
  const cfg = obj(o.config);
  const chat = pick(o, ['chat_template_sha', 'fewshot_as_multiturn', 'system_instruction_sha']) ?? { chat_template: o.chat_template ? 'applied' : null };
  const tasks: RunSetup['tasks'] = {};
  // without configs (older or trimmed files) only versions, shots, item counts and model_args are known
  for (const task of taskNames.sort()) {
    const c = obj(configs[task]);
    const gen = { ...obj(c.generation_kwargs), ...(cfg.gen_kwargs ? { override: cfg.gen_kwargs } : {}) };
    tasks[task] = {
      task_version: versions[task] ?? obj(c.metadata).version ?? null,
      shots: nshot[task] ?? c.num_fewshot ?? null,
      output_type: c.output_type ?? null,
      template: pick(c, ['description', 'doc_to_text', 'doc_to_choice', 'doc_to_target', 'target_delimiter', 'fewshot_delimiter', 'fewshot_config']),
      chat_template: chat,
      decoding: c.output_type === 'generate_until' ? (Object.keys(gen).length ? gen : null) : null,
      extraction: Array.isArray(c.filter_list) ? c.filter_list : null,
      // per-item aggregation (metric_list) and, for a group, micro (weight_by_size: true) vs macro over subtasks
      aggregation: Array.isArray(c.metric_list) || Array.isArray(c.aggregate_metric_list)
        ? { items: Array.isArray(c.metric_list) ? (c.metric_list as unknown[]).map((m) => pick(obj(m), ['metric', 'aggregation'])) : null, ...(Array.isArray(c.aggregate_metric_list) ? { subtasks: (c.aggregate_metric_list as unknown[]).map((m) => pick(obj(m), ['metric', 'aggregation', 'weight_by_size'])) } : {}) }
        : null,
      item_set: { dataset: pick(c, ['dataset_path', 'dataset_name', 'test_split']), limit: cfg.limit ?? null, effective: obj(nsamples[task]).effective ?? null },
      evaluator: typeof o.lm_eval_version === 'string' ? `lm-evaluation-harness ${o.lm_eval_version}` : null,
      model_args: loadingArgs(cfg.model_args),
    };
  }
  const model = typeof o.model_name === 'string' ? o.model_name : typeof cfg.model_args === 'string' ? (/(?:pretrained|model|path)=([^,]+)/.exec(cfg.model_args)?.[1] ?? null) : null;
  return { source: 'lm-eval', file: input.name, model, tasks };
}

/** An Inspect AI log header. */
export function setupFromInspect(h: InspectHeader): RunSetup {
  const args = h.task_args;
  const shots = args.fewshot ?? args.num_fewshot ?? args.shots ?? args.k ?? 0;
  return {
    source: 'inspect',
    file: h.file,
    model: h.model,
    tasks: {
      [h.task]: {
        task_version: h.task_version,
        shots,
        template: h.solver,
        decoding: Object.keys(h.generate_config).length ? h.generate_config : null,
        extraction: h.scorers,
        aggregation: { epochs: h.epochs },
        item_set: { dataset: h.dataset.name, samples: h.dataset.samples, sample_ids: h.dataset.sample_ids ? [...h.dataset.sample_ids].map(String).sort().join(',') : null },
        model_args: Object.keys(h.model_args).length ? h.model_args : null,
      },
    },
  };
}

/** A HELM run spec. */
export function setupFromHelm(specs: readonly HelmRunSpec[], benchmarkOf: (name: string) => string): RunSetup {
  const tasks: RunSetup['tasks'] = {};
  let model: string | null = null;
  for (const s of specs) {
    const a = s.adapter;
    model = typeof a.model === 'string' ? a.model : model;
    tasks[benchmarkOf(s.name)] = {
      shots: a.max_train_instances ?? null,
      output_type: a.method ?? null,
      template: pick(a, ['instructions', 'input_prefix', 'input_suffix', 'output_prefix', 'output_suffix', 'instance_prefix', 'global_prefix', 'reference_prefix']),
      decoding: pick(a, ['temperature', 'max_tokens', 'num_outputs', 'stop_sequences', 'top_k_per_token']),
      extraction: s.metric_specs,
      aggregation: { num_train_trials: a.num_train_trials ?? 1 },
      item_set: { scenario: s.scenario, args: s.scenario_args, augmenter: s.data_augmenter },
    };
  }
  return { source: 'helm', file: specs[0]?.file ?? '(helm)', model, tasks };
}

const SETUP_COLUMNS: [string, SetupKey][] = [['shots', 'shots'], ['template', 'template'], ['decoding', 'decoding'], ['answer_extraction', 'extraction'], ['extraction', 'extraction'], ['aggregation', 'aggregation'], ['evaluator', 'evaluator'], ['contamination', 'contamination'], ['task_version', 'task_version'], ['chat_template', 'chat_template']];

/** A model's `setup` columns in a models file (extra columns of the leaderboard's models), or null when none. */
export function setupFromModel(lb: Leaderboard, index: number): RunSetup | null {
  return setupFromModelMeta(lb.models[index]!);
}

/** A models-file row's setup columns, or null when it has none. */
export function setupFromModelMeta(m: ModelMeta): RunSetup | null {
  const t: Partial<Record<SetupKey, unknown>> = {};
  for (const [col, key] of SETUP_COLUMNS) {
    const v = m.extra[col] ?? m.extra[`setup_${col}`];
    if (v !== undefined && v.trim() !== '') t[key] = v.trim();
  }
  return Object.keys(t).length ? { source: 'models', file: '(models file)', model: m.id, tasks: { '*': t } } : null;
}

/** Setup of one input given by path contents: an lm-eval results file, an Inspect log, or HELM run specs. */
export function setupFromFiles(files: readonly InputFile[], label: string): RunSetup {
  const results = files.filter((f) => /(^|[\\/])results_[^\\/]*\.json$/.test(f.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  const specs = files.filter((f) => /(^|[\\/])run_spec\.json$/.test(f.name));
  const logs = files.filter((f) => /\.eval$/.test(f.name) || (/\.json$/.test(f.name) && !/(^|[\\/])(results_[^\\/]*|run_spec|per_instance_stats)\.json$/.test(f.name)));
  const dirOf = (f: InputFile): string => f.name.replace(/\\/g, '/').replace(/\/[^/]*$/, '');
  if (results.length > 0) {
    const dirs = [...new Set(results.map(dirOf))];
    if (dirs.length > 1) throw new InputError(label, 0, 0, `results files of ${dirs.length} runs here (${dirs.slice(0, 3).join(', ')}${dirs.length > 3 ? ', …' : ''}): give one model's folder or one results_*.json per side`);
    return setupFromLmEvalResults(results[results.length - 1]!); // the newest (dates sort as text)
  }
  if (specs.length > 0) {
    const read = specs.map(readHelmRunSpec);
    const models = [...new Set(read.map((s) => String(s.adapter.model ?? '?')))];
    if (models.length > 1) throw new InputError(label, 0, 0, `HELM runs of ${models.length} models here (${models.slice(0, 3).join(', ')}): give one model's run folders per side`);
    return setupFromHelm(read, helmBenchmarkOf);
  }
  if (logs.length === 1) {
    return setupFromInspect(readInspectHeader(logs[0]!));
  }
  if (logs.length > 1) throw new InputError(label, 0, 0, `${logs.length} Inspect logs here: give one log file per side`);
  throw new InputError(label, 0, 0, 'no evaluation metadata found: expected an lm-eval results_*.json (or its folder), an Inspect AI log (.eval/.json), or a HELM run folder with run_spec.json');
}
