// runRobustness: the plan, every replicate in sequence (the execution issue runs the same replicates on
// a pool, shards or a queue), the order-independent reduction. The report holds no timings, hosts or
// worker counts (those go to run.json), so its bytes do not depend on how it ran.
import type { Leaderboard } from '../data/leaderboard.js';
import { STRUCTURES, type StructureName } from '../cfa/index.js';
import { collectResults, listReplicates, makePlan, replicateData, runReplicate, type ReplicateData, type ReplicateStudy } from '../replicate/index.js';
import { InputError } from '../util/errors.js';
import { reduceRobustness, type RobustnessReport } from './reduce.js';
import { benchmarkGroups, runRobustnessReplicate } from './study.js';
import type { RobustnessOptions, RobustnessPlan, RobustnessResult, SelectionRule } from './types.js';
import type { CfaProgress } from '../cfa/index.js';

export const ROBUSTNESS_STUDY: ReplicateStudy<RobustnessOptions, ReplicateData, RobustnessResult, RobustnessReport> = {
  name: 'robustness',
  run: runRobustnessReplicate,
  reduce: reduceRobustness,
};

export interface RobustnessRunOptions {
  structures?: StructureName[];
  bootstrap?: number;
  /** Items per benchmark; default min(15, ⌊smallest benchmark / 2⌋) so that replicates differ. */
  subsample?: number;
  permutations?: number;
  folds?: number;
  admissible?: boolean;
  rule?: SelectionRule;
  cfiMargin?: number;
  rmseaMargin?: number;
  ooSIntervalResamples?: number;
  reference?: boolean;
  resampleModels?: boolean;
  seed?: number;
  onProgress?: (p: CfaProgress) => void;
  onWarning?: (message: string) => void;
}

export function robustnessPlan(data: ReplicateData, o: RobustnessRunOptions = {}): RobustnessPlan {
  const groups = benchmarkGroups(data.items);
  if (groups.length < 2) throw new InputError('<items>', 0, 0, `the robustness studies compare structures over benchmarks; the items have ${groups.length} benchmark`);
  const smallest = Math.min(...groups.map(([, idx]) => idx.length));
  const subsample = o.subsample ?? Math.max(3, Math.min(15, Math.floor(smallest / 2)));
  if (!(Number.isInteger(subsample) && subsample >= 3)) throw new InputError('<options>', 0, 0, `items per benchmark must be an integer ≥ 3 (a factor needs three indicators), got ${subsample}`);
  const folds = o.folds ?? 5;
  if (folds !== 0 && !(Number.isInteger(folds) && folds >= 2)) throw new InputError('<options>', 0, 0, `folds must be 0 (none) or an integer ≥ 2, got ${folds}`);
  const options: RobustnessOptions = {
    structures: o.structures ?? [...STRUCTURES],
    subsample,
    bootstrap: o.bootstrap ?? 200,
    permutations: o.permutations ?? 200,
    folds,
    admissible: o.admissible ?? true,
    rule: o.rule ?? 'parsimony',
    cfi_margin: o.cfiMargin ?? 0.01,
    rmsea_margin: o.rmseaMargin ?? 0.015,
    oos_interval_resamples: o.ooSIntervalResamples ?? 200,
    reference: o.reference ?? true,
    resample_models: o.resampleModels ?? false,
    pool: { n_models: data.models.length, item_benchmarks: data.items.map((it) => it.benchmark) },
  };
  const replicates: Record<string, number> = {};
  if (options.bootstrap > 0) replicates.bootstrap = options.bootstrap;
  if (options.permutations > 0) replicates.permutation = options.permutations + 1; // r = 0: the observed labels
  if (options.folds > 0) replicates.oos = options.folds;
  if (options.reference) replicates.reference = 1;
  return makePlan('robustness', options, data.hash, o.seed ?? 1, replicates);
}

export interface RobustnessRun {
  plan: RobustnessPlan;
  results: RobustnessResult[];
  report: RobustnessReport;
  /** Seconds per kind (for run.json; never in the report). */
  seconds: Record<string, number>;
}

export function runRobustness(lb: Leaderboard, o: RobustnessRunOptions = {}): RobustnessRun {
  const data = replicateData(lb);
  if (data.models_dropped > 0) o.onWarning?.(`${data.models_dropped} models with a missing cell are left out (the studies use the ${data.models.length} models complete on every item)`);
  const plan = robustnessPlan(data, o);
  const ids = listReplicates(plan);
  const results: RobustnessResult[] = [];
  const seconds: Record<string, number> = {};
  const t0 = performance.now();
  o.onProgress?.({ stage: 'shared work', message: `pool sample statistics: ${data.models.length} models × ${data.items.length} items` });
  ids.forEach((id, i) => {
    const t = performance.now();
    const res = runReplicate(ROBUSTNESS_STUDY, plan, data, id);
    if (res.error) o.onWarning?.(`replicate ${id.kind}:${id.r} failed: ${res.error}`);
    results.push(res);
    seconds[id.kind] = (seconds[id.kind] ?? 0) + (performance.now() - t) / 1000;
    const el = (performance.now() - t0) / 1000;
    o.onProgress?.({ stage: 'replicates', done: i + 1, total: ids.length, message: `${id.kind} ${id.r + 1}/${plan.replicates[id.kind]}; ETA ${Math.round((el / (i + 1)) * (ids.length - i - 1))} s` });
  });
  const report = reduceRobustness(plan, collectResults(plan, results));
  return { plan, results, report, seconds };
}
