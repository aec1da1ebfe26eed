// Plain TypeScript reference for assembly/tetra.ts: tables by direct counting (O(J²·N)) and the same
// two-step ML root search (lavaan's lav_bvord_cor_twostep_fit rules). Same API as ../tetra.ts.
import { bvnCdf, bvnPdf } from './bvn.js';
import { normCdf, normPdf } from './normal.js';
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
  // safeguarded Newton; the bounds ±0.999 are evaluated only when an iterate wants to cross them
  let lo = -BOUND;
  let hi = BOUND;
  let loKnown = false;
  let hiKnown = false;
  let r = Math.cos(Math.PI / (1 + Math.sqrt((n00 * n11) / (n01 * n10))));
  if (!(r > lo && r < hi)) r = 0;
  for (let it = 0; it < 200; it++) {
    const v = g(r);
    if (v === 0) return { rho: r, flags };
    if (v > 0) {
      lo = r;
      loKnown = true;
    } else {
      hi = r;
      hiKnown = true;
    }
    let next = r - v / dg(r);
    if (!(next > lo && next < hi) || !Number.isFinite(next)) {
      if (v > 0 && !hiKnown) {
        hiKnown = true;
        if (g(BOUND) >= 0) return { rho: BOUND, flags: flags | TetraFlag.AtBound };
      } else if (v < 0 && !loKnown) {
        loKnown = true;
        if (g(-BOUND) <= 0) return { rho: -BOUND, flags: flags | TetraFlag.AtBound };
      }
      next = 0.5 * (lo + hi);
    }
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

export interface ScoreTables {
  th: Float64Array;
  pair: Float64Array;
  gamma: Float64Array;
}

/** Same steps and arithmetic order as assembly/tetra.ts tetraScoreTables. */
export function tetraScoreTables(counts: Int32Array, itemCounts: Int32Array, tau: ArrayLike<number>, rho: ArrayLike<number>, nItems: number, nModels: number): ScoreTables {
  const J = nItems;
  const np = pairCount(J);
  checkLen('tetraScoreTables counts', counts, np * 4);
  checkLen('tetraScoreTables rho', rho, np);
  const N = nModels;
  const th = new Float64Array(3 * J);
  const pair = new Float64Array(9 * np);
  const gamma = new Float64Array(J + np);
  const sc0 = new Float64Array(J);
  const sc1 = new Float64Array(J);
  const a11 = new Float64Array(J);
  for (let j = 0; j < J; j++) {
    const t = tau[j]!;
    const d = normPdf(t);
    sc0[j] = d / normCdf(t);
    sc1[j] = -d / normCdf(-t);
    a11[j] = itemCounts[2 * j]! * sc0[j]! * sc0[j]! + itemCounts[2 * j + 1]! * sc1[j]! * sc1[j]!;
    th[3 * j] = sc0[j]! / a11[j]!;
    th[3 * j + 1] = sc1[j]! / a11[j]!;
    gamma[j] = N / a11[j]!;
  }
  let k = 0;
  for (let j = 0; j < J - 1; j++)
    for (let i = j + 1; i < J; i++, k++) {
      const ti = tau[i]!;
      const tj = tau[j]!;
      const pi0 = normCdf(ti);
      const pj0 = normCdf(tj);
      const fi = normPdf(ti);
      const fj = normPdf(tj);
      let r = rho[k]!;
      if (!Number.isFinite(r)) r = 0;
      const [n00, n01, n10, n11] = [counts[4 * k]!, counts[4 * k + 1]!, counts[4 * k + 2]!, counts[4 * k + 3]!];
      const n = [n00, n01, n10, n11];
      let P: number[];
      let phi2: number;
      let di: number[];
      let dj: number[];
      if (r >= 1 || r <= -1) {
        // lavaan's limits at ρ = ±1 (see assembly/tetra.ts)
        const p00 = bvnCdf(ti, tj, r);
        P = [p00, pi0 - p00, pj0 - p00, 1 - pi0 - pj0 + p00];
        phi2 = bvnPdf(ti, tj, r > 0 ? 0.9999 : -0.9999);
        di = [0.5 * fi, 0.5 * fi, -0.5 * fi, -0.5 * fi];
        dj = [0.5 * fj, -0.5 * fj, 0.5 * fj, -0.5 * fj];
      } else {
        const R = Math.sqrt(1 - r * r);
        const p00 = Math.max(bvnCdf(ti, tj, r), 1e-300);
        P = [p00, Math.max(pi0 - p00, 1e-300), Math.max(pj0 - p00, 1e-300), Math.max(1 - pi0 - pj0 + p00, 1e-300)];
        phi2 = bvnPdf(ti, tj, r);
        const gi = fi * normCdf((tj - r * ti) / R);
        const gj = fj * normCdf((ti - r * tj) / R);
        di = [gi, fi - gi, -gi, -(fi - gi)];
        dj = [gj, -gj, fj - gj, -(fj - gj)];
      }
      const sgn = [1, -1, -1, 1];
      const dr = n.map((c, q) => (c > 0 ? (sgn[q]! * phi2) / P[q]! : 0));
      const a22 = n00 * dr[0]! * dr[0]! + n01 * dr[1]! * dr[1]! + n10 * dr[2]! * dr[2]! + n11 * dr[3]! * dr[3]!;
      let a21i = 0;
      let a21j = 0;
      for (let q = 0; q < 4; q++)
        if (n[q]! > 0) {
          a21i += n[q]! * dr[q]! * (di[q]! / P[q]!);
          a21j += n[q]! * dr[q]! * (dj[q]! / P[q]!);
        }
      const bi = a21i / (a22 * a11[i]!);
      const bj = a21j / (a22 * a11[j]!);
      const ui = [-bi * sc0[i]!, -bi * sc1[i]!];
      const uj = [-bj * sc0[j]!, -bj * sc1[j]!];
      const f = [dr[0]! / a22 + ui[0]! + uj[0]!, dr[1]! / a22 + ui[0]! + uj[1]!, dr[2]! / a22 + ui[1]! + uj[0]!, dr[3]! / a22 + ui[1]! + uj[1]!];
      pair.set([f[0]!, f[1]!, ui[0]!, f[2]!, f[3]!, ui[1]!, uj[0]!, uj[1]!, 0], 9 * k);
      const onlyI0 = itemCounts[2 * i]! - n00 - n01;
      const onlyI1 = itemCounts[2 * i + 1]! - n10 - n11;
      const onlyJ0 = itemCounts[2 * j]! - n00 - n10;
      const onlyJ1 = itemCounts[2 * j + 1]! - n01 - n11;
      const ss = n00 * f[0]! * f[0]! + n01 * f[1]! * f[1]! + n10 * f[2]! * f[2]! + n11 * f[3]! * f[3]! +
        onlyI0 * ui[0]! * ui[0]! + onlyI1 * ui[1]! * ui[1]! + onlyJ0 * uj[0]! * uj[0]! + onlyJ1 * uj[1]! * uj[1]!;
      gamma[J + k] = N * ss;
    }
  return { th, pair, gamma };
}
