// Stages: robust ("sandwich") covariance of the estimates and the traces for the scaled-shifted test,
// from N × q algebra (lavaan's lav_model_nvcov_robust_sem and lav_test_satorra_bentler, computed
// without any p* × p* matrix). With G = F W Δ (N × q, built from the sparse Δ: a loading touches only
// its item's correlations), M = G′G, E = Δ′WΔ (block diagonal: structural block, diag W on thresholds):
//   B = N·M,   vcov = E⁻¹ B E⁻¹ / (N − 1)         (lavaan 0.6.14 divides by N − 1),
//   tr(UΓ)   = N·Σ_k w_k‖F_k‖² − N·tr(E⁻¹M),
//   tr((UΓ)²) = N²·(‖A‖² − 2 tr(E⁻¹ G′AG) + tr((E⁻¹M)²)),   A = F W F′ (data only).
import type { CfaSampleStats, RobustDataTerms } from './data.js';
import { thresholdColumn } from './data.js';
import type { SparseJacobian } from './implied.js';
import { crossprod, matmul, spdInverse, symmetricPinv } from './linalg.js';
import { cfaScoreJacobian } from '@cartograph/core-wasm';
import type { ParTable } from './partable.js';

export interface RobustResult {
  /** Full parameter covariance (structural then thresholds), row-major, or null when E is singular. */
  vcov: Float64Array | null;
  /** Inverse of E = Δ′WΔ (expected information, used by modification indices). */
  eInv: Float64Array | null;
  trUG: number;
  trUG2: number;
  /** B = Δ′WΓWΔ restricted to the structural parameters (for the nested difference tests). */
  bStruct: Float64Array | null;
}

/**
 * `opts.nStruct` overrides the number of structural parameters (a reparameterized fit passes its own Δ
 * and E); `opts.pseudoInverse` uses the Moore–Penrose inverse of a singular E (on a boundary of the
 * admissible region a direction can be locally unidentified; U = W − WΔ(Δ′WΔ)⁻Δ′W does not depend on
 * the choice of generalized inverse, so the test's traces stay defined); `opts.pinvTolerance` always takes
 * the Moore–Penrose inverse, dropping eigen-directions of E below that fraction of its largest eigenvalue.
 */
