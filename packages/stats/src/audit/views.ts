// The few fields of each layer's report the audit reads (summary sentences, tables, charts). Kept
// minimal and structural, so that a layer adding fields never touches the audit; a field renamed by a
// layer shows up in the audit's tests, not as a silent zero.

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
  data: { nModels: number; nRows: number; benchmarks: string[]; levels: Record<string, number>; excludedCount: number };
  models: { name: string; components: ComponentView[]; G: { Erho2: number; Phi: number; nb: number } | null; singular: boolean }[];
  granularity: { recode: string; orderingHolds: boolean; orderOriginal: string[]; orderRecoded: string[] }[];
}

export interface BayesView {
  chains: number;
  iterations: number;
  components: { name: string; share: { median: number; lo: number; hi: number }; remlShare: number | null; rhat: number }[];
  maxRhat: number;
}

export interface ScalingView {
  nModels: number;
  droppedModels: { id: string; reason: string }[];
  formula: string;
  pvDraws: number;
  vector: {
    factor: string;
    unattenuated: { estimate: number; se: number; lo: number; hi: number };
    eapTwoStep: { estimate: number } | null;
    manifest: { estimate: number };
    manifestStandardized: number;
    reliability: { latent: { reliability: number }; manifest: { reliability: number } } | null;
  }[];
}

export interface RankModelView {
  id: string;
  raw: number;
  rawRank: number;
  mean: number;
  sd: number;
  latentRank: number;
  expectedRank: number;
  rankLo: number;
  rankHi: number;
  shift: number;
}

export interface RanksView {
  nModels: number;
  draws: number;
  spearman: number;
  retention: { set: string; size: number; retained: number; retention: number }[];
  meanIntervalWidth: number;
  models: RankModelView[];
  moversUp: RankModelView[];
  moversDown: RankModelView[];
  leftOut: string[];
}

export interface DescribeView {
  source: 'responses' | 'scores';
  alpha: number;
  saturation: number;
  nModels: number;
  benchmarks: { benchmark: string; nItems: number | null; nModels: number; mean: number; sd: number; median: number; saturated: boolean; mmd: { independent: number | null; paired: number | null } }[];
  models: { id: string; name: string }[];
  cells: { score: (number | null)[] };
  choiceMatters: string[];
  saturated: string[];
  generalists: { id: string; level: number }[];
  specialists: { id: string; best: string; specialisation: number }[];
  orders: { models: { level: number[] } };
}
