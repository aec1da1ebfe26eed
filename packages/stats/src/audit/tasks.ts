// The audit's heavy layer runs as tasks that an executor may run anywhere: in this thread one after the
// other (`inProcessExecutor`, the default), or on worker threads side by side (the CLI's --workers: the
// latent-structure fits on one core while the IRT calibration runs on the other). A task is plain data
// (structured-cloneable: no functions), its result too, and `runAuditTask` is a pure function of
// (leaderboard, task): the same task gives the same result bytes in any thread, so audit.json does not
// depend on the number of workers. What depends on timing (progress, live warnings, seconds) travels
// beside the result and never into audit.json.
//
// The dependency graph the audit submits (run.ts):
//   cfa ─────────────────────────────┐
//   gtheory ─────────────────────────┤
//   calibration ──┬── scaling fit ──┬── scaling plausible values × 2 ──┼── report (stages in their fixed order;
//                 │                 └── scaling replicate × R ────────┤    scaling's slopes from the values)
//                 └── ranks ──────────────────────────────────────────┤
//   robustness ──────────────────────┘
// A worker front end starts its threads with `packLeaderboard(lb)` once and rebuilds the leaderboard
// there with `unpackLeaderboard`; each task then crosses as a small message (the calibration's item
// parameters and scores are the largest part: a few MB on the v1 items).
import type { Leaderboard } from '../data/leaderboard.js';
import { ResponseMatrix } from '../data/leaderboard.js';
import type { StructureName } from '../cfa/index.js';
import type { RecodeSpec } from '../gtheory/index.js';
import type { IrtRun } from '../irt/index.js';
import type { ReplicateId } from '../replicate/index.js';
import type { FittedScaling, PvChunk, ScalingPlan, ScalingReplicateResult } from '../scaling/index.js';
import type { ProgressEvent } from '../util/progress.js';
import { calibrate, cfaLayer, forwardProgress, gtheoryLayer, ranksLayer, robustnessLayer, scalingFitStep, scalingPvStep, scalingReplicateStep, type CfaLayer, type GtheoryLayer, type RanksLayer, type RobustnessLayer } from './adapters.js';

export type AuditTask =
  | { kind: 'cfa'; structures: StructureName[]; missing: 'listwise' | 'pairwise'; mi: boolean }
  | { kind: 'gtheory'; recodes: RecodeSpec[]; bayes: boolean; chains: number; iterations: number; warmup: number; seed: number; otherScaling: PackedLeaderboard | null }
  | { kind: 'calibration'; link: 'logistic' | 'normal' }
  | { kind: 'scaling_fit'; seed: number; pv: number; replicates: number; itemFraction: number; link: 'logistic' | 'normal'; calibration: IrtRun | null }
  | { kind: 'scaling_pv'; seed: number; fitted: FittedScaling; chunk: number }
  | { kind: 'scaling_replicate'; plan: ScalingPlan; id: ReplicateId }
  | { kind: 'ranks'; draws: number; seed: number; movers: number; link: 'logistic' | 'normal'; calibration: IrtRun }
  | { kind: 'robustness'; structures: StructureName[]; bootstrap: number; permutations: number; folds: number; seed: number };

export type AuditTaskKind = AuditTask['kind'];

/** What each kind of task returns. */
export interface AuditTaskResults {
  cfa: CfaLayer;
  gtheory: GtheoryLayer;
  calibration: IrtRun;
  scaling_fit: FittedScaling;
  scaling_pv: PvChunk;
  scaling_replicate: ScalingReplicateResult;
  ranks: RanksLayer;
  robustness: RobustnessLayer;
}

/** A task's result with the warnings it raised, in the order it raised them (deterministic: one task runs in one thread). */
export interface AuditTaskOutput<K extends AuditTaskKind = AuditTaskKind> {
  result: AuditTaskResults[K];
  warnings: string[];
  /** Compute seconds of the task (for run.json only). */
  seconds: number;
}

/** Live hooks of a running task: progress (already labelled with the audit's stage) and each warning as raised. */
export interface AuditTaskHooks {
  onProgress?: (p: ProgressEvent) => void;
  onWarning?: (message: string) => void;
}

/** Runs audit tasks. `run` resolves with the task's output or rejects with the layer's typed error. */
export interface AuditExecutor {
  /** Threads working side by side (1: one after the other in this thread). */
  readonly workers: number;
  run<K extends AuditTaskKind>(task: Extract<AuditTask, { kind: K }>, hooks: AuditTaskHooks): Promise<AuditTaskOutput<K>>;
}