export function robustStage(pt: ParTable, stats: CfaSampleStats, terms: RobustDataTerms, delta: SparseJacobian, eStruct: Float64Array, pairI: Int32Array, pairJ: Int32Array, opts: { nStruct?: number; pseudoInverse?: boolean; pinvTolerance?: number } = {}): RobustResult {
  const s = stats.scores!;
  const N = s.nobs;
  const J = pt.items.length;
  const qs = opts.nStruct ?? pt.nStruct;
  const q = qs + J;
  let m: Float64Array;
  let gag: Float64Array;
  let thShare = 0;
  if (terms.side === 'N') {
    // G transposed: q × N, row p = Σ_k F_k w_k Δ_kp (core-wasm cfaScoreJacobian), thresholds below.
    const gt = s.codes.indexOf(2) < 0 ? scoreJacobianBinary(s.codes, s.pair, N, J, pairI, pairJ, stats.weights.subarray(J), delta, q) : cfaScoreJacobian({ n: N, codes: s.codes, pair: s.pair, pairI, pairJ, w: stats.weights.subarray(J), rowPtr: delta.rowPtr, col: delta.col, val: delta.val, q });
    const col = new Float64Array(N);
    for (let j = 0; j < J; j++) {
      thresholdColumn(s, j, col);
      const w = stats.weights[j]!;
      const row = (qs + j) * N;
      for (let n = 0; n < N; n++) gt[row + n] = w * col[n]!;
    }
    // G (N × q) row-major, M = G′G and G′AG through the SIMD kernels.
    const g = transpose(gt, q, N);
    m = crossprod(g, N, q);
    // Only the structural block of G′AG is needed: E⁻¹ is block diagonal and the thresholds' share,
    // Σ_j w_j F_j′AF_j, is data-only (terms.thAth).
    const gs = transpose(gt.subarray(0, qs * N), qs, N);
    const ag = matmul(terms.a, gs, N, N, qs);
    const gagS = matmul(gt.subarray(0, qs * N), ag, qs, N, qs);
    gag = new Float64Array(q * q);
    for (let p = 0; p < qs; p++) for (let r = 0; r < qs; r++) gag[p * q + r] = gagS[p * qs + r]!;
    thShare = terms.thAth;
  } else {
    // p* side: X = W Δ (p* × q, dense), Y = F′F X; M = X′Y (= G′G), G′AG = Y′ W Y.
    const P = J + pairI.length;
    const x = new Float64Array(P * q);
    for (let j = 0; j < J; j++) x[j * q + qs + j] = stats.weights[j]!;
    for (let k = 0; k < pairI.length; k++) {
      const wk = stats.weights[J + k]!;
      for (let u = delta.rowPtr[k]!; u < delta.rowPtr[k + 1]!; u++) x[(J + k) * q + delta.col[u]!] = wk * delta.val[u]!;
    }
    const y = matmul(terms.ftf, x, P, P, q);
    m = matmul(transpose(x, P, q), y, q, P, q);
    const wy = new Float64Array(P * q);
    for (let r = 0; r < P; r++) for (let c = 0; c < q; c++) wy[r * q + c] = stats.weights[r]! * y[r * q + c]!;
    gag = matmul(transpose(y, P, q), wy, q, P, q);
  }
  // E⁻¹ (block diagonal)
  const eInvS = opts.pinvTolerance !== undefined ? symmetricPinv(qs, eStruct, opts.pinvTolerance) : spdInverse(qs, eStruct) ?? (opts.pseudoInverse ? symmetricPinv(qs, eStruct) : null);
  if (eInvS === null) return { vcov: null, eInv: null, trUG: NaN, trUG2: NaN, bStruct: null };
  const eInv = new Float64Array(q * q);
  for (let p = 0; p < qs; p++) for (let r = 0; r < qs; r++) eInv[p * q + r] = eInvS[p * qs + r]!;
  for (let j = 0; j < J; j++) eInv[(qs + j) * q + qs + j] = 1 / stats.weights[j]!;
  // E⁻¹M and vcov = E⁻¹ M E⁻¹ · N/(N − 1). E⁻¹ is block diagonal (structural block, then 1/w_j on the
  // thresholds), so only the structural rows (and columns) need a dense product: qs²·q instead of q³ each.
  const em = new Float64Array(q * q);
  em.set(matmul(eInvS, m.subarray(0, qs * q), qs, qs, q));
  for (let j = 0; j < J; j++) {
    const r = (qs + j) * q;
    const wj = 1 / stats.weights[j]!;
    for (let c = 0; c < q; c++) em[r + c] = wj * m[r + c]!;
  }
  // vcov = (E⁻¹M) E⁻¹: columns of the structural block through the dense product, threshold columns scaled.
  const vcov = new Float64Array(q * q);
  const emS = new Float64Array(q * qs);
  for (let r = 0; r < q; r++) for (let c = 0; c < qs; c++) emS[r * qs + c] = em[r * q + c]!;
  const vS = matmul(emS, eInvS, q, qs, qs);
  const f = N / (N - 1);
  for (let r = 0; r < q; r++) {
    for (let c = 0; c < qs; c++) vcov[r * q + c] = vS[r * qs + c]! * f;
    for (let j = 0; j < J; j++) vcov[r * q + qs + j] = (em[r * q + qs + j]! / stats.weights[j]!) * f;
  }
  let trEM = 0;
  for (let p = 0; p < q; p++) trEM += em[p * q + p]!;
  let trEM2 = 0;
  for (let p = 0; p < q; p++) for (let r = 0; r < q; r++) trEM2 += em[p * q + r]! * em[r * q + p]!;
  const bStruct = new Float64Array(qs * qs);
  for (let p = 0; p < qs; p++) for (let r = 0; r < qs; r++) bStruct[p * qs + r] = N * m[p * q + r]!;
  let trEGAG = 0;
  for (let p = 0; p < q; p++) for (let r = 0; r < q; r++) trEGAG += eInv[p * q + r]! * gag[r * q + p]!;
  trEGAG += thShare;
  const trUG = N * (terms.sumWF2Th + terms.sumWF2Corr) - N * trEM;
  const trUG2 = N * N * (terms.normA2 - 2 * trEGAG + trEM2);
  return { vcov, eInv, trUG, trUG2, bStruct };
}

