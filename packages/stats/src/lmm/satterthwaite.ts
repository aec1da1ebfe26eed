// Stage 6 of the mixed-model fit: Satterthwaite degrees of freedom for t tests of fixed effects,
// as lmerTest 3.1 (Kuznetsova, Brockhoff & Christensen 2017, JSS 82(13); lmerTest:::devfun_vp,
// get_covbeta, contest1D). Variance parameters varpar = (θ, σ);
//   D(θ, σ) = ldL2(θ) + [ldRX2(θ)] + r²(θ)/σ² + N log(2πσ²),   N = n − p (REML) or n (ML),
// A = 2 H⁻¹ with H the Hessian of D at the optimum (eigenvalues below 1e-8 dropped, as lmerTest's
// tol = 1e-8), Cov(β̂)(θ, σ) = σ² RX⁻¹RX⁻ᵀ(θ); for a contrast L: v = L'Cov L, g = ∂v/∂varpar,
// df = 2v²/(g'Ag). The σ derivatives are analytic; the θ derivatives are central differences
// (relative step 1e-3, error O(h²)), in place of numDeriv's Richardson extrapolation.
import type { PlsState } from './pls.js';
import { tTwoSided } from '../math/index.js';

export interface SatterthwaiteInfo {
  /** Hessian of the deviance in (θ, σ), row-major (m+1)². */
  hessian: number[][];
  /** 2 H⁺: asymptotic covariance of (θ, σ). */
  vcovVarpar: number[][];
  /** ∂Cov(β̂)/∂varpar: one p×p row-major matrix per variance parameter. */
  jacobian: Float64Array[];
  covBeta: Float64Array;
  messages: string[];
}

/**
 * θ-derivatives (gradient and Hessian) of a vector-valued function by central differences:
 * 2m evaluations on the axes and, for each pair, two more on the diagonal x ± (h_i e_i + h_j e_j):
 * ∂²f/∂i∂j ≈ [f(+,+) + f(−,−) − f(+i) − f(−i) − f(+j) − f(−j) + 2f] / (2 h_i h_j), error O(h²).
 */
function derivatives(
  fn: (theta: Float64Array) => Float64Array,
  theta: Float64Array,
): { f0: Float64Array; grad: Float64Array[]; hess: Float64Array[][] } {
  const m = theta.length;
  const f0 = fn(theta);
  const K = f0.length;
  const h = Array.from(theta, (t) => 1e-3 * Math.max(Math.abs(t), 0.1));
  const at = (shift: [number, number][]): Float64Array => {
    const t = Float64Array.from(theta);
    for (const [i, d] of shift) t[i] += d;
    return fn(t);
  };
  const plus: Float64Array[] = [];
  const minus: Float64Array[] = [];
  const grad: Float64Array[] = [];
  const hess: Float64Array[][] = Array.from({ length: m }, () => new Array<Float64Array>(m));
  for (let i = 0; i < m; i++) {
    const fp = at([[i, h[i]!]]);
    const fm = at([[i, -h[i]!]]);
    plus.push(fp);
    minus.push(fm);
    const g = new Float64Array(K);
    const hh = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      g[k] = (fp[k]! - fm[k]!) / (2 * h[i]!);
      hh[k] = (fp[k]! - 2 * f0[k]! + fm[k]!) / (h[i]! * h[i]!);
    }
    grad.push(g);
    hess[i]![i] = hh;
  }
  for (let i = 0; i < m; i++)
    for (let j = i + 1; j < m; j++) {
      const a = at([[i, h[i]!], [j, h[j]!]]);
      const d = at([[i, -h[i]!], [j, -h[j]!]]);
      const o = new Float64Array(K);
      for (let k = 0; k < K; k++)
        o[k] = (a[k]! + d[k]! - plus[i]![k]! - minus[i]![k]! - plus[j]![k]! - minus[j]![k]! + 2 * f0[k]!) / (2 * h[i]! * h[j]!);
      hess[i]![j] = o;
      hess[j]![i] = o;
    }
  return { f0, grad, hess };
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations. */
export function symEigen(A: number[][]): { values: number[]; vectors: number[][] } {
  const n = A.length;
  const a = A.map((r) => r.slice());
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i]![j]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
  }
  return { values: a.map((r, i) => r[i]!), vectors: v };
}

