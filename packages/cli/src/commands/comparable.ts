// `cartograph comparable A B`: were the two scores produced the same way? A and B are each an
// lm-evaluation-harness results_*.json (or its folder), an Inspect AI log (.eval/.json), a HELM run folder
// (run_spec.json), or — with --models FILE — a model id whose setup columns are compared. Lists every
// difference with why it matters (runComparable in packages/stats/src/comparable). Exit 0 when comparable,
// 4 when a difference is left that --allow-mismatch does not accept. Writes comparable.json.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatComparable, InputError, readModels, runComparable, setupFromFiles, setupFromModelMeta, type InputFile, type RunSetup } from '@cartograph/stats';
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

function setupOf(arg: string, modelsFile: string | undefined): RunSetup {
  if (existsSync(arg)) return setupFromFiles(filesOf(arg), arg);
  if (!modelsFile) throw new InputError(arg, 0, 0, 'not a file or folder (give a results_*.json, an Inspect log, a HELM run folder, or a model id with --models FILE)');
  const table = readModels({ name: modelsFile, data: readFileSync(modelsFile) });
  const m = table.models.find((x) => x.id === arg || x.name === arg);
  if (!m) throw new InputError(modelsFile, 0, 0, `no model "${arg}" in the models file`);
  const s = setupFromModelMeta(m);
  if (!s) throw new InputError(modelsFile, 1, 0, 'no setup columns (shots, template, decoding, answer_extraction, aggregation, evaluator, contamination) in the models file');
  return { ...s, file: modelsFile };
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
    const a = setupOf(ctx.args[0]!, ctx.flags.models);
    const b = setupOf(ctx.args[1]!, ctx.flags.models);
    const rep = runComparable(a, b, { allow: ctx.flags.allowMismatch ?? [] });
    ctx.print(formatComparable(rep));
    await ctx.write((out) => out.writeJson('comparable.json', rep));
    return rep.comparable ? 0 : EXIT_MISMATCH;
  },
});
