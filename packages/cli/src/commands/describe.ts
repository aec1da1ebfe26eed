// `cartograph describe`: the first screen of answers (packages/stats/src/describe): a terminal table per
// benchmark, the models that stand out, and — with --out — describe.json plus heatmap.svg (models ×
// benchmarks, rows by overall level; all orders embedded in the SVG's metadata and in the JSON).
import { describeLeaderboard, heatmapSvg, type DescribeReport } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { opt } from '../options.js';

interface Flags {
  alpha: number;
  saturation: number;
  top: number;
  preferScores?: boolean;
}

const f3 = (x: number | null | undefined): string => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(3));
const pad = (s: string, n: number, right = false): string => (right ? s.padStart(n) : s.padEnd(n));

/** The terminal report (plain text, no colours). */
export function formatDescribe(rep: DescribeReport, top: number): string {
  const out: string[] = [];
  const B = rep.benchmarks.length;
  out.push(`cartograph describe — ${rep.nModels} models, ${B} benchmarks${rep.source === 'responses' ? `, ${rep.nItems} items (item responses)` : ' (benchmark scores)'}; ${Math.round((1 - rep.alpha) * 100)} % intervals`);
  out.push('');
  const w = Math.max(9, ...rep.benchmarks.map((b) => Math.min(28, b.benchmark.length)));
  const head = [pad('benchmark', w), pad('items', 6, true), pad('models', 7, true), pad('mean', 7, true), pad('SD', 7, true), pad('min', 7, true), pad('median', 7, true), pad('max', 7, true), pad('MMD ind', 8, true), pad('MMD pair', 9, true), '  saturated'];
  out.push(head.join(' '));
  out.push('-'.repeat(head.join(' ').length));
  for (const b of rep.benchmarks) {
    out.push([
      pad(b.benchmark.length > 28 ? `${b.benchmark.slice(0, 27)}…` : b.benchmark, w),
      pad(b.nItems === null ? '—' : String(b.nItems), 6, true),
      pad(String(b.nModels), 7, true),
      pad(f3(b.mean), 7, true),
      pad(f3(b.sd), 7, true),
      pad(f3(b.min), 7, true),
      pad(f3(b.median), 7, true),
      pad(f3(b.max), 7, true),
      pad(f3(b.mmd.independent), 8, true),
      pad(f3(b.mmd.paired), 9, true),
      `  ${b.saturated ? `yes (${Math.round(100 * b.shareAtCeiling)} % ≥ ${rep.saturation})` : 'no'}`,
    ].join(' '));
  }
  out.push('');
  out.push('MMD = smallest accuracy gap a two-sided test at this level calls real: "ind" for two models on separate');
  out.push('draws of the items, "pair" for two neighbouring models on the same items (McNemar, observed discordance).');
  out.push('');
  const bySd = rep.choiceMatters.map((name) => rep.benchmarks.find((b) => b.benchmark === name)!);
  out.push(`Model choice matters most on: ${bySd.slice(0, 5).map((b) => `${b.benchmark} (SD ${f3(b.sd)})`).join(', ') || '—'}`);
  out.push(`Saturated (median ≥ ${rep.saturation}): ${rep.saturated.join(', ') || 'none'}`);
  out.push(`Generalists (above average, even profile): ${rep.generalists.slice(0, top).map((g) => `${g.id} (level ${g.level.toFixed(2)})`).join(', ') || 'none'}`);
  out.push(`Specialists (best benchmark ≥ 1 SD above their typical one): ${rep.specialists.slice(0, top).map((s) => `${s.id} (${s.best}, +${s.specialisation.toFixed(2)} SD)`).join(', ') || 'none'}`);
  if (top > 0 && rep.orders.models.level.length > 0) {
    out.push('');
    out.push(`Top ${Math.min(top, rep.nModels)} models by level (score ± half-width of the interval where the item count is known):`);
    const mw = Math.min(40, Math.max(5, ...rep.orders.models.level.slice(0, top).map((m) => rep.models[m]!.id.length)));
    const cw = Math.max(12, ...rep.benchmarks.map((b) => Math.min(14, b.benchmark.length)));
    out.push([pad('model', mw), ...rep.benchmarks.map((b) => pad(b.benchmark.slice(0, cw), cw, true))].join(' '));
    for (const m of rep.orders.models.level.slice(0, top)) {
      const id = rep.models[m]!.id;
      const row = [pad(id.length > mw ? `${id.slice(0, mw - 1)}…` : id, mw)];
      for (let b = 0; b < B; b++) {
        const k = m * B + b;
        const s = rep.cells.score[k];
        const lo = rep.cells.lo[k];
        const hi = rep.cells.hi[k];
        const cell = s === null ? '—' : lo !== null && hi !== null ? `${s.toFixed(2)}±${((hi! - lo!) / 2).toFixed(2)}` : s.toFixed(3);
        row.push(pad(cell, cw, true));
      }
      out.push(row.join(' '));
    }
  }
  return out.join('\n');
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
    title: `Scores: ${rep.nModels} models × ${B} benchmarks (rows by overall level)`,
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
    const rep = describeLeaderboard(lb, { alpha: f.alpha, saturation: f.saturation, top: f.top, preferScores: !!f.preferScores });
    ctx.warnings.add(rep.warnings);
    ctx.print(formatDescribe(rep, f.top));
    await ctx.write((out) => {
      out.writeJson('describe.json', rep);
      out.write('heatmap.svg', describeHeatmap(rep));
    });
  },
});
