// Safeguarded Newton iteration for the quantile functions: solve g(u) = target for a monotone g given
// with its derivative, keeping a bracket from the signs seen so far and bisecting when a Newton step
// leaves it (or when no bracket exists yet, limiting the step). The quantiles run it on the log of the
// smaller tail, in a variable (log x, logit x) where that log is nearly linear, so few steps are needed.

export interface Evaluation {
  /** g(u) − target */
  f: number;
  /** g′(u) */
  slope: number;
}

/**
 * Root of an increasing (dir = 1) or decreasing (dir = −1) function from u0. `maxStep` bounds a step taken
 * without a bracket. Stops when a step is below `tol`·max(1, |u|) or after `maxIter` evaluations.
 */
export function newtonSafeguarded(
  evaluate: (u: number) => Evaluation,
  u0: number,
  dir: 1 | -1,
  opts: { lo?: number; hi?: number; tol?: number; maxIter?: number; maxStep?: number } = {},
): number {
  let lo = opts.lo ?? -Infinity;
  let hi = opts.hi ?? Infinity;
  const tol = opts.tol ?? 1e-15;
  const maxIter = opts.maxIter ?? 200;
  const maxStep = opts.maxStep ?? 50;
  let u = Math.min(Math.max(u0, lo), hi);
  for (let it = 0; it < maxIter; it++) {
    const { f, slope } = evaluate(u);
    if (f === 0) return u;
    if (Number.isNaN(f)) {
      // outside the function's reach (underflow / overflow): bisect towards the bracket's inside
      if (Number.isFinite(lo) && Number.isFinite(hi)) {
        u = 0.5 * (lo + hi);
        continue;
      }
      return u;
    }
    // the root is where f changes sign: f·dir > 0 means u is above it
    if (f * dir > 0) hi = Math.min(hi, u);
    else lo = Math.max(lo, u);
    let next = u - f / slope;
    if (!Number.isFinite(next) || next <= lo || next >= hi) {
      if (Number.isFinite(lo) && Number.isFinite(hi)) next = 0.5 * (lo + hi);
      else {
        const s = Number.isFinite(next) ? Math.sign(next - u) : f * dir > 0 ? -1 : 1;
        next = u + s * maxStep;
        if (next <= lo || next >= hi) next = Number.isFinite(lo) ? Math.max(lo, u - maxStep) : Math.min(hi, u + maxStep);
      }
    } else if (Math.abs(next - u) > maxStep) next = u + Math.sign(next - u) * maxStep;
    if (Math.abs(next - u) <= tol * Math.max(1, Math.abs(u))) return next;
    if (Number.isFinite(lo) && Number.isFinite(hi) && hi - lo <= tol * Math.max(1, Math.abs(u))) return next;
    u = next;
  }
  return u;
}
