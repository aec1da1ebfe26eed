// Checked wrappers over the tetrachoric kernels in assembly/tetra.ts: 2×2 tables of every item pair
// by bit-packing + popcount, and the two-step ML correlation of each table (lavaan's
// lav_bvord_cor_twostep_fit rules). Pair k runs over lavaan's vech order (for j = 0..J−2,
// i = j+1..J−1); cell c = 2·y_i + y_j.
import { wasm, withScratch, i32View, f64View, u8View } from './loader.js';
import { ShapeError, checkLen } from './errors.js';

interface TetraExports {
  tetraPack(nModels: number, nItems: number, resp: number, words: number, ones: number, obs: number): number;
  tetraCounts(nItems: number, words: number, ones: number, obs: number, complete: number, counts: number, itemCounts: number): void;
  tetraRho(nItems: number, counts: number, tau: number, k0: number, k1: number, rho: number, flags: number): void;
  tetraRhoOne(n00: number, n01: number, n10: number, n11: number, ti: number, tj: number, flagOut: number): number;
  tetraScoreTables(nItems: number, nModels: number, counts: number, itemCounts: number, tau: number, rho: number, th: number, pair: number, gamma: number, work: number): void;
}
const k = (): TetraExports => wasm() as unknown as TetraExports;

/** Flag bits of a pair's correlation (see assembly/tetra.ts). */
export const TetraFlag = {
  EmptyCell: 1,
  TwoEmptyCells: 2,
  AtBound: 4,
  NoData: 8,
  NoConvergence: 16,
  Independent: 32,
  ZeroThresholds: 64,
} as const;

export interface PairTables {
  nItems: number;
  /** 4 per pair (vech order): n00, n01, n10, n11 with cell 2·y_i + y_j, over models with both observed. */
  counts: Int32Array;
  /** 2 per item: n0, n1 over the item's observed models. */
  itemCounts: Int32Array;
  /** True when no cell is missing. */
  complete: boolean;
}

export const pairCount = (nItems: number): number => (nItems * (nItems - 1)) / 2;

/**
 * 2×2 tables of all item pairs from a model × item response matrix (row-major bytes, 0/1/255 =
 * missing). Cost O(J²·N/64) word operations.
 */
export function tetraTables(resp: Uint8Array, nModels: number, nItems: number, hasMissing?: boolean): PairTables {
  checkLen('tetraTables responses', resp, nModels * nItems);
  const complete = hasMissing === undefined ? !resp.includes(255) : !hasMissing;
  const words = Math.max(1, Math.ceil(nModels / 64));
  const np = pairCount(nItems);
  return withScratch((s) => {
    const pr = s.bytes(Math.max(1, resp.length));
    u8View(pr, resp.length).set(resp);
    const po = s.bytes(nItems * words * 8 + 8);
    const pb = s.bytes(nItems * words * 8 + 8);
    const bad = k().tetraPack(nModels, nItems, pr, words, po, pb);
    if (bad > 0) throw new ShapeError(`tetraTables: ${bad} response cells are not 0, 1 or 255 (missing)`);
    const pc = s.i32(Math.max(1, np * 4));
    const pi = s.i32(Math.max(1, nItems * 2));
    k().tetraCounts(nItems, words, po, pb, complete ? 1 : 0, pc, pi);
    return { nItems, counts: i32View(pc, np * 4).slice(), itemCounts: i32View(pi, nItems * 2).slice(), complete };
  });
}

export interface PairRho {
  rho: Float64Array;
  flags: Int32Array;
}

/**
 * Two-step ML tetrachoric correlation of pairs [k0, k1) (default all) given the 2×2 counts and fixed
 * thresholds `tau` (one per item). Returned arrays have length k1 − k0.
 */
export function tetraRho(counts: Int32Array, tau: ArrayLike<number>, nItems: number, k0 = 0, k1 = pairCount(nItems)): PairRho {
  const np = pairCount(nItems);
  checkLen('tetraRho counts', counts, np * 4);
  checkLen('tetraRho tau', tau, nItems);
  if (!(Number.isInteger(k0) && Number.isInteger(k1) && 0 <= k0 && k0 <= k1 && k1 <= np)) throw new ShapeError(`tetraRho: bad pair range [${k0}, ${k1})`);
  const len = k1 - k0;
  if (len === 0) return { rho: new Float64Array(0), flags: new Int32Array(0) };
  return withScratch((s) => {
    const pc = s.i32(np * 4);
    i32View(pc, np * 4).set(counts);
    const pt = s.in(tau);
    const prho = s.f64(np);
    const pf = s.i32(np);
    k().tetraRho(nItems, pc, pt, k0, k1, prho, pf);
    return { rho: f64View(prho + k0 * 8, len).slice(), flags: i32View(pf + k0 * 4, len).slice() };
  });
}

/** ML tetrachoric correlation of one table (cells 2·y_i + y_j), thresholds fixed. */
export function tetraRhoOne(n00: number, n01: number, n10: number, n11: number, ti: number, tj: number): { rho: number; flags: number } {
  return withScratch((s) => {
    const pf = s.i32(1);
    const rho = k().tetraRhoOne(n00, n01, n10, n11, ti, tj, pf);
    return { rho, flags: i32View(pf, 1)[0]! };
  });
}

export interface ScoreTables {
  /** F value of threshold column j for response code c (0, 1, 2 = missing): th[3j + c]. */
  th: Float64Array;
  /** F value of correlation column k for codes (c_i, c_j): pair[9k + 3c_i + c_j]. */
  pair: Float64Array;
  /** diag(Γ) = N·colSums(F²): thresholds (J) then correlations (vech order). */
  gamma: Float64Array;
}

/**
 * Per-model influence tables of the two-step statistics (lavaan's B⁻¹·scores, see
 * assembly/tetra.ts) and diag(Γ); `nModels` is N (rows of F), counts/itemCounts as `tetraTables`.
 */
export function tetraScoreTables(counts: Int32Array, itemCounts: Int32Array, tau: ArrayLike<number>, rho: ArrayLike<number>, nItems: number, nModels: number): ScoreTables {
  const np = pairCount(nItems);
  checkLen('tetraScoreTables counts', counts, np * 4);
  checkLen('tetraScoreTables itemCounts', itemCounts, nItems * 2);
  checkLen('tetraScoreTables tau', tau, nItems);
  checkLen('tetraScoreTables rho', rho, np);
  return withScratch((s) => {
    const pc = s.i32(np * 4 + 1);
    i32View(pc, np * 4).set(counts);
    const pi = s.i32(nItems * 2);
    i32View(pi, nItems * 2).set(itemCounts);
    const pt = s.in(tau);
    const pr = s.f64(np + 1);
    f64View(pr, np).set(rho);
    const pth = s.f64(nItems * 3);
    const pp = s.f64(np * 9 + 1);
    const pg = s.f64(nItems + np);
    const pw = s.f64(nItems * 3);
    k().tetraScoreTables(nItems, nModels, pc, pi, pt, pr, pth, pp, pg, pw);
    return { th: s.out(pth, nItems * 3), pair: s.out(pp, np * 9), gamma: s.out(pg, nItems + np) };
  });
}
