// `cartograph scaling`: the scaling vector (runScaling in packages/stats/src/scaling) — for g and every
// benchmark-specific factor, the slope on log10 parameters: unattenuated (plausible values from the
// conditioning model, Rubin's rules; the headline), the attenuated EAP two-step, the manifest
// benchmark-score slope, and the slope reliability of the latent and the manifest slope with its
// components. Needs item responses and model metadata (--models, or --models-from a leaderboard table
// for item files that carry none); models without a parameter count are left out with a count.
// --out writes scaling.json, scaling-vector.csv and scaling-vector.svg.
import { formatScaling, runScaling, scalingVectorCsv, scalingVectorSvg } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { opt } from '../options.js';

interface Flags {
  seed: number;
  pv: number;
  replicates: number;
  itemFraction: number;
  link: 'logistic' | 'normal';
}

export const register = defineCommand<Flags>({
  name: 'scaling',
  description: 'the scaling vector: slope of g and of every benchmark-specific factor on log10 parameters (unattenuated via plausible values, EAP two-step, manifest) with slope reliabilities; needs model metadata (--models or --models-from)',
  outDescription: 'folder for scaling.json, scaling-vector.csv and scaling-vector.svg',
  options: [
    opt.int('--seed <n>', 'seed of the plausible values and of the item resampling', { min: 0, default: 1 }),
    opt.int('--pv <n>', 'plausible-value sets for the headline slopes', { min: 2, default: 10 }),
    opt.int('--replicates <n>', 'item-resampled replicates for the slope reliability', { min: 0, default: 4 }),
    opt.number('--item-fraction <f>', "fraction of each benchmark's items kept in a replicate", { gt: 0, max: 1, default: 0.8 }),
    opt.choice('--link <link>', 'IRT item response function', ['logistic', 'normal'] as const, 'logistic'),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const lb = await ctx.load();
    const run = runScaling(lb, { seed: f.seed, pvDraws: f.pv, replicates: f.replicates, itemFraction: f.itemFraction, link: f.link, ...ctx.callbacks });
    ctx.print(formatScaling(run.analysis));
    await ctx.write((out) => {
      out.writeJson('scaling.json', run.report);
      out.write('scaling-vector.csv', scalingVectorCsv(run.analysis));
      out.write('scaling-vector.svg', scalingVectorSvg(run.analysis));
    });
  },
});
