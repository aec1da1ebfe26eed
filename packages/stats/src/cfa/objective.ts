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
  // E is accumulated in an item-major order of the parameters (an item's loadings adjacent, the others
  // after), upper triangle only: consecutive pairs share their second item, so the rows they touch stay in
  // cache (in the parameter table's factor-major order every pair hit scattered rows of a q × q matrix).
  const rank = itemMajorRank(pt);
  const ep = new Float64Array(q * q);
  const { rowPtr, col, val } = delta;
  const np = t.pairI.length;
  for (let k = 0; k < np; k++) {
    const w = t.w[k]!;
    const wr = w * (t.rho[k]! - ev.rhoModel[k]!);
    const s = rowPtr[k]!;
    const end = rowPtr[k + 1]!;
    for (let u = s; u < end; u++) {
      const pu = col[u]!;
      const ru = rank[pu]!;
      const wv = w * val[u]!;
      g[pu] = g[pu]! + wr * val[u]!;
      const row = ru * q;
      for (let v = s; v < end; v++) {
        const rv = rank[col[v]!]!;
        if (rv >= ru) ep[row + rv] = ep[row + rv]! + wv * val[v]!;
      }
    }
  }
  const e = new Float64Array(q * q);
  for (let p = 0; p < q; p++) {
    const rp = rank[p]!;
    for (let p2 = 0; p2 < q; p2++) {
      const r2 = rank[p2]!;
      e[p * q + p2] = rp <= r2 ? ep[rp * q + r2]! : ep[r2 * q + rp]!;
    }
  }
  return { delta, g, e };
}

const rankCache = new WeakMap<ParTable, Int32Array>();

/** Position of each structural parameter in item-major order (loadings by item, then the other parameters). */
function itemMajorRank(pt: ParTable): Int32Array {
  const hit = rankCache.get(pt);
  if (hit) return hit;
  const q = pt.nStruct;
  const rank = new Int32Array(q).fill(-1);
  let next = 0;
  for (const ls of pt.itemLoadings) for (const { p } of ls) if (p < q && rank[p] === -1) rank[p] = next++;
  for (let p = 0; p < q; p++) if (rank[p] === -1) rank[p] = next++;
  rankCache.set(pt, rank);
  return rank;
}
