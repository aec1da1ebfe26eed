// Stage 2 of the IRT fit: the item model and its parameter table. Item j answers correctly with
//   P_j = c_j + (1 − c_j) · F(η_j),  η_j = Σ_g a_jg θ_g + a_js θ_s(j) + d_j,
// F logistic or the standard normal CDF (normal ogive), c_j a guessing floor (0 for 1PL/2PL).
// Slope/intercept form as in mirt (P = 1/(1+exp(−(a1·θ + d)))). Standardized loadings: with
// D = 1 (normal ogive) or D = 1.702 (logistic, the usual scaling; mirt's summary() uses the same),
// λ_f = (a_f/D)/√(1 + Σ(a/D)²), threshold τ = −(d/D)/√(1 + Σ(a/D)²) (Takane & de Leeuw 1987,
// Psychometrika 52:393–408; McDonald 1999 ch. 13).
import { normCdf, normSf } from '@cartograph/core-wasm';

export type IrtLink = 'logistic' | 'normal';

/** Where the items load: G general-tier factors (mask per item) and at most one specific each. */
export interface IrtStructure {
  nItems: number;
  /** Number of general-tier factors. */
  G: number;
  /** J × G: 1 when item j loads on general factor g. */
  generalMask: Uint8Array;
  /** Number of specific factors. */
  S: number;
  /** Per item: specific factor index or −1. */
  itemSpec: Int32Array;
  /** One common slope for all items (1PL); only with G = 1 and S = 0. */
  commonSlope: boolean;
  /** Guessing: 'none' (c = 0), a fixed value, or estimated per item. */
  guessing: 'none' | 'fixed' | 'estimate';
  link: IrtLink;
}

/** Current item parameters (the EM state together with the general-tier correlations). */
export interface ItemParams {
  /** J × G general slopes (0 where masked out). */
  aG: Float64Array;
  /** J specific slopes (0 for items with no specific). */
  aS: Float64Array;
  d: Float64Array;
  /** Guessing floor c_j (0 unless 3PL). */
  c: Float64Array;
}

export function cloneParams(p: ItemParams): ItemParams {
  return { aG: p.aG.slice(), aS: p.aS.slice(), d: p.d.slice(), c: p.c.slice() };
}

const LOGISTIC_D = 1.702;

export function linkScale(link: IrtLink): number {
  return link === 'logistic' ? LOGISTIC_D : 1;
}

/** Number of free parameters of the item model (not counting general-tier correlations). */
export function countFree(st: IrtStructure): number {
  let n = 0;
  for (let j = 0; j < st.nItems; j++) {
    if (!st.commonSlope) for (let g = 0; g < st.G; g++) n += st.generalMask[j * st.G + g]!;
    if (st.itemSpec[j]! >= 0) n++;
    n++; // intercept
    if (st.guessing === 'estimate') n++;
  }
  if (st.commonSlope) n++;
  return n;
}

// --- packing for the accelerator: ψ = per item [free general slopes, specific slope, d, logit c], then common slope
export function pack(st: IrtStructure, p: ItemParams): Float64Array {
  const out = new Float64Array(countFree(st));
  let o = 0;
  for (let j = 0; j < st.nItems; j++) {
    if (!st.commonSlope) for (let g = 0; g < st.G; g++) if (st.generalMask[j * st.G + g]) out[o++] = p.aG[j * st.G + g]!;
    if (st.itemSpec[j]! >= 0) out[o++] = p.aS[j]!;
    out[o++] = p.d[j]!;
    if (st.guessing === 'estimate') out[o++] = Math.log(p.c[j]! / (1 - p.c[j]!));
  }
  if (st.commonSlope) out[o++] = p.aG[0]!;
  return out;
}

export function unpack(st: IrtStructure, v: Float64Array, into: ItemParams): ItemParams {
  let o = 0;
  const J = st.nItems;
  for (let j = 0; j < J; j++) {
    if (!st.commonSlope) for (let g = 0; g < st.G; g++) if (st.generalMask[j * st.G + g]) into.aG[j * st.G + g] = v[o++]!;
    if (st.itemSpec[j]! >= 0) into.aS[j] = v[o++]!;
    into.d[j] = v[o++]!;
    if (st.guessing === 'estimate') into.c[j] = 1 / (1 + Math.exp(-v[o++]!));
  }
  if (st.commonSlope) {
    const a = v[o++]!;
    for (let j = 0; j < J; j++) into.aG[j] = a;
  }
  return into;
}

