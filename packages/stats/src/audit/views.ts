// The few fields of each layer's report the audit reads (summary sentences, tables, charts). Kept
// minimal and structural, so that a layer adding fields never touches the audit; a field renamed by a
// layer shows up in the audit's tests, not as a silent zero. Reports are read through `view()`, which
// gives every key in snake_case (the house convention; layers still in camelCase read the same).

const snakeKey = (k: string): string => k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/^([A-Z])(?=[a-z0-9]|$)/, (c) => c.toLowerCase()).replace(/_([A-Z])/g, (_, c: string) => `_${c.toLowerCase()}`);
/** Objects whose keys are data (benchmark or facet names), not field names: kept as they are. */
const DATA_KEYED = new Set(['byBenchmark', 'by_benchmark', 'levels', 'shares']);
const cache = new WeakMap<object, unknown>();
function snake(x: unknown, dataKeys = false): unknown {
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) return x.map((v) => snake(v));
  const hit = dataKeys ? undefined : cache.get(x);
  if (hit) return hit;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) out[dataKeys ? k : snakeKey(k)] = snake(v, !dataKeys && DATA_KEYED.has(k));
  if (!dataKeys) cache.set(x, out);
  return out;
}
/** A copy with every field name in snake_case (keys that are data — benchmark or facet names — kept). */
export function snakeCaseKeys<T = unknown>(x: unknown): T {
  return snake(x) as T;
}
/** A layer report (plain JSON) read with snake_case keys. */
export function view<T>(report: unknown): T {
  return snake(report) as T;
}

export interface FitView {
  df: number;
  chisq_scaled: number;
  pvalue_scaled: number;
  cfi_scaled: number;
  tli_scaled: number;
  rmsea_scaled: number;
  rmsea_ci_lower_scaled: number;
  rmsea_ci_upper_scaled: number;
  srmr: number;
}

export interface StructureView {
  structure: string;
  status?: string;
  status_reason?: string;
  converged: boolean;
  message: string;
  n_parameters: number;
  fit: FitView | null;
  loadings: { factor: string; item: string; est: number; std_all: number; std_se: number | null }[];
  heywood: { any: boolean } | null;
  bifactor_indices: { ecv: number; omega_h: number; omega_total: number; specifics: { factor: string; ecv: number; omega_hs: number }[] } | null;
}

export interface CfaView {
  n_models: number;
  n_items: number;
  data: { missing: string; models_dropped?: number; min_eigenvalue: number; not_positive_definite: boolean };
  structures: StructureView[];
  nested_tests: ({ restricted: string; general: string; chisq_diff_scaled: number; df_diff: number; pvalue: number } | { restricted: string; general: string; error: string })[];
  mi_structure: string | null;
}

export interface ComponentView {
  name: string;
  variance: number;
  percent: number | null;
}

export interface GtheoryView {
  paper_comparison?: { paper: Record<string, Record<string, number | null>> } | null;
  bayes?: BayesView | null;
  data: {
    scores_from?: 'scores' | 'responses'; n_models: number; n_rows: number; benchmarks: string[]; levels: Record<string, number>; excluded_count: number };
  models: { name: string; components: ComponentView[]; g: { erho2: number; phi: number; nb: number } | null; singular: boolean }[];
  granularity: { recode: string; ordering_holds: boolean; order_original: string[]; order_recoded: string[] }[];
}

export interface BayesView {
  chains: number;
  iterations: number;
  components: { name: string; share: { median: number; lo: number; hi: number }; reml_share: number | null; rhat: number }[];
  max_rhat: number;
}

export interface ScalingView {
  n_models: number;
  /** The EAP two-step read the audit's shared calibration (scaling fitted none of its own). */
  shared_calibration?: boolean;
  dropped_models: { id: string; reason: string }[];
  formula: string;
  pv_draws: number;
  vector: {
    factor: string;
    unattenuated: { estimate: number; se: number; lo: number; hi: number };
    eap_two_step: { estimate: number } | null;
    manifest: { estimate: number };
    manifest_standardized: number;
    reliability: { latent: { reliability: number }; manifest: { reliability: number } } | null;
  }[];
}

export interface RankModelView {
  model_id: string;
  raw_average: number | null;
  g_mean: number;
  g_sd: number;
  raw_rank: number | null;
  latent_rank: number | null;
  expected_rank: number | null;
  rank_lo: number | null;
  rank_hi: number | null;
  shift: number | null;
}

export interface RanksView {
  n_models: number;
  n_compared: number;
  comparison_basis: 'complete_models' | 'all_models';
  draws: number;
  spearman: number;
  retention: { set: string; size: number; retained: number; retention: number }[];
  mean_interval_width: number;
  models: RankModelView[];
  movers_up: RankModelView[];
  movers_down: RankModelView[];
  left_out: { model_id: string; reason: string }[];
}

export interface DescribeView {
  source: 'responses' | 'scores';
  alpha: number;
  saturation: number;
  n_models: number;
  benchmarks: { benchmark: string; n_items: number | null; n_models: number; mean: number; sd: number; median: number; saturated: boolean; mmd: { independent: number | null; paired: number | null } }[];
  models: { id: string; name: string }[];
  cells: { score: (number | null)[] };
  choice_matters: string[];
  saturated: string[];
  generalists: { id: string; level: number }[];
  specialists: { id: string; best: string; specialisation: number }[];
  orders: { models: { level: number[] } };
}

export interface StructureScoresView {
  n_models: number;
  estimator: string;
  cluster: { variable: string } | null;
  fit: { cfi: number; cfi_robust: number | null; rmsea: number; rmsea_robust: number | null; rmsea_ci_lower: number; rmsea_ci_upper: number; srmr: number } | null;
  loadings: { factor: string; benchmark: string; est: number; std_all: number; std_se: number }[];
  omega: number | null;
  interpretation: string;
  skipped: { part: string; reason: string }[];
}

export interface RobustnessView {
  n_models: number;
  bootstrap: { replicates: number; rule: string; structures: { structure: string; usable: number; selected: number; selection_rate: number | null; selection_interval: [number, number] | null }[] } | null;
  permutation: { permutations: number; structures: { structure: string; p_values: Record<string, number | null> }[] } | null;
  oos: { folds: number; predictors: { predictor: string; kind: string; auc: number | null; auc_interval: [number, number] | null; mae_pp: number | null }[] } | null;
}
