// `cartograph compare MODEL_A MODEL_B`: is A really better than B? Paired difference per benchmark and over
// all (runCompare in packages/stats/src/compare): SE (clustered with --cluster), Wald and bootstrap
// intervals, McNemar exact and χ², Holm/BH across benchmarks, detectable differences, verdicts; with
// --lm-eval the harness's own stderr beside ours; with --latent P(θ_A > θ_B) from a 2PL calibration.
// Writes compare.json.
import { formatCompare, readHarnessStderr, runCompare } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { readLmEvalDir } from '../inputs.js';
import { opt } from '../options.js';

interface Flags {
  cluster?: string;
  adjust: 'holm' | 'bh';
  alpha: number;
  detect: number;
  bootstrap: number;
  seed: number;
  latent?: boolean;
}

export const register = defineCommand<Flags>({
  name: 'compare',
  description: 'Is model A really better than model B? Paired differences per benchmark with SEs, McNemar, bootstrap, Holm/BH, detectable differences and verdicts',
  outDescription: 'folder for compare.json',
  args: ['<model_a>', '<model_b>'],
  options: [
    opt.string('--cluster <column>', 'cluster item SEs by a column of the items file, or "prefix" (the item id up to its last ".", e.g. MMLU subjects)'),
    opt.choice('--adjust <method>', 'multiplicity adjustment across benchmarks', ['holm', 'bh'] as const, 'holm'),
    opt.number('--alpha <a>', 'two-sided level of tests and intervals', { gt: 0, lt: 0.5, default: 0.05 }),
    opt.number('--detect <points>', 'difference to plan for, in percentage points (items needed to detect it at 80 % power)', { gt: 0, lt: 100, default: 2 }),
    opt.int('--bootstrap <draws>', 'paired bootstrap draws (0 = none)', { min: 0, max: 1_000_000, default: 2000 }),
    opt.int('--seed <s>', 'seed of the bootstrap', { min: 0, max: 4294967295, default: 1 }),
    opt.flag('--latent', 'also fit a 2PL calibration per benchmark and report P(θ_A > θ_B) (slower)'),
  ],
  async run(ctx) {
    const lb = await ctx.load();
    const f = ctx.flags;
    const logs = f.lmEval ? readLmEvalDir(f.lmEval) : null;
    const harness = logs ? readHarnessStderr(logs, { metric: f.metric ?? null, filter: f.filter ?? null }) : null;
    const rep = runCompare(lb, {
      a: ctx.args[0]!,
      b: ctx.args[1]!,
      cluster: f.cluster ?? null,
      adjust: f.adjust,
      alpha: f.alpha,
      detect: f.detect / 100,
      bootstrap: f.bootstrap,
      seed: f.seed,
      harness,
      latent: !!f.latent,
      setupFiles: logs,
      ...ctx.callbacks,
    });
    ctx.print(formatCompare(rep));
    await ctx.write((out) => out.writeJson('compare.json', rep));
  },
});
