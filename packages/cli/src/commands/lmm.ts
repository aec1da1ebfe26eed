// `cartograph lmm --data CSV --formula "y ~ x + (1|g)"`: any linear mixed model of the lme4 subset
// (runLmm in packages/stats/src/lmm), by REML (default) or ML, with Satterthwaite t tests (lmerTest
// numbers). Prints an lme4-style summary; --out writes lmm.json (the full fit, BLUPs with conditional
// variances included).
import { formatLmm, parseCsv, runLmm } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { readInputFile } from '../inputs.js';
import { opt } from '../options.js';

interface Flags {
  data: string;
  formula: string;
  ml?: boolean;
  satterthwaite: boolean;
}

export const register = defineCommand<Flags>({
  name: 'lmm',
  description: 'Linear mixed model (lme4 formula subset) by REML or ML with Satterthwaite t tests',
  inputs: false,
  outDescription: 'folder for lmm.json',
  options: [
    opt.string('--data <CSV>', 'data file: one row per observation, named columns').makeOptionMandatory(),
    opt.string('--formula <FORMULA>', 'e.g. "score ~ log10_params + (1|benchmark) + (1|contributor)"').makeOptionMandatory(),
    opt.flag('--ml', 'maximum likelihood instead of REML'),
    opt.flag('--no-satterthwaite', 'skip the Satterthwaite df (faster)'),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const file = readInputFile(f.data);
    const t0 = ctx.elapsed();
    const rep = runLmm(parseCsv(file.data, file.name), f.formula, { reml: !f.ml, satterthwaite: f.satterthwaite, source: file.name, ...ctx.callbacks });
    ctx.info(`lmm: done in ${(ctx.elapsed() - t0).toFixed(2)} s (${rep.optimizer.evaluations} deviance evaluations)`);
    ctx.print(formatLmm(rep));
    await ctx.write((out) => out.writeJson('lmm.json', rep));
  },
});
