// The latent run: the conditioning model (latent regression of every factor on log10 params and the
// deployment dummies) fitted inside the IRT likelihood, then proper plausible values drawn from it
// (irt/plausibleValuesProper: item parameters and β drawn from their sampling distribution, each
// person's posterior by adaptive quadrature). Two ways to fit it:
// - items fixed at the unconditional calibration (irt/fitConditioning; the default): the two-stage design
//   of NAEP's latent regression (Mislevy 1991) — the calibration is fitted once (and shared with ranks by
//   the audit) and the conditioning EM moves only α, β and σ, a few E-steps;
// - one step, items re-estimated with the regression (irt/fitIrt with covariates): when a fixed
//   quadrature grid is asked for (--quadrature), as before.
import type { ResponseMatrix } from '../data/leaderboard.js';
import { fitConditioning, fitIrt, plausibleValuesProper, preparePlausibleValues, type CalibrationItems, type IrtFit, type IrtFitOptions, type PvPreparation } from '../irt/index.js';
import type { Rng } from '../util/rng.js';
import type { Frame } from './frame.js';
import type { ScalingOptions } from './types.js';

export interface LatentRun {
  fit: IrtFit;
  pvs: Float64Array[][];
  warnings: string[];
}

/** A warm start for fitIrt: item parameters of an earlier fit (matched by item id). */
export type IrtStart = NonNullable<IrtFitOptions['start']>;

/**
 * The warm start an earlier fit gives a conditioning fit. A fit with a latent regression reports its
 * slopes in the unit-marginal-variance metric; the conditioning fit estimates them where each factor's
 * residual variance is 1, so they are taken back there (a = a*·σ_f, fit.ts); an unconditional fit's
 * slopes are used as they are (its factors have unit variance: close to the fitted metric when size
 * explains little). Only what fitIrt reads is kept (id, specific, slopes, intercept, guessing).
 */
export function startFrom(fit: IrtFit): IrtStart {
  const sd = fit.latentRegression?.residualSd ?? null;
  const items = fit.items.map((it) => ({ id: it.id, specific: it.specific, slopes: it.slopes.map((a, f) => (sd ? a * sd[f]! : a)), intercept: it.intercept, guessing: it.guessing }));
  return { items: items as unknown as IrtFit['items'], factors: [...fit.factors], nGeneral: fit.nGeneral };
}

export interface LatentFitExtra {
  start?: IrtStart | null;
  /** Adaptive E-step nodes (e.g. those the full-test fit's check settled on). */
  adaptiveNodes?: { general: number; specific: number } | null;
}

/** The covariate matrix of the conditioning model (log10 params centred, then the deployment dummies), N × (1 + d). */
export function conditioningCovariates(fr: Frame): { values: Float64Array; names: string[] } {
  const N = fr.x.length;
  const d = fr.deployNames.length;
  const p = 1 + d;
  const cov = new Float64Array(N * p);
  for (let i = 0; i < N; i++) {
    cov[i * p] = fr.x[i]!;
    for (let c = 0; c < d; c++) cov[i * p + 1 + c] = fr.deployDummies[i * d + c]!;
  }
  return { values: cov, names: ['log10_params_c', ...fr.deployNames] };
}

type Progress = ScalingOptions['onProgress'];
const labelled = (progress: Progress, label: string): ((p: { stage: string; done?: number; total?: number; message?: string }) => void) | undefined =>
  progress ? (p) => progress({ stage: `${label}: ${p.stage}`, done: p.done, total: p.total, message: p.message }) : undefined;

