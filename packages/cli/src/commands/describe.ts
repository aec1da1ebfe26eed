// `cartograph describe`: the first screen of answers (packages/stats/src/describe): a terminal table per
// benchmark, the models that stand out, and — with --out — describe.json plus heatmap.svg (models ×
// benchmarks, rows by overall level; all orders embedded in the SVG's metadata and in the JSON).
import { formatDescribe, heatmapSvg, runDescribe, type DescribeReport } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { opt } from '../options.js';

interface Flags {
  alpha: number;
  saturation: number;
  top: number;
  preferScores?: boolean;
}

/** The heatmap of a describe report: rows by level, columns as given; every order in the metadata. */
export function describeHeatmap(rep: DescribeReport): string {
  const B = rep.benchmarks.length;
  return heatmapSvg({
    rowLabels: rep.models.map((m) => m.id),
    colLabels: rep.benchmarks.map((b) => b.benchmark),
    values: rep.cells.score,
    rowOrder: rep.orders.models.level,
    min: 0,
    max: 1,
    title: `Scores: ${rep.n_models} models × ${B} benchmarks (rows by overall level${rep.ranked === 'complete_models' ? ', complete models first' : ''})`,
    valueLabel: 'proportion correct',
    metadata: { rows: rep.models.map((m) => m.id), cols: rep.benchmarks.map((b) => b.benchmark), orders: rep.orders },
  });
}

export const register = defineCommand<Flags>({
  name: 'describe',
  description: 'per-benchmark means, spread, Wilson intervals, minimum meaningful differences, saturated tasks, generalists and specialists; --out writes describe.json and heatmap.svg',
  outDescription: 'folder for describe.json and heatmap.svg',
  options: [
    opt.number('--alpha <a>', 'two-sided level of the intervals and tests', { gt: 0, lt: 1, default: 0.05 }),
    opt.number('--saturation <s>', 'median score at or above which a benchmark is saturated', { gt: 0, lt: 1, default: 0.9 }),
    opt.int('--top <n>', 'how many models to list', { min: 0, default: 10 }),
    opt.flag('--prefer-scores', 'use the scores table even when item responses are given'),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const lb = await ctx.load();
    const rep = runDescribe(lb, { alpha: f.alpha, saturation: f.saturation, top: f.top, preferScores: !!f.preferScores, ...ctx.callbacks });
    ctx.print(formatDescribe(rep, { top: f.top }));
    await ctx.write((out) => {
      out.writeJson('describe.json', rep);
      out.write('heatmap.svg', describeHeatmap(rep));
    });
  },
});
