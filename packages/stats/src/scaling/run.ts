// The scaling vector: what model size scales, factor by factor (Hardy et al., "AI Cartography",
// layer 3). For every factor f of a bifactor IRT model (g and one specific per benchmark; or g alone
// for one benchmark):
//   f ~ log10_params_c + covariates + (1 | contributor) + (1 | architecture)   (REML, lmm/fitLmm)
// - two-step on EAP scores of the unconditional calibration (attenuated by shrinkage);
// - unattenuated (headline): M plausible-value sets drawn from the posterior under a conditioning
//   model fitted inside the IRT likelihood (latent.ts), the mixed regression on each set, combined by
//   Rubin's rules (pool.ts);
// - the manifest slope: the same regression on the benchmark score (g: the leaderboard average).
// Slope reliability R = β̄²/(β̄² + s²) across the ecosystem-control specifications × item-resampled
// replicates of the test (replicates.ts), for the latent and the manifest slope side by side.
// Stages: frame.ts (models, covariates, manifest scores) → latent.ts (calibration + plausible values)
// → slopes.ts (one slope per specification) → replicates.ts → pool.ts → this file (the report).
//
// With `calibration` (a runIrt result on the same leaderboard, shared with ranks) the EAP two-step reads
// its scores (calibration.ts checks items, factors, model kind and link, and matches models by id) and no
// unconditional calibration is fitted here; the report says shared_calibration: true.
//
// The item-resampled replicates run on the replicate interface (study.ts: planScaling makes the plan after
// the full-test analysis; runReplicate / reduceReplicates here in process, or any executor of issue 15).
//
// Random streams:
//   seeded(seed).fork(1 + k)          chunk k (k = 0, 1: sets 1 … ⌈M/2⌉, then the rest) of the plausible
//                                     values of the full-test conditioning fit (item-parameter draws, then
//                                     values); two chunks so that two threads can draw them side by side
//                                     (scalingPvChunk), the same sets whoever draws them
//   streamSeed(seed, 'items', r)      replicate r + 1 (r = 0 … R − 1): the shuffle that picks each
//     .fork(7)                        benchmark's items, then the replicate's plausible values
// (replicate/plan.ts: a function of the seed, the kind and r only, never of the order replicates run in).
// The EM calibrations and the adaptive scores are deterministic. Same seed → same bytes.
import type { Leaderboard } from '../data/leaderboard.js';
import { MissingInputError, modelsWithMetadata } from '../data/leaderboard.js';
import { calibrationItems, defaultIrtModel, fitIrtWithCentres, scoreIrt, scoresFromCentres, type CalibrationItems, type IrtFit, type PvPreparation } from '../irt/index.js';
import { collectResults, listReplicates, reduceReplicates, runReplicate, type ReplicateId } from '../replicate/index.js';
import { EstimationError } from '../util/errors.js';
import { seeded } from '../util/rng.js';
import { useCalibration } from './calibration.js';
import { scalingData, type ScalingData } from './data.js';
import { manifestScores } from './frame.js';
import { conditioningFit, latentFit, latentPvPreparation, latentPvs, startFrom } from './latent.js';
import { rubin } from './pool.js';
import { perturbationRows } from './replicates.js';
import { sd, slopeUnder } from './slopes.js';
import { reduceScaling, SCALING_REPLICATE_KIND, SCALING_STUDY, scalingPlan, type ScalingPlan, type ScalingReplicateResult } from './study.js';
import type { ScalingFactorRow, ScalingOptions, ScalingPerturbation, ScalingReport } from './types.js';

export interface PlannedScaling {
  /** The plan of the item-resampled replicates; its options carry the full-test analysis. */
  plan: ScalingPlan;
  data: ScalingData;
  /** The data's canonical bytes (what a pool thread or a queue worker receives). */
  bytes: Uint8Array;
}

