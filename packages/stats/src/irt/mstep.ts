// Stage 4 of the IRT fit: the M-step. Given the expected counts of the E-step at every quadrature
// cell c of item j (n_c persons, r_c of them correct), each item's parameters maximise
//   Σ_c r_c log P_c + (n_c − r_c) log(1 − P_c)
// (Bock & Aitkin 1981, eq. 9), found by Fisher scoring with step halving: gradient
// Σ (r − nP) P′/(P(1 − P)) and expected information Σ n P′P′ᵀ/(P(1 − P)), P′ = ∂P/∂(slopes, d, logit c).
// The 1PL's common slope is updated after the intercepts with the same scoring in one dimension.
import { evalLink, type IrtStructure, type ItemParams, type LinkEval, type TableGrid } from './model.js';

export interface CellCounts {
  /** Σ post·x per table cell. */
  r: Float64Array;
  /** Σ post per table cell (persons who answered). */
  n: Float64Array;
}

/** Design of item j: which parameters are free, in the packed order. */
interface ItemDesign {
  gIdx: number[];
  hasS: boolean;
  hasC: boolean;
  m: number;
}

function design(st: IrtStructure, j: number, withSlopes: boolean): ItemDesign {
  const gIdx: number[] = [];
  if (withSlopes) for (let g = 0; g < st.G; g++) if (st.generalMask[j * st.G + g]) gIdx.push(g);
  const hasS = st.itemSpec[j]! >= 0;
  const hasC = st.guessing === 'estimate';
  return { gIdx, hasS, hasC, m: gIdx.length + (hasS ? 1 : 0) + 1 + (hasC ? 1 : 0) };
}

/** Objective, gradient and information of item j at its current parameters. */
function itemStats(
  st: IrtStructure,
  p: ItemParams,
  j: number,
  des: ItemDesign,
  counts: CellCounts,
  off: number,
  grid: TableGrid,
  grad: Float64Array | null,
  info: Float64Array | null,
): number {
  const { K, coordsG, nodesS } = grid;
  const Q = nodesS.length;
  const G = st.G;
  const s = st.itemSpec[j]!;
  const nq = s < 0 ? 1 : Q;
  const c = p.c[j]!;
  const m = des.m;
  const le: LinkEval = { F: 0, f: 0, logF: 0, log1mF: 0, r1: 0, r0: 0 };
  const x = new Float64Array(m);
  if (grad) grad.fill(0);
  if (info) info.fill(0);
  let obj = 0;
  for (let k = 0; k < K; k++) {
    let etaG = p.d[j]!;
    for (let g = 0; g < G; g++) etaG += p.aG[j * G + g]! * coordsG[k * G + g]!;
    for (let q = 0; q < nq; q++) {
      const cell = off + (s < 0 ? k : k * Q + q);
      const n = counts.n[cell]!;
      if (!(n > 1e-10)) continue; // cells nobody's posterior reaches add nothing
      const r = counts.r[cell]!;
      const eta = s < 0 ? etaG : etaG + p.aS[j]! * nodesS[q]!;
      evalLink(st.link, eta, le);
      let P: number;
      let logP: number;
      let log1mP: number;
      if (c === 0) {
        P = le.F;
        logP = le.logF;
        log1mP = le.log1mF;
      } else {
        P = c + (1 - c) * le.F;
        logP = Math.log(P);
        log1mP = Math.log1p(-c) + le.log1mF;
      }
      obj += r * logP + (n - r) * log1mP;
      if (!grad || !info) continue;
      // ρ1 = P′/P and ρ0 = P′/(1 − P) per unit of the design; score weight r·ρ1 − (n − r)·ρ0 and
      // information weight n·ρ1·ρ0 (= n P′²/(P(1 − P))), both free of underflow in the tails
      let rho1: number;
      let rho0: number;
      if (c === 0) {
        rho1 = le.r1;
        rho0 = le.r0;
      } else {
        rho1 = ((1 - c) * le.f) / P;
        rho0 = le.r0;
      }
      let t = 0;
      for (const g of des.gIdx) x[t++] = coordsG[k * G + g]!;
      if (des.hasS) x[t++] = nodesS[q]!;
      x[t++] = 1;
      // guessing (logit c = γ): ∂P/∂γ = (1 − F)c(1 − c); as a multiple of P′ = (1 − c)f that is (1 − F)c/f,
      // handled by its own ratios below
      const w = r * rho1 - (n - r) * rho0;
      const wi = n * rho1 * rho0;
      if (des.hasC) {
        const gc1 = ((1 - le.F) * c * (1 - c)) / P; // ∂logP/∂γ
        const gc0 = -c; // ∂log(1 − P)/∂γ = −(1 − F)c(1 − c)/((1 − c)(1 − F))
        const gc = r * gc1 + (n - r) * gc0;
        // expected information uses E over x: n [P gc1² + (1 − P) gc0²]; cross with η: n [P ρ1 gc1 + (1 − P)(−ρ0)(gc0)]
        const ic = n * (P * gc1 * gc1 + (1 - P) * gc0 * gc0);
        const icx = n * (P * rho1 * gc1 + (1 - P) * -rho0 * gc0);
        const mc = m - 1;
        grad[mc] += gc;
        info[mc * m + mc] += ic;
        for (let a = 0; a < mc; a++) info[mc * m + a] += icx * x[a]!;
      }
      const mEta = des.hasC ? m - 1 : m;
      for (let a = 0; a < mEta; a++) {
        grad[a] += w * x[a]!;
        for (let b = 0; b <= a; b++) info[a * m + b] += wi * x[a]! * x[b]!;
      }
    }
  }
  if (info) for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) info[b * m + a] = info[a * m + b]!;
  return obj;
}

