// Stage 3a of the mixed-model fit: the symbolic analysis of the penalized least-squares system, done
// once per model (formula + data) and shared by every evaluation at a θ (pls.ts, stage 3b) — the
// deviance evaluations of the optimizer, the Satterthwaite Hessian, and the Gibbs sampler of gtheory/.
// What it holds (Bates et al. 2015, JSS 67(1), §3, in the block form described in pls.ts):
// - the closed-form block: levels of the largest scalar term grouped by d_j (equal numbers of
//   observations share one weight), z_j = Z₂'Z₁e_j, and the per-group sums P_g, Q_g, R_g;
// - the sparse block S: its pattern (Z₂'Z₂ ∪ the pairs within each z_j, closed under Λ₂), Z₂'Z₂ on it,
//   the structure of Λ₂ (lme4's Lind) and the triplets that form Λ₂'BΛ₂ entry by entry;
// - the cross products Z₁'[X y], Z₂'[X y] and [X y]'[X y].
// Nothing here depends on θ.
import type { ModelFrame } from './frame.js';
import { thetaIndex } from './frame.js';

/** Most groups of equal d_j for the closed-form elimination of the first block. */
const MAX_GROUPS = 32;
/** Largest block-2 size for dense pair indexing (q₂² Int32 entries). */
const DENSE_PAIRS = 2000;

/** Index of the upper-triangle pairs (i ≤ j) of a q × q pattern: dense array or map. */
class PairIndex {
  private dense: Int32Array | null;
  private map: Map<number, number> | null;
  constructor(readonly q: number) {
    this.dense = q <= DENSE_PAIRS ? new Int32Array(q * q).fill(-1) : null;
    this.map = this.dense ? null : new Map();
  }
  get(i: number, j: number): number {
    const a = Math.min(i, j);
    const b = Math.max(i, j);
    if (this.dense) return this.dense[b * this.q + a]!;
    return this.map!.get(b * this.q + a) ?? -1;
  }
  set(i: number, j: number, v: number): void {
    const a = Math.min(i, j);
    const b = Math.max(i, j);
    if (this.dense) this.dense[b * this.q + a] = v;
    else this.map!.set(b * this.q + a, v);
  }
  /** Keys (col * q + row) of the marked pairs, sorted by column then row. */
  keys(): Float64Array {
    if (this.map) return Float64Array.from(this.map.keys()).sort();
    const out: number[] = [];
    const d = this.dense!;
    for (let k = 0; k < d.length; k++) if (d[k]! >= 0) out.push(k);
    return Float64Array.from(out);
  }
}

