// The content of structure.json (schema packages/stats/schemas/structure.schema.json): types shared by
// the runner, the formatter, the interpretation and the charts.
import type { Shape } from './describe.js';

export type ClusterVariable = 'contributor' | 'architecture' | 'deployment';

export interface FitReport {
  npar: number;
  chisq: number;
  df: number;
  pvalue: number;
  chisq_scaled: number | null;
  scaling_factor: number | null;
  pvalue_scaled: number | null;
  baseline_chisq: number;
  baseline_df: number;
  baseline_chisq_scaled: number | null;
  baseline_scaling_factor: number | null;
  cfi: number;
  tli: number;
  rmsea: number;
  rmsea_ci_lower_naive: number;
  rmsea_ci_upper_naive: number;
  cfi_robust: number | null;
  tli_robust: number | null;
  rmsea_robust: number | null;
  rmsea_ci_lower: number;
  rmsea_ci_upper: number;
  srmr: number;
}

export interface ParameterRow {
  lhs: string;
  op: string;
  rhs: string;
  est: number;
  se: number;
  z: number;
  std_all: number;
  std_se: number;
}

export interface StructureReport {
  schema_version: number;
  method: string;
  sources: string[];
  benchmarks: string[];
  /** names the model syntax uses (characters other than letters, digits, _ and . replaced by _) */
  variable_names: string[];
  n_models_total: number;
  n_models: number;
  n_incomplete: number;
  n_without_cluster: number;
  estimator: 'MLR' | 'ML';
  cluster: null | {
    variable: ClusterVariable;
    n_clusters: number;
    mean_size: number;
    max_size: number;
    largest: string;
    singletons: number;
    /** median over the loadings of Var(cluster-robust) / Var(robust, independent models) */
    design_effect: number | null;
    effective_n: number | null;
    /** the scaled test without clusters, for comparison */
    chisq_scaled_unclustered: number | null;
    note: string;
  };
  correlations: { pearson: number[][]; spearman: number[][]; n_complete: number };
  distribution: ({ benchmark: string } & Shape)[];
  normality_note: string | null;
  model: {
    name: string;
    syntax: string;
    latents: string[];
    converged: boolean;
    iterations: number;
    max_abs_gradient: number | null;
    heywood: string[];
  };
  /** null when the model could not be estimated (see skipped) */
  fit: FitReport | null;
  loadings: { factor: string; benchmark: string; est: number; se: number; std_all: number; std_se: number }[];
  residual_variances: { benchmark: string; est: number; se: number; std_all: number; r_squared: number }[];
  parameters: ParameterRow[];
  omega: number | null;
  variance_explained: number | null;
  residual_correlations: { benchmarks: string[]; matrix: number[][] } | null;
  mi: { benchmark1: string; benchmark2: string; mi: number; epc: number; sepc_all: number; residual_r: number }[];
  identification_note: string;
  interpretation: string;
  notes: string[];
  skipped: { part: string; reason: string }[];
}