/** The calibration with the conditioning model inside the likelihood (the first half of latentRun). */
export function latentFit(resp: ResponseMatrix, bench: string[], ids: string[], fr: Frame, opts: ScalingOptions, model: 'bifactor' | '2PL', check: 'refine' | 'report' | 'none' = 'none', label = 'conditioning fit', extra: LatentFitExtra = {}): IrtFit {
  const cov = conditioningCovariates(fr);
  return fitIrt(resp, {
    model,
    itemIds: ids,
    link: opts.link ?? 'logistic',
    itemSpecific: model === 'bifactor' ? bench : undefined,
    quadrature: opts.quadrature,
    specificQuadrature: opts.specificQuadrature,
    covariates: cov,
    se: false,
    tol: opts.tol,
    quadratureCheck: check,
    ...(extra.start ? { start: extra.start } : {}),
    ...(extra.adaptiveNodes ? { adaptiveNodes: extra.adaptiveNodes } : {}),
    onProgress: labelled(opts.onProgress, label),
  });
}

/**
 * The conditioning model with the items fixed at the unconditional calibration `cal` (irt/condition.ts),
 * at the calibration's adaptive nodes; `start`: posterior means and SDs per factor (frame order) to centre
 * the nodes on at the start (the calibration's EAP scores), or null.
 */
export function conditioningFit(resp: ResponseMatrix, ids: string[], fr: Frame, cal: CalibrationItems, check: 'report' | 'none', progress: Progress, label: string, start: { eap: ArrayLike<number>[]; psd: ArrayLike<number>[] } | null = null, tol?: number): IrtFit {
  return fitConditioning(cal, resp, {
    itemIds: ids,
    covariates: conditioningCovariates(fr),
    nodes: cal.estep.nodes,
    startScores: start,
    check,
    ...(tol !== undefined ? { tol } : {}),
    onProgress: labelled(progress, label),
  });
}

/** What every set of proper plausible values of `fit` needs (its information factor, the nodes' centres), computed once. */
export function latentPvPreparation(fit: IrtFit, resp: ResponseMatrix, fr: Frame, progress?: Progress, label = 'conditioning fit', start: { eap: ArrayLike<number>[]; psd: ArrayLike<number>[] } | null = null): PvPreparation {
  const nodes = fit.estep.method === 'adaptive' ? fit.estep.nodes : null;
  // the nodes' first centres: `start` (the calibration's EAPs and SDs, frame order) spares a mode search per model
  return preparePlausibleValues(fit, resp, conditioningCovariates(fr).values, { ...(nodes ? { points: nodes.general, specificPoints: nodes.specific } : {}), ...(start ? { startScores: start } : {}), onProgress: labelled(progress, label) });
}

/**
 * Proper plausible values from a conditioning fit (the second half of latentRun): `draws` sets from `rng`.
 * Each model's posterior moments are integrated by adaptive Gauss–Hermite quadrature with the node counts
 * the fit's adaptive E-step used (checked against 4 more nodes per dimension by the calibration's stability
 * check: log-likelihood within 0.1 over all models), not the scorer's default 21 × 15: on the demo the g
 * slope moves by 5e-6 and each set costs a third.
 */
export function latentPvs(fit: IrtFit, resp: ResponseMatrix, fr: Frame, draws: number, rng: Rng, progress?: Progress, label = 'conditioning fit', prepared?: PvPreparation): { pvs: Float64Array[][]; warnings: string[] } {
  const nodes = fit.estep.method === 'adaptive' ? fit.estep.nodes : null;
  const pv = plausibleValuesProper(fit, resp, conditioningCovariates(fr).values, draws, rng, { ...(nodes ? { points: nodes.general, specificPoints: nodes.specific } : {}), ...(prepared ? { prepared } : {}), onProgress: labelled(progress, label) });
  return { pvs: pv.sets, warnings: pv.warnings };
}

export function latentRun(resp: ResponseMatrix, bench: string[], ids: string[], fr: Frame, opts: ScalingOptions, model: 'bifactor' | '2PL', draws: number, rng: Rng, check: 'refine' | 'report' | 'none' = 'none', label = 'conditioning fit', extra: LatentFitExtra = {}): LatentRun {
  const fit = latentFit(resp, bench, ids, fr, opts, model, check, label, extra);
  const pv = latentPvs(fit, resp, fr, draws, rng, opts.onProgress, label);
  return { fit, pvs: pv.pvs, warnings: pv.warnings };
}
