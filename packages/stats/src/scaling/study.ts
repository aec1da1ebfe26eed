// The slope-reliability replicates of scaling as a replicate study (issue 14; run by every executor of
// issue 15: in process, the local pool, shards + merge, checkpoints, the queue). The plan carries what a
// replicate needs besides the data: the IRT settings, the fraction of items kept, the plausible-value
// sets per replicate, the factors of the full-test fit, the warm start (the full-test fit's item
// parameters), and the full-test analysis itself (`full_test`, the library's ScalingReport shape without
// reliabilities), which the reduction completes — so `cartograph merge` and `collect` need nothing but
// the plan and the results.
//   items r (r = 0 … R − 1; reported as replicate r + 1, 0 being the full test): stream
//     streamSeed(base seed, 'items', r) shuffles each benchmark's items and keeps a fraction of them
//     (without replacement: duplicated items would break local independence); its .fork(7) draws the
//     plausible values of the replicate's conditioning fit; the perturbation rows are the slopes under
//     every control specification for every factor (latent: Rubin-pooled over the sets; manifest).
import { makePlan, replicateRng, type ReplicateEnvelope, type ReplicateId, type ReplicatePlan, type ReplicateStudy } from '../replicate/index.js';
import type { CalibrationItems, IrtFit, QuadratureSpec } from '../irt/index.js';
import type { ScalingData } from './data.js';
import { manifestScores, subMatrix } from './frame.js';
import { conditioningFit, latentPvs, latentRun, type IrtStart } from './latent.js';
import { slopeReliability } from './pool.js';
import { perturbationRows, type PerturbationRow } from './replicates.js';
import type { ScalingPerturbation, ScalingReport } from './types.js';

export const SCALING_REPLICATE_KIND = 'items';

export interface ScalingPlanOptions {
  model: 'bifactor' | '2PL';
  link: 'logistic' | 'normal';
  quadrature: QuadratureSpec | null;
  specific_quadrature: QuadratureSpec | null;
  tol: number | null;
  item_fraction: number;
  /** Plausible-value sets per replicate. */
  draws: number;
  /** The EAP two-step and the reliability study were asked for (the report lists what was not). */
  two_step: boolean;
  reliability: boolean;
  /** Factors of the full-test fit: a replicate whose fit has others is skipped with its reason. */
  factors: string[];
  /** Warm start of every replicate's one-step conditioning fit: the full-test fit's item parameters in its fitted metric (latent.ts startFrom; matched by item id); null = cold start or items fixed. */
  start: IrtStart | null;
  /**
   * The unconditional calibration whose item parameters every conditioning fit holds fixed (the default,
   * latent.ts): a replicate rescores the models on its resampled items with those parameters and fits the
   * conditioning model there; null = the one-step fit (items re-estimated; a fixed grid was asked for).
   */
  fixed_items: CalibrationItems | null;
  /** Adaptive E-step nodes of the full-test fit (after its stability check), used by every replicate; null = a fixed grid. */
  adaptive_nodes: { general: number; specific: number } | null;
  /**
   * The full-test analysis (replicate 0), which the reduction completes with the reliabilities; null in the
   * replicates' plan of fitScaling (run.ts), made before the full test's plausible values are drawn (a
   * replicate reads nothing of it), and completed by withFullTest before the reduction.
   */
  full_test: ScalingReport | null;
}

export type ScalingPlan = ReplicatePlan<ScalingPlanOptions>;

export interface ScalingReplicateResult extends ReplicateEnvelope {
  /** Columns kept (ascending). */
  items?: number[];
  /** One row per specification × factor; absent when skipped. */
  rows?: PerturbationRow[];
  warnings?: string[];
  /** Why the replicate gives no rows (its fit has other factors). */
  skipped?: string;
}

/** The plan of a scaling run: made after the full-test analysis, which it carries (JSON round-tripped). */
export function scalingPlan(data: ScalingData, o: ScalingPlanOptions, seed: number, replicates: number): ScalingPlan {
  // the plan holds plain JSON only (NaN → null, −0 → 0, key order kept — plan.json and Redis hold it by
  // JSON.stringify): the same objects whether it is used here or read back from a file or the queue
  const options = JSON.parse(JSON.stringify(o)) as ScalingPlanOptions;
  return makePlan('scaling', options, data.hash, seed, { [SCALING_REPLICATE_KIND]: replicates });
}

