// Stage: sample statistics the CFA needs and the terms that depend only on the data, computed once per
// data set and shared by every structure (lavaan computes these inside each fit).
// The per-model influence matrix F (N × p*, p* = J thresholds + J(J−1)/2 correlations, lavaan's
// WLS.obs order) is never stored: for binary items each column takes one value per response state of its
// item(s) (0, 1, missing), so it is kept as value tables plus the response codes. Γ = N·F′F (lavaan's
// NACOV) and W = 1 / diag(Γ) (see /work/shared/notes/wlsmv-at-scale.md).
// Data-only terms: Σ_k w_k‖F_k‖² (threshold and correlation parts) and A = F W F′ (N × N) with ‖A‖²_F
// and ‖A_corr‖²_F (baseline model).
import { cfaPairGram, crossprod, matmul } from '@cartograph/core-wasm';
import type { CfaSampleStats, RobustDataTerms, CellScores } from './types.js';

export type { CfaSampleStats, RobustDataTerms, CellScores };

/** Column k of F (correlations) into out (length N). */
export function pairColumn(s: CellScores, k: number, i: number, j: number, out: Float64Array): void {
  const N = s.nobs;
  const ci = i * N;
  const cj = j * N;
  const base = k * 9;
  const v = s.pair;
  const codes = s.codes;
  for (let n = 0; n < N; n++) out[n] = v[base + codes[ci + n]! * 3 + codes[cj + n]!]!;
}

export function thresholdColumn(s: CellScores, j: number, out: Float64Array): void {
  const N = s.nobs;
  const cj = j * N;
  for (let n = 0; n < N; n++) out[n] = s.th[j * 3 + s.codes[cj + n]!]!;
}

/**
 * The data-only terms of the robust corrections, O(N²·p*) once per data set: A = F W F′ accumulated
 * from blocks X (columns of F scaled by √w, b × N) as X′X with core-wasm's SIMD crossprod.
 */
export function robustDataTerms(stats: CfaSampleStats, pairI: Int32Array, pairJ: Int32Array, side?: 'N' | 'p'): RobustDataTerms {
  const s = stats.scores;
  if (s === null) throw new Error('cfa: robust data terms need the per-model influence values (scores)');
  const pStar = s.nItems + pairI.length;
  if ((side ?? (pStar < s.nobs ? 'p' : 'N')) === 'p') return robustDataTermsP(stats, pairI, pairJ);
  if (!s.codes.includes(2)) return robustDataTermsBinary(stats, pairI, pairJ);
  return robustDataTermsDense(stats, pairI, pairJ);
}

/** Generic path (any missing-data pattern): A from dense blocks of F. */
export function robustDataTermsDense(stats: CfaSampleStats, pairI: Int32Array, pairJ: Int32Array): RobustDataTerms {
  const s = stats.scores!;
  const N = s.nobs;
  const J = s.nItems;
  const a = new Float64Array(N * N);
  const block = Math.max(16, Math.min(1024, Math.floor(4e6 / Math.max(N, 1))));
  const x = new Float64Array(block * N);
  const col = new Float64Array(N);
  let sumWF2Corr = 0;
  let sumWF2Th = 0;
  const flush = (rows: number): void => {
    if (rows === 0) return;
    const c = crossprod(rows === block ? x : x.subarray(0, rows * N), rows, N);
    for (let u = 0; u < N * N; u++) a[u] = a[u]! + c[u]!;
  };
  let rows = 0;
  // Appends √w·F_col as the next row of the block (flushing full blocks into A) and returns w·‖F_col‖².
  const addColumn = (w: number): number => {
    const sw = Math.sqrt(w);
    let ss = 0;
    const off = rows * N;
    for (let n = 0; n < N; n++) {
      ss += col[n]! * col[n]!;
      x[off + n] = sw * col[n]!;
    }
    if (++rows === block) {
      flush(rows);
      rows = 0;
    }
    return w * ss;
  };
  for (let k = 0; k < pairI.length; k++) {
    pairColumn(s, k, pairI[k]!, pairJ[k]!, col);
    sumWF2Corr += addColumn(stats.weights[J + k]!);
  }
  flush(rows);
  rows = 0;
  let normACorr2 = 0;
  for (let u = 0; u < N * N; u++) normACorr2 += a[u]! * a[u]!;
  for (let j = 0; j < J; j++) {
    thresholdColumn(s, j, col);
    sumWF2Th += addColumn(stats.weights[j]!);
  }
  flush(rows);
  let normA2 = 0;
  for (let u = 0; u < N * N; u++) normA2 += a[u]! * a[u]!;
  return { side: 'N', sumWF2Th, sumWF2Corr, a, ftf: new Float64Array(0), normA2, normACorr2, thAth: thresholdQuadratic(stats, a) };
}

