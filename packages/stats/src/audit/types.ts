// Types of the audit: its options and its report (audit.json, schema packages/stats/schemas/audit.schema.json).
import type { Coverage, Leaderboard, MissingInput } from '../data/leaderboard.js';
import type { StructureName } from '../cfa/index.js';
import type { RecodeSpec } from '../gtheory/index.js';
import type { OnProgress, OnWarning } from '../util/progress.js';
import type { InputFile } from '../io/index.js';
import type { AuditExecutor } from './tasks.js';
import type { SizeDefaults } from './size.js';

export const AUDIT_SCHEMA_VERSION = '1.0.0';

export type StageId = 'data' | 'first_look' | 'latent_structure' | 'ecosystem_variance' | 'denoised_scaling' | 'rank_stability' | 'robustness';

/** One input file, as the front end read it (the library reads no files). */
export interface AuditInput {
  /** What the file is: responses, items, models, scores, leaderboard, lm_eval, models_from. */
  role: string;
  /** The name as given (path on the command line, file name in the browser). */
  name: string;
  sha256: string;
  bytes: number;
  /** The path the readers were given for this file, when it differs from `name` (never written to audit.json:
   *  it only maps a reader's file name, e.g. the metadata join's, to `name`). */
  path?: string;
}

export interface AuditOptions {
  /** Root seed; each layer's seed is forked from it by a fixed label (seeds.ts). Default 1. */
  seed?: number;
  /** Describe: two-sided level (0.05), saturation threshold (0.9), models listed (10). */
  alpha?: number;
  saturation?: number;
  top?: number;
  /** Latent structure: structures to fit (default all six), missing-cell rule (listwise), modification indices (on). */
  structures?: StructureName[];
  missing?: 'listwise' | 'pairwise';
  mi?: boolean;
  /** Ecosystem variance: granularity checks (rule texts such as `contributor=top:20`, or parsed rules; a
   *  `map:FILE` rule's file is read through `readFile`); the Bayesian check with its chains/iterations/warm-up. */
  recodes?: (RecodeSpec | string)[];
  /** The front end's file access, for `map:FILE` recode rules (the library reads no files itself). */
  readFile?: (path: string) => InputFile;
  bayes?: boolean;
  chains?: number;
  iterations?: number;
  warmup?: number;
  /** Scaling: plausible-value sets (10), item-resampled replicates (4), item fraction (0.8). */
  pv?: number;
  replicates?: number;
  itemFraction?: number;
  /** Ranks: posterior draws (1000), movers listed each way (10). */
  draws?: number;
  /**
   * The full defaults of pv and replicates on a large input too (size.ts: by default a large input
   * gets smaller ones, each stated in audit.json's size_defaults, the warnings and the stages' text).
   */
  fullDefaults?: boolean;
  /** How the front end asks for the full defaults (audit.json's size_defaults.how_to_get_full). */
  howToGetFull?: string;
  /** Models × items from which the input counts as large (default size.ts LARGE_FROM_CELLS; tests lower it). */
  largeFromCells?: number;
  movers?: number;
  link?: 'logistic' | 'normal';
  /** Robustness layer options, passed through when that layer is available; null = not requested. */
  robustness?: { bootstrap?: number; permutations?: number; folds?: number } | null;
  /** Open LLM Leaderboard v2 table: the same table read with its other score columns, for the paper comparison. */
  otherScaling?: Leaderboard | null;
  /** The input files (for their content hashes in audit.json). */
  inputs?: AuditInput[];
  /** Software version written to audit.json. */
  softwareVersion?: string;
  /** How the front end names the input that would enable a skipped stage (e.g. a CLI option). */
  describeNeed?: (needs: MissingInput) => string;
  /** Where the heavy layers run (tasks.ts): default every task in this thread, one after the other. The
   *  result (audit.json) is the same whatever the executor. */
  executor?: AuditExecutor;
  onProgress?: OnProgress;
  onWarning?: OnWarning;
}

export interface StageResult {
  id: StageId;
  title: string;
  /** The question the stage answers. */
  question: string;
  status: 'done' | 'skipped' | 'not_requested';
  /** Why the stage did not run (skipped / not requested). */
  reason: string | null;
  /** The input that would enable it (missing input), in the front end's terms. */
  needs: MissingInput | null;
  enable: string | null;
  /** One line on what it found (the progress line and the summary's bullet). */
  finding: string | null;
  /** The answer in plain sentences, with numbers and their uncertainty. */
  answer: string | null;
  /** What it does not show. */
  caveat: string | null;
  /** Subfolders of the layer files this stage wrote. */
  folders: string[];
}

export interface SummaryLine {
  stage: StageId;
  text: string;
  caveat: string | null;
}

export interface DataSection {
  source: 'responses' | 'scores' | 'responses+scores';
  n_models: number;
  n_benchmarks: number;
  n_items: number;
  benchmarks: string[];
  coverage: Coverage;
  metadata: { with_size: number; with_architecture: number; with_contributor: number; with_deployment: number; join: unknown | null };
  origin: { version: 'v1' | 'v2'; role: string } | null;
  n_warnings: number;
  warnings: string[];
}

export interface ItemQuality {
  /** Structure whose loadings are read (bifactor when it converged, else general). */
  structure: string | null;
  /** Loading threshold below which an item counts as near-zero. */
  near_zero: number;
  floor: number;
  ceiling: number;
  items: {
    item: string;
    benchmark: string;
    p_correct: number | null;
    g_loading: number | null;
    specific_loading: number | null;
    flags: ('negative_loading' | 'near_zero_loading' | 'floor' | 'ceiling')[];
  }[];
}

/** The audit's report (audit.json): every number of report.html and audit.md. */
export interface AuditReport {
  schema_version: string;
  software: { name: 'cartograph'; version: string };
  inputs: AuditInput[];
  options: Record<string, unknown>;
  /** The input's size and the defaults reduced for it (size.ts). */
  size_defaults: SizeDefaults;
  seeds: { root: number; streams: Record<string, number>; derivation: string };
  stages: StageResult[];
  summary: SummaryLine[];
  data: DataSection;
  first_look: { describe: unknown } | null;
  latent_structure: {
    kind: 'items' | 'scores';
    /** Items in the order of the data, with their benchmark (the axes of the loadings and MI charts). */
    items: { item: string; benchmark: string }[];
    best_structure: string | null;
    cfa: unknown | null;
    mi_map: { item1: string; item2: string; mi: number; sepc_all: number; cross_benchmark: boolean }[];
    item_quality: ItemQuality | null;
    structure: unknown | null;
  } | null;
  ecosystem_variance: { scores_from: 'scores' | 'responses'; paper_comparison: boolean; gtheory: unknown; bayes: unknown | null } | null;
  denoised_scaling: { scaling: unknown; shared_calibration: boolean } | null;
  rank_stability: { ranks: unknown; indistinguishable_from_leader: string[] } | null;
  robustness: unknown | null;
  glossary: { term: string; definition: string }[];
  warnings: string[];
}

/** Everything a run produced: the report, each layer's own files, and the timings (run.json). */
export interface AuditResult {
  report: AuditReport;
  /** folder → files, identical to what the layer's single command writes. */
  layerFiles: Record<string, { name: string; content: string }[]>;
  /** Seconds per stage and per layer timing key found in the layer reports (never in audit.json). */
  timings: Record<string, unknown>;
}