/** The θ-independent structure of the PLS system of one model (see the file header). */
export interface PlsStructure {
  readonly n: number;
  readonly p: number;
  readonly q: number;
  /** Columns eliminated in closed form (the first term's levels), 0 when not used. */
  readonly q1: number;
  /** Size of the sparse block S. */
  readonly q2: number;
  /** θ index of the first (closed-form) term, −1 if none. */
  readonly theta1: number;
  /** level j of the first term → its group of equal d_j; d and number of levels of each group. */
  readonly groupOf: Int32Array;
  readonly groupD: Float64Array;
  readonly groupN: Float64Array;
  /** z_j: block-2 entries co-occurring with level j (CSR). */
  readonly z1Ptr: Int32Array;
  readonly z1Idx: Int32Array;
  readonly z1Val: Float64Array;
  /** Z₁'[X y], q1 × (p+1). */
  readonly z1xy: Float64Array;
  /** Σ_{j∈g} z_j z_j' on the S pattern; Σ_{j∈g} z_j (Z₁'[X y])_j', q2 × (p+1); Σ_{j∈g} (Z₁'[X y])_j (Z₁'[X y])_j', (p+1)². */
  readonly Pg: Float64Array[];
  readonly Qg: Float64Array[];
  readonly Rg: Float64Array[];
  /** Pattern of S (upper triangle, CSC). */
  readonly colPtr: Int32Array;
  readonly rowIdx: Int32Array;
  /** Z₂'Z₂ on the S pattern. */
  readonly z2z2: Float64Array;
  /** Triplets of Λ₂'BΛ₂: entry e sums B[tA]·θ[tL1]·θ[tL2] over tPtr[e] … tPtr[e+1]. */
  readonly tPtr: Int32Array;
  readonly tA: Int32Array;
  readonly tL1: Int32Array;
  readonly tL2: Int32Array;
  /** Position of each diagonal entry in the pattern. */
  readonly diagPos: Int32Array;
  /** Λ₂ by columns: rows and θ indices. */
  readonly lamPtr: Int32Array;
  readonly lamRow: Int32Array;
  readonly lamTheta: Int32Array;
  /** Z₂'[X y], q2 × (p+1). */
  readonly z2xy: Float64Array;
  /** [X y]'[X y], (p+1)². */
  readonly xtxy: Float64Array;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The symbolic analysis of one model's PLS system. `closedForm` = false keeps every column in the sparse
 * block (the plain path, for checks).
 */
export function analysePls(frame: ModelFrame, closedForm = true): PlsStructure {
  const s = {} as Mutable<PlsStructure>;
  const { n, p, q, terms, X, y } = frame;
  s.n = n;
  s.p = p;
  s.q = q;
  const m = p + 1;
  // --- can the first term be eliminated in closed form?
  const t0 = terms[0]!;
  let q1 = 0;
  let groupOf = new Int32Array(0);
  const groupD: number[] = [];
  const groupN: number[] = [];
  if (t0.k === 1) {
    const d = new Float64Array(t0.levels.length);
    for (let o = 0; o < n; o++) d[t0.codes[o]!] += t0.z[o]! * t0.z[o]!;
    const gmap = new Map<number, number>();
    groupOf = new Int32Array(d.length);
    for (let j = 0; j < d.length; j++) {
      let g = gmap.get(d[j]!);
      if (g === undefined) {
        g = groupD.length;
        gmap.set(d[j]!, g);
        groupD.push(d[j]!);
        groupN.push(0);
      }
      groupN[g]!++;
      groupOf[j] = g;
    }
    if (closedForm && groupD.length <= MAX_GROUPS) q1 = t0.levels.length;
  }
  if (q1 === 0) {
    groupOf = new Int32Array(0);
    groupD.length = 0;
    groupN.length = 0;
  }
  s.q1 = q1;
  const q2 = q - q1;
  s.q2 = q2;
  s.theta1 = q1 > 0 ? t0.thetaOffset : -1;
  s.groupOf = groupOf;
  s.groupD = Float64Array.from(groupD);
  s.groupN = Float64Array.from(groupN);
  const G = groupD.length;
  const terms2 = q1 > 0 ? terms.slice(1) : terms;

  // --- pass over the rows: block-2 entries of each row, Z₂'[X y], Z₁'[X y]
  const nz2 = terms2.reduce((s, t) => s + t.k, 0);
  const rIdx = new Int32Array(n * nz2);
  const rVal = new Float64Array(n * nz2);
  const z2xy = new Float64Array(q2 * m);
  const z1xy = new Float64Array(q1 * m);
  const xy = (o: number, c: number): number => (c < p ? X[c * n + o]! : y[o]!);
  for (let o = 0; o < n; o++) {
    let c = o * nz2;
    for (const t of terms2) {
      const base = t.offset - q1 + t.codes[o]! * t.k;
      for (let j = 0; j < t.k; j++) {
        rIdx[c] = base + j;
        rVal[c] = t.z[o * t.k + j]!;
        c++;
      }
    }
    for (let a = o * nz2; a < (o + 1) * nz2; a++) {
      const ia = rIdx[a]!;
      const va = rVal[a]!;
      for (let cc = 0; cc < m; cc++) z2xy[ia * m + cc] += va * xy(o, cc);
    }
    if (q1 > 0) {
      const j = t0.codes[o]!;
      const z = t0.z[o]!;
      for (let cc = 0; cc < m; cc++) z1xy[j * m + cc] += z * xy(o, cc);
    }
  }
  // z_j lists (block-2 entries of Z₂'Z₁e_j), rows grouped by level j
  const z1Ptr = new Int32Array(q1 + 1);
  const z1IdxA: number[] = [];
  const z1ValA: number[] = [];
  if (q1 > 0) {
    const byLevel: number[][] = Array.from({ length: q1 }, () => []);
    for (let o = 0; o < n; o++) byLevel[t0.codes[o]!]!.push(o);
    const work = new Float64Array(q2);
    const mark = new Int32Array(q2).fill(-1);
    for (let j = 0; j < q1; j++) {
      const list: number[] = [];
      for (const o of byLevel[j]!) {
        const z = t0.z[o]!;
        for (let a = o * nz2; a < (o + 1) * nz2; a++) {
          const ia = rIdx[a]!;
          if (mark[ia] !== j) {
            mark[ia] = j;
            work[ia] = 0;
            list.push(ia);
          }
          work[ia] += z * rVal[a]!;
        }
      }
      list.sort((a, b) => a - b);
      for (const ia of list) {
        z1IdxA.push(ia);
        z1ValA.push(work[ia]!);
      }
      z1Ptr[j + 1] = z1IdxA.length;
    }
  }
  s.z1Ptr = z1Ptr;
  s.z1Idx = Int32Array.from(z1IdxA);
  s.z1Val = Float64Array.from(z1ValA);
  s.z1xy = z1xy;

  // --- pattern of S: Z₂'Z₂ ∪ pairs within each z_j (upper triangle)
  const pairs = new PairIndex(q2);
  for (let o = 0; o < n; o++)
    for (let a = o * nz2; a < (o + 1) * nz2; a++)
      for (let b = o * nz2; b < (o + 1) * nz2; b++) if (rIdx[a]! <= rIdx[b]!) pairs.set(rIdx[a]!, rIdx[b]!, 0);
  for (let j = 0; j < q1; j++)
    for (let a = z1Ptr[j]!; a < z1Ptr[j + 1]!; a++)
      for (let b = a; b < z1Ptr[j + 1]!; b++) pairs.set(s.z1Idx[a]!, s.z1Idx[b]!, 0);
  // Λ₂ structure (lme4's Lind): column i of term t, level g, local column c has rows
  // offset + g k + r for r ≥ c with value θ[thetaOffset + thetaIndex(k, r, c)]
  const lamPtr = new Int32Array(q2 + 1);
  const lamRow: number[] = [];
  const lamTheta: number[] = [];
  for (const t of terms2)
    for (let g = 0; g < t.levels.length; g++)
      for (let c = 0; c < t.k; c++) {
        const i = t.offset - q1 + g * t.k + c;
        for (let r = c; r < t.k; r++) {
          lamRow.push(t.offset - q1 + g * t.k + r);
          lamTheta.push(t.thetaOffset + thetaIndex(t.k, r, c));
        }
        lamPtr[i + 1] = lamRow.length;
      }
  s.lamPtr = lamPtr;
  s.lamRow = Int32Array.from(lamRow);
  s.lamTheta = Int32Array.from(lamTheta);
  const keys = pairs.keys();
  const nnz = keys.length;
  const colPtr = new Int32Array(q2 + 1);
  const rowIdx = new Int32Array(nnz);
  for (let e = 0; e < nnz; e++) {
    const key = keys[e]!;
    const col = Math.floor(key / q2);
    const row = key - col * q2;
    rowIdx[e] = row;
    colPtr[col + 1]!++;
    pairs.set(row, col, e);
  }
  for (let j = 0; j < q2; j++) colPtr[j + 1] += colPtr[j]!;
  s.colPtr = colPtr;
  s.rowIdx = rowIdx;
  // values: Z₂'Z₂, P_g, Q_g, R_g
  const z2z2 = new Float64Array(nnz);
  for (let o = 0; o < n; o++)
    for (let a = o * nz2; a < (o + 1) * nz2; a++)
      for (let b = o * nz2; b < (o + 1) * nz2; b++)
        if (rIdx[a]! <= rIdx[b]!) z2z2[pairs.get(rIdx[a]!, rIdx[b]!)] += rVal[a]! * rVal[b]!;
  s.z2z2 = z2z2;
  s.Pg = Array.from({ length: G }, () => new Float64Array(nnz));
  s.Qg = Array.from({ length: G }, () => new Float64Array(q2 * m));
  s.Rg = Array.from({ length: G }, () => new Float64Array(m * m));
  for (let j = 0; j < q1; j++) {
    const g = groupOf[j]!;
    const P = s.Pg[g]!;
    const Q = s.Qg[g]!;
    const R = s.Rg[g]!;
    for (let a = z1Ptr[j]!; a < z1Ptr[j + 1]!; a++) {
      const ia = s.z1Idx[a]!;
      const va = s.z1Val[a]!;
      for (let b = a; b < z1Ptr[j + 1]!; b++) P[pairs.get(ia, s.z1Idx[b]!)] += va * s.z1Val[b]!;
      for (let c = 0; c < m; c++) Q[ia * m + c] += va * z1xy[j * m + c]!;
    }
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) R[a * m + b] += z1xy[j * m + a]! * z1xy[j * m + b]!;
  }
  // triplets: (Λ₂'BΛ₂)[i,j] = Σ_a Σ_b Λ[a,i] B[a,b] Λ[b,j]
  const tPtr = new Int32Array(nnz + 1);
  const tA: number[] = [];
  const tL1: number[] = [];
  const tL2: number[] = [];
  const diagPos = new Int32Array(q2);
  for (let j = 0; j < q2; j++)
    for (let e = colPtr[j]!; e < colPtr[j + 1]!; e++) {
      const i = rowIdx[e]!;
      if (i === j) diagPos[j] = e;
      for (let pa = lamPtr[i]!; pa < lamPtr[i + 1]!; pa++)
        for (let pb = lamPtr[j]!; pb < lamPtr[j + 1]!; pb++) {
          const ae = pairs.get(s.lamRow[pa]!, s.lamRow[pb]!);
          if (ae < 0) throw new Error("analysePls: Z'Z pattern not closed under Λ (internal error)");
          tA.push(ae);
          tL1.push(s.lamTheta[pa]!);
          tL2.push(s.lamTheta[pb]!);
        }
      tPtr[e + 1] = tA.length;
    }
  s.tPtr = tPtr;
  s.tA = Int32Array.from(tA);
  s.tL1 = Int32Array.from(tL1);
  s.tL2 = Int32Array.from(tL2);
  s.diagPos = diagPos;
  s.z2xy = z2xy;
  // [X y]'[X y]
  const xtxy = new Float64Array(m * m);
  for (let a = 0; a < m; a++)
    for (let b = a; b < m; b++) {
      let s = 0;
      for (let o = 0; o < n; o++) s += xy(o, a) * xy(o, b);
      xtxy[a * m + b] = s;
      xtxy[b * m + a] = s;
    }
  s.xtxy = xtxy;
  return s;
}
