// Plain TypeScript reference for assembly/tetra.ts: tables by direct counting (O(J²·N)) and the same
// two-step ML root search (lavaan's lav_bvord_cor_twostep_fit rules). Same API as ../tetra.ts.
import { bvnCdf, bvnPdf } from './bvn.js';
import { normCdf } from './normal.js';
import { ShapeError, checkLen } from '../errors.js';

export const TetraFlag = { EmptyCell: 1, TwoEmptyCells: 2, AtBound: 4, NoData: 8, NoConvergence: 16, Independent: 32, ZeroThresholds: 64 } as const;
export const pairCount = (nItems: number): number => (nItems * (nItems - 1)) / 2;

export interface PairTables {
  nItems: number;
  counts: Int32Array;
  itemCounts: Int32Array;
  complete: boolean;
}

export function tetraTables(resp: Uint8Array, nModels: number, nItems: number, hasMissing?: boolean): PairTables {
  checkLen('tetraTables responses', resp, nModels * nItems);
  for (const v of resp) if (v !== 0 && v !== 1 && v !== 255) throw new ShapeError('tetraTables: response cells must be 0, 1 or 255 (missing)');
  const complete = hasMissing === undefined ? !resp.includes(255) : !hasMissing;
  const itemCounts = new Int32Array(nItems * 2);
  for (let m = 0; m < nModels; m++)
    for (let j = 0; j < nItems; j++) {
      const v = resp[m * nItems + j]!;
      if (v !== 255) itemCounts[j * 2 + v]++;
    }
  const counts = new Int32Array(pairCount(nItems) * 4);
  let k = 0;
  for (let j = 0; j < nItems - 1; j++)
    for (let i = j + 1; i < nItems; i++, k++)
      for (let m = 0; m < nModels; m++) {
        const yi = resp[m * nItems + i]!;
        const yj = resp[m * nItems + j]!;
        if (yi !== 255 && yj !== 255) counts[k * 4 + 2 * yi + yj]++;
      }
  return { nItems, counts, itemCounts, complete };
}

const BOUND = 0.999;

export function tetraRhoOne(c00: number, c01: number, c10: number, c11: number, ti: number, tj: number): { rho: number; flags: number } {
  let flags = 0;
  let [n00, n01, n10, n11] = [c00, c01, c10, c11];
  if (!(n00 + n01 + n10 + n11 > 0)) return { rho: NaN, flags: TetraFlag.NoData };
  const empty = [n00, n01, n10, n11].filter((v) => v === 0).length;
  if (empty > 0) flags |= TetraFlag.EmptyCell;
  if (empty === 2) return { rho: n00 > 0 ? 1 : -1, flags: flags | TetraFlag.TwoEmptyCells };
  if (empty === 1) {
    const d = n00 === 0 || n11 === 0 ? 0.5 : -0.5;
    n00 += d;
    n11 += d;
    n01 -= d;
    n10 -= d;
  }
  if (n00 * n11 === n01 * n10) return { rho: 0, flags: flags | TetraFlag.Independent };
  if (ti === 0 && tj === 0) return { rho: -Math.cos((6.283185307179586 * n00) / (n00 + n01 + n10 + n11)), flags: flags | TetraFlag.ZeroThresholds };
  const pi0 = normCdf(ti);
  const pj0 = normCdf(tj);
  let p: number[] = [];
  const g = (r: number): number => {
    const p00 = Math.max(bvnCdf(ti, tj, r), 1e-300);
    p = [p00, Math.max(pi0 - p00, 1e-300), Math.max(pj0 - p00, 1e-300), Math.max(1 - pi0 - pj0 + p00, 1e-300)];
    let s = 0;
    if (n00 > 0) s += n00 / p[0]!;
    if (n01 > 0) s -= n01 / p[1]!;
    if (n10 > 0) s -= n10 / p[2]!;
    if (n11 > 0) s += n11 / p[3]!;
    return s;
  };
  const dg = (r: number): number => {
    let s = 0;
    if (n00 > 0) s += n00 / p[0]! ** 2;
    if (n01 > 0) s += n01 / p[1]! ** 2;
    if (n10 > 0) s += n10 / p[2]! ** 2;
    if (n11 > 0) s += n11 / p[3]! ** 2;
    return -bvnPdf(ti, tj, r) * s;
  };
  let lo = -BOUND;
  let hi = BOUND;
  if (g(hi) >= 0) return { rho: BOUND, flags: flags | TetraFlag.AtBound };
  if (g(lo) <= 0) return { rho: -BOUND, flags: flags | TetraFlag.AtBound };
  let r = Math.cos(Math.PI / (1 + Math.sqrt((n00 * n11) / (n01 * n10))));
  if (!(r > lo && r < hi)) r = 0;
  for (let it = 0; it < 200; it++) {
    const v = g(r);
    if (v === 0) return { rho: r, flags };
    if (v > 0) lo = r;
    else hi = r;
    let next = r - v / dg(r);
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = 0.5 * (lo + hi);
    if (Math.abs(next - r) <= 1e-15 * (1 + Math.abs(r)) || hi - lo <= 4e-16) return { rho: next, flags };
    r = next;
  }
  return { rho: NaN, flags: flags | TetraFlag.NoConvergence };
}

export interface PairRho {
  rho: Float64Array;
  flags: Int32Array;
}

export function tetraRho(counts: Int32Array, tau: ArrayLike<number>, nItems: number, k0 = 0, k1 = pairCount(nItems)): PairRho {
  checkLen('tetraRho counts', counts, pairCount(nItems) * 4);
  checkLen('tetraRho tau', tau, nItems);
  const rho = new Float64Array(k1 - k0);
  const flags = new Int32Array(k1 - k0);
  let k = 0;
  for (let j = 0; j < nItems - 1; j++)
    for (let i = j + 1; i < nItems; i++, k++) {
      if (k < k0 || k >= k1) continue;
      const r = tetraRhoOne(counts[4 * k]!, counts[4 * k + 1]!, counts[4 * k + 2]!, counts[4 * k + 3]!, tau[i]!, tau[j]!);
      rho[k - k0] = r.rho;
      flags[k - k0] = r.flags;
    }
  return { rho, flags };
}