/**
 * Gᵀ (q × N; rows of the threshold parameters left 0) for complete binary data, where each correlation
 * column of F is bilinear in the responses: F_k = α_k + β_k u_i + γ_k u_j + δ_k u_i u_j (u_i = the code of
 * item i, k = (i, j)). A column p of Δ whose pairs all share one item t (a loading of t, and under the
 * admissible reparameterization the same) then gives
 *   G_p = Σ_k c_kp F_k = a_p + U b_p + u_t ∘ (U d_p),   c_kp = w_k Δ_kp,
 * with a_p = Σ c α, b_p (J) collecting c β on item i and c γ on item j, d_p (J) collecting c δ on the other
 * item — one N × J × 2q SIMD product (core-wasm matmul) for all such columns instead of an N-vector update per
 * nonzero of Δ. The other columns (factor covariances, regressions, residual covariances) go through
 * core-wasm's cfaScoreJacobian on their nonzeros only. Same G up to rounding.
 */
export function scoreJacobianBinary(codes: Uint8Array, pair: Float64Array, N: number, J: number, pairI: Int32Array, pairJ: Int32Array, w: Float64Array, delta: SparseJacobian, q: number): Float64Array {
  const np = pairI.length;
  const { rowPtr, col, val } = delta;
  // The item every pair of column p shares (−1: none or no nonzero yet, −2: not item-local).
  const c1 = new Int32Array(q).fill(-1);
  const c2 = new Int32Array(q).fill(-1);
  for (let k = 0; k < np; k++) {
    const i = pairI[k]!;
    const j = pairJ[k]!;
    for (let u = rowPtr[k]!; u < rowPtr[k + 1]!; u++) {
      const p = col[u]!;
      if (c1[p] === -2) continue;
      if (c1[p] === -1 && c2[p] === -1) {
        c1[p] = i;
        c2[p] = j;
        continue;
      }
      const a = c1[p] === i || c1[p] === j ? c1[p]! : -1;
      const b = c2[p] === i || c2[p] === j ? c2[p]! : -1;
      if (a === -1 && b === -1) c1[p] = -2;
      else {
        c1[p] = a === -1 ? b : a;
        c2[p] = a !== -1 && b !== -1 ? b : -1;
      }
    }
  }
  // Item-local columns: c1 ≥ 0 (a column with one pair keeps both items; take the first).
  const local = new Int32Array(q).fill(-1);
  const item: number[] = [];
  for (let p = 0; p < q; p++) if (c1[p]! >= 0) (local[p] = item.length), item.push(c1[p]!);
  const qL = item.length;
  const w2 = 2 * qL;
  const bd = new Float64Array(J * w2);
  const a0 = new Float64Array(qL);
  const oRow: number[] = [0];
  const oCol: number[] = [];
  const oVal: number[] = [];
  for (let k = 0; k < np; k++) {
    const i = pairI[k]!;
    const j = pairJ[k]!;
    const base = k * 9;
    const al = pair[base]!;
    const be = pair[base + 3]! - al;
    const ga = pair[base + 1]! - al;
    const de = pair[base + 4]! - pair[base + 3]! - pair[base + 1]! + al;
    for (let u = rowPtr[k]!; u < rowPtr[k + 1]!; u++) {
      const p = col[u]!;
      const l = local[p]!;
      if (l < 0) {
        oCol.push(p);
        oVal.push(val[u]!);
        continue;
      }
      const c = w[k]! * val[u]!;
      a0[l] = a0[l]! + c * al;
      bd[i * w2 + l] = bd[i * w2 + l]! + c * be;
      bd[j * w2 + l] = bd[j * w2 + l]! + c * ga;
      const other = item[l] === i ? j : i;
      bd[other * w2 + qL + l] = bd[other * w2 + qL + l]! + c * de;
    }
    oRow.push(oCol.length);
  }
  const gt =
    oCol.length > 0
      ? cfaScoreJacobian({ n: N, codes, pair, pairI, pairJ, w, rowPtr: Int32Array.from(oRow), col: Int32Array.from(oCol), val: Float64Array.from(oVal), q })
      : new Float64Array(q * N);
  if (qL === 0) return gt;
  const uMat = new Float64Array(N * J);
  for (let t = 0; t < J; t++) {
    const ct = t * N;
    for (let m = 0; m < N; m++) uMat[m * J + t] = codes[ct + m]!;
  }
  const r = matmul(uMat, bd, N, J, w2);
  for (let p = 0; p < q; p++) {
    const l = local[p]!;
    if (l < 0) continue;
    const t = item[l]! * N;
    const row = p * N;
    const a = a0[l]!;
    for (let m = 0; m < N; m++) gt[row + m] = a + r[m * w2 + l]! + codes[t + m]! * r[m * w2 + qL + l]!;
  }
  return gt;
}

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c]!;
  return out;
}