/**
 * Complete binary data: every column of F is bilinear in the recoded responses u (u_j = 1 for item j's
 * less frequent answer): F_k = α_k + β_k u_i + γ_k u_j + δ_k u_i u_j, F_j = a_j + b_j u_j. Expanding
 * A = Σ w F F′ leaves one O(N²) term per data set that is not a product of N × J matrices,
 * H_nm = Σ_{i<j} w_k δ_k² u_ni u_nj u_mi u_mj, a sum over the items both models answered "rarely" —
 * computed from bitsets (core-wasm cfaPairGram), so the cost is N²·(J/32 + |S_n ∩ S_m|²/2) instead of N²·p*.
 * The other terms: c₀11′ + 1s′ + s1′ (s = U a₁ + quadratic forms) + U M U′ + U P′ + P U′, with
 * P = U ∘ (U C′) — all O(N·J² + N²·J).
 */
export function robustDataTermsBinary(stats: CfaSampleStats, pairI: Int32Array, pairJ: Int32Array): RobustDataTerms {
  const s = stats.scores!;
  const N = s.nobs;
  const J = s.nItems;
  const codes = s.codes;
  // Recode so that 1 marks the minority answer.
  const flip = new Uint8Array(J);
  for (let j = 0; j < J; j++) {
    let ones = 0;
    for (let n = 0; n < N; n++) ones += codes[j * N + n]!;
    flip[j] = ones * 2 > N ? 1 : 0;
  }
  const u = new Float64Array(N * J); // row-major N × J
  const words = (J + 31) >>> 5;
  const bits = new Uint32Array(N * words);
  for (let j = 0; j < J; j++)
    for (let n = 0; n < N; n++) {
      const v = codes[j * N + n]! ^ flip[j]!;
      u[n * J + j] = v;
      if (v) bits[n * words + (j >>> 5)]! |= 1 << (j & 31);
    }
  let c0 = 0;
  const a1 = new Float64Array(J);
  const q = new Float64Array(J * J); // w α δ, symmetric, zero diagonal (quadratic form, each pair once via ½)
  const mm = new Float64Array(J * J); // M
  const cc = new Float64Array(J * J); // C[i][j] = w δ × (coefficient of u_i in L_k)
  const d = new Float64Array(J * J); // w δ², symmetric
  let sumWF2Corr = 0;
  const v = s.pair;
  for (let k = 0; k < pairI.length; k++) {
    const i = pairI[k]!;
    const j = pairJ[k]!;
    const w = stats.weights[J + k]!;
    const fi = flip[i]!;
    const fj = flip[j]!;
    const val = (a: number, b: number): number => v[k * 9 + (a ^ fi) * 3 + (b ^ fj)]!;
    const v00 = val(0, 0);
    const v10 = val(1, 0);
    const v01 = val(0, 1);
    const v11 = val(1, 1);
    const al = v00;
    const be = v10 - v00;
    const ga = v01 - v00;
    const de = v11 - v10 - v01 + v00;
    c0 += w * al * al;
    a1[i] = a1[i]! + w * al * be;
    a1[j] = a1[j]! + w * al * ga;
    q[i * J + j] = w * al * de;
    q[j * J + i] = w * al * de;
    mm[i * J + i] = mm[i * J + i]! + w * be * be;
    mm[j * J + j] = mm[j * J + j]! + w * ga * ga;
    mm[i * J + j] = mm[i * J + j]! + w * be * ga;
    mm[j * J + i] = mm[j * J + i]! + w * be * ga;
    cc[i * J + j] = w * de * be;
    cc[j * J + i] = w * de * ga;
    d[i * J + j] = w * de * de;
    d[j * J + i] = w * de * de;
  }
  // Σ_k w_k‖F_k‖² from the 2 × 2 cell counts: F_k takes one value per cell, so ‖F_k‖² = Σ_cells n_cell·v_cell²,
  // with n11 = (U′U)_ij (one SIMD crossprod) and the margins (instead of an N-vector pass per pair).
  const utu = crossprod(u, N, J);
  for (let k = 0; k < pairI.length; k++) {
    const i = pairI[k]!;
    const j = pairJ[k]!;
    const fi = flip[i]!;
    const fj = flip[j]!;
    const n11 = utu[i * J + j]!;
    const n1i = utu[i * J + i]!;
    const n1j = utu[j * J + j]!;
    const cell = (a: number, b: number): number => v[k * 9 + (a ^ fi) * 3 + (b ^ fj)]! ** 2;
    const ss = (N - n1i - n1j + n11) * cell(0, 0) + (n1i - n11) * cell(1, 0) + (n1j - n11) * cell(0, 1) + n11 * cell(1, 1);
    sumWF2Corr += stats.weights[J + k]! * ss;
  }
  const a = new Float64Array(N * N);
  // s_n = (U a1)_n + ½ u_n′ Q u_n
  const sv = new Float64Array(N);
  const uq = matmul(u, q, N, J, J);
  for (let n = 0; n < N; n++) {
    let t = 0;
    let quad = 0;
    for (let j = 0; j < J; j++) {
      t += u[n * J + j]! * a1[j]!;
      quad += uq[n * J + j]! * u[n * J + j]!;
    }
    sv[n] = t + 0.5 * quad;
  }
  // P = U ∘ (U C′)
  const ct = new Float64Array(J * J);
  for (let i = 0; i < J; i++) for (let j = 0; j < J; j++) ct[j * J + i] = cc[i * J + j]!;
  const p = matmul(u, ct, N, J, J);
  for (let x = 0; x < N * J; x++) p[x] = p[x]! * u[x]!;
  // U M U′ + U P′ + P U′ = U (M U′ + P′) + P U′
  const ut = transposeN(u, N, J);
  const mut = matmul(mm, ut, J, J, N);
  const pt = transposeN(p, N, J);
  for (let x = 0; x < J * N; x++) mut[x] = mut[x]! + pt[x]!;
  const t1 = matmul(u, mut, N, J, N);
  const t2 = matmul(p, ut, N, J, N);
  const h = cfaPairGram(N, J, words, bits, d);
  for (let n = 0; n < N; n++)
    for (let m = 0; m < N; m++) {
      const x = n * N + m;
      a[x] = c0 + sv[n]! + sv[m]! + t1[x]! + t2[x]! + h[x]!;
    }
  let normACorr2 = 0;
  for (let x = 0; x < N * N; x++) normACorr2 += a[x]! * a[x]!;
  // Threshold columns: F_j = a_j + b_j u_j.
  let sumWF2Th = 0;
  const ta = new Float64Array(J);
  const tb = new Float64Array(J);
  let tc0 = 0;
  for (let j = 0; j < J; j++) {
    const w = stats.weights[j]!;
    const f0 = s.th[j * 3 + (0 ^ flip[j]!)]!;
    const f1 = s.th[j * 3 + (1 ^ flip[j]!)]!;
    ta[j] = f0;
    tb[j] = f1 - f0;
    tc0 += w * f0 * f0;
    // ‖F_j‖² from the counts (u_j = 1 on utu's diagonal): one value per response.
    const n1 = utu[j * J + j]!;
    sumWF2Th += w * ((N - n1) * f0 * f0 + n1 * f1 * f1);
  }
  const tsv = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    let t = 0;
    for (let j = 0; j < J; j++) t += stats.weights[j]! * ta[j]! * tb[j]! * u[n * J + j]!;
    tsv[n] = t;
  }
  const ub = new Float64Array(N * J);
  for (let n = 0; n < N; n++) for (let j = 0; j < J; j++) ub[n * J + j] = u[n * J + j]! * stats.weights[j]! * tb[j]! * tb[j]!;
  const t3 = matmul(ub, ut, N, J, N);
  let normA2 = 0;
  for (let n = 0; n < N; n++)
    for (let m = 0; m < N; m++) {
      const x = n * N + m;
      a[x] = a[x]! + tc0 + tsv[n]! + tsv[m]! + t3[x]!;
      normA2 += a[x]! * a[x]!;
    }
  return { side: 'N', sumWF2Th, sumWF2Corr, a, ftf: new Float64Array(0), normA2, normACorr2, thAth: thresholdQuadratic(stats, a) };
}

