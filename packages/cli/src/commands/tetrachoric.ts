// `cartograph tetrachoric`: thresholds and the tetrachoric matrix of binary item responses
// (runTetrachoric in packages/stats/src/tetrachoric, lavaan's two-step method), written as
//   tetrachoric.csv  J×J, item ids as header and first column, items in benchmark order (items.csv)
//   tetrachoric_se.csv J×J standard errors of the correlations, sqrt(diag(Γ)/N) (lavaan's NACOV)
//   thresholds.csv   item_id,threshold,p_correct,threshold_se
//   dwls_weights.csv stat,weight — DWLS weights 1/diag(Γ), thresholds then correlations (lavaan's order)
//   tetrachoric.json the report: sizes, smallest eigenvalue, smoothing, empty-cell and near-±1 pairs
import { formatTetrachoric, runTetrachoric, tetrachoricCsv, tetrachoricSeCsv, thresholdsCsv, weightsCsv } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { opt } from '../options.js';

interface Flags {
  missing: 'pairwise' | 'listwise';
  smooth?: boolean;
  workers: number;
}

export const register = defineCommand<Flags>({
  name: 'tetrachoric',
  description: 'Thresholds and tetrachoric correlations of 0/1 item responses (lavaan two-step ML), with DWLS weights',
  outDescription: 'folder for tetrachoric.csv, tetrachoric_se.csv, thresholds.csv, dwls_weights.csv and tetrachoric.json',
  options: [
    opt.choice('--missing <how>', 'missing cells: pairwise (each correlation from models observed on both items) or listwise', ['pairwise', 'listwise'] as const, 'pairwise'),
    opt.flag('--smooth', 'smooth the matrix to the nearest positive-definite one (eigenvalue clipping); off by default, always reported'),
    opt.int('--workers <n>', 'worker threads for the correlation step (1 = none; results are identical)', { min: 1, max: 64, default: 1 }),
  ],
  async run(ctx) {
    const lb = await ctx.load();
    const t0 = ctx.elapsed();
    const { report, result } = await runTetrachoric(lb, {
      missing: ctx.flags.missing,
      smooth: !!ctx.flags.smooth,
      workers: ctx.flags.workers,
      itemOrder: ctx.itemsFileOrder(),
      ...ctx.callbacks,
    });
    ctx.print(`${formatTetrachoric(report)}\n(${(ctx.elapsed() - t0).toFixed(2)} s${ctx.flags.workers > 1 ? `, ${ctx.flags.workers} workers` : ''})`);
    await ctx.write((out) => {
      out.write('tetrachoric.csv', tetrachoricCsv(result));
      out.write('tetrachoric_se.csv', tetrachoricSeCsv(result));
      out.write('thresholds.csv', thresholdsCsv(result));
      out.write('dwls_weights.csv', weightsCsv(result));
      out.writeJson('tetrachoric.json', report);
    });
  },
});
