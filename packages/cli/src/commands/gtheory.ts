// `cartograph gtheory`: where the variance of benchmark scores comes from (runGtheory in
// packages/stats/src/gtheory): four crossed random-effects models by REML, G and Φ with a D-study,
// granularity checks (--recode), the Bayesian check (--bayes) and, for the Open LLM Leaderboard v2
// table only, the AI Cartography paper's shares next to ours on both scalings. --out writes gtheory.json
// and variance-shares.svg.
import { formatGtheory, runGtheory, varianceSharesChart, varianceSharesSvg, type Leaderboard } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { loadInputs, readInputFile } from '../inputs.js';
import { opt } from '../options.js';

interface Flags {
  recode: string[];
  dStudy?: number[];
  bayes?: boolean;
  chains: number;
  iterations: number;
  warmup: number;
  seed: number;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export const register = defineCommand<Flags>({
  name: 'gtheory',
  description:
    'G-theory decomposition of benchmark scores: four crossed random-effects models by REML (lme4/lmerTest numbers), G and Φ, D-study, granularity checks, optional Bayesian check',
  outDescription: 'folder for gtheory.json and variance-shares.svg',
  options: [
    opt
      .string('--recode <FACET=RULE>', 'granularity check: refit facets with another coding (contributor=top:20, architecture=family, deployment=single, contributor=prefix:4, architecture=map:FILE.csv with level,new_level); repeatable')
      .argParser(collect)
      .default([]),
    opt.list('--d-study <list>', 'numbers of benchmarks for the D-study, comma-separated (default 1–6, 8, 10, 12, 15, 20, 30, 50)', { of: 'int', min: 1 }),
    opt.flag('--bayes', 'Bayesian check of facets by Gibbs sampling (half-t priors on the SDs)'),
    opt.int('--chains <n>', 'Gibbs chains', { min: 2, default: 4 }),
    opt.int('--iterations <n>', 'Gibbs draws kept per chain', { min: 1, default: 2000 }),
    opt.int('--warmup <n>', 'Gibbs warm-up draws per chain', { min: 1, default: 500 }),
    opt.int('--seed <n>', 'seed of the Gibbs sampler', { min: 0, default: 1 }),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const lb = await ctx.load();
    // the v2 table's other scaling, for the paper comparison on both
    let other: Leaderboard | null = null;
    if (lb.origin?.version === 'v2' && lb.origin.role === 'scores' && f.leaderboard) {
      ctx.stage({ stage: 'reading inputs', message: `the ${f.normalised ? 'raw' : 'normalised'} columns of the v2 table, for the paper comparison` });
      other = await loadInputs({ ...f, normalised: !f.normalised });
    }
    const rep = runGtheory(lb, {
      recodes: f.recode, // rule texts: parsed by the runner, map:FILE read through readFile
      readFile: readInputFile,
      dStudySizes: f.dStudy,
      bayes: f.bayes ? { chains: f.chains, iterations: f.iterations, warmup: f.warmup, seed: f.seed } : null,
      otherScaling: other,
      ...ctx.callbacks,
    });
    ctx.print(formatGtheory(rep));
    await ctx.write((out) => {
      out.writeJson('gtheory.json', rep);
      out.write('variance-shares.svg', varianceSharesSvg(varianceSharesChart(rep), { title: 'Variance shares of benchmark scores (REML, % of total)' }));
    });
  },
});
