// The latent run: the IRT calibration with the conditioning model inside the likelihood (one-step
// latent regression on log10 params and the deployment dummies, irt/fitIrt with covariates), then
// proper plausible values drawn from it (irt/plausibleValuesProper: item parameters and β drawn from
// their sampling distribution, each person's posterior by adaptive quadrature).
import type { ResponseMatrix } from '../data/leaderboard.js';
import { fitIrt, plausibleValuesProper, type IrtFit } from '../irt/index.js';
import type { Rng } from '../util/rng.js';
import type { Frame } from './frame.js';
import type { ScalingOptions } from './types.js';

export interface LatentRun {
  fit: IrtFit;
  pvs: Float64Array[][];
  warnings: string[];
}

export function latentRun(resp: ResponseMatrix, bench: string[], ids: string[], fr: Frame, opts: ScalingOptions, model: 'bifactor' | '2PL', draws: number, rng: Rng, check: 'refine' | 'report' | 'none' = 'none', label = 'conditioning fit'): LatentRun {
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
    onProgress: opts.onProgress ? (p) => opts.onProgress!({ stage: `${label}: ${p.stage}`, done: p.done, total: p.total, message: p.message }) : undefined,
  });
  const pv = plausibleValuesProper(fit, resp, cov, draws, rng, {
    onProgress: opts.onProgress ? (p) => opts.onProgress!({ stage: `${label}: ${p.stage}`, done: p.done, total: p.total, message: p.message }) : undefined,
  });
  return { fit, pvs: pv.sets, warnings: pv.warnings };
}