/**
 * The full test's conditioning fit and the plan of the item-resampled replicates, whose options hold all
 * a replicate reads (warm start, adaptive nodes, factors) but not yet the full-test analysis
 * (`full_test: null`): the replicates can run while scalingFullTest draws the full test's plausible
 * values (the audit runs them side by side). Plain data (a worker's structured clone).
 */
export interface FittedScaling {
  /** The replicates' plan, `full_test: null` (withFullTest completes it; its hash is the one the replicates carry). */
  plan: ScalingPlan;
  /** The conditioning fit of the full test. */
  fit: IrtFit;
  /** What every plausible-value set of that fit needs (information factor, centres): computed once here, read by both chunks. */
  pvPrepared: PvPreparation;
  /** The unconditional calibration of the EAP two-step (null: not run), and its EAP scores in frame order. */
  unconditional: { loglik: number; nPersons: number; iterations: number; converged: boolean; factors: string[] } | null;
  eap: Float64Array[] | null;
  shared: boolean;
  dropped: { id: string; reason: string }[];
  warnings: string[];
  /** Plausible-value sets of the headline slope; of each perturbation of the reliability study. */
  pvDraws: number;
  reliabilityDraws: number;
}

/** Step 1 of planScaling: the calibrations (unconditional unless shared; the conditioning fit) and the replicates' plan. */
export function fitScaling(lb: Leaderboard, opts: ScalingOptions, prepared?: { data: ScalingData; dropped: { id: string; reason: string }[]; warnings: string[] }): FittedScaling {
  if (!lb.responses) throw new EstimationError('scaling', 'item-level responses are needed (the IRT model is fitted to them)');
  const warnings: string[] = prepared ? [...prepared.warnings] : [];
  const dropped: { id: string; reason: string }[] = prepared ? [...prepared.dropped] : [];
  const data = prepared ? prepared.data : scalingData(lb, warnings, dropped).data;
  const fr = data.frame;
  const N = fr.x.length;
  if (N < 20) {
    if (modelsWithMetadata(lb).keep.length < 20) throw new MissingInputError('model metadata', `scaling: only ${N} of ${lb.models.length} models have a parameter count and responses; at least 20 are needed`);
    throw new EstimationError('scaling', `only ${N} models with a parameter count and responses`);
  }
  const allBench = lb.items.map((it) => it.benchmark);
  const model = opts.model ?? defaultIrtModel(lb);
  const link = opts.link ?? 'logistic';
  const M = opts.pvDraws ?? 10;
  const reliability = opts.reliability ?? true;
  const R = reliability ? (opts.replicates ?? 4) : 0;
  const frac = opts.itemFraction ?? 0.8;
  const Mr = opts.reliabilityDraws ?? 5;
  const progress = opts.onProgress ?? ((): void => {});
  const metadata = modelsWithMetadata(lb);
  if (metadata.message) opts.onWarning?.(metadata.message);
  const resp = data.responses;

  // unconditional calibration → EAP two-step (attenuated), and the items the conditioning model holds
  let fit0: IrtFit | null = null;
  let eap: Float64Array[] | null = null;
  let psd: Float64Array[] | null = null;
  const twoStep = opts.twoStep ?? true;
  // fixed items (the default) need the calibration whether or not the two-step is asked for; the
  // one-step fit (a fixed grid asked for) needs it only for the two-step and its warm start
  const fixed = !opts.quadrature;
  const shared = opts.calibration ? useCalibration(lb, opts.calibration, fr, model, link, opts.calibrationModelIds) : null;
  if (shared && (twoStep || fixed)) {
    fit0 = shared.fit;
    eap = shared.eap;
    psd = shared.psd;
    for (const w of fit0.warnings) warnings.push(`unconditional fit (shared): ${w}`);
  } else if (twoStep || fixed) {
    // as runIrt fits it (the audit's shared calibration): with the adaptive E-step's node check unless a
    // fixed grid was asked for, so that on the same models the two are the same fit
    progress({ stage: 'unconditional calibration', message: 'IRT calibration (unconditional): the items of the conditioning model and the EAP two-step' });
    const sub = (p: { stage: string; done?: number; total?: number; message?: string }): void => progress({ ...p, stage: `unconditional fit: ${p.stage}` });
    const fc = fitIrtWithCentres(resp, { model, itemIds: lb.items.map((it) => it.id), link, itemSpecific: model === 'bifactor' ? allBench : undefined, quadrature: opts.quadrature, specificQuadrature: opts.specificQuadrature, se: false, tol: opts.tol, quadratureCheck: opts.quadrature ? 'none' : undefined, onProgress: sub });
    fit0 = fc.fit;
    for (const w of fit0.warnings) warnings.push(`unconditional fit: ${w}`);
    // scored as runIrt scores its calibration (from the adaptive E-step's centres when it has them)
    const sc = fc.centres && fit0.estep.nodes ? scoresFromCentres(fit0, resp, fc.centres, fit0.estep.nodes) : scoreIrt(fit0, resp, { onProgress: sub });
    eap = sc.eap;
    psd = sc.psd;
  }
  const useFixed = fixed && fit0 !== null && fit0.estep.method === 'adaptive' && fit0.nGeneral === 1;

  progress({ stage: 'conditioning fit', message: `IRT conditioning model (${useFixed ? 'items fixed at the unconditional calibration' : 'items re-estimated with it'}); ${M} plausible-value sets` });
  const allIds = lb.items.map((it) => it.id);
  const warm = opts.warmStart ?? true;
  let fit: IrtFit;
  let fixedItems: CalibrationItems | null = null;
  if (useFixed) {
    // the two-stage design (latent.ts): only α, β and σ move, at the calibration's adaptive nodes, the
    // nodes first centred on its EAP scores
    fixedItems = calibrationItems(fit0!);
    fit = conditioningFit(resp, allIds, fr, fixedItems, opts.quadratureCheck === 'none' ? 'none' : 'report', opts.onProgress, 'conditioning fit', eap && psd ? { eap, psd } : null, opts.tol);
  } else {
    // one-step latent regression: warm-started from the unconditional calibration, at the adaptive nodes
    // that calibration's stability check settled on; its own check then compares them with more nodes once
    const nodes = warm && fit0?.estep?.method === 'adaptive' ? fit0.estep.nodes : null;
    fit = latentFit(resp, allBench, allIds, fr, opts, model, opts.quadratureCheck ?? 'report', 'conditioning fit', { start: warm && fit0 ? startFrom(fit0) : null, adaptiveNodes: nodes });
  }
  const calScores = eap && psd ? { eap, psd } : null;
  if (!twoStep) eap = null;
  for (const w of fit.warnings) warnings.push(`conditioning fit: ${w}`);
  const factors = fit.factors;
  if (fit0 && fit0.factors.join() !== factors.join())
    throw new EstimationError('scaling', `the ${shared ? 'shared' : 'unconditional'} calibration has the factors ${fit0.factors.join(', ')}, the conditioning fit ${factors.join(', ')}${shared ? ' (items constant among the models with a parameter count are dropped from the conditioning fit)' : ''}`);
  // the plausible values' preparation (the calibration's information and its factor) once, for both chunks
  const pvPrepared = latentPvPreparation(fit, resp, fr, opts.onProgress, 'conditioning fit', calScores);
  const plan = scalingPlan(
    data,
    {
      model,
      link,
      quadrature: opts.quadrature ?? null,
      specific_quadrature: opts.specificQuadrature ?? null,
      tol: opts.tol ?? null,
      item_fraction: frac,
      draws: Mr,
      factors,
      two_step: twoStep,
      reliability,
      start: !fixedItems && warm ? startFrom(fit) : null,
      fixed_items: fixedItems,
      adaptive_nodes: fit.estep.nodes,
      full_test: null,
    },
    opts.seed,
    R,
  );
  return {
    plan,
    fit,
    pvPrepared,
    unconditional: fit0 ? { loglik: fit0.loglik, nPersons: fit0.nPersons, iterations: fit0.iterations, converged: fit0.converged, factors: fit0.factors } : null,
    eap,
    shared: shared !== null,
    dropped,
    warnings,
    pvDraws: M,
    reliabilityDraws: Mr,
  };
}

