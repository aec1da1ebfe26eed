// `cartograph ranks`: the raw leaderboard average against the precision-weighted latent general factor
// (runRanks in packages/stats/src/ranks): an IRT calibration (bifactor with one specific per benchmark,
// or 2PL for one benchmark), posterior mean and SD of g by adaptive quadrature, expected ranks and 95 %
// rank intervals from posterior draws, retention of the top 1 %, top 10 % and bottom 1 %, the biggest
// movers with their per-benchmark scores. Needs item responses only (no model metadata); when some
// models miss benchmarks the comparison is over the complete ones (or use --complete-only).
// --out writes ranks.json, ranks.csv and rank-shift.svg.
import { formatRanks, rankShiftSvg, ranksCsv, runRanks } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { opt } from '../options.js';

interface Flags {
  draws: number;
  seed: number;
  movers: number;
  top: number;
  link: 'logistic' | 'normal';
}

export const register = defineCommand<Flags>({
  name: 'ranks',
  description: 'raw leaderboard average vs precision-weighted latent g: expected ranks, 95 % rank intervals, retention of top/bottom sets, biggest movers (item responses; no model metadata needed)',
  outDescription: 'folder for ranks.json, ranks.csv and rank-shift.svg',
  options: [
    opt.int('--draws <n>', 'posterior draws for the rank intervals', { min: 10, default: 1000 }),
    opt.int('--seed <n>', 'seed of the posterior draws', { min: 0, default: 1 }),
    opt.int('--movers <n>', 'how many biggest movers to list each way', { min: 0, default: 10 }),
    opt.int('--top <n>', 'how many models of the latent ranking to list', { min: 0, default: 10 }),
    opt.choice('--link <link>', 'IRT item response function', ['logistic', 'normal'] as const, 'logistic'),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const lb = await ctx.load();
    const run = runRanks(lb, { draws: f.draws, seed: f.seed, movers: f.movers, link: f.link, ...ctx.callbacks });
    ctx.print(formatRanks(run.report, { top: f.top }));
    await ctx.write((out) => {
      out.writeJson('ranks.json', run.report);
      out.write('ranks.csv', ranksCsv(run.report));
      out.write('rank-shift.svg', rankShiftSvg(run.stability));
    });
  },
});
