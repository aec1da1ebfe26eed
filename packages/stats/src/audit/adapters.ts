// The audit's only door to the layers: one adapter per layer that calls the layer's runner with the
// same defaults as its single command, and returns the report exactly as that command writes it (its
// main JSON) plus the layer's other files. When a layer's `run<Layer>` runner lands (house issue #11),
// its adapter shrinks to that call; nothing else in audit/ reaches into a layer.
//
// Each adapter may throw; run.ts turns a throw into a skipped stage with its reason.
import type { Leaderboard } from '../data/leaderboard.js';
import { runDescribe, type DescribeReport } from '../describe/index.js';
import { cfaJson, runCfa, STRUCTURES, type CfaReport, type StructureName } from '../cfa/index.js';
import { toCsv } from '../util/csv.js';
import { runGtheory, varianceSharesChart, type GtheoryReport, type RecodeSpec } from '../gtheory/index.js';
import { runIrt, type IrtRun } from '../irt/index.js';
import { ranksCsv, runRanks, type RanksReport } from '../ranks/index.js';
import { fitScaling, SCALING_STUDY, scalingData, scalingFullTest, scalingPvChunk, scalingRun, scalingVectorCsv, type FittedScaling, type PvChunk, type ScalingData, type ScalingPlan, type ScalingReplicateResult } from '../scaling/index.js';
import { replicateLine, runReplicate, type ReplicateId } from '../replicate/index.js';
import { heatmapSvg, rankShiftSvg, scalingVectorSvg, varianceSharesSvg } from '../charts/index.js';
import { runStructure, structureLoadingsChart, structureResidualChart, type StructureReport } from '../structure/index.js';
import { robustnessCharts, runRobustness, type RobustnessReport } from '../robustness/index.js';
import { renderSvg } from '../charts/index.js';
import type { ProgressEvent } from '../util/progress.js';

/**
 * A layer's progress callback → the audit's. Layers report progress as a message string, as
 * (iteration, log-likelihood), or as a ProgressEvent (house convention); this accepts all three.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProgress = (p: any, q?: any) => void;
export function forwardProgress(stage: string, sink: (p: ProgressEvent) => void): AnyProgress {
  return (p: unknown, q?: unknown) => {
    if (typeof p === 'string') sink({ stage, message: p });
    else if (typeof p === 'number') {
      if (p % 10 === 0) sink({ stage, message: `EM ${p}: log-likelihood ${Number(q).toFixed(2)}` });
    } else if (p && typeof p === 'object') {
      const e = p as ProgressEvent;
      sink({ stage, ...(e.done !== undefined ? { done: e.done } : {}), ...(e.total !== undefined ? { total: e.total } : {}), message: e.message ? `${e.stage}: ${e.message}` : e.stage });
    }
  };
}

/** A file of a layer's own output folder (same name and bytes as the single command writes). */
export interface LayerFile {
  name: string;
  content: string;
}

const json = (x: unknown): string => `${JSON.stringify(x, null, 2)}\n`;

// ---------------------------------------------------------------- describe
export interface DescribeLayer {
  report: DescribeReport;
  files: LayerFile[];
}
export function describeLayer(lb: Leaderboard, o: { alpha: number; saturation: number; top: number }): DescribeLayer {
  const rep = runDescribe(lb, { alpha: o.alpha, saturation: o.saturation, top: o.top, preferScores: false });
  const B = rep.benchmarks.length;
  const svg = heatmapSvg({
    rowLabels: rep.models.map((m) => m.id),
    colLabels: rep.benchmarks.map((b) => b.benchmark),
    values: rep.cells.score,
    rowOrder: rep.orders.models.level,
    min: 0,
    max: 1,
    title: `Scores: ${rep.n_models} models × ${B} benchmarks (rows by overall level)`,
    valueLabel: 'proportion correct',
    metadata: { rows: rep.models.map((m) => m.id), cols: rep.benchmarks.map((b) => b.benchmark), orders: rep.orders },
  });
  return { report: rep, files: [{ name: 'describe.json', content: json(rep) }, { name: 'heatmap.svg', content: svg }] };
}

