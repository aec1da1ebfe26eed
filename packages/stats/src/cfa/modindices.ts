// Stage: modification indices for every residual item-pair covariance (lavaan::modindices: univariate
// score test with the expected information E = Δ′WΔ, not the robust one). For the added parameter
// θ_ij the Jacobian column is the unit vector of pair k, so with d_k = row k of Δ:
//   V_k = w_k − w_k² d_k E⁻¹ d_k′,   score = (N − 1)/N · w_k r_k (lavaan 0.6.14's fmin scaling),   MI = N·(w_k r_k)² / V_k,   EPC = w_k r_k / V_k,
//   SEPC(std.all) = EPC / √(θ_ii θ_jj).
// One pass over the J(J−1)/2 pairs costs Σ_k nnz(d_k)²; nothing of size p* × p* is formed.
import type { CfaData, CfaState } from './fit-cfa.js';
import { derivatives, objective } from './objective.js';
import { spdInverse } from './linalg.js';

export interface ModificationIndex {
  item1: string;
  item2: string;
  mi: number;
  epc: number;
  sepc_all: number;
  cross_benchmark: boolean;
}

/** Sorted by MI, largest first. `benchmarkOf` maps an item id to its benchmark. */
export function modificationIndices(data: CfaData, state: CfaState, benchmarkOf: (item: string) => string | undefined): ModificationIndex[] {
  const { pt, x } = state;
  const J = pt.items.length;
  const q = pt.nStruct;
  const ev = objective(pt, data.target, x);
  const d = derivatives(pt, data.target, ev);
  const eInv = spdInverse(q, d.e);
  if (eInv === null) throw new Error('cfa: modification indices need a non-singular information matrix');
  const N = data.stats.nobs;
  const out: ModificationIndex[] = [];
  const { rowPtr, col, val } = d.delta;
  for (let k = 0; k < data.pairI.length; k++) {
    if (pt.pairRescov[k]! >= 0) continue;
    const i = data.pairI[k]!;
    const j = data.pairJ[k]!;
    const w = data.target.w[k]!;
    const r = data.target.rho[k]! - ev.rhoModel[k]!;
    let quad = 0;
    for (let u = rowPtr[k]!; u < rowPtr[k + 1]!; u++) {
      const pu = col[u]! * q;
      for (let v = rowPtr[k]!; v < rowPtr[k + 1]!; v++) quad += val[u]! * eInv[pu + col[v]!]! * val[v]!;
    }
    const V = w - w * w * quad;
    // lavaan's gradient carries the (N − 1)/N of its fmin; the expected information does not.
    const score = ((N - 1) / N) * w * r;
    const mi = V > 0 ? (N * score * score) / V : NaN;
    const epc = V > 0 ? score / V : NaN;
    const ti = 1 - ev.m.communality[i]!;
    const tj = 1 - ev.m.communality[j]!;
    const a = pt.items[j]!;
    const b = pt.items[i]!;
    const ba = benchmarkOf(a);
    const bb = benchmarkOf(b);
    out.push({ item1: a, item2: b, mi, epc, sepc_all: epc / Math.sqrt(ti * tj), cross_benchmark: ba !== bb });
  }
  out.sort((p, q2) => (q2.mi || 0) - (p.mi || 0));
  return out;
}
