// `cartograph comparable A B`: were the two scores produced the same way? A and B are each an
// lm-evaluation-harness results_*.json (or its folder), an Inspect AI log (.eval/.json), a HELM run folder
// (run_spec.json), or — with --models FILE — a model id whose setup columns are compared. Lists every
// difference with why it matters (runComparable in packages/stats/src/comparable). Exit 0 when comparable,
// 4 when a difference is left that --allow-mismatch does not accept. Writes comparable.json.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatComparable, InputError, runComparableInputs, type ComparableInput, type InputFile } from '@cartograph/stats';
import { readInputFile } from '../inputs.js';
import { defineCommand } from '../command.js';
import { opt } from '../options.js';

interface Flags {
  models?: string;
  allowMismatch?: string[];
}

export const EXIT_MISMATCH = 4;

function filesOf(path: string): InputFile[] {
  if (!statSync(path).isDirectory()) return [{ name: path, data: readFileSync(path) }];
  return (readdirSync(path, { recursive: true }) as string[])
    .map((p) => join(path, p))
    .filter((p) => /\.(json|eval)$/.test(p) && statSync(p).isFile() && !/(^|[\\/])(samples_[^\\/]*|per_instance_stats)\.jsonl?$/.test(p))
    .sort()
    .map((p) => ({ name: p, data: readFileSync(p) }));
}

function inputOf(arg: string, modelsFile: string | undefined): ComparableInput {
  if (existsSync(arg)) return { label: arg, files: filesOf(arg) };
  if (!modelsFile) throw new InputError(arg, 0, 0, 'not a file or folder (give a results_*.json, an Inspect log, a HELM run folder, or a model id with --models FILE)');
  return { label: arg, model: arg, modelsFile: readInputFile(modelsFile) };
}

export const register = defineCommand<Flags>({
  name: 'comparable',
  description: 'Were two scores produced the same way? Task version, shots, prompt template, chat template, decoding, answer extraction, aggregation, item set: each difference with why it matters (exit 4 when not comparable)',
  inputs: false,
  outDescription: 'folder for comparable.json',
  args: ['<a>', '<b>'],
  options: [
    opt.string('--models <file>', 'models CSV with setup columns (shots, template, decoding, answer_extraction, aggregation, evaluator, contamination); A and B are then model ids'),
    opt.list('--allow-mismatch <keys>', 'setup keys whose differences are accepted (e.g. shots,decoding)', { of: 'string' }),
  ],
  async run(ctx) {
    const rep = runComparableInputs(inputOf(ctx.args[0]!, ctx.flags.models), inputOf(ctx.args[1]!, ctx.flags.models), { allow: ctx.flags.allowMismatch ?? [] });
    ctx.print(formatComparable(rep));
    await ctx.write((out) => out.writeJson('comparable.json', rep));
    return rep.comparable ? 0 : EXIT_MISMATCH;
  },
});
