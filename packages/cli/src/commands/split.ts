// `cartograph split --items FILE --train 0.7 --eval 0.2 --holdout 0.1 --stratify benchmark --seed S --out DIR`:
// a local evaluation set (runSplit in packages/stats/src/split): train.txt, eval.txt, holdout.txt (item ids,
// one per line) and split.lock.json with their SHA-256. With item-level data instead (--lm-eval, --inspect,
// --responses, …) the data's items are split (epochs of one sample stay together). Commands given --lock
// leave the holdout unread unless --use-holdout. Same seed and items → the same bytes.
import { InputError, runSplitFile, runSplitLeaderboard, formatSplit } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { readInputFile } from '../inputs.js';
import { opt } from '../options.js';

interface Flags {
  train: number;
  eval: number;
  holdout: number;
  stratify?: string;
  seed: number;
}

export const register = defineCommand<Flags>({
  name: 'split',
  description: 'Split items into train / eval / holdout lists (stratified, seeded) with a lock file of content hashes; --lock FILE on other commands keeps the holdout unread',
  out: 'required',
  outDescription: 'folder for train.txt, eval.txt, holdout.txt and split.lock.json',
  options: [
    opt.number('--train <f>', 'share of items for training', { min: 0, max: 1, default: 0.7 }),
    opt.number('--eval <f>', 'share of items for evaluation', { min: 0, max: 1, default: 0.2 }),
    opt.number('--holdout <f>', 'share of items locked away', { min: 0, max: 1, default: 0.1 }),
    opt.string('--stratify <column>', 'stratify by "benchmark" or a column of the items'),
    opt.int('--seed <s>', 'seed of the shuffle', { min: 0, max: 4294967295 }).makeOptionMandatory(),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const split = { train: f.train, eval: f.eval, holdout: f.holdout, seed: f.seed, stratify: f.stratify ?? null };
    const data = (f.responses?.length ?? 0) > 0 || !!f.lmEval || (f.inspect?.length ?? 0) > 0 || !!f.helm || (f.details?.length ?? 0) > 0;
    if (!data && !f.items) throw new InputError('(inputs)', 0, 0, 'nothing to split: give an items file (--items FILE) or item-level data (--lm-eval, --inspect, --helm, --details, --responses)');
    const rep = data
      ? await runSplitLeaderboard(await ctx.load(), split)
      : await runSplitFile(readInputFile(f.items!), { ...split, itemCol: f.itemCol ?? null });
    ctx.print(formatSplit(rep));
    await ctx.write((out) => {
      for (const x of rep.files) out.write(x.name, x.content);
      out.writeJson('split.lock.json', rep.lock);
    });
  },
});
