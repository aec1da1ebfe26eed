// `cartograph split --items FILE --train 0.7 --eval 0.2 --holdout 0.1 --stratify benchmark --seed S --out DIR`:
// a local evaluation set (runSplit in packages/stats/src/split): train.txt, eval.txt, holdout.txt (item ids,
// one per line) and split.lock.json with their SHA-256. Commands given --lock leave the holdout unread
// unless --use-holdout. Same seed and items → the same bytes.
import { runSplitFile, formatSplit } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { readInputFile } from '../inputs.js';
import { opt } from '../options.js';

interface Flags {
  items: string;
  train: number;
  eval: number;
  holdout: number;
  stratify?: string;
  seed: number;
  itemCol?: string;
}

export const register = defineCommand<Flags>({
  name: 'split',
  description: 'Split items into train / eval / holdout lists (stratified, seeded) with a lock file of content hashes; --lock FILE on other commands keeps the holdout unread',
  inputs: false,
  out: 'required',
  outDescription: 'folder for train.txt, eval.txt, holdout.txt and split.lock.json',
  options: [
    opt.string('--items <file>', 'items CSV (item_id and the column to stratify by)').makeOptionMandatory(),
    opt.number('--train <f>', 'share of items for training', { min: 0, max: 1, default: 0.7 }),
    opt.number('--eval <f>', 'share of items for evaluation', { min: 0, max: 1, default: 0.2 }),
    opt.number('--holdout <f>', 'share of items locked away', { min: 0, max: 1, default: 0.1 }),
    opt.string('--stratify <column>', 'column of the items file to stratify by (e.g. benchmark)'),
    opt.int('--seed <s>', 'seed of the shuffle', { min: 0, max: 4294967295 }).makeOptionMandatory(),
    opt.string('--item-col <name>', 'item-id column when it is not item_id (or item)'),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const rep = await runSplitFile(readInputFile(f.items), { train: f.train, eval: f.eval, holdout: f.holdout, seed: f.seed, stratify: f.stratify ?? null, itemCol: f.itemCol ?? null });
    ctx.print(formatSplit(rep));
    await ctx.write((out) => {
      for (const x of rep.files) out.write(x.name, x.content);
      out.writeJson('split.lock.json', rep.lock);
    });
  },
});