/** The full test's plausible-value sets come in this many chunks, each from its own stream (above). */
export const PV_CHUNKS = 2;

/** Sets per chunk of M plausible-value sets: ⌈M/2⌉, ⌊M/2⌋ (no empty chunk). */
export function pvChunkSizes(M: number): number[] {
  const first = Math.ceil(M / PV_CHUNKS);
  return M - first > 0 ? [first, M - first] : [first];
}

/** Chunk k of the full test's plausible values: its sets (set-major, then factor, then model in frame order) and warnings. */
export interface PvChunk {
  sets: Float64Array[][];
  warnings: string[];
}

/** Draws chunk k of the full test's plausible values (a task of its own in the audit). */
export function scalingPvChunk(data: ScalingData, fitted: FittedScaling, opts: Pick<ScalingOptions, 'seed' | 'onProgress'>, k: number): PvChunk {
  const sizes = pvChunkSizes(fitted.pvDraws);
  if (!(k >= 0 && k < sizes.length)) throw new RangeError(`scalingPvChunk: chunk ${k} of ${sizes.length}`);
  const pv = latentPvs(fitted.fit, data.responses, data.frame, sizes[k]!, seeded(opts.seed).fork(1 + k), opts.onProgress, `conditioning fit (plausible values ${k + 1}/${sizes.length})`, fitted.pvPrepared);
  return { sets: pv.pvs, warnings: pv.warnings };
}

