// Standard errors and test statistics of the ML fit, as lavaan 0.6 computes them for
// estimator = "MLR" (information = "observed", observed.information = "hessian", h1.information =
// "structured", test = "yuan.bentler.mplus"), optionally with `cluster =`:
//   A  = observed information = Hessian of fmin (lavaan's lav_model_hessian: 4-point central differences
//        of the analytic gradient, h = 1e-6, symmetrised);
//   B0 = (1/N) Σ_c s_c s_c′, s_c = Δ′ Σ_{i∈c} ∂ℓ_i/∂(μ, vech Σ) at the fitted moments (casewise scores,
//        lav_mvnorm_scores_mu_vech_sigma), summed within clusters and multiplied by nC/(nC − 1) when clustered;
//   Var(θ̂) = A⁻¹ B0 A⁻¹ / N  (Huber 1967; White 1982; cluster-robust: Liang & Zeger 1986);
//   Yuan–Bentler (2000) scaling, Mplus variant (lav_test_yuan_bentler_mplus_trace):
//     c = [tr(A1⁻¹ B1) − tr(A⁻¹ B0)] / df, A1 = blockdiag(S⁻¹, ½D′(S⁻¹⊗S⁻¹)D), B1 = A1 Γ A1,
//     Γ = (1/N) Σ_c z_c z_c′ (× nC/(nC − 1)), z_i = (y_i, vech((y_i − ȳ)(y_i − ȳ)′)) − their means.
// Plain ML: Var(θ̂) = (Δ′WΔ)⁻¹ / N with the expected information (lavaan's default for ML).
import { gradient, h1Weight, invLogDet, jacobian, matrices, quadForm, vechPairs, type FactorModel, type Moments } from './model.js';
import { inverse } from '../math/index.js';

/** Observed information: lavaan's numerical Hessian of fmin (4-point central differences, h = 1e-6). */
export function observedInformation(model: FactorModel, x: Float64Array, s: Moments, h = 1e-6): Float64Array | null {
  const k = x.length;
  const hess = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const at = (t: number): Float64Array | null => {
      const y = Float64Array.from(x);
      y[j] = x[j]! + t;
      return gradient(model, y, s);
    };
    const l2 = at(-2 * h);
    const l1 = at(-h);
    const r1 = at(h);
    const r2 = at(2 * h);
    if (!l2 || !l1 || !r1 || !r2) return null;
    for (let i = 0; i < k; i++) hess[i * k + j] = (l2[i]! - 8 * l1[i]! + 8 * r1[i]! - r2[i]!) / (12 * h);
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) hess[i * k + j] = hess[j * k + i] = (hess[i * k + j]! + hess[j * k + i]!) / 2;
  return hess;
}

/** Expected information Δ′ W(Σ̂) Δ (per observation). */
export function expectedInformation(model: FactorModel, x: Float64Array): Float64Array {
  const p = model.observed.length;
  const { sigma } = matrices(model, x);
  const si = invLogDet(sigma, p)!.inv;
  return quadForm(jacobian(model, x), p + (p * (p + 1)) / 2, model.params.length, h1Weight(si, p));
}

export function invert(a: Float64Array, n: number): Float64Array | null {
  const inv = inverse(a, n);
  return inv && inv.every((v) => Number.isFinite(v)) ? inv : null;
}

/**
 * Casewise scores of the loglikelihood with respect to the free parameters, summed within clusters
 * (cluster ids per row, or null), as rows of a (units × k) matrix.
 */
export function parameterScores(model: FactorModel, x: Float64Array, data: Float64Array, n: number, cluster: Int32Array | null): { scores: Float64Array; units: number } {
  const p = model.observed.length;
  const k = model.params.length;
  const { sigma, mu } = matrices(model, x);
  const si = invLogDet(sigma, p)!.inv;
  const d = jacobian(model, x);
  const pairs = vechPairs(p);
  const rows = p + pairs.length;
  const units = cluster ? countUnits(cluster) : n;
  const out = new Float64Array(units * k);
  const h = new Float64Array(rows);
  const a = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < p; i++) {
      let v = 0;
      for (let j = 0; j < p; j++) v += si[i * p + j]! * (data[r * p + j]! - mu[j]!);
      a[i] = v;
      h[i] = v;
    }
    pairs.forEach(([i, j], t) => {
      const v = a[i]! * a[j]! - si[i * p + j]!;
      h[p + t] = i === j ? v / 2 : v;
    });
    const u = cluster ? cluster[r]! : r;
    for (let c = 0; c < k; c++) {
      let v = 0;
      for (let t = 0; t < rows; t++) v += h[t]! * d[t * k + c]!;
      out[u * k + c]! += v;
    }
  }
  return { scores: out, units };
}

