// Stage: nested-model comparison by the scaled-shifted chi-square difference test (lavaan::lavTestLRT
// for WLSMV: lav_test_diff_Satorra2000 with A.method = "delta", scaled.shifted = TRUE; Satorra 2000).
// With model 1 the larger one: H = (Δ1′Δ1)⁻¹Δ1′Δ0, A′ = orthogonal complement of H, P = Δ1′WΔ1,
//   PAAPAAP = P⁻¹A′(A P⁻¹ A′)⁺A P⁻¹,  tr(UΓ) = tr(PAAPAAP·B1),  tr((UΓ)²) = tr((PAAPAAP·B1)²),
//   a = √(m / tr((UΓ)²)),  T_d = a·(T0 − T1) + m − a·tr(UΓ),  m = df0 − df1.
// Thresholds enter both models identically, so H is the identity on them and A vanishes there: all
// products are over the structural parameters only (q1 × q1), from the sparse Δ of both models.
import type { CfaData, CfaState } from './fit-cfa.js';
import type { FitMeasures } from './fitmeasures.js';
import { pchisqUpper } from '../math/index.js';
import { modelMatrices, jacobian } from './implied.js';
import { orthogonalComplement, spdInverse, symmetricPinv, matmul } from './linalg.js';

export interface NestedTest {
  restricted: string;
  general: string;
  chisq_diff: number;
  df_diff: number;
  /** Scaled-shifted difference statistic and its p-value. */
  chisq_diff_scaled: number;
  pvalue: number;
}

export function scaledDifferenceTest(data: CfaData, m0: CfaState, m1: CfaState, names: [string, string]): NestedTest {
  const dfDiff = m0.df - m1.df;
  if (dfDiff <= 0) throw new Error(`cfa: '${names[0]}' (df ${m0.df}) is not more restricted than '${names[1]}' (df ${m1.df})`);
  if (m1.bStruct === null) throw new Error('cfa: the difference test needs the robust terms (per-model scores) of the larger model');
  const q1 = m1.pt.nStruct;
  const q0 = m0.pt.nStruct;
  const d1 = jacobian(m1.pt, modelMatrices(m1.pt, m1.x), data.pairI, data.pairJ);
  const d0 = jacobian(m0.pt, modelMatrices(m0.pt, m0.x), data.pairI, data.pairJ);
  const d1d1 = new Float64Array(q1 * q1);
  const d1d0 = new Float64Array(q1 * q0);
  for (let k = 0; k < data.pairI.length; k++) {
    for (let u = d1.rowPtr[k]!; u < d1.rowPtr[k + 1]!; u++) {
      const pu = d1.col[u]!;
      const vu = d1.val[u]!;
      for (let v = d1.rowPtr[k]!; v < d1.rowPtr[k + 1]!; v++) d1d1[pu * q1 + d1.col[v]!] = d1d1[pu * q1 + d1.col[v]!]! + vu * d1.val[v]!;
      for (let v = d0.rowPtr[k]!; v < d0.rowPtr[k + 1]!; v++) d1d0[pu * q0 + d0.col[v]!] = d1d0[pu * q0 + d0.col[v]!]! + vu * d0.val[v]!;
    }
  }
  const inv11 = spdInverse(q1, d1d1);
  if (inv11 === null) throw new Error(`cfa: Δ′Δ of '${names[1]}' is singular`);
  const h = matmul(inv11, d1d0, q1, q1, q0);
  const at = orthogonalComplement(q1, q0, h); // q1 × r
  const r = q1 - q0;
  const pInv = spdInverse(q1, m1.eStruct);
  if (pInv === null) throw new Error(`cfa: the information matrix of '${names[1]}' is singular`);
  const pa = matmul(pInv, at, q1, q1, r); // P⁻¹A′ (q1 × r)
  const a = transpose(at, q1, r);
  const apa = matmul(a, pa, r, q1, r);
  const apaInv = symmetricPinv(r, apa);
  const mid = matmul(pa, apaInv, q1, r, r);
  const paaPaap = matmul(mid, transpose(pa, q1, r), q1, r, q1);
  const ub = matmul(paaPaap, m1.bStruct, q1, q1, q1);
  let tr = 0;
  let tr2 = 0;
  for (let i = 0; i < q1; i++) {
    tr += ub[i * q1 + i]!;
    for (let j = 0; j < q1; j++) tr2 += ub[i * q1 + j]! * ub[j * q1 + i]!;
  }
  const aa = Math.sqrt(dfDiff / tr2);
  const b = dfDiff - aa * tr;
  const diff = m0.chisq - m1.chisq;
  const td = aa * diff + b;
  return { restricted: names[0], general: names[1], chisq_diff: diff, df_diff: dfDiff, chisq_diff_scaled: td, pvalue: pchisqUpper(td, dfDiff) };
}

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!;
  return out;
}

/** Non-nested comparison row: scaled CFI / RMSEA side by side (higher CFI, lower RMSEA is better). */
export function nonNestedSummary(fits: { structure: string; fit: FitMeasures | null }[]): { structure: string; cfi_scaled: number | null; rmsea_scaled: number | null }[] {
  return fits.map((f) => ({ structure: f.structure, cfi_scaled: f.fit?.cfi_scaled ?? null, rmsea_scaled: f.fit?.rmsea_scaled ?? null }));
}

