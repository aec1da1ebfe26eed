// Stage: model-implied correlations of y* and their sparse Jacobian Δ (delta parameterization:
// diag Σ* = 1, so Θ_ii = 1 − communality is not a parameter; lavaan's `computeSigmaHat` and
// `computeDelta`). With A = (I − B)⁻¹, Φη = A Ψ A′ and C = Φη Λ′ (latents × items):
//   ρ_ij = Λ_i C_·j + θ_ij,
//   ∂ρ_ij/∂λ_ia = C_aj (a loading moves only the correlations of its own item),
//   ∂ρ_ij/∂B_ba = Λ*_ib C_aj + Λ*_jb C_ai      (Λ* = Λ A; η_b = B_ba η_a),
//   ∂ρ_ij/∂ψ_ab = Λ*_ia Λ*_jb + Λ*_ib Λ*_ja,   ∂ρ_ij/∂θ_ij = 1.
// Thresholds are saturated and do not enter ρ; their rows of Δ are the identity.
import { inverse } from './linalg.js';
import type { ParTable } from './partable.js';

export interface ModelMatrices {
  J: number;
  L: number;
  lambda: Float64Array; // J × L
  beta: Float64Array; // L × L
  psi: Float64Array; // L × L
  /** (I − B)⁻¹ */
  a: Float64Array;
  /** Implied latent covariance A Ψ A′. */
  phi: Float64Array;
  /** Λ A (items × latents). */
  lambdaStar: Float64Array;
  /** Φη Λ′ (latents × items). */
  c: Float64Array;
  /** Communalities (diag of Λ Φη Λ′); residual variances are 1 − these. */
  communality: Float64Array;
}

export function modelMatrices(pt: ParTable, x: Float64Array): ModelMatrices {
  const J = pt.items.length;
  const L = pt.latents.length;
  const lambda = Float64Array.from(pt.lambdaFixed);
  const beta = Float64Array.from(pt.betaFixed);
  const psi = Float64Array.from(pt.psiFixed);
  for (let p = 0; p < pt.nStruct; p++) {
    const info = pt.params[p]!;
    const v = x[p]!;
    if (info.kind === 'loading') lambda[info.b * L + info.a] = v;
    else if (info.kind === 'regression') beta[info.b * L + info.a] = v;
    else if (info.kind === 'lvcov') {
      psi[info.a * L + info.b] = v;
      psi[info.b * L + info.a] = v;
    }
  }
  let a: Float64Array;
  let hasBeta = false;
  for (let i = 0; i < L * L; i++) if (beta[i] !== 0) hasBeta = true;
  if (hasBeta) {
    const ib = new Float64Array(L * L);
    for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) ib[i * L + j] = (i === j ? 1 : 0) - beta[i * L + j]!;
    const inv = inverse(L, ib);
    if (inv === null) throw new Error('cfa: I − B is singular');
    a = inv;
  } else {
    a = new Float64Array(L * L);
    for (let i = 0; i < L; i++) a[i * L + i] = 1;
  }
  // phi = A psi A'
  const tmp = new Float64Array(L * L);
  for (let i = 0; i < L; i++)
    for (let j = 0; j < L; j++) {
      let s = 0;
      for (let k = 0; k < L; k++) s += a[i * L + k]! * psi[k * L + j]!;
      tmp[i * L + j] = s;
    }
  const phi = new Float64Array(L * L);
  for (let i = 0; i < L; i++)
    for (let j = 0; j < L; j++) {
      let s = 0;
      for (let k = 0; k < L; k++) s += tmp[i * L + k]! * a[j * L + k]!;
      phi[i * L + j] = s;
    }
  const lambdaStar = new Float64Array(J * L);
  const c = new Float64Array(L * J);
  const communality = new Float64Array(J);
  for (let i = 0; i < J; i++) {
    for (let b = 0; b < L; b++) {
      let s = 0;
      for (let k = 0; k < L; k++) s += lambda[i * L + k]! * a[k * L + b]!;
      lambdaStar[i * L + b] = s;
    }
    for (let f = 0; f < L; f++) {
      let s = 0;
      for (let k = 0; k < L; k++) s += phi[f * L + k]! * lambda[i * L + k]!;
      c[f * J + i] = s;
    }
    let h = 0;
    for (let f = 0; f < L; f++) h += lambda[i * L + f]! * c[f * J + i]!;
    communality[i] = h;
  }
  return { J, L, lambda, beta, psi, a, phi, lambdaStar, c, communality };
}