// ---------------------------------------------------------------- latent structure (cfa)
export interface CfaLayer {
  /** cfa.json as the single command writes it (MI list cut to the top 100, scores not requested). */
  json: Record<string, unknown>;
  /** Every modification index (mi.csv). */
  mi: CfaReport['mi'];
  files: LayerFile[];
}
export function cfaLayer(lb: Leaderboard, o: { structures: StructureName[]; missing: 'listwise' | 'pairwise'; mi: boolean; onProgress: AnyProgress }): CfaLayer {
  const rep = runCfa(lb, { structures: o.structures, missing: o.missing, mi: o.mi, scores: false, eap: false, onProgress: o.onProgress });
  const out = cfaJson(rep);
  const files: LayerFile[] = [{ name: 'cfa.json', content: json(out) }];
  // mi.csv as `cartograph cfa` writes it (its header and rows; RFC 4180)
  if (rep.mi) files.push({ name: 'mi.csv', content: toCsv(['item1', 'item2', 'mi', 'epc', 'sepc_all', 'cross_benchmark'], rep.mi.map((m) => [m.item1, m.item2, m.mi, m.epc, m.sepc_all, m.cross_benchmark])) });
  return { json: out, mi: rep.mi, files };
}
export const ALL_STRUCTURES: readonly StructureName[] = STRUCTURES;

// ---------------------------------------------------------------- ecosystem variance (gtheory)
export interface GtheoryLayer {
  report: GtheoryReport;
  files: LayerFile[];
}
/** `cartograph gtheory`: item-level input is scored per benchmark inside runGtheory; the Bayesian check and
 *  the paper comparison (v2 data, with the table's other scaling when the front end read it) too. */
export function gtheoryLayer(
  lb: Leaderboard,
  o: { recodes: RecodeSpec[]; bayes: boolean; chains: number; iterations: number; warmup: number; seed: number; otherScaling: Leaderboard | null; onProgress: AnyProgress; onWarning?: (m: string) => void },
): GtheoryLayer {
  const rep = runGtheory(lb, {
    recodes: o.recodes,
    bayes: o.bayes ? { chains: o.chains, iterations: o.iterations, warmup: o.warmup, seed: o.seed } : null,
    otherScaling: o.otherScaling,
    onProgress: o.onProgress,
    ...(o.onWarning ? { onWarning: o.onWarning } : {}),
  });
  return {
    report: rep,
    files: [
      { name: 'gtheory.json', content: json(rep) },
      { name: 'variance-shares.svg', content: varianceSharesSvg(varianceSharesChart(rep), { title: 'Variance shares of benchmark scores (REML, % of total)' }) },
    ],
  };
}

// ---------------------------------------------------------------- IRT calibration shared by ranks and scaling
/** The unconditional calibration as `cartograph ranks` makes it (runIrt: bifactor with one specific per
 *  benchmark, 2PL for one benchmark; scores, no SEs, no M2) — fitted once, read by every stage that needs it. */
export function calibrate(lb: Leaderboard, o: { link: 'logistic' | 'normal'; onProgress: AnyProgress; onWarning?: (m: string) => void }): IrtRun {
  return runIrt(lb, { link: o.link, se: false, m2MaxItems: 0, onProgress: o.onProgress, ...(o.onWarning ? { onWarning: o.onWarning } : {}) });
}

// ---------------------------------------------------------------- rank stability
export interface RanksLayer {
  report: RanksReport;
  files: LayerFile[];
}
export function ranksLayer(lb: Leaderboard, cal: IrtRun, o: { draws: number; seed: number; movers: number; link: 'logistic' | 'normal'; onProgress: AnyProgress; onWarning?: (m: string) => void }): RanksLayer {
  const run = runRanks(lb, { irt: cal, draws: o.draws, seed: o.seed, movers: o.movers, link: o.link, onProgress: o.onProgress, ...(o.onWarning ? { onWarning: o.onWarning } : {}) });
  return {
    report: run.report,
    files: [
      { name: 'ranks.json', content: json(run.report) },
      { name: 'ranks.csv', content: ranksCsv(run.report) },
      { name: 'rank-shift.svg', content: rankShiftSvg(run.stability) },
    ],
  };
}

// ---------------------------------------------------------------- denoised scaling
export interface ScalingLayer {
  /** scaling.json as `cartograph scaling` writes it (snake_case). */
  report: Record<string, unknown>;
  files: LayerFile[];
}
/**
 * `cartograph scaling` in steps, so that its parts can run side by side: scalingFitStep (the conditioning
 * fit of the full test and the plan of the item-resampled replicates), then scalingPvStep per chunk of the
 * full test's plausible values beside scalingReplicateStep per replicate, and scalingLayerOf (the full
 * test's slopes from the chunks, the reduction and the files). With `calibration` (the audit's shared
 * unconditional calibration, fitted on this leaderboard) the EAP two-step reads its scores instead of
 * fitting a calibration of its own. The steps are exactly runScaling's (planScaling = fitScaling +
 * scalingFullTest, which draws the same chunks; runReplicate per replicate; scalingRun): the same report
 * whatever runs them.
 */
