// Stage: DWLS objective and its derivatives (lavaan's estimator.DWLS; Muthén 1984). Over the
// correlation rows only — thresholds are saturated and sit at their sample values at the optimum:
//   f(x) = Σ_k w_k (s_k − ρ_k(x))²,   ∇f = −2 Δ′W r,   E = Δ′WΔ (Gauss–Newton / expected information).
// lavaan 0.6.14's chi-square is (N − 1)·f and its `fmin` (N − 1)/N · f/2 (checked against the fixture). Call order: `evaluate` computes ρ, then Δ, r, f, g, E
// from one set of model matrices.
import type { ParTable } from './partable.js';
import { impliedCorrelations, jacobian, modelMatrices, type ModelMatrices, type SparseJacobian } from './implied.js';

export interface DwlsTarget {
  /** Sample tetrachoric correlations (vech order). */
  rho: Float64Array;
  /** DWLS weights of the correlation rows. */
  w: Float64Array;
  pairI: Int32Array;
  pairJ: Int32Array;
}

export interface Evaluation {
  m: ModelMatrices;
  rhoModel: Float64Array;
  f: number;
}

export function objective(pt: ParTable, t: DwlsTarget, x: Float64Array): Evaluation {
  const m = modelMatrices(pt, x);
  const rhoModel = impliedCorrelations(pt, m, x, t.pairI, t.pairJ);
  let f = 0;
  for (let k = 0; k < rhoModel.length; k++) {
    const r = t.rho[k]! - rhoModel[k]!;
    f += t.w[k]! * r * r;
  }
  return { m, rhoModel, f };
}

export interface Derivatives {
  delta: SparseJacobian;
  /** Δ′W r (structural parameters); the gradient of f is −2 times this. */
  g: Float64Array;
  /** Δ′WΔ, row-major nStruct × nStruct. */
  e: Float64Array;
}

export function derivatives(pt: ParTable, t: DwlsTarget, ev: Evaluation): Derivatives {
  const q = pt.nStruct;
  const delta = jacobian(pt, ev.m, t.pairI, t.pairJ);
  const g = new Float64Array(q);
  const e = new Float64Array(q * q);
  const { rowPtr, col, val } = delta;
  const np = t.pairI.length;
  for (let k = 0; k < np; k++) {
    const w = t.w[k]!;
    const wr = w * (t.rho[k]! - ev.rhoModel[k]!);
    const s = rowPtr[k]!;
    const end = rowPtr[k + 1]!;
    for (let u = s; u < end; u++) {
      const pu = col[u]!;
      const wv = w * val[u]!;
      g[pu] = g[pu]! + wr * val[u]!;
      const row = pu * q;
      for (let v = s; v < end; v++) e[row + col[v]!] = e[row + col[v]!]! + wv * val[v]!;
    }
  }
  return { delta, g, e };
}