/** B0 = (1/N) Σ_units s s′ (× nC/(nC − 1) with clusters). */
export function firstOrder(scores: Float64Array, units: number, k: number, n: number, clustered: boolean): Float64Array {
  const b = new Float64Array(k * k);
  for (let u = 0; u < units; u++) for (let i = 0; i < k; i++) {
    const si = scores[u * k + i]!;
    for (let j = 0; j <= i; j++) b[i * k + j]! += si * scores[u * k + j]!;
  }
  const f = (clustered ? units / (units - 1) : 1) / n;
  for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) b[i * k + j] = b[j * k + i] = b[i * k + j]! * f;
  return b;
}

/** tr(A1⁻¹ B1) = tr(Γ A1) of the unrestricted model (the h1 part of the Yuan–Bentler trace). */
export function traceH1(data: Float64Array, n: number, s: Moments, cluster: Int32Array | null): number {
  const p = s.p;
  const pairs = vechPairs(p);
  const rows = p + pairs.length;
  const sinv = invLogDet(s.cov, p)!.inv;
  const a1 = h1Weight(sinv, p);
  const units = cluster ? countUnits(cluster) : n;
  const z = new Float64Array(units * rows);
  for (let r = 0; r < n; r++) {
    const u = cluster ? cluster[r]! : r;
    for (let i = 0; i < p; i++) z[u * rows + i]! += data[r * p + i]! - s.mean[i]!;
    pairs.forEach(([i, j], t) => {
      z[u * rows + p + t]! += (data[r * p + i]! - s.mean[i]!) * (data[r * p + j]! - s.mean[j]!) - s.cov[i * p + j]!;
    });
  }
  let tr = 0;
  for (let u = 0; u < units; u++) {
    for (let i = 0; i < rows; i++) {
      const zi = z[u * rows + i]!;
      if (zi === 0) continue;
      let v = 0;
      for (let j = 0; j < rows; j++) v += a1[i * rows + j]! * z[u * rows + j]!;
      tr += zi * v;
    }
  }
  return (tr / n) * (cluster ? units / (units - 1) : 1);
}

/** Number of clusters (ids are 0..G−1). */
function countUnits(cluster: Int32Array): number {
  let g = 0;
  for (const c of cluster) g = Math.max(g, c + 1);
  return g;
}

export interface RobustResult {
  /** Var(θ̂), k × k. */
  vcov: Float64Array;
  /** tr(U Γ) pieces and the scaling factor c (NaN when df = 0). */
  traceH1: number;
  traceH0: number;
  scaling: number;
}

/** MLR (Huber–White, optionally cluster-robust) covariance of the estimates and the Yuan–Bentler scaling factor. */
export function robust(model: FactorModel, x: Float64Array, s: Moments, data: Float64Array, cluster: Int32Array | null, df: number, h1Trace: number): RobustResult | null {
  const k = x.length;
  const n = s.n;
  const a = observedInformation(model, x, s);
  if (!a) return null;
  const ainv = invert(a, k);
  if (!ainv) return null;
  const { scores, units } = parameterScores(model, x, data, n, cluster);
  const b0 = firstOrder(scores, units, k, n, cluster !== null);
  // V = A⁻¹ B0 A⁻¹ / N
  const t = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let v = 0;
    for (let l = 0; l < k; l++) v += ainv[i * k + l]! * b0[l * k + j]!;
    t[i * k + j] = v;
  }
  const vcov = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let v = 0;
    for (let l = 0; l < k; l++) v += t[i * k + l]! * ainv[l * k + j]!;
    vcov[i * k + j] = v / n;
  }
  let h0 = 0;
  for (let i = 0; i < k; i++) h0 += t[i * k + i]!; // tr(A⁻¹ B0)
  const scaling = df > 0 ? (h1Trace - h0) / df : NaN;
  return { vcov, traceH1: h1Trace, traceH0: h0, scaling: scaling < 0 ? NaN : scaling };
}

/** Normal-theory ML covariance of the estimates: expected information⁻¹ / N. */
export function mlVcov(model: FactorModel, x: Float64Array, n: number): Float64Array | null {
  const k = x.length;
  const inv = invert(expectedInformation(model, x), k);
  return inv ? inv.map((v) => v / n) : null;
}
