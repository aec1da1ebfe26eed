// `cartograph ties --top N`: which of the top N models can be told apart? Marginal rank confidence sets
// (Mogstad, Romano, Shaikh & Wilhelm 2024) from a paired bootstrap over items (runTies in
// packages/stats/src/compare). Writes ties.json, ties.vl.json (a Vega-Lite spec of the rank bands) and ties.svg (its static rendering).
import { formatTies, renderSvg, runTies, tiesChart } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { opt } from '../options.js';

interface Flags {
  top: number;
  benchmark?: string;
  alpha: number;
  draws: number;
  seed: number;
}

export const register = defineCommand<Flags>({
  name: 'ties',
  description: 'Rank confidence sets of the top N models (which can be told apart), from a paired bootstrap over items',
  outDescription: 'folder for ties.json, ties.vl.json (Vega-Lite chart of the rank bands) and ties.svg',
  options: [
    opt.int('--top <n>', 'how many of the best models to report', { min: 1, default: 10 }),
    opt.string('--benchmark <name>', 'rank on one benchmark (default: the mean of the benchmark accuracies)'),
    opt.number('--alpha <a>', '1 − confidence of the rank sets', { gt: 0, lt: 0.5, default: 0.05 }),
    opt.int('--draws <n>', 'bootstrap draws', { min: 100, max: 100_000, default: 1000 }),
    opt.int('--seed <s>', 'seed of the bootstrap', { min: 0, max: 4294967295, default: 1 }),
  ],
  async run(ctx) {
    const lb = await ctx.load();
    const f = ctx.flags;
    const rep = runTies(lb, { top: f.top, benchmark: f.benchmark ?? null, alpha: f.alpha, draws: f.draws, seed: f.seed, ...ctx.callbacks });
    ctx.print(formatTies(rep));
    const spec = tiesChart(rep);
    const svg = ctx.flags.out ? await renderSvg(spec, { id: 'ties' }) : '';
    await ctx.write((out) => {
      out.writeJson('ties.json', rep);
      out.writeJson('ties.vl.json', spec);
      out.write('ties.svg', svg);
    });
  },
});
