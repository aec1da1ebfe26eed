// `cartograph gate --baseline A --candidate B`: a regression gate for CI (runGate in
// packages/stats/src/compare): per benchmark the one-sided Tango score bounds of candidate − baseline,
// Holm over benchmarks. Exit codes: 0 pass, 5 regression (or non-inferiority not shown when required),
// 2 bad input, 1 internal error; 4 is reserved for "the two sides were not evaluated the same way" (the
// comparability check of the readers issue, not yet implemented). Writes gate.json and gate.md.
import type { Command } from 'commander';
import { formatGate, gateMarkdown, runGate } from '@cartograph/stats';
import { Context, defineCommand, type CommonFlags } from '../command.js';
import { opt } from '../options.js';
import { checkOutTarget } from '../output.js';
import type { Register } from '../program.js';
import { ProgressDisplay } from '../progress.js';
import { displaySink } from '../worker.js';

interface Flags {
  baseline: string;
  candidate: string;
  margin: number;
  alpha: number;
  requireNoninferiority?: boolean;
}

export const EXIT_REGRESSION = 5;

/** The command's body; returns the exit code (0 pass, 5 fail). */
async function gate(ctx: Context<Flags & CommonFlags>): Promise<number> {
  const lb = await ctx.load();
  const f = ctx.flags;
  const rep = runGate(lb, { baseline: f.baseline, candidate: f.candidate, margin: f.margin, alpha: f.alpha, requireNoninferiority: !!f.requireNoninferiority, ...ctx.callbacks });
  ctx.print(formatGate(rep));
  await ctx.write((out) => {
    out.writeJson('gate.json', rep);
    out.write('gate.md', gateMarkdown(rep));
  });
  return rep.exit_code === 5 ? EXIT_REGRESSION : 0;
}

const declared = defineCommand<Flags>({
  name: 'gate',
  description: 'CI regression gate: exit 5 when the candidate is worse than the baseline by more than --margin on some benchmark (Tango score bounds, Holm)',
  outDescription: 'folder for gate.json and gate.md (a pull-request comment)',
  options: [
    opt.string('--baseline <model>', 'the model in use (id or name)').makeOptionMandatory(),
    opt.string('--candidate <model>', 'the new model or checkpoint (id or name)').makeOptionMandatory(),
    opt.number('--margin <m>', 'largest tolerated drop, as a proportion (0.01 = 1 point)', { min: 0, lt: 1, default: 0.01 }),
    opt.number('--alpha <a>', 'one-sided level', { gt: 0, lt: 0.5, default: 0.05 }),
    opt.flag('--require-noninferiority', 'also fail when non-inferiority is not shown on some benchmark (an underpowered comparison fails instead of passing)'),
  ],
  async run(ctx) {
    process.exitCode = await gate(ctx);
  },
});

/**
 * Declared with defineCommand (options, help), but run in-process: the scaffold's command worker
 * (worker.ts) has no channel for an exit status other than its error kinds, and the gate's exit code 5
 * must reach the process. The gate computes in milliseconds, so the worker's heartbeat is not needed.
 * (When the scaffold carries an exit status from the worker, this wrapper can go.)
 */
export const register: Register = (program: Command) => {
  declared(program);
  const cmd = program.commands.find((c) => c.name() === 'gate')!;
  cmd.action(async (...params: unknown[]) => {
    const flags = params[params.length - 2] as Flags & CommonFlags;
    if (flags.out) checkOutTarget(flags.out);
    const display = new ProgressDisplay({ quiet: !!flags.quiet });
    const ctx = new Context<Flags & CommonFlags>(flags, [], 'gate', displaySink(display), Date.now());
    try {
      process.exitCode = await gate(ctx);
    } finally {
      ctx.finish();
      display.stop();
    }
  });
};