export function satterthwaiteInfo(pls: PlsState, theta: Float64Array, sigma: number): SatterthwaiteInfo {
  const p = pls.p;
  const m = theta.length;
  const N = pls.reml ? pls.n - p : pls.n;
  const messages: string[] = [];
  // vector function of θ: [a(θ), r²(θ), C(θ) entries]
  const fn = (t: Float64Array): Float64Array => {
    const e = pls.evaluate(t);
    if (!e.ok) throw new Error('Satterthwaite: the deviance could not be evaluated near the optimum');
    const C = pls.covBetaUnscaled();
    const o = new Float64Array(2 + p * p);
    o[0] = e.ldL2 + (pls.reml ? e.ldRX2 : 0);
    o[1] = e.r2;
    o.set(C, 2);
    return o;
  };
  const { f0, grad, hess } = derivatives(fn, theta);
  pls.evaluate(theta); // restore caches at the optimum
  const s2 = sigma * sigma;
  const r2 = f0[1]!;
  const H: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) H[i]![j] = hess[i]![j]![0]! + hess[i]![j]![1]! / s2;
    const v = (-2 * grad[i]![1]!) / (s2 * sigma);
    H[i]![m] = v;
    H[m]![i] = v;
  }
  H[m]![m] = (6 * r2) / (s2 * s2) - (2 * N) / s2;
  const { values, vectors } = symEigen(H);
  const tol = 1e-8;
  const neg = values.filter((x) => x < -tol).length;
  const zero = values.filter((x) => Math.abs(x) <= tol).length;
  if (neg > 0) messages.push(`Hessian of the deviance in (θ, σ) has ${neg} negative eigenvalue(s): the fit may not have converged`);
  if (zero > 0) messages.push(`Hessian of the deviance in (θ, σ) has ${zero} eigenvalue(s) close to zero (lmerTest drops them from the inverse)`);
  const A: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let k = 0; k <= m; k++) {
    if (!(values[k]! > tol)) continue;
    for (let i = 0; i <= m; i++) for (let j = 0; j <= m; j++) A[i]![j] += (2 * vectors[i]![k]! * vectors[j]![k]!) / values[k]!;
  }
  const C0 = f0.subarray(2);
  const jacobian: Float64Array[] = [];
  for (let i = 0; i < m; i++) {
    const J = new Float64Array(p * p);
    for (let k = 0; k < p * p; k++) J[k] = s2 * grad[i]![2 + k]!;
    jacobian.push(J);
  }
  const Js = new Float64Array(p * p);
  for (let k = 0; k < p * p; k++) Js[k] = 2 * sigma * C0[k]!;
  jacobian.push(Js);
  const covBeta = new Float64Array(p * p);
  for (let k = 0; k < p * p; k++) covBeta[k] = s2 * C0[k]!;
  return { hessian: H, vcovVarpar: A, jacobian, covBeta, messages };
}

/** Satterthwaite t test of the contrast L'β (lmerTest's contest1D). */
export function contest1D(
  info: SatterthwaiteInfo,
  beta: ArrayLike<number>,
  L: ArrayLike<number>,
): { estimate: number; se: number; df: number; t: number; p: number } {
  const p = beta.length;
  const quad = (M: Float64Array): number => {
    let s = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += L[a]! * M[a * p + b]! * L[b]!;
    return s;
  };
  const v = quad(info.covBeta);
  const g = info.jacobian.map(quad);
  let gAg = 0;
  for (let i = 0; i < g.length; i++) for (let j = 0; j < g.length; j++) gAg += g[i]! * info.vcovVarpar[i]![j]! * g[j]!;
  const df = (2 * v * v) / gAg;
  let est = 0;
  for (let a = 0; a < p; a++) est += L[a]! * beta[a]!;
  const se = Math.sqrt(v);
  const t = est / se;
  return { estimate: est, se, df, t, p: tTwoSided(t, df) };
}
