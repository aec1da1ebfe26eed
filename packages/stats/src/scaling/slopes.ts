// The slope of a factor (or a manifest score) on log10 parameters under one ecosystem-control
// specification: OLS without random effects, the REML mixed model (lmm/fitLmm) with contributor and/or
// architecture random intercepts otherwise; t intervals on the Satterthwaite df (lmm) or n − p (OLS).
import { fitLmm } from '../lmm/index.js';
import { inverse } from '../math/index.js';
import { EstimationError } from '../util/errors.js';
import type { Frame } from './frame.js';
import { tQuantileTwoSided } from './pool.js';
import type { ControlSpec, SlopeEstimate } from './types.js';

export function olsSlope(yAll: ArrayLike<number>, colsAll: Float64Array[], nAll: number): SlopeEstimate {
  const keep: number[] = [];
  for (let i = 0; i < nAll; i++) if (Number.isFinite(yAll[i]!)) keep.push(i);
  const n = keep.length;
  const y = Float64Array.from(keep, (i) => yAll[i]!);
  const cols = colsAll.map((c) => Float64Array.from(keep, (i) => c[i]!));
  const p = cols.length + 1;
  const X = (i: number, a: number): number => (a === 0 ? 1 : cols[a - 1]![i]!);
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < p; a++) {
      xty[a] += X(i, a) * y[i]!;
      for (let b = 0; b < p; b++) xtx[a * p + b] += X(i, a) * X(i, b);
    }
  const inv = inverse(xtx, p, { pivotTol: 1e-12 });
  if (!inv) throw new EstimationError('scaling', 'the regressors are collinear');
  const beta = new Float64Array(p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) beta[a] += inv[a * p + b]! * xty[b]!;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let a = 0; a < p; a++) f += X(i, a) * beta[a]!;
    rss += (y[i]! - f) ** 2;
  }
  const df = n - p;
  const se = Math.sqrt((rss / df) * inv[p + 1]!);
  const t = tQuantileTwoSided(0.05, df);
  return { estimate: beta[1]!, se, df, lo: beta[1]! - t * se, hi: beta[1]! + t * se };
}

/** The slope on log10_params_c under one control specification (mixed model when it has random effects). */
export function slopeUnder(spec: ControlSpec, y: ArrayLike<number>, fr: Frame): SlopeEstimate {
  const n = fr.x.length;
  const dcols = (): Float64Array[] => fr.deployNames.map((_, c) => Float64Array.from({ length: n }, (_, i) => fr.deployDummies[i * fr.deployNames.length + c]!));
  if (spec === 'none') return olsSlope(y, [fr.x], n);
  if (spec === 'deployment') return olsSlope(y, [fr.x, ...dcols()], n);
  const data: Record<string, ArrayLike<number> | string[]> = { y: Array.from(y), log10_params_c: Array.from(fr.x) };
  let formula = 'y ~ log10_params_c';
  if (spec === 'all' && fr.deployNames.length > 0) {
    data.deployment = fr.deployment;
    formula += ' + deployment';
  }
  if (spec === 'contributor' || spec === 'all') {
    data.contributor = fr.contributor;
    formula += ' + (1|contributor)';
  }
  if (spec === 'architecture' || spec === 'all') {
    data.architecture = fr.architecture;
    formula += ' + (1|architecture)';
  }
  const f = fitLmm(data as never, formula, { reml: true });
  const b = f.fixef.find((e) => e.name === 'log10_params_c');
  if (!b) throw new EstimationError('scaling', `no log10_params_c coefficient in ${formula}`);
  const df = Number.isFinite(b.df) ? b.df : n - f.fixef.length;
  const t = tQuantileTwoSided(0.05, df);
  return { estimate: b.estimate, se: b.se, df, lo: b.estimate - t * b.se, hi: b.estimate + t * b.se };
}

/** Subset of the response matrix: rows, and the given item columns. */
export function sd(y: Float64Array): number {
  let m = 0;
  let n = 0;
  for (const v of y)
    if (Number.isFinite(v)) {
      m += v;
      n++;
    }
  m /= n;
  let s = 0;
  for (const v of y) if (Number.isFinite(v)) s += (v - m) ** 2;
  return Math.sqrt(s / (n - 1));
}

