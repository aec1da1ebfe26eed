// Maximum likelihood for the linear factor model by Fisher scoring (Jennrich & Sampson 1976; the
// expected information Δ′WΔ as the metric), with step halving on fmin. Converges to the same optimum as
// lavaan's nlminb on the same fmin; the observed information for the standard errors is computed
// afterwards (robust.ts).
import { solve } from '../math/index.js';
import { gradient, h1Weight, invLogDet, jacobian, matrices, objective, quadForm, type FactorModel, type Moments } from './model.js';

export interface MlFit {
  x: Float64Array;
  fmin: number;
  iterations: number;
  converged: boolean;
  maxAbsGradient: number;
  message: string;
}

/** Starting values: loadings √(½ s_ii), residual variances ½ s_ii, latent and residual covariances 0, μ = x̄. */
export function startValues(model: FactorModel, s: Moments): Float64Array {
  const p = s.p;
  const x = new Float64Array(model.params.length);
  model.params.forEach((q, k) => {
    if (q.kind === 'loading') x[k] = Math.sqrt(0.5 * s.cov[q.a * p + q.a]!);
    else if (q.kind === 'residual_variance') x[k] = (model.latents.length === 0 ? 1 : 0.5) * s.cov[q.a * p + q.a]!;
    else if (q.kind === 'intercept') x[k] = s.mean[q.a]!;
    else x[k] = 0;
  });
  return x;
}

export function fitMl(model: FactorModel, s: Moments, opts: { maxIter?: number; tol?: number } = {}): MlFit {
  const p = s.p;
  const k = model.params.length;
  const maxIter = opts.maxIter ?? 1000;
  const tol = opts.tol ?? 1e-13;
  const sl = invLogDet(s.cov, p);
  if (!sl) return { x: startValues(model, s), fmin: NaN, iterations: 0, converged: false, maxAbsGradient: NaN, message: 'the sample covariance matrix is not positive definite (a benchmark is constant or a linear combination of others)' };
  const logDetS = sl.logDet;
  let x = startValues(model, s);
  let f = objective(model, x, s, logDetS);
  if (!Number.isFinite(f)) return { x, fmin: NaN, iterations: 0, converged: false, maxAbsGradient: NaN, message: 'the starting values give a non-positive-definite Σ' };
  let it = 0;
  let converged = false;
  let message = '';
  let g = gradient(model, x, s)!;
  for (; it < maxIter; it++) {
    const { sigma } = matrices(model, x);
    const si = invLogDet(sigma, p)!.inv;
    const d = jacobian(model, x);
    const info = quadForm(d, p + (p * (p + 1)) / 2, k, h1Weight(si, p));
    const step = solve(info, g, k);
    if (!step) {
      message = 'the expected information is singular (the model is not identified)';
      break;
    }
    let t = 1;
    let xn = x;
    let fn = Infinity;
    for (let h = 0; h < 40; h++) {
      xn = x.map((v, i) => v - t * step[i]!);
      fn = objective(model, xn, s, logDetS);
      if (fn <= f + 1e-15 * Math.abs(f)) break;
      t /= 2;
    }
    if (!(fn <= f + 1e-15 * Math.abs(f))) {
      // No decrease along the scoring direction: at the optimum to machine precision.
      converged = maxAbs(g) < 1e-6;
      message = converged ? '' : 'no descent along the Fisher-scoring direction';
      break;
    }
    const change = maxAbs(step.map((v) => v * t));
    x = xn;
    const df = f - fn;
    f = fn;
    g = gradient(model, x, s)!;
    if (change < tol * Math.max(1, maxAbs(x)) || (df >= 0 && df < 1e-16 && maxAbs(g) < 1e-9)) {
      converged = true;
      it++;
      break;
    }
  }
  if (!converged && message === '') message = `no convergence in ${maxIter} iterations`;
  // Loadings of a one-indicator-sign-free factor: orient each factor so its loadings sum positive (lavaan's solution has the sign of its start values, all positive).
  orient(model, x);
  return { x, fmin: f, iterations: it, converged, maxAbsGradient: maxAbs(gradient(model, x, s) ?? new Float64Array([NaN])), message };
}

function orient(model: FactorModel, x: Float64Array): void {
  model.latents.forEach((_, f) => {
    let sum = 0;
    model.params.forEach((q, k) => {
      if (q.kind === 'loading' && q.b === f) sum += x[k]!;
    });
    if (sum >= 0 || model.fixedLoadings.some((l) => l.f === f)) return;
    model.params.forEach((q, k) => {
      if ((q.kind === 'loading' && q.b === f) || (q.kind === 'latent_covariance' && (q.a === f || q.b === f))) x[k] = -x[k]!;
    });
  });
}

export function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}
