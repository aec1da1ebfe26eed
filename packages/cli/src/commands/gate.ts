// `cartograph gate --baseline A --candidate B`: a regression gate for CI (runGate in
// packages/stats/src/compare): per benchmark the one-sided Tango score bounds of candidate − baseline,
// Holm over benchmarks; first, the two runs' setups are compared (harness logs, or setup columns of a
// models file). Exit codes: 0 pass, 5 regression (or non-inferiority not shown when required), 4 the two
// sides were not evaluated the same way, 2 bad input, 1 internal error. Writes gate.json and gate.md.
import { formatGate, gateMarkdown, runGate } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { readLmEvalDir } from '../inputs.js';
import { opt } from '../options.js';

interface Flags {
  baseline: string;
  candidate: string;
  margin: number;
  alpha: number;
  requireNoninferiority?: boolean;
  allowMismatch?: string[];
}

export const register = defineCommand<Flags>({
  name: 'gate',
  description: 'CI regression gate: exit 5 when the candidate is worse than the baseline by more than --margin on some benchmark (Tango score bounds, Holm); exit 4 when the two runs were not evaluated the same way',
  outDescription: 'folder for gate.json and gate.md (a pull-request comment)',
  options: [
    opt.string('--baseline <model>', 'the model in use (id or name)').makeOptionMandatory(),
    opt.string('--candidate <model>', 'the new model or checkpoint (id or name)').makeOptionMandatory(),
    opt.number('--margin <m>', 'largest tolerated drop, as a proportion (0.01 = 1 point)', { min: 0, lt: 1, default: 0.01 }),
    opt.number('--alpha <a>', 'one-sided level', { gt: 0, lt: 0.5, default: 0.05 }),
    opt.flag('--require-noninferiority', 'also fail when non-inferiority is not shown on some benchmark (an underpowered comparison fails instead of passing)'),
    opt.list('--allow-mismatch <keys>', 'setup keys whose differences the comparability check accepts (e.g. model_args)', { of: 'string' }),
  ],
  async run(ctx) {
    const lb = await ctx.load();
    const f = ctx.flags;
    const rep = runGate(lb, {
      baseline: f.baseline,
      candidate: f.candidate,
      margin: f.margin,
      alpha: f.alpha,
      requireNoninferiority: !!f.requireNoninferiority,
      setupFiles: f.lmEval ? readLmEvalDir(f.lmEval) : null,
      allowMismatch: f.allowMismatch ?? [],
      ...ctx.callbacks,
    });
    ctx.print(formatGate(rep));
    await ctx.write((out) => {
      out.writeJson('gate.json', rep);
      out.write('gate.md', gateMarkdown(rep));
    });
    return rep.exit_code;
  },
});