/**
 * Step 2 of planScaling: the full test's plausible values (its chunks, drawn here unless given), the
 * slopes, and the full test's perturbation rows — the full-test analysis (replicate 0) that the reduction
 * completes.
 */
export function scalingFullTest(data: ScalingData, fitted: FittedScaling, opts: Pick<ScalingOptions, 'seed' | 'onProgress'>, chunks?: readonly PvChunk[]): ScalingReport {
  const fr = data.frame;
  const N = fr.x.length;
  const resp = data.responses;
  const allBench = data.items.map((it) => it.benchmark);
  const benchmarks = [...new Set(allBench)];
  const { fit, eap, pvDraws: M, reliabilityDraws: Mr } = fitted;
  const o = fitted.plan.options;
  const progress = opts.onProgress ?? ((): void => {});
  const parts = chunks ?? pvChunkSizes(M).map((_, k) => scalingPvChunk(data, fitted, opts, k));
  if (parts.length !== pvChunkSizes(M).length || parts.some((c, k) => c.sets.length !== pvChunkSizes(M)[k])) throw new RangeError(`scalingFullTest: plausible-value chunks of ${parts.map((c) => c.sets.length).join(' + ')} sets, expected ${pvChunkSizes(M).join(' + ')}`);
  // every chunk computes the same information matrix: a warning about it is said once
  const pv = { pvs: parts.flatMap((c) => c.sets), warnings: [...new Set(parts.flatMap((c) => c.warnings))] };
  const warnings = [...fitted.warnings, ...pv.warnings.map((w) => `conditioning fit: ${w}`)];
  const factors = fit.factors;
  const manifest = manifestScores(resp, allBench, benchmarks);
  const manifestIndex = (f: string): number => (f === factors[0] ? 0 : 1 + benchmarks.indexOf(f));

  const vector: ScalingFactorRow[] = factors.map((f, fi) => {
    progress({ stage: 'slopes', done: fi, total: factors.length, message: `slopes for ${f}` });
    const ests: number[] = [];
    const ses: number[] = [];
    let dfc = 0;
    for (let m = 0; m < M; m++) {
      const s = slopeUnder('all', pv.pvs[m]![fi]!, fr);
      ests.push(s.estimate);
      ses.push(s.se);
      dfc += s.df / M;
    }
    const man = manifest[manifestIndex(f)]!;
    const manSlope = slopeUnder('all', man, fr);
    return {
      factor: f,
      unattenuated: rubin(ests, ses, dfc),
      eapTwoStep: eap ? slopeUnder('all', eap[fi]!, fr) : null,
      oneStep: fit.latentRegression!.beta[fi]![0]!,
      manifest: manSlope,
      manifestStandardized: manSlope.estimate / sd(man),
      reliability: null,
    };
  });

  // the full test's perturbations (replicate 0 of the reliability study): its first Mr plausible-value sets
  const perturbations: ScalingPerturbation[] = o.reliability ? perturbationRows(pv.pvs.slice(0, Mr), manifest, factors, benchmarks, fr).map((row) => ({ factor: row.factor, spec: row.spec, replicate: 0, latent: row.latent, manifest: row.manifest })) : [];
  const mean = fr.rows.reduce((a, i) => a + data.models[i]!.log10_params, 0) / N;
  const u = fitted.unconditional;
  return {
    method: 'scaling-vector',
    formula: `factor ~ log10_params_c${fr.deployNames.length > 0 ? ' + deployment' : ''} + (1|contributor) + (1|architecture)`,
    nModels: N,
    droppedModels: fitted.dropped,
    factors,
    covariates: ['log10_params_c', ...fr.deployNames],
    log10ParamsMean: mean,
    pvDraws: M,
    replicates: fitted.plan.replicates[SCALING_REPLICATE_KIND] ?? 0,
    itemFraction: o.item_fraction,
    vector,
    perturbations,
    sharedCalibration: fitted.shared,
    irt: {
      model: o.model,
      link: o.link,
      loglik: u?.loglik ?? null,
      unconditionalModels: u?.nPersons ?? null,
      iterations: u?.iterations ?? null,
      converged: u?.converged ?? null,
      oneStepLoglik: fit.loglik,
      oneStepIterations: fit.iterations,
      oneStepConverged: fit.converged,
      quadratureCheck: fit.quadratureCheck,
      loadings: fit.items.map((it) => ({
        item: it.id,
        specific: it.specific,
        general: it.loadings[0]!,
        specificLoading: it.specific === null ? null : it.loadings[fit.factors.indexOf(it.specific)]!,
      })),
    },
    warnings,
  };
}