export function scalingFitStep(lb: Leaderboard, o: { seed: number; pv: number; replicates: number; itemFraction: number; link: 'logistic' | 'normal'; calibration?: IrtRun | null; onProgress: AnyProgress; onWarning?: (m: string) => void }): FittedScaling {
  return fitScaling(lb, { seed: o.seed, pvDraws: o.pv, replicates: o.replicates, itemFraction: o.itemFraction, link: o.link, ...(o.calibration ? { calibration: o.calibration } : {}), onProgress: o.onProgress, ...(o.onWarning ? { onWarning: o.onWarning } : {}) });
}

const scalingDataOf = new WeakMap<Leaderboard, ScalingData>();
/** The study data, rebuilt from the leaderboard once per thread. */
function scalingDataFor(lb: Leaderboard): ScalingData {
  let data = scalingDataOf.get(lb);
  if (!data) {
    data = scalingData(lb, [], []).data;
    scalingDataOf.set(lb, data);
  }
  return data;
}

/** Chunk k of the full test's plausible values. */
export function scalingPvStep(lb: Leaderboard, fitted: FittedScaling, o: { seed: number; chunk: number; onProgress: AnyProgress }): PvChunk {
  return scalingPvChunk(scalingDataFor(lb), fitted, { seed: o.seed, onProgress: o.onProgress }, o.chunk);
}

/** One item-resampled replicate of the plan. */
export function scalingReplicateStep(lb: Leaderboard, plan: ScalingPlan, id: ReplicateId): ScalingReplicateResult {
  return runReplicate(SCALING_STUDY, plan, scalingDataFor(lb), id); // a failed replicate is a result with its error, as in runScaling
}

/**
 * The full test's slopes from its plausible-value chunks, then the reduction: scaling.json, the vector's CSV
 * and chart, as `cartograph scaling` writes them; the analysis' warnings.
 */
export function scalingLayerOf(lb: Leaderboard, fitted: FittedScaling, seed: number, chunks: readonly PvChunk[], results: readonly ScalingReplicateResult[], onProgress?: AnyProgress): ScalingLayer & { warnings: string[] } {
  const fullTest = scalingFullTest(scalingDataFor(lb), fitted, { seed, ...(onProgress ? { onProgress } : {}) }, chunks);
  const run = scalingRun(fitted.plan, results, fullTest);
  return {
    report: run.report,
    warnings: run.analysis.warnings,
    files: [
      { name: 'scaling.json', content: json(run.report) },
      { name: 'scaling-vector.csv', content: scalingVectorCsv(run.analysis) },
      { name: 'scaling-vector.svg', content: scalingVectorSvg(run.analysis) },
    ],
  };
}

// ---------------------------------------------------------------- latent structure of scores-only data
export interface StructureLayer {
  report: StructureReport;
  files: LayerFile[];
}
/** `cartograph structure` with its defaults: one general factor of the benchmark scores (MLR, clusters by contributor). */
export async function structureLayer(lb: Leaderboard, o: { onProgress: AnyProgress; onWarning?: (m: string) => void }): Promise<StructureLayer> {
  const rep = runStructure(lb, { onProgress: o.onProgress, ...(o.onWarning ? { onWarning: o.onWarning } : {}) });
  const files: LayerFile[] = [{ name: 'structure.json', content: json(rep) }];
  const charts = { loadings: structureLoadingsChart(rep), residuals: structureResidualChart(rep) };
  for (const [name, spec] of Object.entries(charts)) {
    files.push({ name: `${name}.vl.json`, content: json(spec) });
    files.push({ name: `${name}.svg`, content: await renderSvg(spec, { id: `structure-${name}` }) });
  }
  return { report: rep, files };
}

// ---------------------------------------------------------------- robustness
export interface RobustnessLayer {
  report: RobustnessReport;
  seconds: Record<string, number>;
  files: LayerFile[];
}
/** `cartograph robustness` with the given replicate counts and seed (admissible mode, full-pool reference). */
export function robustnessLayer(lb: Leaderboard, o: { structures: StructureName[]; bootstrap: number; permutations: number; folds: number; seed: number; onProgress: AnyProgress; onWarning?: (m: string) => void }): RobustnessLayer {
  const run = runRobustness(lb, { structures: o.structures, bootstrap: o.bootstrap, permutations: o.permutations, folds: o.folds, seed: o.seed, admissible: true, reference: true, onProgress: o.onProgress, ...(o.onWarning ? { onWarning: o.onWarning } : {}) });
  const files: LayerFile[] = [
    { name: 'robustness.json', content: json(run.report) },
    { name: 'replicates.jsonl', content: `${run.results.map((r) => replicateLine(r)).join('\n')}\n` },
  ];
  for (const [name, spec] of Object.entries(robustnessCharts(run.report))) files.push({ name: `charts/${name}.vl.json`, content: json(spec) });
  return { report: run.report, seconds: run.seconds, files };
}