/** The audit stage each task reports its progress under. */
export const TASK_STAGE: Record<AuditTaskKind, string> = {
  cfa: 'latent structure',
  gtheory: 'ecosystem variance',
  calibration: 'IRT calibration',
  scaling_fit: 'denoised scaling',
  scaling_pv: 'denoised scaling',
  scaling_replicate: 'denoised scaling',
  ranks: 'rank stability',
  robustness: 'robustness',
};

/** One task, synchronously, in this thread. Throws the layer's typed error (MissingInputError, EstimationError, …). */
export function runAuditTask<K extends AuditTaskKind>(lb: Leaderboard, task: Extract<AuditTask, { kind: K }>, hooks: AuditTaskHooks = {}): AuditTaskOutput<K> {
  const t0 = performance.now();
  const warnings: string[] = [];
  const onWarning = (m: string): void => {
    warnings.push(m);
    hooks.onWarning?.(m);
  };
  const onProgress = forwardProgress(TASK_STAGE[task.kind], hooks.onProgress ?? ((): void => {}));
  const t = task as AuditTask;
  let result: unknown;
  switch (t.kind) {
    case 'cfa':
      result = cfaLayer(lb, { structures: t.structures, missing: t.missing, mi: t.mi, onProgress });
      break;
    case 'gtheory':
      result = gtheoryLayer(lb, { recodes: t.recodes, bayes: t.bayes, chains: t.chains, iterations: t.iterations, warmup: t.warmup, seed: t.seed, otherScaling: t.otherScaling ? unpackLeaderboard(t.otherScaling) : null, onProgress, onWarning });
      break;
    case 'calibration':
      result = calibrate(lb, { link: t.link, onProgress, onWarning });
      break;
    case 'scaling_fit':
      result = scalingFitStep(lb, { seed: t.seed, pv: t.pv, replicates: t.replicates, itemFraction: t.itemFraction, link: t.link, calibration: t.calibration, onProgress, onWarning });
      break;
    case 'scaling_pv':
      result = scalingPvStep(lb, t.fitted, { seed: t.seed, chunk: t.chunk, onProgress });
      break;
    case 'scaling_replicate':
      onProgress({ stage: 'denoised scaling', message: `item-resampled replicate ${t.id.r + 1}/${t.plan.replicates[t.id.kind]}` });
      result = scalingReplicateStep(lb, t.plan, t.id);
      break;
    case 'ranks':
      result = ranksLayer(lb, t.calibration, { draws: t.draws, seed: t.seed, movers: t.movers, link: t.link, onProgress, onWarning });
      break;
    case 'robustness':
      result = robustnessLayer(lb, { structures: t.structures, bootstrap: t.bootstrap, permutations: t.permutations, folds: t.folds, seed: t.seed, onProgress, onWarning });
      break;
  }
  return { result: result as AuditTaskResults[K], warnings, seconds: (performance.now() - t0) / 1000 };
}

/**
 * The default executor: every task in this thread, one after the other in the order submitted (each
 * after a macrotask, so a front end can draw its progress between them).
 */
export function inProcessExecutor(lb: Leaderboard): AuditExecutor {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    workers: 1,
    run<K extends AuditTaskKind>(task: Extract<AuditTask, { kind: K }>, hooks: AuditTaskHooks): Promise<AuditTaskOutput<K>> {
      const p = chain.then(() => new Promise((r) => setTimeout(r, 0))).then(() => runAuditTask(lb, task, hooks));
      chain = p.catch(() => undefined);
      return p;
    },
  };
}

/** A leaderboard as plain data (the response matrix without its methods), for a worker's structured clone. */
export type PackedLeaderboard = Omit<Leaderboard, 'responses'> & { responses: { nModels: number; nItems: number; values: Uint8Array } | null };

export function packLeaderboard(lb: Leaderboard): PackedLeaderboard {
  const r = lb.responses;
  return { ...lb, responses: r ? { nModels: r.nModels, nItems: r.nItems, values: r.values } : null };
}

export function unpackLeaderboard(p: PackedLeaderboard): Leaderboard {
  const r = p.responses;
  return { ...p, responses: r ? new ResponseMatrix(r.nModels, r.nItems, r.values) : null };
}
