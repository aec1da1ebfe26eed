// The latent run: the IRT calibration with the conditioning model inside the likelihood (one-step
// latent regression on log10 params and the deployment dummies, irt/fitIrt with covariates), then
// proper plausible values drawn from it (irt/plausibleValuesProper: item parameters and β drawn from
// their sampling distribution, each person's posterior by adaptive quadrature).
import type { ResponseMatrix } from '../data/leaderboard.js';
import { fitIrt, plausibleValuesProper, type IrtFit, type IrtFitOptions } from '../irt/index.js';
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

export function latentRun(resp: ResponseMatrix, bench: string[], ids: string[], fr: Frame, opts: ScalingOptions, model: 'bifactor' | '2PL', draws: number, rng: Rng, check: 'refine' | 'report' | 'none' = 'none', label = 'conditioning fit', extra: LatentFitExtra = {}): LatentRun {
  const N = fr.x.length;
  const d = fr.deployNames.length;
  const p = 1 + d;
  const cov = new Float64Array(N * p);
  for (let i = 0; i < N; i++) {
    cov[i * p] = fr.x[i]!;
    for (let c = 0; c < d; c++) cov[i * p + 1 + c] = fr.deployDummies[i * d + c]!;
  }
  const names = ['log10_params_c', ...fr.deployNames];
  const fit = fitIrt(resp, {
    model,
    itemIds: ids,
    link: opts.link ?? 'logistic',
    itemSpecific: model === 'bifactor' ? bench : undefined,
    quadrature: opts.quadrature,
    specificQuadrature: opts.specificQuadrature,
    covariates: { values: cov, names },
    se: false,
    tol: opts.tol,
    quadratureCheck: check,
    ...(extra.start ? { start: extra.start } : {}),
    ...(extra.adaptiveNodes ? { adaptiveNodes: extra.adaptiveNodes } : {}),
    onProgress: opts.onProgress ? (p) => opts.onProgress!({ stage: `${label}: ${p.stage}`, done: p.done, total: p.total, message: p.message }) : undefined,
  });
  const pv = plausibleValuesProper(fit, resp, cov, draws, rng, {
    onProgress: opts.onProgress ? (p) => opts.onProgress!({ stage: `${label}: ${p.stage}`, done: p.done, total: p.total, message: p.message }) : undefined,
  });
  return { fit, pvs: pv.sets, warnings: pv.warnings };
}