/** The replicates' plan completed with the full-test analysis (a new plan: its hash covers full_test). */
export function withFullTest(data: ScalingData, plan: ScalingPlan, fullTest: ScalingReport): ScalingPlan {
  return scalingPlan(data, { ...plan.options, full_test: fullTest }, plan.base_seed, plan.replicates[SCALING_REPLICATE_KIND] ?? 0);
}

/**
 * The full-test analysis (calibrations, plausible values, slopes, the full test's perturbation rows) and
 * the plan of the item-resampled replicates that complete it (the slope reliability).
 */
export function planScaling(lb: Leaderboard, opts: ScalingOptions): PlannedScaling {
  const warnings: string[] = [];
  const dropped: { id: string; reason: string }[] = [];
  if (!lb.responses) throw new EstimationError('scaling', 'item-level responses are needed (the IRT model is fitted to them)');
  const { data, bytes } = scalingData(lb, warnings, dropped);
  const fitted = fitScaling(lb, opts, { data, dropped, warnings });
  const fullTest = scalingFullTest(data, fitted, opts);
  return { plan: withFullTest(data, fitted.plan, fullTest), data, bytes };
}

/** The replicates of a plan in this process (the library path; the CLI may run them on any executor). */
export function runScalingReplicates(planned: PlannedScaling, o: { ids?: ReplicateId[]; onProgress?: ScalingOptions['onProgress'] } = {}): ScalingReplicateResult[] {
  const ids = o.ids ?? listReplicates(planned.plan);
  return ids.map((id, i) => {
    o.onProgress?.({ stage: 'replicates', done: i, total: ids.length, message: `item-resampled replicate ${id.r + 1}/${planned.plan.replicates[id.kind]}` });
    return runReplicate(SCALING_STUDY, planned.plan, planned.data, id);
  });
}

