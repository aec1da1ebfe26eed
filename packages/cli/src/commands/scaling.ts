// `cartograph scaling`: the scaling vector (runScaling in packages/stats/src/scaling) — for g and every
// benchmark-specific factor, the slope on log10 parameters: unattenuated (plausible values from the
// conditioning model, Rubin's rules; the headline), the attenuated EAP two-step, the manifest
// benchmark-score slope, and the slope reliability of the latent and the manifest slope with its
// components. Needs item responses and model metadata (--models, or --models-from a leaderboard table
// for item files that carry none); models without a parameter count are left out with a count.
// The item-resampled replicates of the reliability run on the replicate executors (executors.ts): in this
// process, a pool of worker threads (--workers), a shard (--shard i/n, then `cartograph merge`),
// resumable (--checkpoint), or a BullMQ queue (--queue) — the same scaling.json bytes whichever ran them.
// --out writes scaling.json, scaling-vector.csv, scaling-vector.svg, replicates.jsonl and run.json.
import { InputError } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { executeScaling, executorOptions, type ExecFlags } from '../executors.js';
import { opt } from '../options.js';

interface Flags extends ExecFlags {
  seed: number;
  pv: number;
  replicates: number;
  itemFraction: number;
  link: 'logistic' | 'normal';
  quadpts?: number;
  thetaLim: number;
  specificQuadpts?: number;
}

export const register = defineCommand<Flags>({
  name: 'scaling',
  description: 'the scaling vector: slope of g and of every benchmark-specific factor on log10 parameters (unattenuated via plausible values, EAP two-step, manifest) with slope reliabilities; needs model metadata (--models or --models-from)',
  outDescription: 'folder for scaling.json, scaling-vector.csv, scaling-vector.svg, replicates.jsonl and run.json',
  options: [
    opt.int('--seed <n>', 'seed of the plausible values and of the item resampling', { min: 0, default: 1 }),
    opt.int('--pv <n>', 'plausible-value sets for the headline slopes', { min: 2, default: 10 }),
    opt.int('--replicates <n>', 'item-resampled replicates for the slope reliability', { min: 0, default: 4 }),
    opt.number('--item-fraction <f>', "fraction of each benchmark's items kept in a replicate", { gt: 0, max: 1, default: 0.8 }),
    opt.choice('--link <link>', 'IRT item response function', ['logistic', 'normal'] as const, 'logistic'),
    opt.int('--quadpts <n>', 'fixed quadrature grid for every calibration: points of the general factor (mirt quadpts; default: the IRT layer\'s own choice, checked)', { min: 3, max: 2001 }),
    opt.number('--theta-lim <x>', 'fixed quadrature: the grid spans [−x, x] (mirt theta_lim)', { gt: 0, default: 5 }),
    opt.int('--specific-quadpts <n>', 'fixed quadrature: points of each specific factor (default: as --quadpts)', { min: 3, max: 401 }),
    ...executorOptions,
  ],
  async run(ctx) {
    const f = ctx.flags;
    const lb = await ctx.load();
    if (f.specificQuadpts !== undefined && f.quadpts === undefined) throw new InputError('--specific-quadpts', 0, 0, 'a fixed grid needs --quadpts (the points of the general factor) too');
    const grid = f.quadpts !== undefined ? { quadrature: { points: f.quadpts, range: f.thetaLim }, specificQuadrature: { points: f.specificQuadpts ?? f.quadpts, range: f.thetaLim } } : {};
    await executeScaling(ctx, lb, { seed: f.seed, pvDraws: f.pv, replicates: f.replicates, itemFraction: f.itemFraction, link: f.link, ...grid, onWarning: ctx.callbacks.onWarning }, f);
  },
});
