// The input options every data-reading command shares, and the function that turns them into a
// Leaderboard. Only reads bytes here (Node): every rule — which inputs combine, the metadata join, the
// built-in item counts, the coverage, --complete-only — is the library's loadLeaderboard
// (packages/stats/src/io/load.ts), which the web app calls too.
//
//   addInputOptions(program.command('describe'))   // adds the options below
//   const lb = await loadInputs(opts);               // opts = the command's parsed options
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Command, Option } from 'commander';
import { InputError, loadLeaderboard, parseItemCounts, toCsv, type InputFile, type Leaderboard } from '@cartograph/stats';

export interface InputOptions {
  responses?: string[];
  items?: string;
  models?: string;
  modelsFrom?: string;
  scores?: string;
  leaderboard?: string;
  normalised?: boolean;
  lmEval?: string;
  metric?: string;
  filter?: string;
  modelCol?: string;
  itemCol?: string;
  itemsPerBenchmark?: number | Record<string, number>;
  completeOnly?: boolean;
  inspect?: string[];
  score?: string;
  helm?: string;
  helmMetric?: string;
  details?: string[];
  epochs?: 'repeat' | 'mean';
  lock?: string;
  useHoldout?: boolean;
  out?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `N` (every benchmark) or `NAME=N,NAME=N` (per benchmark; a name may contain spaces, not commas). */
export function parseItemsPerBenchmark(value: string): number | Record<string, number> {
  return parseItemCounts(value, '--items-per-benchmark');
}

/** Add the shared input options (and `--out DIR` unless `out: false`) to a command. */
export function addInputOptions(cmd: Command, opts: { out?: boolean } = {}): Command {
  cmd
    .option('--responses <file[:benchmark]>', 'item responses, wide or long CSV; repeat to combine one file per benchmark', collect, [])
    .option('--items <file>', 'items CSV: item_id,benchmark,...')
    .option('--models <file>', 'models CSV: model_id,name,params_b,log10_params,architecture,contributor,deployment,... (joined on model_id; models not in it stay, without metadata)')
    .option('--models-from <table>', 'model metadata for item-level data from an Open LLM Leaderboard v1/v2 table (CSV or Parquet) or any models CSV, joined on the model name (report: matched, unmatched, ambiguous)')
    .option('--scores <file>', 'benchmark scores CSV: long model_id,benchmark,score[,n_items] or wide')
    .option('--leaderboard <file>', 'an Open LLM Leaderboard table (v1 or v2), CSV or Parquet')
    .option('--normalised', "read the v2 leaderboard's normalised columns instead of the raw 0–1 ones")
    .option('--lm-eval <dir>', 'lm-evaluation-harness output folder (written with --log_samples), one subfolder per model')
    .option('--metric <list>', 'lm-eval 0/1 per-sample metric(s), comma-separated: per task the first it has (default acc, then exact_match)')
    .option('--filter <name>', 'lm-eval filter to read (default "none" or the only one)')
    .option('--model-col <name>', 'model-id column when it is not model_id (or model)')
    .option('--item-col <name>', 'item-id column of long responses / items when it is not item_id')
    .addOption(new Option('--items-per-benchmark <n>', 'items behind each benchmark score, N or NAME=N,NAME=N (for intervals on a scores table; overrides the counts built in for the Open LLM Leaderboard tables)').argParser(parseItemsPerBenchmark))
    .option('--complete-only', 'keep only the models scored on every benchmark')
    .option('--inspect <log>', 'an Inspect AI log (.eval archive or .json), or a folder of them; repeat to combine', collect, [])
    .option('--score <name>', 'Inspect AI scorer to read when a log has several')
    .option('--helm <dir>', 'HELM output folder (runs with per_instance_stats.json and run_spec.json)')
    .option('--helm-metric <name>', 'HELM per-instance metric to read (default: --metric, else exact_match)')
    .option('--details <file[:model]>', 'Open LLM Leaderboard v2 per-sample details (Parquet file or a folder of them), model from the path or FILE:MODEL; repeat', collect, [])
    .addOption(new Option('--epochs <how>', 'repeated epochs / HELM train trials: separate item columns (sample_id = the item, to cluster by) or averaged').choices(['repeat', 'mean']).default('repeat'))
    .option('--lock <file>', "a split's lock file (cartograph split): responses to its holdout items are not read")
    .option('--use-holdout', "with --lock: read the holdout items too (recorded as touched)");
  if (opts.out !== false) cmd.option('--out <dir>', 'folder for the output files (written at the end, never half-written)');
  return cmd;
}

/** Read a file's bytes, or an InputError naming it when it is missing. */
export function readInputFile(path: string): InputFile {
  if (!existsSync(path)) throw new InputError(path, 0, 0, 'file not found');
  if (statSync(path).isDirectory()) throw new InputError(path, 0, 0, 'is a folder, not a file');
  return { name: path, data: readFileSync(path) };
}

/** `FILE[:BENCHMARK]` → file and benchmark (a path that exists as given is never split). */
export function splitResponsesArg(arg: string): { file: string; benchmark: string | null } {
  if (existsSync(arg)) return { file: arg, benchmark: null };
  const k = arg.lastIndexOf(':');
  if (k > 1) {
    const bench = arg.slice(k + 1);
    if (bench !== '' && !/[\\/]/.test(bench)) return { file: arg.slice(0, k), benchmark: bench };
  }
  return { file: arg, benchmark: null };
}

/** Every file under a folder (recursively), sorted, with paths as given root + relative path. */
function walk(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile()) out.push(p);
    }
  };
  visit(root);
  return out;
}

