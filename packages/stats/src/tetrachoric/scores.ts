// Stage: per-model score contributions F (N × p*, p* = J thresholds + J(J−1)/2 correlations, lavaan's
// WLS.obs order) and the DWLS weights W = 1 / diag(Γ), Γ = N·F′F — without ever storing F or Γ.
// lavaan 0.6.14 lav_samplestats_step2 / lav_bvord_cor_scores / lav_uvord_scores (B⁻¹ with A11 =
// diag Σ SC.TH², A22 = diag Σ dx.rho², A21 = Σ dx.rho·dx.th); see /work/shared/notes/wlsmv-at-scale.md:
//   threshold column j:   F = SC.TH_j / a11_j,  SC.TH_j = φ(τ)/Φ(τ) for y = 0, −φ(τ)/(1 − Φ(τ)) for y = 1
//   correlation column k: F = dx.rho/a22 − a21i/(a22·a11_i)·SC.TH_i − a21j/(a22·a11_j)·SC.TH_j
// For binary items every column takes one value per response state of its item(s) (0, 1, missing),
// so F is kept as small value tables plus the response codes and generated on demand in blocks.
// A missing response contributes 0 to every score that involves it (lavaan's na.zero).
import { tetraScoreTables } from '@cartograph/core-wasm';

export interface CellScores {
  /** Models (rows of F). */
  nobs: number;
  nItems: number;
  /** Item-major response codes, codes[j·N + n] ∈ {0, 1, 2 = missing}. */
  codes: Uint8Array;
  /** F value of threshold column j for code c: th[j·3 + c] (0 for c = 2). */
  th: Float64Array;
  /** F value of correlation column k (items i = pairI[k] > j = pairJ[k]) for codes (ci, cj): pair[k·9 + ci·3 + cj]. */
  pair: Float64Array;
  /** Items of correlation column k (vech order: for j = 0..J−2, i = j+1..J−1). */
  pairI: Int32Array;
  pairJ: Int32Array;
}

/** Index k (0-based, correlations only) of pair (i, j), i ≠ j, in lavaan's vech order: the data model's one definition. */
export { pairIndex } from '../data/indexing.js';

/** The items (i > j) of every correlation column, vech order. */
export function pairItems(nItems: number): { pairI: Int32Array; pairJ: Int32Array } {
  const np = (nItems * (nItems - 1)) / 2;
  const pairI = new Int32Array(np);
  const pairJ = new Int32Array(np);
  let k = 0;
  for (let j = 0; j < nItems - 1; j++)
    for (let i = j + 1; i < nItems; i++, k++) {
      pairI[k] = i;
      pairJ[k] = j;
    }
  return { pairI, pairJ };
}

export interface ScoreInput {
  nModels: number;
  nItems: number;
  /** Model × item bytes (0/1/255), row-major — the rows actually used. */
  responses: Uint8Array;
  thresholds: Float64Array;
  /** [n0, n1] per item over observed models. */
  itemCounts: Int32Array;
  /** [n00, n01, n10, n11] per pair (cell 2·y_i + y_j). */
  counts: Int32Array;
  rho: Float64Array;
}

export interface ScoreOutput {
  scores: CellScores;
  /** N·colSums(F²), p*. */
  gammaDiag: Float64Array;
  /** 1 / gammaDiag. */
  weights: Float64Array;
}

export function tetraScores(inp: ScoreInput): ScoreOutput {
  const { nModels: N, nItems: J } = inp;
  const codes = new Uint8Array(J * N);
  const resp = inp.responses;
  for (let n = 0; n < N; n++) {
    const row = n * J;
    for (let j = 0; j < J; j++) {
      const v = resp[row + j]!;
      codes[j * N + n] = v === 255 ? 2 : v;
    }
  }
  // value tables and diag(Γ) from the core-wasm kernel (O(J²), no pass over the models)
  const { th, pair, gamma } = tetraScoreTables(inp.counts, inp.itemCounts, inp.thresholds, inp.rho, J, N);
  const { pairI, pairJ } = pairItems(J);
  const weights = new Float64Array(gamma.length);
  for (let p = 0; p < gamma.length; p++) weights[p] = 1 / gamma[p]!;
  return { scores: { nobs: N, nItems: J, codes, th, pair, pairI, pairJ }, gammaDiag: gamma, weights };
}

/**
 * A block of F: rows [r0, r1) (models), columns [c0, c1) of the p* statistics (thresholds 0..J−1,
 * then correlation k at column J + k). Row-major (r1 − r0) × (c1 − c0).
 */
export function fBlock(s: CellScores, r0: number, r1: number, c0: number, c1: number): Float64Array {
  const N = s.nobs;
  const J = s.nItems;
  if (!(0 <= r0 && r0 <= r1 && r1 <= N && 0 <= c0 && c0 <= c1 && c1 <= J + s.pairI.length)) throw new RangeError(`fBlock: bad block [${r0}, ${r1}) × [${c0}, ${c1})`);
  const nr = r1 - r0;
  const nc = c1 - c0;
  const out = new Float64Array(nr * nc);
  for (let c = c0; c < c1; c++) {
    const col = c - c0;
    if (c < J) {
      const codes = s.codes;
      for (let r = r0; r < r1; r++) out[(r - r0) * nc + col] = s.th[3 * c + codes[c * N + r]!]!;
    } else {
      const k = c - J;
      const ci = s.pairI[k]! * N;
      const cj = s.pairJ[k]! * N;
      const base = 9 * k;
      for (let r = r0; r < r1; r++) out[(r - r0) * nc + col] = s.pair[base + 3 * s.codes[ci + r]! + s.codes[cj + r]!]!;
    }
  }
  return out;
}

/** Column c of F (length N) into `out`. */
export function fColumn(s: CellScores, c: number, out: Float64Array = new Float64Array(s.nobs)): Float64Array {
  const N = s.nobs;
  const J = s.nItems;
  if (c < J) {
    for (let r = 0; r < N; r++) out[r] = s.th[3 * c + s.codes[c * N + r]!]!;
  } else {
    const k = c - J;
    const ci = s.pairI[k]! * N;
    const cj = s.pairJ[k]! * N;
    const base = 9 * k;
    for (let r = 0; r < N; r++) out[r] = s.pair[base + 3 * s.codes[ci + r]! + s.codes[cj + r]!]!;
  }
  return out;
}