/** F(η), f(η) = F′(η), log F(η), log(1 − F(η)) for the link, computed without cancellation. */
export interface LinkEval {
  F: number;
  f: number;
  logF: number;
  log1mF: number;
  /** f/F and f/(1 − F), computed without underflow (the Mills ratios in the tails). */
  r1: number;
  r0: number;
}

const LOG_SQRT_2PI = 0.918938533204672741780329736406; // log √(2π)

export function evalLink(link: IrtLink, eta: number, out: LinkEval): void {
  if (link === 'logistic') {
    if (eta >= 0) {
      const e = Math.exp(-eta);
      out.F = 1 / (1 + e);
      out.logF = -Math.log1p(e);
      out.log1mF = -eta - Math.log1p(e);
    } else {
      const e = Math.exp(eta);
      out.F = e / (1 + e);
      out.logF = eta - Math.log1p(e);
      out.log1mF = -Math.log1p(e);
    }
    out.f = out.F * (1 - out.F);
    out.r1 = 1 - out.F;
    out.r0 = out.F;
  } else {
    // one CDF evaluation: the smaller tail directly (full precision), the other as its complement
    let F: number;
    let Fc: number;
    if (eta < 0) {
      F = normCdf(eta);
      Fc = 1 - F;
    } else {
      Fc = normSf(eta);
      F = 1 - Fc;
    }
    const f = Math.exp(-0.5 * eta * eta - LOG_SQRT_2PI);
    out.F = F;
    out.f = f;
    out.logF = Math.log(Math.max(F, 1e-300));
    out.log1mF = Math.log(Math.max(Fc, 1e-300));
    // beyond the underflow of the tail probability: Mills ratio φ(x)/Φ(−x) ≈ x + 1/x
    out.r1 = F > 1e-290 ? f / F : -eta - 1 / eta;
    out.r0 = Fc > 1e-290 ? f / Fc : eta + 1 / eta;
  }
}

/** Quadrature coordinates the tables are built on. */
export interface TableGrid {
  /** K × G general-tier coordinates. */
  coordsG: Float64Array;
  K: number;
  /** Q specific-factor nodes. */
  nodesS: Float64Array;
}

/**
 * log P(x = 1) and log P(x = 0) at every table cell (layout of IrtEstepPlan: general-only items K
 * cells, items with a specific K·Q cells, k major).
 */
export function buildTables(st: IrtStructure, p: ItemParams, grid: TableGrid, tabOff: Int32Array, tabLen: number): { logP1: Float64Array; logP0: Float64Array } {
  const logP1 = new Float64Array(tabLen);
  const logP0 = new Float64Array(tabLen);
  const { K, coordsG, nodesS } = grid;
  const Q = nodesS.length;
  const G = st.G;
  const le: LinkEval = { F: 0, f: 0, logF: 0, log1mF: 0, r1: 0, r0: 0 };
  for (let j = 0; j < st.nItems; j++) {
    const off = tabOff[j]!;
    const s = st.itemSpec[j]!;
    const c = p.c[j]!;
    const d = p.d[j]!;
    const aS = p.aS[j]!;
    for (let k = 0; k < K; k++) {
      let etaG = d;
      for (let g = 0; g < G; g++) etaG += p.aG[j * G + g]! * coordsG[k * G + g]!;
      const nq = s < 0 ? 1 : Q;
      for (let q = 0; q < nq; q++) {
        const eta = s < 0 ? etaG : etaG + aS * nodesS[q]!;
        evalLink(st.link, eta, le);
        const cell = off + (s < 0 ? k : k * Q + q);
        if (c === 0) {
          logP1[cell] = le.logF;
          logP0[cell] = le.log1mF;
        } else {
          // P = c + (1 − c)F, 1 − P = (1 − c)(1 − F)
          logP1[cell] = Math.log(c + (1 - c) * le.F);
          logP0[cell] = Math.log1p(-c) + le.log1mF;
        }
      }
    }
  }
  return { logP1, logP0 };
}

export function standardized(link: IrtLink, slopes: readonly number[], d: number): { loadings: number[]; threshold: number; communality: number } {
  const D = linkScale(link);
  let ss = 0;
  for (const a of slopes) ss += (a / D) ** 2;
  const den = Math.sqrt(1 + ss);
  const loadings = slopes.map((a) => a / D / den);
  return { loadings, threshold: -d / D / den, communality: ss / (1 + ss) };
}