/** Harness log files under `dir` (samples_*.jsonl and results_*.json only). */
export function readLmEvalDir(dir: string): InputFile[] {
  if (!existsSync(dir)) throw new InputError(dir, 0, 0, 'folder not found');
  if (!statSync(dir).isDirectory()) throw new InputError(dir, 0, 0, '--lm-eval needs a folder');
  return walk(dir)
    .filter((p) => /(^|[\\/])(samples_.*\.jsonl|results_.*\.json)$/.test(p))
    .map((p) => ({ name: join(dir, relative(dir, p)), data: readFileSync(p) }));
}

/** Inspect AI logs: files as given, folders searched for *.eval and *.json. */
export function readInspectArgs(args: readonly string[]): InputFile[] {
  return args.flatMap((a) => {
    if (existsSync(a) && statSync(a).isDirectory()) {
      const files = walk(a).filter((p) => /\.(eval|json)$/.test(p) && !/(^|[\\/])logs\.json$/.test(p)); // logs.json: inspect's log-folder listing
      if (files.length === 0) throw new InputError(a, 0, 0, 'no .eval or .json logs in this folder');
      return files.map((p) => ({ name: p, data: readFileSync(p) }));
    }
    return [readInputFile(a)];
  });
}

/** `FILE[:MODEL]` (a model id may hold '/'; a path that exists as given is never split). */
export function splitDetailsArg(arg: string): { file: string; model: string | null } {
  if (existsSync(arg)) return { file: arg, model: null };
  for (let k = arg.indexOf(':', 2); k > 0; k = arg.indexOf(':', k + 1)) {
    if (existsSync(arg.slice(0, k)) && arg.slice(k + 1).trim() !== '') return { file: arg.slice(0, k), model: arg.slice(k + 1).trim() };
  }
  return { file: arg, model: null };
}

/** HELM run files (per_instance_stats.json and run_spec.json) under `dir`. */
export function readHelmDir(dir: string): InputFile[] {
  if (!existsSync(dir)) throw new InputError(dir, 0, 0, 'folder not found');
  if (!statSync(dir).isDirectory()) throw new InputError(dir, 0, 0, '--helm needs a folder');
  return walk(dir)
    .filter((p) => /(^|[\\/])(per_instance_stats|run_spec)\.json$/.test(p))
    .map((p) => ({ name: p, data: readFileSync(p) }));
}

/** Turn the shared input options into one Leaderboard (an InputError on any bad input). */
export async function loadInputs(opts: InputOptions): Promise<Leaderboard> {
  const read = (path: string | undefined): InputFile | null => (path ? readInputFile(path) : null);
  return loadLeaderboard({
    responses: (opts.responses ?? []).map((arg) => {
      const { file, benchmark } = splitResponsesArg(arg);
      return { file: readInputFile(file), benchmark };
    }),
    lmEval: opts.lmEval ? { files: readLmEvalDir(opts.lmEval), root: opts.lmEval } : null,
    items: read(opts.items),
    models: read(opts.models),
    modelsFrom: read(opts.modelsFrom),
    scores: read(opts.scores),
    leaderboard: read(opts.leaderboard),
    normalised: !!opts.normalised,
    metric: opts.metric ?? null,
    filter: opts.filter ?? null,
    modelCol: opts.modelCol ?? null,
    itemCol: opts.itemCol ?? null,
    itemsPerBenchmark: opts.itemsPerBenchmark ?? null,
    completeOnly: !!opts.completeOnly,
    inspect: opts.inspect && opts.inspect.length > 0 ? readInspectArgs(opts.inspect) : null,
    score: opts.score ?? null,
    helm: opts.helm ? { files: readHelmDir(opts.helm), root: opts.helm } : null,
    helmMetric: opts.helmMetric ?? null,
    details: (opts.details ?? []).flatMap((arg) => {
      if (existsSync(arg) && statSync(arg).isDirectory()) {
        const files = walk(arg).filter((p) => p.endsWith('.parquet'));
        if (files.length === 0) throw new InputError(arg, 0, 0, 'no .parquet files in this folder');
        return files.map((p) => ({ file: { name: p, data: readFileSync(p) }, model: null }));
      }
      const { file, model } = splitDetailsArg(arg);
      return [{ file: readInputFile(file), model }];
    }),
    epochs: opts.epochs ?? 'repeat',
    lock: opts.lock ? readInputFile(opts.lock) : null,
    useHoldout: !!opts.useHoldout,
  });
}

/** File written next to the outputs when a split's lock was given: whether the holdout was touched. */
export const HOLDOUT_FILE = 'holdout.json';

/** File written next to the outputs when a metadata join left models unmatched or ambiguous. */
export const UNMATCHED_FILE = 'models_unmatched.csv';

/** The input-side files for --out: the models a metadata join could not match (model_id, reason). */
export function inputFiles(lb: Leaderboard): { name: string; content: string }[] {
  const j = lb.metadataJoin;
  const holdout = lb.holdout ? [{ name: HOLDOUT_FILE, content: `${JSON.stringify({ schema_version: 1, ...lb.holdout }, null, 2)}\n` }] : [];
  if (!j || (j.unmatched.length === 0 && j.ambiguous.length === 0)) return holdout;
  const rows = [
    ...j.unmatched.map((id) => [id, 'no row in the metadata table']),
    ...j.ambiguous.map((a) => [a.model_id, `${a.rows} rows that differ on ${a.differ_on.join(' and ')}`]),
  ];
  return [{ name: UNMATCHED_FILE, content: toCsv(['model_id', 'reason'], rows) }, ...holdout];
}
