// `cartograph irt`: a full-information IRT model (runIrt in packages/stats/src/irt) — 1PL/2PL/3PL or
// bifactor (one specific per benchmark; the default with ≥ 2 benchmarks). The quadrature is refined
// until the log-likelihood is stable (checked against adaptive quadrature), or fixed with --quadpts /
// --theta-lim (mirt's rule); scores by adaptive Gauss–Hermite quadrature. --out writes irt.json,
// items.csv and scores.csv (EAP and posterior SD per factor).
import { formatIrt, irtItemsCsv, irtScoresCsv, runIrt, type IrtRunModel } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { opt } from '../options.js';

interface Flags {
  model?: IrtRunModel;
  link: 'logistic' | 'normal';
  guessing?: number;
  quadpts?: number;
  thetaLim?: number;
  specificQuadpts?: number;
  top: number;
  se?: boolean;
}

export const register = defineCommand<Flags>({
  name: 'irt',
  description: 'full-information IRT by marginal ML (EM): 1PL/2PL/3PL or bifactor (one specific per benchmark); item parameters with SEs, loadings, log-likelihood with its quadrature check, M2; scores by adaptive quadrature',
  outDescription: 'folder for irt.json, items.csv and scores.csv',
  options: [
    opt.choice('--model <m>', 'model (default: bifactor with ≥ 2 benchmarks, else 2PL)', ['1PL', '2PL', '3PL', 'bifactor'] as const),
    opt.choice('--link <link>', 'item response function', ['logistic', 'normal'] as const, 'logistic'),
    opt.number('--guessing <c>', '3PL: a fixed guessing floor (default: estimated)', { min: 0, lt: 1 }),
    opt.int('--quadpts <n>', 'fixed quadrature: points of the general factor (mirt quadpts; default: refined until the log-likelihood is stable)', { min: 3, max: 2001 }),
    opt.number('--theta-lim <x>', 'fixed quadrature: the grid spans [−x, x] (mirt theta_lim; default 6 unidimensional, 5 bifactor)', { gt: 0 }),
    opt.int('--specific-quadpts <n>', 'fixed quadrature: points of each specific factor (default 21)', { min: 3, max: 401 }),
    opt.int('--top <n>', 'item rows to print', { min: 0, default: 20 }),
    opt.flag('--no-se', 'skip the cross-product standard errors'),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const lb = await ctx.load();
    const fixed = f.quadpts !== undefined || f.thetaLim !== undefined || f.specificQuadpts !== undefined;
    const bif = (f.model ?? (new Set(lb.items.map((i) => i.benchmark)).size >= 2 ? 'bifactor' : '2PL')) === 'bifactor';
    const range = f.thetaLim ?? (bif ? 5 : 6);
    const run = runIrt(lb, {
      model: f.model,
      link: f.link,
      guessing: f.guessing,
      quadrature: fixed ? { points: f.quadpts ?? (bif ? 21 : 61), range } : undefined,
      specificQuadrature: fixed && bif ? { points: f.specificQuadpts ?? 21, range } : undefined,
      se: f.se !== false,
      ...ctx.callbacks,
    });
    ctx.print(formatIrt(run.report, { top: f.top }));
    await ctx.write((out) => {
      out.writeJson('irt.json', run.report);
      out.write('items.csv', irtItemsCsv(run.report));
      if (run.scores) out.write('scores.csv', irtScoresCsv(lb, run.scores));
    });
  },
});
