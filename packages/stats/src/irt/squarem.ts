// SQUAREM: acceleration of a fixed-point map ψ → M(ψ) such as an EM iteration (Varadhan & Roland
// 2008, Scand. J. Stat. 35:335–353, scheme S3 with the step length α = −‖r‖/‖v‖, bounded to
// [−50, −1]): from ψ, ψ₁ = M(ψ), ψ₂ = M(ψ₁), r = ψ₁ − ψ, v = ψ₂ − 2ψ₁ + ψ, the extrapolation
// ψ′ = ψ − 2αr + α²v is stabilised by one more map step M(ψ′), kept when its objective is not below
// that of ψ₂ (EM's monotonicity safeguard). Generic: the map returns the next point and the objective
// (log-likelihood) at the point it was given.

export interface FixedPointStep {
  next: Float64Array;
  /** Objective at the input point (higher is better). */
  ll: number;
}

export interface SquaremOptions {
  /** Largest number of map evaluations. */
  maxEvals: number;
  /** Converged when the largest absolute change of one plain map step is below tol. */
  tol: number;
  /** false = plain fixed-point iteration. */
  accelerate: boolean;
  /**
   * Also stop when the objective of the plain step rose by less than this since the previous cycle
   * (e.g. a warm-up phase whose optimum is only a starting point); the result is then not `converged`.
   */
  llTol?: number;
  /**
   * Step-length control of Varadhan & Roland's SQUAREM package (step.max0 = 1, mstep = 4): |α| is capped at
   * a bound that starts at 1 (no extrapolation), is multiplied by 4 each time an extrapolation at the cap is
   * kept and divided by 4 when one is rejected. Default: the fixed bound [−50, −1].
   */
  adaptiveStepMax?: boolean;
  /**
   * Also converged (`by: 'loglik'`) when the objective at the start of two successive cycles differs by less
   * than this in absolute value (as Mplus's LOGCRITERION for EM): for maps whose parameters drift along an
   * almost flat ridge (items on a slope bound) long after the objective has settled.
   */
  llConverge?: number;
  /** The change a plain step is measured by (default: the largest absolute change of any parameter). */
  change?: (from: Float64Array, to: Float64Array) => number;
  /** Puts an extrapolated point back into the parameter space (e.g. slopes onto their bound), in place. */
  project?: (psi: Float64Array) => void;
  /** Whether a point is admissible (e.g. finite, a positive-definite correlation matrix). */
  valid: (psi: Float64Array) => boolean;
}

export interface SquaremResult {
  psi: Float64Array;
  /** Objective of the last map evaluation of a plain step. */
  lastLl: number;
  evals: number;
  converged: boolean;
  /** Largest absolute change of the last plain step. */
  change: number;
  /** Which rule declared convergence: the parameter change (tol) or the objective (llConverge). */
  by: 'change' | 'loglik' | null;
  /** Change of the objective over the last cycle. */
  gain: number;
}

export function squarem(map: (psi: Float64Array) => FixedPointStep, psi0: Float64Array, opts: SquaremOptions): SquaremResult {
  let evals = 0;
  const call = (psi: Float64Array): FixedPointStep => {
    evals++;
    return map(psi);
  };
  const maxAbsDiff = (a: Float64Array, b: Float64Array): number => {
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
    return m;
  };
  const measure = opts.change ?? ((a: Float64Array, b: Float64Array) => maxAbsDiff(a, b));
  let psi = psi0;
  let lastLl = -Infinity;
  let converged = false;
  let change = Infinity;
  let stepMax = 1;
  let by: SquaremResult['by'] = null;
  let gain = NaN;
  while (evals < opts.maxEvals) {
    const s1 = call(psi);
    gain = s1.ll - lastLl;
    lastLl = s1.ll;
    if (opts.llTol !== undefined && gain >= 0 && gain < opts.llTol) {
      change = measure(psi, s1.next);
      psi = s1.next;
      break;
    }
    change = measure(psi, s1.next);
    if (change < opts.tol) {
      psi = s1.next;
      converged = true;
      by = 'change';
      break;
    }
    if (opts.llConverge !== undefined && Math.abs(gain) < opts.llConverge) {
      psi = s1.next;
      converged = true;
      by = 'loglik';
      break;
    }
    if (!opts.accelerate) {
      psi = s1.next;
      continue;
    }
    const s2 = call(s1.next);
    const n = psi.length;
    const r = new Float64Array(n);
    const v = new Float64Array(n);
    let rr = 0;
    let vv = 0;
    for (let i = 0; i < n; i++) {
      r[i] = s1.next[i]! - psi[i]!;
      v[i] = s2.next[i]! - 2 * s1.next[i]! + psi[i]!;
      rr += r[i]! * r[i]!;
      vv += v[i]! * v[i]!;
    }
    let alpha = vv > 0 ? -Math.sqrt(rr / vv) : -1;
    if (alpha > -1) alpha = -1;
    alpha = Math.max(alpha, opts.adaptiveStepMax ? -stepMax : -50);
    const atCap = opts.adaptiveStepMax === true && alpha === -stepMax;
    const ext = new Float64Array(n);
    for (let i = 0; i < n; i++) ext[i] = psi[i]! - 2 * alpha * r[i]! + alpha * alpha * v[i]!;
    opts.project?.(ext);
    if (alpha === -1 || !opts.valid(ext)) {
      if (atCap && alpha === -1) stepMax *= 4; // the plain double step at the cap: allow a longer one next time
      psi = s2.next;
      continue;
    }
    const s3 = call(ext);
    // s3.ll is the objective at the extrapolated point; s2.ll at M(ψ); keep the better
    if (Number.isFinite(s3.ll) && s3.ll >= s2.ll - 1e-6 && opts.valid(s3.next)) {
      psi = s3.next;
      if (atCap) stepMax = Math.min(stepMax * 4, 1e4);
    } else {
      psi = s2.next;
      if (opts.adaptiveStepMax) stepMax = Math.max(1, stepMax / 4);
    }
  }
  return { psi, lastLl, evals, converged, change, by, gain };
}