/** Implied correlations in vech order (pairI[k] > pairJ[k]). */
export function impliedCorrelations(pt: ParTable, m: ModelMatrices, x: Float64Array, pairI: Int32Array, pairJ: Int32Array, out?: Float64Array): Float64Array {
  const { J, L, lambda, c } = m;
  const np = pairI.length;
  const rho = out ?? new Float64Array(np);
  // Items have few nonzero loadings: gather them once.
  const nz = itemNonzeros(lambda, J, L);
  for (let k = 0; k < np; k++) {
    const i = pairI[k]!;
    const j = pairJ[k]!;
    let s = 0;
    for (const f of nz[i]!) s += lambda[i * L + f]! * c[f * J + j]!;
    const p = pt.pairRescov[k]!;
    rho[k] = s + (p >= 0 ? x[p]! : pt.rescovFixed[k]!);
  }
  return rho;
}

function itemNonzeros(lambda: Float64Array, J: number, L: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < J; i++) {
    const r: number[] = [];
    for (let f = 0; f < L; f++) if (lambda[i * L + f] !== 0) r.push(f);
    out.push(r);
  }
  return out;
}

/** Sparse Δ over the correlation rows (structural parameters only), CSR by pair. */
export interface SparseJacobian {
  rowPtr: Int32Array; // npairs + 1
  col: Int32Array;
  val: Float64Array;
}

export function jacobian(pt: ParTable, m: ModelMatrices, pairI: Int32Array, pairJ: Int32Array): SparseJacobian {
  const { J, L, c, lambdaStar } = m;
  const np = pairI.length;
  const others = pt.params.slice(0, pt.nStruct).map((p, idx) => ({ ...p, idx })).filter((p) => p.kind === 'regression' || p.kind === 'lvcov');
  // Support of Λ* per item, to skip zero structural derivatives quickly.
  const rowPtr = new Int32Array(np + 1);
  let cap = np * 4 + 16;
  let col = new Int32Array(cap);
  let val = new Float64Array(cap);
  let nnz = 0;
  const push = (p: number, v: number): void => {
    if (nnz === cap) {
      cap *= 2;
      const c2 = new Int32Array(cap);
      c2.set(col);
      col = c2;
      const v2 = new Float64Array(cap);
      v2.set(val);
      val = v2;
    }
    col[nnz] = p;
    val[nnz] = v;
    nnz++;
  };
  for (let k = 0; k < np; k++) {
    const i = pairI[k]!;
    const j = pairJ[k]!;
    for (const { latent, p } of pt.itemLoadings[i]!) push(p, c[latent * J + j]!);
    for (const { latent, p } of pt.itemLoadings[j]!) push(p, c[latent * J + i]!);
    for (const o of others) {
      let v: number;
      if (o.kind === 'lvcov') v = lambdaStar[i * L + o.a]! * lambdaStar[j * L + o.b]! + lambdaStar[i * L + o.b]! * lambdaStar[j * L + o.a]!;
      else v = lambdaStar[i * L + o.b]! * c[o.a * J + j]! + lambdaStar[j * L + o.b]! * c[o.a * J + i]!;
      if (v !== 0) push(o.idx, v);
    }
    const p = pt.pairRescov[k]!;
    if (p >= 0) push(p, 1);
    rowPtr[k + 1] = nnz;
  }
  return { rowPtr, col: col.subarray(0, nnz), val: val.subarray(0, nnz) };
}
