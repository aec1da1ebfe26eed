// The input options every data-reading command shares, and the one function that turns them into a
// Leaderboard. Reads files here (Node); parsing and checking happen in @cartograph/stats so the web
// app runs the same code.
//
//   addInputOptions(program.command('describe'))   // adds the options below
//   const lb = await loadInputs(opts);               // opts = the command's parsed options
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Command, Option } from 'commander';
import {
  assembleLeaderboard,
  InputError,
  readItems,
  readLeaderboardTable,
  readLmEvalBlock,
  readModels,
  readResponses,
  readScores,
  type InputFile,
  type Leaderboard,
  type ResponseBlock,
} from '@cartograph/stats';

export interface InputOptions {
  responses?: string[];
  items?: string;
  models?: string;
  scores?: string;
  leaderboard?: string;
  normalised?: boolean;
  lmEval?: string;
  metric?: string;
  filter?: string;
  modelCol?: string;
  itemCol?: string;
  itemsPerBenchmark?: number | Record<string, number>;
  out?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `N` (every benchmark) or `NAME=N,NAME=N` (per benchmark; a name may contain spaces, not commas). */
export function parseItemsPerBenchmark(value: string): number | Record<string, number> {
  const count = (v: string): number => {
    const n = Number(v.trim());
    if (v.trim() === '' || !Number.isInteger(n) || n <= 0) throw new InputError('--items-per-benchmark', 0, 0, `"${v}" is not a positive integer`);
    return n;
  };
  if (!value.includes('=')) return count(value);
  const out: Record<string, number> = {};
  for (const part of value.split(',')) {
    const k = part.lastIndexOf('=');
    if (k <= 0) throw new InputError('--items-per-benchmark', 0, 0, `expected NAME=N, got "${part}"`);
    out[part.slice(0, k).trim()] = count(part.slice(k + 1));
  }
  return out;
}

/** Add the shared input options (and `--out DIR` unless `out: false`) to a command. */
export function addInputOptions(cmd: Command, opts: { out?: boolean } = {}): Command {
  cmd
    .option('--responses <file[:benchmark]>', 'item responses, wide or long CSV; repeat to combine one file per benchmark', collect, [])
    .option('--items <file>', 'items CSV: item_id,benchmark,...')
    .option('--models <file>', 'models CSV: model_id,name,params_b,log10_params,architecture,contributor,deployment,...')
    .option('--scores <file>', 'benchmark scores CSV: long model_id,benchmark,score[,n_items] or wide')
    .option('--leaderboard <file>', 'an Open LLM Leaderboard table (v1 or v2), CSV or Parquet')
    .option('--normalised', "read the v2 leaderboard's normalised columns instead of the raw 0–1 ones")
    .option('--lm-eval <dir>', 'lm-evaluation-harness output folder (written with --log_samples), one subfolder per model')
    .option('--metric <list>', 'lm-eval 0/1 per-sample metric(s), comma-separated: per task the first it has (default acc, then exact_match)')
    .option('--filter <name>', 'lm-eval filter to read (default "none" or the only one)')
    .option('--model-col <name>', 'model-id column when it is not model_id (or model)')
    .option('--item-col <name>', 'item-id column of long responses / items when it is not item_id')
    .addOption(new Option('--items-per-benchmark <n>', 'items behind each benchmark score, N or NAME=N,NAME=N (for intervals on a scores table)').argParser(parseItemsPerBenchmark));
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

/** Turn the shared input options into one Leaderboard (an InputError on any bad input). */
export async function loadInputs(opts: InputOptions): Promise<Leaderboard> {
  const responses = opts.responses ?? [];
  const hasItemLevel = responses.length > 0 || !!opts.lmEval;
  if (opts.leaderboard) {
    if (hasItemLevel || opts.scores || opts.items || opts.models) {
      throw new InputError(opts.leaderboard, 0, 0, '--leaderboard carries its own models and scores: it cannot be combined with --responses, --lm-eval, --scores, --items or --models');
    }
    const table = await readLeaderboardTable(readInputFile(opts.leaderboard), { normalised: !!opts.normalised });
    return assembleLeaderboard({
      scores: table.scores,
      models: table.models,
      itemsPerBenchmark: opts.itemsPerBenchmark ?? null,
      warnings: table.warnings,
    });
  }
  if (!hasItemLevel && !opts.scores) {
    throw new InputError('(command line)', 0, 0, 'no data: give --responses, --lm-eval, --scores or --leaderboard');
  }
  const blocks: ResponseBlock[] = [];
  const warnings: string[] = [];
  const sources: string[] = [];
  if (opts.lmEval) {
    const { block, warnings: w } = readLmEvalBlock(readLmEvalDir(opts.lmEval), { metric: opts.metric ?? null, filter: opts.filter ?? null }, opts.lmEval);
    blocks.push(block);
    warnings.push(...w);
    sources.push(opts.lmEval);
  }
  for (const arg of responses) {
    const { file, benchmark } = splitResponsesArg(arg);
    blocks.push(readResponses(readInputFile(file), { benchmark, modelCol: opts.modelCol ?? null, itemCol: opts.itemCol ?? null }));
  }
  return assembleLeaderboard({
    responses: blocks,
    items: opts.items ? readItems(readInputFile(opts.items), { itemCol: opts.itemCol ?? null }) : null,
    models: opts.models ? readModels(readInputFile(opts.models), { modelCol: opts.modelCol ?? null }) : null,
    scores: opts.scores ? readScores(readInputFile(opts.scores), { modelCol: opts.modelCol ?? null }) : null,
    itemsPerBenchmark: opts.itemsPerBenchmark ?? null,
    warnings,
    sources,
  });
}
