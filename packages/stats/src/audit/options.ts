// The one way from a user's choices to runAudit's options, for both faces: the CLI's `cartograph audit`
// flags and the explorer's audit form give the same settings, and this builds the same AuditOptions from
// them, so the two write the same audit.json bytes for the same files (the inputs block in one role order,
// the same words for the input that would enable a skipped stage, the same software version).
import type { Leaderboard, MissingInput } from '../data/leaderboard.js';
import type { StructureName } from '../cfa/index.js';
import type { InputFile } from '../io/index.js';
import type { OnProgress, OnWarning } from '../util/progress.js';
import type { AuditExecutor } from './tasks.js';
import type { AuditInput, AuditOptions } from './types.js';

/** The version audit.json records (the CLI and the explorer are released together with the library). */
export const CARTOGRAPH_VERSION = '0.1.0';

/**
 * The words audit.json gives for the input that would enable a skipped stage (`stages[].enable`). They are
 * the command line's, in every face, so that audit.json does not depend on where it was made; the explorer
 * shows its own words for the same `needs` code.
 */
export const AUDIT_ENABLE: Readonly<Record<string, string>> = {
  'model metadata': 'model metadata: --models FILE, or --models-from TABLE (a v1/v2 leaderboard table or a models CSV)',
  'item responses': 'item-level responses: --responses FILE[:BENCHMARK] or --lm-eval DIR',
  'benchmark scores': 'benchmark scores: --scores FILE or --leaderboard TABLE',
  'item counts': 'the items behind each score: --items-per-benchmark N',
  data: 'data: --responses, --lm-eval, --scores or --leaderboard',
  robustness: '--bootstrap R, --permutations P or --folds K',
  'full defaults': '--full-defaults (or the option itself: --pv 10, --scaling-replicates 4)',
};

/** The order of the inputs block of audit.json, by role. */
export const AUDIT_INPUT_ROLES = ['responses', 'lm_eval', 'items', 'models', 'models_from', 'scores', 'leaderboard'] as const;

/** What a user chose (every field optional; the defaults are runAudit's). */
export interface AuditSettings {
  seed?: number;
  alpha?: number;
  saturation?: number;
  structures?: StructureName[];
  missing?: 'listwise' | 'pairwise';
  mi?: boolean;
  /** Granularity checks, as rule texts (`contributor=top:20`, `architecture=map:FILE.csv`). */
  recodes?: string[];
  bayes?: boolean;
  chains?: number;
  iterations?: number;
  warmup?: number;
  pv?: number;
  /** Item-resampled replicates of the scaling vector's slope reliability. */
  scalingReplicates?: number;
  itemFraction?: number;
  draws?: number;
  /** The full defaults of pv and scalingReplicates on a large input too (by default it gets smaller ones, stated). */
  fullDefaults?: boolean;
  link?: 'logistic' | 'normal';
  /** Robustness study (0 or absent: not requested). */
  bootstrap?: number;
  permutations?: number;
  folds?: number;
}

/** What the face adds: the files as read, its file access and threads, its progress. */
export interface AuditContext {
  /** The input files (role, name as shown, content hash, size); `path` matches a reader's file name to its shown name. */
  inputs: (AuditInput & { path?: string })[];
  /** The v2 table read with its other score columns (paper comparison), when the input is that table alone. */
  otherScaling?: Leaderboard | null;
  readFile?: (path: string) => InputFile;
  executor?: AuditExecutor;
  onProgress?: OnProgress;
  onWarning?: OnWarning;
}

/** runAudit's options from the user's settings and the face's context. */
export function auditOptions(s: AuditSettings, c: AuditContext): AuditOptions {
  const robust = (s.bootstrap ?? 0) > 0 || (s.permutations ?? 0) > 0 || (s.folds ?? 0) > 0;
  const rank = (role: string): number => {
    const k = (AUDIT_INPUT_ROLES as readonly string[]).indexOf(role);
    return k < 0 ? AUDIT_INPUT_ROLES.length : k;
  };
  // stable: files of one role keep the order they were given in
  const inputs = c.inputs.map((x, k) => ({ x, k })).sort((a, b) => rank(a.x.role) - rank(b.x.role) || a.k - b.k).map(({ x }) => x);
  const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    ...defined({
      seed: s.seed,
      alpha: s.alpha,
      saturation: s.saturation,
      structures: s.structures,
      missing: s.missing,
      mi: s.mi,
      recodes: s.recodes,
      bayes: s.bayes,
      chains: s.chains,
      iterations: s.iterations,
      warmup: s.warmup,
      pv: s.pv,
      replicates: s.scalingReplicates,
      itemFraction: s.itemFraction,
      draws: s.draws,
      fullDefaults: s.fullDefaults,
      link: s.link,
      readFile: c.readFile,
      executor: c.executor,
      onProgress: c.onProgress,
      onWarning: c.onWarning,
    }),
    robustness: robust ? { bootstrap: s.bootstrap ?? 0, permutations: s.permutations ?? 0, folds: s.folds ?? 0 } : null,
    otherScaling: c.otherScaling ?? null,
    inputs,
    softwareVersion: CARTOGRAPH_VERSION,
    howToGetFull: AUDIT_ENABLE['full defaults'],
    describeNeed: (n: MissingInput) => AUDIT_ENABLE[n] ?? n,
  };
}
