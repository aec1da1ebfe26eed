// Plan options, replicate results and the report of the robustness studies (issue 14). Plain JSON.
import type { FitStatus, StructureName } from '../cfa/index.js';
import type { ReplicateEnvelope, ReplicatePlan } from '../replicate/index.js';

export type SelectionRule = 'parsimony' | 'cfi' | 'rmsea';

export interface RobustnessOptions {
  structures: StructureName[];
  /** Items per benchmark drawn without replacement in each bootstrap replicate (and for the permutation and OOS item set). */
  subsample: number;
  bootstrap: number;
  permutations: number;
  folds: number;
  /** Fit every structure under the admissibility constraints (cfa admissible mode). */
  admissible: boolean;
  rule: SelectionRule;
  /** parsimony rule: scaled CFI within this of the best … */
  cfi_margin: number;
  /** … and scaled RMSEA within this of the best. */
  rmsea_margin: number;
  /** Bootstrap resamples over models for the OOS intervals (in the reduction). */
  oos_interval_resamples: number;
  /** Bootstrap replicates also resample models with replacement, clustered by contributor where known. */
  resample_models: boolean;
  /** Also fit every structure on the whole item pool once (the full-data reference of the aggregation). */
  reference: boolean;
  /** The data the plan is for, as the reduction needs it (the content itself is pinned by data_hash). */
  pool: { n_models: number; item_benchmarks: string[] };
}

export type RobustnessPlan = ReplicatePlan<RobustnessOptions>;

/** One fit of one replicate, reduced to what the studies read. */
export interface FitSummary {
  structure: string;
  status: FitStatus;
  n_parameters: number;
  df: number | null;
  chisq_scaled_df: number | null;
  cfi_scaled: number | null;
  tli_scaled: number | null;
  rmsea_scaled: number | null;
  srmr: number | null;
  fmin: number | null;
  ecv: number | null;
  omega_h: number | null;
  /** Standardized loadings [factor, item, std_all, std_se] (bootstrap and reference replicates). */
  loadings?: [string, string, number, number | null][];
}

export interface OosCells {
  /** Held-out model index (into the data's complete models), per cell. */
  model: number[];
  /** Pool item index per cell. */
  item: number[];
  /** Observed 0/1 per cell. */
  y: number[];
  /** Predicted P(correct) per predictor (structure name, 'visible_proportion', 'item_difficulty'), per cell. */
  pred: Record<string, (number | null)[]>;
}

export interface RobustnessResult extends ReplicateEnvelope {
  /** Pool indices of the items used. */
  items?: number[];
  /** permutation: the benchmark given to each item (r = 0: the true labels). */
  labels?: string[];
  fits?: FitSummary[];
  /** The structure the rule selects (null: no usable fit). */
  selected?: string | null;
  /** oos: the held-out cells and every predictor's probability for them. */
  oos?: OosCells;
}

export interface Quantiles {
  n: number;
  mean: number | null;
  sd: number | null;
  q025: number | null;
  q25: number | null;
  q50: number | null;
  q75: number | null;
  q975: number | null;
}