export function runScalingReplicate(plan: ScalingPlan, data: ScalingData, id: ReplicateId): ScalingReplicateResult {
  if (id.kind !== SCALING_REPLICATE_KIND) throw new RangeError(`unknown replicate kind '${id.kind}'`);
  const o = plan.options;
  const base = { plan_hash: plan.plan_hash, kind: id.kind, r: id.r };
  const rng = replicateRng(plan, id);
  const allBench = data.items.map((it) => it.benchmark);
  const benchmarks = [...new Set(allBench)];
  const cols: number[] = [];
  for (const b of benchmarks) {
    const idx = allBench.map((v, j) => (v === b ? j : -1)).filter((j) => j >= 0);
    rng.shuffle(idx);
    const k = Math.max(2, Math.round(o.item_fraction * idx.length));
    cols.push(...idx.slice(0, Math.min(k, idx.length)));
  }
  cols.sort((a, b) => a - b);
  const bench = cols.map((j) => allBench[j]!);
  const N = data.responses.nModels;
  const sub = subMatrix(data.responses, Array.from({ length: N }, (_, i) => i), cols);
  const fitOpts = { seed: 0, link: o.link, ...(o.quadrature ? { quadrature: o.quadrature } : {}), ...(o.specific_quadrature ? { specificQuadrature: o.specific_quadrature } : {}), ...(o.tol !== null ? { tol: o.tol } : {}) };
  const ids = cols.map((j) => data.items[j]!.id);
  const label = `replicate ${id.r + 1}`;
  let run: { fit: IrtFit; pvs: Float64Array[][]; warnings: string[] };
  if (o.fixed_items) {
    const fit = conditioningFit(sub, ids, data.frame, o.fixed_items, 'none', undefined, label, null, o.tol ?? undefined);
    const pv = latentPvs(fit, sub, data.frame, o.draws, rng.fork(7), undefined, label);
    run = { fit, pvs: pv.pvs, warnings: pv.warnings };
  } else run = latentRun(sub, bench, ids, data.frame, fitOpts, o.model, o.draws, rng.fork(7), 'none', label, { start: o.start, adaptiveNodes: o.adaptive_nodes });
  const warnings = [...run.fit.warnings, ...run.warnings];
  if (run.fit.factors.join() !== o.factors.join()) return { ...base, items: cols, warnings, skipped: `factors differ after resampling (${run.fit.factors.join(', ')}; constant items dropped?); replicate skipped` };
  const man = manifestScores(sub, bench, benchmarks);
  return { ...base, items: cols, rows: perturbationRows(run.pvs, man, o.factors, benchmarks, data.frame), warnings };
}

const num = (x: number | null): number => (x === null ? NaN : x);

/**
 * The report: the full-test analysis completed with the replicates' perturbation rows (in replicate
 * order, whatever order the results came in) and the slope reliabilities. A failed replicate is named
 * with its error in the warnings and left out; so is a missing one (a merge with --allow-incomplete).
 */
export function reduceScaling(plan: ScalingPlan, results: ScalingReplicateResult[]): ScalingReport {
  const main = plan.options.full_test;
  if (!main) throw new RangeError('reduceScaling: the plan has no full-test analysis (complete it with withFullTest)');
  const R = plan.replicates[SCALING_REPLICATE_KIND] ?? 0;
  const byR = new Map(results.filter((x) => x.kind === SCALING_REPLICATE_KIND).map((x) => [x.r, x]));
  const warnings = [...main.warnings];
  const perturbations: ScalingPerturbation[] = main.perturbations.map((p) => ({ factor: p.factor, spec: p.spec, replicate: p.replicate, latent: { estimate: num(p.latent.estimate), se: num(p.latent.se) }, manifest: { estimate: num(p.manifest.estimate), se: num(p.manifest.se) } }));
  for (let r = 0; r < R; r++) {
    const res = byR.get(r);
    const label = `replicate ${r + 1}/${R}`;
    if (!res) {
      warnings.push(`${label}: no result (missing from the merged parts); left out`);
      continue;
    }
    if (res.error) {
      warnings.push(`${label}: failed (${res.error}); left out`);
      continue;
    }
    for (const w of res.warnings ?? []) warnings.push(`${label}: ${w}`);
    if (res.skipped) {
      warnings.push(`${label}: ${res.skipped}`);
      continue;
    }
    for (const row of res.rows ?? [])
      perturbations.push({ factor: row.factor, spec: row.spec, replicate: r + 1, latent: { estimate: num(row.latent.estimate), se: num(row.latent.se) }, manifest: { estimate: num(row.manifest.estimate), se: num(row.manifest.se) } });
  }
  const vector = main.vector.map((row) => {
    const ps = perturbations.filter((p) => p.factor === row.factor);
    const reliability =
      ps.length >= 2
        ? { latent: slopeReliability(ps.map((p) => p.latent.estimate), ps.map((p) => p.latent.se)), manifest: slopeReliability(ps.map((p) => p.manifest.estimate), ps.map((p) => p.manifest.se)) }
        : null;
    return { ...row, reliability };
  });
  return { ...main, vector, perturbations, warnings };
}

export const SCALING_STUDY: ReplicateStudy<ScalingPlanOptions, ScalingData, ScalingReplicateResult, ScalingReport> = {
  name: 'scaling',
  run: runScalingReplicate,
  reduce: reduceScaling,
};