function getFree(st: IrtStructure, p: ItemParams, j: number, des: ItemDesign): Float64Array {
  const v = new Float64Array(des.m);
  let t = 0;
  for (const g of des.gIdx) v[t++] = p.aG[j * st.G + g]!;
  if (des.hasS) v[t++] = p.aS[j]!;
  v[t++] = p.d[j]!;
  if (des.hasC) v[t++] = Math.log(p.c[j]! / (1 - p.c[j]!));
  return v;
}

function setFree(st: IrtStructure, p: ItemParams, j: number, des: ItemDesign, v: Float64Array): void {
  let t = 0;
  for (const g of des.gIdx) p.aG[j * st.G + g] = v[t++]!;
  if (des.hasS) p.aS[j] = v[t++]!;
  p.d[j] = v[t++]!;
  if (des.hasC) p.c[j] = 1 / (1 + Math.exp(-v[t++]!));
}

/** Solves the small SPD system A x = b (Cholesky); null if A is not positive definite. */
export function solveSmall(A: Float64Array, b: Float64Array, m: number): Float64Array | null {
  const L = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k <= i; k++) {
      let s = A[i * m + k]!;
      for (let t = 0; t < k; t++) s -= L[i * m + t]! * L[k * m + t]!;
      if (i === k) {
        if (!(s > 1e-12 * Math.max(1, A[i * m + i]!))) return null;
        L[i * m + i] = Math.sqrt(s);
      } else L[i * m + k] = s / L[k * m + k]!;
    }
  }
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i]!;
    for (let t = 0; t < i; t++) s -= L[i * m + t]! * y[t]!;
    y[i] = s / L[i * m + i]!;
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let t = i + 1; t < m; t++) s -= L[t * m + i]! * x[t]!;
    x[i] = s / L[i * m + i]!;
  }
  return x;
}

const MAX_STEP = 2; // largest change of any parameter in one scoring step (keeps early EM steps sane)