export function scalingAnalysis(lb: Leaderboard, opts: ScalingOptions): ScalingReport {
  const planned = planScaling(lb, opts);
  const results = runScalingReplicates(planned, { onProgress: opts.onProgress });
  return reduceReplicates(SCALING_STUDY, planned.plan, results);
}

export const SCALING_SCHEMA_VERSION = 1;

export interface RunScalingOptions extends Omit<ScalingOptions, 'seed'> {
  /** Seed of the plausible values and the item resampling (default 1). */
  seed?: number;
}

export interface ScalingRun {
  /** The serialisable report (snake_case keys; scaling.schema.json). */
  report: Record<string, unknown> & { schema_version: number };
  /** The same analysis in the library's shape (what the scaling-vector chart reads). */
  analysis: ScalingReport;
}

/** camelCase keys → snake_case, deeply (values untouched). */
function snakeKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(snakeKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()] = snakeKeys(x);
    return out;
  }
  return v;
}

/**
 * scaling.json (snake_case) and the analysis of a reduced study: what runScaling returns, whichever executor
 * ran the replicates. `fullTest`: the replicates ran on fitScaling's plan (full_test null; its hash is
 * theirs) and this is scalingFullTest's analysis, added here as withFullTest adds it (as plain JSON), so the
 * report is the same bytes as planScaling's.
 */
export function scalingRun(plan: ScalingPlan, results: readonly ScalingReplicateResult[], fullTest?: ScalingReport): ScalingRun {
  const analysis = fullTest
    ? reduceScaling({ ...plan, options: { ...plan.options, full_test: JSON.parse(JSON.stringify(fullTest)) as ScalingReport } }, collectResults(plan, results))
    : reduceReplicates(SCALING_STUDY, plan, results);
  const skipped: { part: string; reason: string }[] = [];
  if (!plan.options.two_step) skipped.push({ part: 'eap_two_step', reason: 'not requested' });
  if (!plan.options.reliability) skipped.push({ part: 'reliability', reason: 'not requested' });
  const report = {
    schema_version: SCALING_SCHEMA_VERSION,
    ...(snakeKeys(analysis) as Record<string, unknown>),
    skipped,
    interpretation:
      'Each row is the slope of a factor on log10 parameters: how much that ability rises per tenfold increase in size, in SDs of the factor, holding the ecosystem (contributor, architecture, deployment) fixed. ' +
      'The headline (unattenuated) slope comes from plausible values of a model that conditions on size, so it is not shrunk towards zero; its interval combines the regression and the posterior uncertainty (Rubin). ' +
      'The reliability R says how stable the slope is across control specifications and resampled items (1 = the same slope every way). Slopes are associations across these models, not the effect of scaling one model.',
  };
  return { report, analysis };
}

/**
 * The scaling layer as one call: models without a parameter count (e.g. not matched by a metadata
 * table) are left out with a count and a warning, never a stop; fewer than 20 left is a
 * MissingInputError naming the missing input (model metadata). The item-resampled replicates run here,
 * one after the other, through the replicate interface (the CLI can run them on any executor instead:
 * planScaling, then scalingRun on the results).
 */
export function runScaling(lb: Leaderboard, opts: RunScalingOptions = {}): ScalingRun {
  const planned = planScaling(lb, { ...opts, seed: opts.seed ?? 1 });
  const run = scalingRun(planned.plan, runScalingReplicates(planned, { onProgress: opts.onProgress }));
  for (const w of run.analysis.warnings) opts.onWarning?.(w);
  return run;
}
