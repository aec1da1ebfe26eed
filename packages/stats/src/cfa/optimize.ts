// Stage: minimize the DWLS objective by Levenberg–Marquardt on the Gauss–Newton system
// (E + μ·diag E) δ = Δ′W r (Moré 1978), with step acceptance only on a decrease of f. Converged when
// the relative decrease and the largest step are both negligible and the scaled gradient
// g′E⁻¹g (the predicted decrease) is below tolerance. Reports why it stopped; a caller must never
// present the iterate of a failed run as estimates.
import { choleskyOrNull, cholSolve } from './linalg.js';
import { derivatives, objective, type DwlsTarget, type Evaluation } from './objective.js';
import type { ParTable } from './partable.js';

export interface OptimizerOptions {
  maxIterations?: number;
  /** Convergence tolerance on the predicted decrease g′E⁻¹g relative to max(f, 1). */
  tolerance?: number;
  /** A check for a run-away iterate (a ridge towards an improper solution): when it names parameters for
   *  DIVERGED_ITERATIONS iterations in a row, the run stops as not converged with that reason. */
  diverging?: (x: Float64Array) => string | null;
}

/** Consecutive iterations a divergence check must hold before the optimizer gives up. */
export const DIVERGED_ITERATIONS = 20;

export interface OptimizerResult {
  x: Float64Array;
  f: number;
  converged: boolean;
  iterations: number;
  /** Why it stopped. */
  message: string;
  /** Largest absolute gradient component of f at the end. */
  maxGradient: number;
  ev: Evaluation;
}

export function optimizeDwls(pt: ParTable, t: DwlsTarget, start: Float64Array, opts: OptimizerOptions = {}): OptimizerResult {
  const q = pt.nStruct;
  const maxIt = opts.maxIterations ?? 500;
  const tol = opts.tolerance ?? 1e-20;
  let x = Float64Array.from(start);
  let ev = objective(pt, t, x);
  if (!Number.isFinite(ev.f)) return { x, f: ev.f, converged: false, iterations: 0, message: 'objective not finite at the start values', maxGradient: NaN, ev };
  let mu = 0;
  let it = 0;
  let message = `no convergence after ${maxIt} iterations`;
  let converged = false;
  let maxGrad = Infinity;
  const a = new Float64Array(q * q);
  let step: Float64Array = new Float64Array(q);
  let divergedRun = 0;
  while (it < maxIt) {
    it++;
    const d = derivatives(pt, t, ev);
    maxGrad = 0;
    for (let p = 0; p < q; p++) maxGrad = Math.max(maxGrad, Math.abs(2 * d.g[p]!));
    let accepted = false;
    let predicted = 0;
    for (let tries = 0; tries < 40; tries++) {
      a.set(d.e);
      for (let p = 0; p < q; p++) a[p * q + p] = d.e[p * q + p]! * (1 + mu) + (mu > 0 ? 1e-12 : 0);
      const l = choleskyOrNull(q, a);
      if (l === null) {
        mu = mu === 0 ? 1e-6 : mu * 10;
        continue;
      }
      step = cholSolve(q, l, d.g);
      predicted = 0;
      for (let p = 0; p < q; p++) predicted += step[p]! * d.g[p]!;
      if (mu === 0 && predicted <= tol * Math.max(ev.f, 1)) {
        converged = true;
        message = 'converged (Gauss–Newton decrement below tolerance)';
        break;
      }
      const xn = new Float64Array(x.length);
      xn.set(x);
      for (let p = 0; p < q; p++) xn[p] = x[p]! + step[p]!;
      let evn: Evaluation;
      try {
        evn = objective(pt, t, xn);
      } catch {
        mu = mu === 0 ? 1e-4 : mu * 10;
        continue;
      }
      if (Number.isFinite(evn.f) && evn.f <= ev.f) {
        const rel = (ev.f - evn.f) / Math.max(ev.f, 1e-300);
        let maxStep = 0;
        for (let p = 0; p < q; p++) maxStep = Math.max(maxStep, Math.abs(step[p]!));
        x = xn;
        ev = evn;
        accepted = true;
        mu = mu / 10 < 1e-8 ? 0 : mu / 10;
        if (rel < 1e-15 && maxStep < 1e-10) {
          converged = true;
          message = 'converged (relative change and step below tolerance)';
        }
        break;
      }
      mu = mu === 0 ? 1e-4 : mu * 10;
    }
    if (converged) break;
    if (accepted && opts.diverging) {
      const why = opts.diverging(x);
      divergedRun = why === null ? 0 : divergedRun + 1;
      if (why !== null && divergedRun >= DIVERGED_ITERATIONS) {
        message = `stopped after ${it} iterations: ${why} for ${DIVERGED_ITERATIONS} iterations in a row (a ridge towards an improper solution; the iterate would only keep running away)`;
        break;
      }
    }
    if (!accepted) {
      message = `stopped: no decrease of the objective found along the damped Gauss–Newton direction (μ = ${mu.toExponential(2)}); the information matrix may be singular`;
      break;
    }
  }
  return { x, f: ev.f, converged, iterations: it, message, maxGradient: maxGrad, ev };
}