function transposeN(x: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c]!;
  return out;
}

/**
 * p* side (p* < N): F′F (p* × p*) from F built whole (N × p*, no larger than N² then), and
 * ‖A‖² = ‖W^½ F′F W^½‖², ‖A_corr‖² likewise over the correlation block.
 */
export function robustDataTermsP(stats: CfaSampleStats, pairI: Int32Array, pairJ: Int32Array): RobustDataTerms {
  const s = stats.scores!;
  const N = s.nobs;
  const J = s.nItems;
  const P = J + pairI.length;
  const f = new Float64Array(N * P);
  const col = new Float64Array(N);
  for (let j = 0; j < J; j++) {
    thresholdColumn(s, j, col);
    for (let n = 0; n < N; n++) f[n * P + j] = col[n]!;
  }
  for (let k = 0; k < pairI.length; k++) {
    pairColumn(s, k, pairI[k]!, pairJ[k]!, col);
    for (let n = 0; n < N; n++) f[n * P + J + k] = col[n]!;
  }
  const ftf = crossprod(f, N, P);
  const w = stats.weights;
  let sumWF2Th = 0;
  let sumWF2Corr = 0;
  for (let c = 0; c < P; c++) {
    if (c < J) sumWF2Th += w[c]! * ftf[c * P + c]!;
    else sumWF2Corr += w[c]! * ftf[c * P + c]!;
  }
  let normA2 = 0;
  let normACorr2 = 0;
  for (let r = 0; r < P; r++)
    for (let c = 0; c < P; c++) {
      const v = w[r]! * w[c]! * ftf[r * P + c]! ** 2;
      normA2 += v;
      if (r >= J && c >= J) normACorr2 += v;
    }
  return { side: 'p', sumWF2Th, sumWF2Corr, a: new Float64Array(0), ftf, normA2, normACorr2, thAth: NaN };
}

/** Σ_j w_j F_j′ A F_j over the threshold columns (one N² × J product per data set). */
function thresholdQuadratic(stats: CfaSampleStats, a: Float64Array): number {
  const s = stats.scores!;
  const N = s.nobs;
  const J = s.nItems;
  const ft = new Float64Array(J * N);
  const col = new Float64Array(N);
  for (let j = 0; j < J; j++) {
    thresholdColumn(s, j, col);
    ft.set(col, j * N);
  }
  const af = matmul(a, transposeN(ft, J, N), N, N, J); // N × J
  let out = 0;
  for (let j = 0; j < J; j++) {
    let v = 0;
    for (let n = 0; n < N; n++) v += ft[j * N + n]! * af[n * J + j]!;
    out += stats.weights[j]! * v;
  }
  return out;
}
