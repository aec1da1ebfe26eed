// `cartograph robustness`: robustness of the structure comparison (runRobustness in
// packages/stats/src/robustness): item-resampled bootstrap with selection rates, permutation control,
// out-of-sample prediction, aggregation across replicates. Writes
//   robustness.json   every figure, the plan and the rules (no timings, hosts or worker counts)
//   replicates.jsonl  one line per replicate (canonical JSON keyed by plan hash, kind and index)
//   run.json          timings per kind and the machine (how it ran; not part of the result)
//   charts/*.vl.json  Vega-Lite specs (selection rates, fit distributions, permutation, OOS AUC/MAE)
import { STRUCTURES, type StructureName } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { executeRobustness, executorOptions, type ExecFlags } from '../executors.js';
import { opt } from '../options.js';

interface Flags extends ExecFlags {
  structures: string[];
  bootstrap: number;
  subsample?: number;
  permutations: number;
  folds: number;
  rule: 'parsimony' | 'cfi' | 'rmsea';
  seed: number;
  ordinary?: boolean;
  reference?: boolean;
  resampleModels?: boolean;
}

export const register = defineCommand<Flags>({
  name: 'robustness',
  description: 'robustness of the structure comparison: item-resampled bootstrap with selection rates, permutation control, out-of-sample prediction, aggregation; --out writes robustness.json, replicates.jsonl, run.json and chart specs',
  outDescription: 'folder for robustness.json, replicates.jsonl, run.json and charts/',
  options: [
    opt.list('--structures <list>', `comma list of: ${STRUCTURES.join(', ')}`, { choices: STRUCTURES, default: [...STRUCTURES] }),
    opt.int('--bootstrap <R>', 'item-resampled replicates (0: none)', { min: 0, default: 200 }),
    opt.int('--subsample <k>', 'items per benchmark per replicate, drawn without replacement (default min(15, ⌊smallest benchmark/2⌋))', { min: 3 }),
    opt.int('--permutations <P>', 'random item→benchmark relabellings (0: none)', { min: 0, default: 200 }),
    opt.int('--folds <K>', 'folds over models for out-of-sample prediction (0: none)', { min: 0, default: 5 }),
    opt.choice('--rule <rule>', 'selection rule: parsimony (fewest parameters within 0.01 CFI and 0.015 RMSEA of the best), cfi, rmsea', ['parsimony', 'cfi', 'rmsea'] as const, 'parsimony'),
    opt.int('--seed <S>', 'base seed of every random stream', { min: 0, default: 1 }),
    opt.flag('--ordinary', 'ordinary fits instead of the admissible mode (then only admissible solutions count)'),
    opt.flag('--no-reference', 'skip the full-pool reference fit of every structure'),
    opt.flag('--resample-models', 'bootstrap replicates also resample models with replacement, clustered by contributor when the metadata has one'),
    ...executorOptions,
  ],
  async run(ctx) {
    const f = ctx.flags;
    const lb = await ctx.load();
    // how the replicates run (in process, pool, shard, checkpoint, queue): executors.ts
    await executeRobustness(
      ctx,
      lb,
      {
        structures: f.structures as StructureName[],
        bootstrap: f.bootstrap,
        ...(f.subsample !== undefined ? { subsample: f.subsample } : {}),
        permutations: f.permutations,
        folds: f.folds,
        rule: f.rule,
        seed: f.seed,
        admissible: !f.ordinary,
        reference: f.reference !== false,
      resampleModels: !!f.resampleModels,
      },
      f,
    );
  },
});
