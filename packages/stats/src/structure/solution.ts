// Standardized solution with delta-method SEs (lavaan's standardizedSolution, type "std.all"),
// modification indices for residual covariances (lavaan's modindices with the expected information:
// Sörbom 1989; Saris, Satorra & Sörbom 1987 for the EPC), and ω (McDonald 1999).
import { h1Weight, invLogDet, jacobian, matrices, quadForm, vechPairs, type FactorModel, type Moments } from './model.js';
import { invert } from './robust.js';

/** std.all of every free parameter: λ√φ/σ_i, φ_fg/√(φ_f φ_g), θ_ii/σ_ii, θ_ij/√(θ_ii θ_jj), μ_i/σ_i. */
export function standardizeAll(model: FactorModel, x: ArrayLike<number>): Float64Array {
  const p = model.observed.length;
  const m = model.latents.length;
  const { sigma, phi, theta } = matrices(model, x);
  return Float64Array.from(model.params.map((q, k) => {
    const v = x[k]!;
    const sd = (i: number): number => Math.sqrt(sigma[i * p + i]!);
    switch (q.kind) {
      case 'loading':
        return (v * Math.sqrt(phi[q.b * m + q.b]!)) / sd(q.a);
      case 'latent_covariance':
        return v / Math.sqrt(phi[q.a * m + q.a]! * phi[q.b * m + q.b]!);
      case 'residual_variance':
        return v / sigma[q.a * p + q.a]!;
      case 'residual_covariance':
        return v / Math.sqrt(theta[q.a * p + q.a]! * theta[q.b * p + q.b]!);
      default:
        return v / sd(q.a);
    }
  }));
}

/** Delta-method SEs of std.all: J V J′ with J by central differences (h = 1e-7). */
export function standardizedSe(model: FactorModel, x: Float64Array, vcov: Float64Array): Float64Array {
  const k = x.length;
  const h = 1e-7;
  const jac = new Float64Array(k * k); // rows: std params, cols: raw params
  for (let c = 0; c < k; c++) {
    const up = Float64Array.from(x);
    const dn = Float64Array.from(x);
    up[c] = x[c]! + h;
    dn[c] = x[c]! - h;
    const su = standardizeAll(model, up);
    const sdn = standardizeAll(model, dn);
    for (let r = 0; r < k; r++) jac[r * k + c] = (su[r]! - sdn[r]!) / (2 * h);
  }
  const out = new Float64Array(k);
  for (let r = 0; r < k; r++) {
    let v = 0;
    for (let a = 0; a < k; a++) {
      const ja = jac[r * k + a]!;
      if (ja === 0) continue;
      for (let b = 0; b < k; b++) v += ja * vcov[a * k + b]! * jac[r * k + b]!;
    }
    out[r] = Math.sqrt(Math.max(v, 0));
  }
  return out;
}

export interface ModIndex {
  i: number;
  j: number;
  mi: number;
  epc: number;
  sepc_all: number;
}

/**
 * Modification index of every residual covariance θ_ij not already in the model: with W the expected
 * information of (μ, vech Σ) at Σ̂ and e the unit column of σ_ij,
 *   V = e′We − e′WΔ (Δ′WΔ)⁻¹ Δ′We,  g = ∂fmin/∂θ_ij = [Σ̂⁻¹(Σ̂ − S)Σ̂⁻¹]_ij,
 *   MI = N g²/V,  EPC = −g/V,  SEPC (std.all) = EPC/√(θ̂_ii θ̂_jj).
 */
export function modificationIndices(model: FactorModel, x: Float64Array, s: Moments): ModIndex[] {
  const p = s.p;
  const k = x.length;
  const { sigma, theta } = matrices(model, x);
  const si = invLogDet(sigma, p)!.inv;
  const pairs = vechPairs(p);
  const rows = p + pairs.length;
  const w = h1Weight(si, p);
  const d = jacobian(model, x);
  const i22inv = invert(quadForm(d, rows, k, w), k);
  if (!i22inv) return [];
  // Σ⁻¹(Σ − S)Σ⁻¹
  const r = new Float64Array(p * p);
  for (let a = 0; a < p * p; a++) r[a] = sigma[a]! - s.cov[a]!;
  const t = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    let v = 0;
    for (let c = 0; c < p; c++) v += si[a * p + c]! * r[c * p + b]!;
    t[a * p + b] = v;
  }
  const g = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    let v = 0;
    for (let c = 0; c < p; c++) v += t[a * p + c]! * si[c * p + b]!;
    g[a * p + b] = v;
  }
  const free = new Set(model.params.filter((q) => q.kind === 'residual_covariance').map((q) => `${q.a}:${q.b}`));
  const out: ModIndex[] = [];
  pairs.forEach(([a, b], e) => {
    if (a === b) return;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    if (free.has(`${lo}:${hi}`)) return;
    const row = p + e;
    const i11 = w[row * rows + row]!;
    // e′WΔ
    const i12 = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      let v = 0;
      for (let q = 0; q < rows; q++) v += w[row * rows + q]! * d[q * k + c]!;
      i12[c] = v;
    }
    let quad = 0;
    for (let u = 0; u < k; u++) for (let v = 0; v < k; v++) quad += i12[u]! * i22inv[u * k + v]! * i12[v]!;
    const vv = i11 - quad;
    const gr = g[a * p + b]!;
    const mi = vv < Math.cbrt(2.220446049250313e-16) ? NaN : (s.n * gr * gr) / vv;
    const epc = -gr / vv;
    out.push({ i: lo, j: hi, mi, epc, sepc_all: epc / Math.sqrt(theta[lo * p + lo]! * theta[hi * p + hi]!) });
  });
  return out.sort((u, v) => (Number.isNaN(v.mi) ? -1 : v.mi) - (Number.isNaN(u.mi) ? -1 : u.mi));
}

/** ω of the unit-weighted total: (Σλ)² / 1′Σ̂1 (model-implied total variance, so residual covariances count as error). */
export function omegaTotal(model: FactorModel, x: ArrayLike<number>): number | null {
  if (model.latents.length !== 1) return null;
  const p = model.observed.length;
  const { lambda, sigma } = matrices(model, x);
  let sl = 0;
  for (let i = 0; i < p; i++) sl += lambda[i]!;
  let tot = 0;
  for (let i = 0; i < p * p; i++) tot += sigma[i]!;
  return (sl * sl) / tot;
}