/** Fisher scoring of one item (free parameters per `des`), in place; each trial point is evaluated once. */
function scoreItem(st: IrtStructure, p: ItemParams, j: number, des: ItemDesign, counts: CellCounts, off: number, grid: TableGrid, iters: number): void {
  const m = des.m;
  let grad = new Float64Array(m);
  let info = new Float64Array(m * m);
  let grad1 = new Float64Array(m);
  let info1 = new Float64Array(m * m);
  let obj0 = itemStats(st, p, j, des, counts, off, grid, grad, info);
  let v0 = getFree(st, p, j, des);
  for (let it = 0; it < iters; it++) {
    for (let a = 0; a < m; a++) info[a * m + a] = info[a * m + a]! * (1 + 1e-10) + 1e-12;
    const step = solveSmall(info, grad, m);
    if (!step) break;
    let big = 0;
    for (let a = 0; a < m; a++) big = Math.max(big, Math.abs(step[a]!));
    if (big < 1e-10) break;
    let h = big > MAX_STEP ? MAX_STEP / big : 1;
    let accepted = false;
    const v = new Float64Array(m);
    for (let half = 0; half < 20; half++) {
      for (let a = 0; a < m; a++) v[a] = v0[a]! + h * step[a]!;
      setFree(st, p, j, des, v);
      const obj = itemStats(st, p, j, des, counts, off, grid, grad1, info1);
      if (obj >= obj0 - 1e-12 * Math.abs(obj0)) {
        accepted = true;
        obj0 = obj;
        [grad, grad1] = [grad1, grad];
        [info, info1] = [info1, info];
        v0 = v.slice();
        break;
      }
      h /= 2;
    }
    if (!accepted) {
      setFree(st, p, j, des, v0);
      break;
    }
    if (big * h < 1e-8) break;
  }
}

/** Common-slope (1PL) update: one-dimensional scoring on the shared slope, intercepts held. */
function scoreCommonSlope(st: IrtStructure, p: ItemParams, counts: CellCounts, tabOff: Int32Array, grid: TableGrid, iters: number): void {
  const J = st.nItems;
  const le: LinkEval = { F: 0, f: 0, logF: 0, log1mF: 0, r1: 0, r0: 0 };
  const objective = (): number => {
    let o = 0;
    for (let j = 0; j < J; j++) {
      for (let k = 0; k < grid.K; k++) {
        const n = counts.n[tabOff[j]! + k]!;
        if (!(n > 1e-300)) continue;
        evalLink(st.link, p.aG[j]! * grid.coordsG[k]! + p.d[j]!, le);
        o += counts.r[tabOff[j]! + k]! * le.logF + (n - counts.r[tabOff[j]! + k]!) * le.log1mF;
      }
    }
    return o;
  };
  for (let it = 0; it < iters; it++) {
    let g = 0;
    let inf = 0;
    for (let j = 0; j < J; j++) {
      for (let k = 0; k < grid.K; k++) {
        const cell = tabOff[j]! + k;
        const n = counts.n[cell]!;
        if (!(n > 1e-300)) continue;
        const th = grid.coordsG[k]!;
        evalLink(st.link, p.aG[j]! * th + p.d[j]!, le);
        const r = counts.r[cell]!;
        g += (r * le.r1 - (n - r) * le.r0) * th;
        inf += n * le.r1 * le.r0 * th * th;
      }
    }
    if (!(inf > 0)) return;
    const a0 = p.aG[0]!;
    const obj0 = objective();
    let step = g / inf;
    if (Math.abs(step) > MAX_STEP) step = Math.sign(step) * MAX_STEP;
    let ok = false;
    for (let half = 0; half < 12; half++) {
      for (let j = 0; j < J; j++) p.aG[j] = a0 + step;
      if (objective() >= obj0 - 1e-10 * Math.abs(obj0)) {
        ok = true;
        break;
      }
      step /= 2;
    }
    if (!ok) for (let j = 0; j < J; j++) p.aG[j] = a0;
    if (!ok || Math.abs(step) < 1e-9) return;
  }
}

/** One M-step over all items, in place. */
export function mstep(st: IrtStructure, p: ItemParams, counts: CellCounts, tabOff: Int32Array, grid: TableGrid, iters = 25): void {
  for (let j = 0; j < st.nItems; j++) {
    const des = design(st, j, !st.commonSlope);
    scoreItem(st, p, j, des, counts, tabOff[j]!, grid, iters);
  }
  if (st.commonSlope) scoreCommonSlope(st, p, counts, tabOff, grid, iters);
}

/** Expected complete-data log-likelihood of all items at `p` (for diagnostics). */
export function expectedLoglik(st: IrtStructure, p: ItemParams, counts: CellCounts, tabOff: Int32Array, grid: TableGrid): number {
  let o = 0;
  for (let j = 0; j < st.nItems; j++) o += itemStats(st, p, j, design(st, j, true), counts, tabOff[j]!, grid, null, null);
  return o;
}
