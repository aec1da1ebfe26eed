// Stage 3 of the mixed-model fit: penalized least squares and the profiled deviance.
// Bates, Mächler, Bolker & Walker (2015), JSS 67(1), section 3: with b = Λθ u, u ~ N(0, σ²I),
//   [Λ'Z'ZΛ + I   Λ'Z'X] [u]   [Λ'Z'y]
//   [X'ZΛ         X'X  ] [β] = [X'y  ],
// RX the Cholesky factor of the Schur complement X'X − X'ZΛ(Λ'Z'ZΛ+I)⁻¹Λ'Z'X and the penalized
// residual sum of squares r²(θ) = y'y − c_u'c_u − c_β'c_β (eq. 3.9–3.17). Profiled deviances
// (eq. 3.16, 3.19–3.21):
//   ML:   log|Λ'Z'ZΛ + I| + n (1 + log(2π r²/n))
//   REML: log|Λ'Z'ZΛ + I| + log|RX|² + (n−p)(1 + log(2π r²/(n−p)))
//
// Sparse structure. The random-effect columns are ordered by decreasing number of levels. When the
// first (largest) term is scalar — a random intercept per model, say — its block of Z'Z is diagonal
// and is eliminated in closed form (block Gaussian elimination): with a_j = λ²d_j + 1, d_j = (Z₁'Z₁)_jj,
//   log|A| = Σ_j log a_j + log|S|,   S = Λ₂'[Z₂'Z₂ − Σ_j w_j z_j z_j']Λ₂ + I,   w_j = λ²/a_j,
// z_j = Z₂'Z₁e_j. Levels with equal d_j (equal numbers of observations) share w_j, so the sums over
// levels are precomputed per group of equal d_j and each evaluation costs O(#groups · nnz(S)) plus a
// sparse LDLᵀ of S (sparse-ldl.ts, pattern analysed once, numeric refactorization per θ) — never a
// factorization of the q × q matrix. Otherwise (first term vector-valued, or too many distinct d_j)
// the whole matrix goes to the sparse LDLᵀ.
//
// Call order: `evaluate(θ)` fills the caches that `coefficients()`, `rxInverse()`,
// `covBetaUnscaled()`, `randomEffects()` and `condVarBlocks()` read.
import type { ModelFrame } from './frame.js';
import { thetaIndex } from './frame.js';
import { SparseLdl } from './sparse-ldl.js';

export interface PlsEval {
  /** log det(Λ'Z'ZΛ + I). */
  ldL2: number;
  /** log det(RX'RX). */
  ldRX2: number;
  /** Penalized residual sum of squares r²(θ). */
  r2: number;
  /** Profiled deviance (REML criterion or −2 log-likelihood). */
  deviance: number;
  ok: boolean;
}

const LOG2PI = Math.log(2 * Math.PI); // 1.8378770664093453
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

export class PlsState {
  readonly n: number;
  readonly p: number;
  readonly q: number;
  /** Columns eliminated in closed form (the first term's levels), 0 when not used. */
  readonly q1: number;
  /** Size of the sparse block S. */
  readonly q2: number;
  readonly ldl: SparseLdl;
  // --- first block
  private readonly theta1: number; // θ index of the first term (scalar), -1 if none
  private readonly groupOf: Int32Array; // level j → group
  private readonly groupD: Float64Array; // d of each group
  private readonly groupN: Float64Array; // levels per group
  private readonly z1Ptr: Int32Array; // z_j: block-2 entries co-occurring with level j
  private readonly z1Idx: Int32Array;
  private readonly z1Val: Float64Array;
  private readonly z1xy: Float64Array; // Z₁'[X y], q1 × (p+1)
  private readonly Pg: Float64Array[]; // Σ_{j∈g} z_j z_j' on the S pattern
  private readonly Qg: Float64Array[]; // Σ_{j∈g} z_j (Z₁'[X y])_j', q2 × (p+1)
  private readonly Rg: Float64Array[]; // Σ_{j∈g} (Z₁'[X y])_j (Z₁'[X y])_j', (p+1)²
  // --- block 2 (S)
  private readonly colPtr: Int32Array;
  private readonly rowIdx: Int32Array;
  private readonly z2z2: Float64Array; // Z₂'Z₂ on the S pattern
  private readonly bvals: Float64Array;
  private readonly tPtr: Int32Array;
  private readonly tA: Int32Array;
  private readonly tL1: Int32Array;
  private readonly tL2: Int32Array;
  private readonly diagPos: Int32Array;
  private readonly lamPtr: Int32Array;
  private readonly lamRow: Int32Array;
  private readonly lamTheta: Int32Array;
  private readonly z2xy: Float64Array; // Z₂'[X y], q2 × (p+1)
  private readonly xtxy: Float64Array;
  private readonly mvals: Float64Array;
  private readonly E: Float64Array;
  private readonly W: Float64Array;
  private readonly w: Float64Array;
  readonly RX: Float64Array;
  private readonly cbeta: Float64Array;
  theta: Float64Array = new Float64Array(0);
  last: PlsEval = { ldL2: NaN, ldRX2: NaN, r2: NaN, deviance: NaN, ok: false };

  constructor(
    readonly frame: ModelFrame,
    readonly reml: boolean,
    /** Eliminate the first scalar block in closed form when possible (default); false for the plain sparse path. */
    closedForm = true,
  ) {
    const { n, p, q, terms, X, y } = frame;
    this.n = n;
    this.p = p;
    this.q = q;
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
    this.q1 = q1;
    const q2 = q - q1;
    this.q2 = q2;
    this.theta1 = q1 > 0 ? t0.thetaOffset : -1;
    this.groupOf = groupOf;
    this.groupD = Float64Array.from(groupD);
    this.groupN = Float64Array.from(groupN);
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
    this.z1Ptr = z1Ptr;
    this.z1Idx = Int32Array.from(z1IdxA);
    this.z1Val = Float64Array.from(z1ValA);
    this.z1xy = z1xy;

    // --- pattern of S: Z₂'Z₂ ∪ pairs within each z_j (upper triangle)
    const pairs = new PairIndex(q2);
    for (let o = 0; o < n; o++)
      for (let a = o * nz2; a < (o + 1) * nz2; a++)
        for (let b = o * nz2; b < (o + 1) * nz2; b++) if (rIdx[a]! <= rIdx[b]!) pairs.set(rIdx[a]!, rIdx[b]!, 0);
    for (let j = 0; j < q1; j++)
      for (let a = z1Ptr[j]!; a < z1Ptr[j + 1]!; a++)
        for (let b = a; b < z1Ptr[j + 1]!; b++) pairs.set(this.z1Idx[a]!, this.z1Idx[b]!, 0);
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
    this.lamPtr = lamPtr;
    this.lamRow = Int32Array.from(lamRow);
    this.lamTheta = Int32Array.from(lamTheta);
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
    this.colPtr = colPtr;
    this.rowIdx = rowIdx;
    // values: Z₂'Z₂, P_g, Q_g, R_g
    const z2z2 = new Float64Array(nnz);
    for (let o = 0; o < n; o++)
      for (let a = o * nz2; a < (o + 1) * nz2; a++)
        for (let b = o * nz2; b < (o + 1) * nz2; b++)
          if (rIdx[a]! <= rIdx[b]!) z2z2[pairs.get(rIdx[a]!, rIdx[b]!)] += rVal[a]! * rVal[b]!;
    this.z2z2 = z2z2;
    this.Pg = Array.from({ length: G }, () => new Float64Array(nnz));
    this.Qg = Array.from({ length: G }, () => new Float64Array(q2 * m));
    this.Rg = Array.from({ length: G }, () => new Float64Array(m * m));
    for (let j = 0; j < q1; j++) {
      const g = groupOf[j]!;
      const P = this.Pg[g]!;
      const Q = this.Qg[g]!;
      const R = this.Rg[g]!;
      for (let a = z1Ptr[j]!; a < z1Ptr[j + 1]!; a++) {
        const ia = this.z1Idx[a]!;
        const va = this.z1Val[a]!;
        for (let b = a; b < z1Ptr[j + 1]!; b++) P[pairs.get(ia, this.z1Idx[b]!)] += va * this.z1Val[b]!;
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
            const ae = pairs.get(this.lamRow[pa]!, this.lamRow[pb]!);
            if (ae < 0) throw new Error("PlsState: Z'Z pattern not closed under Λ (internal error)");
            tA.push(ae);
            tL1.push(this.lamTheta[pa]!);
            tL2.push(this.lamTheta[pb]!);
          }
        tPtr[e + 1] = tA.length;
      }
    this.tPtr = tPtr;
    this.tA = Int32Array.from(tA);
    this.tL1 = Int32Array.from(tL1);
    this.tL2 = Int32Array.from(tL2);
    this.diagPos = diagPos;
    this.z2xy = z2xy;
    // [X y]'[X y]
    const xtxy = new Float64Array(m * m);
    for (let a = 0; a < m; a++)
      for (let b = a; b < m; b++) {
        let s = 0;
        for (let o = 0; o < n; o++) s += xy(o, a) * xy(o, b);
        xtxy[a * m + b] = s;
        xtxy[b * m + a] = s;
      }
    this.xtxy = xtxy;
    this.ldl = new SparseLdl(q2, colPtr, rowIdx);
    this.bvals = new Float64Array(nnz);
    this.mvals = new Float64Array(nnz);
    this.E = new Float64Array(q2 * m);
    this.W = new Float64Array(q2 * m);
    this.w = new Float64Array(G);
    this.RX = new Float64Array(p * p);
    this.cbeta = new Float64Array(p);
  }

  /** Frees the WASM memory of the sparse factorization. */
  dispose(): void {
    this.ldl.dispose();
  }

  /** Profiled deviance at θ; fills the caches. */
  evaluate(theta: ArrayLike<number>): PlsEval {
    const { q2, p, n, tPtr, tA, tL1, tL2, bvals, mvals, diagPos, lamPtr, lamRow, lamTheta, W, E } = this;
    this.theta = Float64Array.from(theta);
    const th = this.theta;
    const m = p + 1;
    const G = this.groupD.length;
    // first block: weights per group and its log-determinant
    let ld1 = 0;
    if (this.q1 > 0) {
      const l2 = th[this.theta1]! ** 2;
      for (let g = 0; g < G; g++) {
        const a = l2 * this.groupD[g]! + 1;
        this.w[g] = l2 / a;
        ld1 += this.groupN[g]! * Math.log(a);
      }
    }
    bvals.set(this.z2z2);
    E.set(this.z2xy);
    for (let g = 0; g < G; g++) {
      const wg = this.w[g]!;
      const P = this.Pg[g]!;
      for (let e = 0; e < bvals.length; e++) bvals[e] -= wg * P[e]!;
      const Q = this.Qg[g]!;
      for (let e = 0; e < E.length; e++) E[e] -= wg * Q[e]!;
    }
    for (let e = 0; e < mvals.length; e++) {
      let s = 0;
      for (let t = tPtr[e]!; t < tPtr[e + 1]!; t++) s += bvals[tA[t]!]! * th[tL1[t]!]! * th[tL2[t]!]!;
      mvals[e] = s;
    }
    for (let j = 0; j < q2; j++) mvals[diagPos[j]!] += 1;
    const fail: PlsEval = { ldL2: NaN, ldRX2: NaN, r2: NaN, deviance: Infinity, ok: false };
    if (!this.ldl.factor(mvals)) return (this.last = fail);
    // W = L⁻¹ Λ₂'E
    W.fill(0);
    for (let i = 0; i < q2; i++)
      for (let pa = lamPtr[i]!; pa < lamPtr[i + 1]!; pa++) {
        const a = lamRow[pa]!;
        const l = th[lamTheta[pa]!]!;
        for (let c = 0; c < m; c++) W[i * m + c] += l * E[a * m + c]!;
      }
    this.ldl.solveL(W, m);
    // S = [X y]'[X y] − Σ_g w_g R_g − W' D⁻¹ W, then its Cholesky; the last pivot² is r²
    const S = Float64Array.from(this.xtxy);
    for (let g = 0; g < G; g++) {
      const wg = this.w[g]!;
      const R = this.Rg[g]!;
      for (let e = 0; e < S.length; e++) S[e] -= wg * R[e]!;
    }
    const D = this.ldl.D;
    for (let i = 0; i < q2; i++) {
      const di = 1 / D[i]!;
      const io = i * m;
      for (let a = 0; a < m; a++) {
        const wa = W[io + a]! * di;
        if (wa === 0) continue;
        for (let b = a; b < m; b++) S[a * m + b] -= wa * W[io + b]!;
      }
    }
    for (let k = 0; k < m; k++) {
      let d = S[k * m + k]!;
      for (let j = 0; j < k; j++) d -= S[j * m + k]! ** 2;
      if (k < p && !(d > 0)) return (this.last = fail);
      const rkk = Math.sqrt(Math.max(d, 0));
      S[k * m + k] = rkk;
      for (let c = k + 1; c < m; c++) {
        let s = S[k * m + c]!;
        for (let j = 0; j < k; j++) s -= S[j * m + k]! * S[j * m + c]!;
        S[k * m + c] = rkk > 0 ? s / rkk : 0;
      }
    }
    let ldRX2 = 0;
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) this.RX[a * p + b] = b >= a ? S[a * m + b]! : 0;
      this.cbeta[a] = S[a * m + p]!;
      ldRX2 += 2 * Math.log(S[a * m + a]!);
    }
    const rpp = S[p * m + p]!;
    const r2 = rpp * rpp;
    const ldL2 = ld1 + this.ldl.logDet();
    let deviance: number;
    if (this.reml) {
      const nmp = n - p;
      deviance = ldL2 + ldRX2 + nmp * (1 + LOG2PI + Math.log(r2 / nmp));
    } else deviance = ldL2 + n * (1 + LOG2PI + Math.log(r2 / n));
    return (this.last = { ldL2, ldRX2, r2, deviance, ok: true });
  }

  /** β̂(θ) = RX⁻¹ c_β. */
  coefficients(): Float64Array {
    const { p, RX, cbeta } = this;
    const beta = new Float64Array(p);
    for (let a = p - 1; a >= 0; a--) {
      let s = cbeta[a]!;
      for (let b = a + 1; b < p; b++) s -= RX[a * p + b]! * beta[b]!;
      beta[a] = s / RX[a * p + a]!;
    }
    return beta;
  }

  /** RX⁻¹ (upper triangular, row-major p × p); Cov(β̂) = σ² RX⁻¹RX⁻ᵀ. */
  rxInverse(): Float64Array {
    const { p, RX } = this;
    const inv = new Float64Array(p * p);
    for (let c = 0; c < p; c++) {
      inv[c * p + c] = 1 / RX[c * p + c]!;
      for (let a = c - 1; a >= 0; a--) {
        let s = 0;
        for (let b = a + 1; b <= c; b++) s += RX[a * p + b]! * inv[b * p + c]!;
        inv[a * p + c] = -s / RX[a * p + a]!;
      }
    }
    return inv;
  }

  /** Σ_β/σ² = RX⁻¹RX⁻ᵀ (row-major p × p). */
  covBetaUnscaled(): Float64Array {
    const p = this.p;
    const inv = this.rxInverse();
    const out = new Float64Array(p * p);
    for (let a = 0; a < p; a++)
      for (let b = 0; b < p; b++) {
        let s = 0;
        for (let c = Math.max(a, b); c < p; c++) s += inv[a * p + c]! * inv[b * p + c]!;
        out[a * p + b] = s;
      }
    return out;
  }

  /** Λ₂x for a block-2 vector x. */
  private lambda2(x: Float64Array): Float64Array {
    const { q2, lamPtr, lamRow, lamTheta, theta } = this;
    const out = new Float64Array(q2);
    for (let i = 0; i < q2; i++) for (let pa = lamPtr[i]!; pa < lamPtr[i + 1]!; pa++) out[lamRow[pa]!] += theta[lamTheta[pa]!]! * x[i]!;
    return out;
  }

  /** Λ₂'x for a block-2 vector x. */
  private lambda2t(x: Float64Array): Float64Array {
    const { q2, lamPtr, lamRow, lamTheta, theta } = this;
    const out = new Float64Array(q2);
    for (let i = 0; i < q2; i++) {
      let s = 0;
      for (let pa = lamPtr[i]!; pa < lamPtr[i + 1]!; pa++) s += theta[lamTheta[pa]!]! * x[lamRow[pa]!]!;
      out[i] = s;
    }
    return out;
  }

  /**
   * The shared first stage of randomEffects and sampleEffects: r₁ = λ₁Z₁'(y − Xβ) for the closed-form
   * block, and Λ₂'(Z₂'(y − Xβ) − Z₂'Z₁λ₁r₁/a) for the sparse block (a_j = λ₁²d_j + 1), ready for the LDLᵀ
   * solves.
   */
  private reducedRhs(beta: Float64Array): { lam1: number; r1: Float64Array; aj: (j: number) => number; u2: Float64Array } {
    const { q1, q2, p, z1Ptr, z1Idx, z1Val, z1xy, z2xy, theta } = this;
    const m = p + 1;
    const lam1 = q1 > 0 ? theta[this.theta1]! : 0;
    // r = Λ'Z'(y − Xβ), split in blocks
    const r1 = new Float64Array(q1);
    for (let j = 0; j < q1; j++) {
      let s = z1xy[j * m + p]!;
      for (let c = 0; c < p; c++) s -= z1xy[j * m + c]! * beta[c]!;
      r1[j] = lam1 * s;
    }
    const zr = new Float64Array(q2);
    for (let i = 0; i < q2; i++) {
      let s = z2xy[i * m + p]!;
      for (let c = 0; c < p; c++) s -= z2xy[i * m + c]! * beta[c]!;
      zr[i] = s;
    }
    // subtract Z₂'Z₁ λ r1_j / a_j
    const aj = (j: number): number => lam1 * lam1 * this.groupD[this.groupOf[j]!]! + 1;
    for (let j = 0; j < q1; j++) {
      const f = (lam1 * r1[j]!) / aj(j);
      for (let a = z1Ptr[j]!; a < z1Ptr[j + 1]!; a++) zr[z1Idx[a]!] -= z1Val[a]! * f;
    }
    return { lam1, r1, aj, u2: this.lambda2t(zr) };
  }

  /** Spherical random effects u(θ) and b = Λu (internal order, first block first). */
  randomEffects(beta: Float64Array): { u: Float64Array; b: Float64Array } {
    const { q, q1, q2, z1Ptr, z1Idx, z1Val } = this;
    const { lam1, r1, aj, u2 } = this.reducedRhs(beta);
    this.ldl.solveL(u2, 1);
    const D = this.ldl.D;
    for (let i = 0; i < q2; i++) u2[i]! /= D[i]!;
    this.ldl.solveLt(u2);
    const v = this.lambda2(u2);
    const u = new Float64Array(q);
    const b = new Float64Array(q);
    for (let j = 0; j < q1; j++) {
      let s = 0;
      for (let a = z1Ptr[j]!; a < z1Ptr[j + 1]!; a++) s += z1Val[a]! * v[z1Idx[a]!]!;
      u[j] = (r1[j]! - lam1 * s) / aj(j);
      b[j] = lam1 * u[j]!;
    }
    u.set(u2, q1);
    b.set(v, q1);
    return { u, b };
  }

  /**
   * A draw of the spherical random effects from their conditional distribution given β, θ, σ
   * (Gaussian, mean as in randomEffects, covariance σ²A⁻¹): u₂ = mean₂ + σ L⁻ᵀD^{-1/2}z₂ (the marginal
   * covariance of u₂ is σ²S⁻¹), then u₁ | u₂ ~ N(a⁻¹(r₁ − A₁₂u₂), σ²a⁻¹) level by level.
   * `normal()` supplies standard normal draws. Returns b = Λu (internal order).
   */
  sampleEffects(beta: Float64Array, sigma: number, normal: () => number): Float64Array {
    const { q, q1, q2, z1Ptr, z1Idx, z1Val } = this;
    const { lam1, r1, aj, u2 } = this.reducedRhs(beta);
    this.ldl.solveL(u2, 1);
    const D = this.ldl.D;
    for (let i = 0; i < q2; i++) u2[i] = u2[i]! / D[i]! + (sigma * normal()) / Math.sqrt(D[i]!);
    this.ldl.solveLt(u2);
    const v = this.lambda2(u2);
    const b = new Float64Array(q);
    for (let j = 0; j < q1; j++) {
      let s = 0;
      for (let a = z1Ptr[j]!; a < z1Ptr[j + 1]!; a++) s += z1Val[a]! * v[z1Idx[a]!]!;
      const a = aj(j);
      const u1 = (r1[j]! - lam1 * s) / a + (sigma * normal()) / Math.sqrt(a);
      b[j] = lam1 * u1;
    }
    b.set(v, q1);
    return b;
  }

  /**
   * ‖y − Xβ − Zb‖² from the cross products formed once (no pass over the rows):
   * y'y − 2(β'X'y + b'Z'y) + β'X'Xβ + 2b'Z'Xβ + b'Z'Zb, with Z'Z = [diag(d), Z₁'Z₂; ·, Z₂'Z₂].
   * `b` in internal order (first block first), as returned by sampleEffects / randomEffects.
   */
  residualSumOfSquares(beta: Float64Array, b: Float64Array): number {
    const { q1, q2, p, z1Ptr, z1Idx, z1Val, z1xy, z2xy, xtxy, colPtr, rowIdx, z2z2 } = this;
    const m = p + 1;
    let s = xtxy[p * m + p]!;
    for (let a = 0; a < p; a++) {
      s -= 2 * beta[a]! * xtxy[a * m + p]!;
      for (let c = 0; c < p; c++) s += beta[a]! * xtxy[a * m + c]! * beta[c]!;
    }
    // first block
    for (let j = 0; j < q1; j++) {
      const bj = b[j]!;
      if (bj === 0) continue;
      let xb = 0;
      for (let c = 0; c < p; c++) xb += z1xy[j * m + c]! * beta[c]!;
      s += -2 * bj * z1xy[j * m + p]! + 2 * bj * xb + bj * bj * this.groupD[this.groupOf[j]!]!;
      let cross = 0;
      for (let a = z1Ptr[j]!; a < z1Ptr[j + 1]!; a++) cross += z1Val[a]! * b[q1 + z1Idx[a]!]!;
      s += 2 * bj * cross;
    }
    // second block
    for (let i = 0; i < q2; i++) {
      const bi = b[q1 + i]!;
      if (bi === 0) continue;
      let xb = 0;
      for (let c = 0; c < p; c++) xb += z2xy[i * m + c]! * beta[c]!;
      s += -2 * bi * z2xy[i * m + p]! + 2 * bi * xb;
    }
    for (let j = 0; j < q2; j++)
      for (let e = colPtr[j]!; e < colPtr[j + 1]!; e++) {
        const i = rowIdx[e]!;
        const v = z2z2[e]! * b[q1 + i]! * b[q1 + j]!;
        s += i === j ? v : 2 * v;
      }
    return s;
  }

  /** y'D⁻¹y with y = L⁻¹x for a sparse x (indices, values): nonzeros of y lie on the tree paths. */
  private sparseQuad(idx: number[], val: number[], work: Float64Array, mark: Int32Array, stamp: number): number {
    const { parent, Lp, Li, Lx, D } = this.ldl;
    const nodes: number[] = [];
    for (let a = 0; a < idx.length; a++) {
      for (let k = idx[a]!; k !== -1 && mark[k] !== stamp; k = parent[k]!) {
        mark[k] = stamp;
        nodes.push(k);
        work[k] = 0;
      }
    }
    for (let a = 0; a < idx.length; a++) work[idx[a]!] += val[a]!;
    nodes.sort((x, y) => x - y);
    let s = 0;
    for (const k of nodes) {
      const xk = work[k]!;
      if (xk !== 0) for (let pp = Lp[k]!; pp < Lp[k + 1]!; pp++) work[Li[pp]!] -= Lx[pp]! * xk;
      s += (xk * xk) / D[k]!;
    }
    for (const k of nodes) work[k] = 0;
    return s;
  }

  /**
   * Diagonal blocks (one k × k block per level of each term) of Λ (Λ'Z'ZΛ + I)⁻¹ Λ', the
   * conditional covariance of b given y divided by σ² (lme4's condVar). Block 2 from S⁻¹ by
   * tree-path solves; the first block from [A⁻¹]_jj = 1/a_j + g_j'S⁻¹g_j / a_j², g_j = λΛ₂'z_j.
   */
  condVarBlocks(): Float64Array[] {
    const { frame, q1, q2, theta, z1Ptr, z1Idx, z1Val } = this;
    const D = this.ldl.D;
    const work = new Float64Array(q2);
    const mark = new Int32Array(q2).fill(-1);
    let stamp = 0;
    return frame.terms.map((t, ti) => {
      const k = t.k;
      const out = new Float64Array(t.levels.length * k * k);
      if (ti === 0 && q1 > 0) {
        const lam1 = theta[this.theta1]!;
        // transpose of the Λ₂ structure: for row r, the columns i with Λ[r, i] ≠ 0
        const cnt = new Int32Array(q2 + 1);
        for (let pa = 0; pa < this.lamRow.length; pa++) cnt[this.lamRow[pa]! + 1]!++;
        for (let r = 0; r < q2; r++) cnt[r + 1] += cnt[r]!;
        const lamT = { ptr: cnt, col: new Int32Array(this.lamRow.length), theta: new Int32Array(this.lamRow.length) };
        const fillT = cnt.slice(0, q2);
        for (let i = 0; i < q2; i++)
          for (let pa = this.lamPtr[i]!; pa < this.lamPtr[i + 1]!; pa++) {
            const r = this.lamRow[pa]!;
            lamT.col[fillT[r]!] = i;
            lamT.theta[fillT[r]!] = this.lamTheta[pa]!;
            fillT[r]!++;
          }
        for (let j = 0; j < q1; j++) {
          // g_j = λ Λ₂'z_j: row r of Λ₂ reaches the columns listed in the transposed structure
          const gx = new Map<number, number>();
          for (let a = z1Ptr[j]!; a < z1Ptr[j + 1]!; a++) {
            const r = z1Idx[a]!;
            const xr = lam1 * z1Val[a]!;
            for (let pt = lamT.ptr[r]!; pt < lamT.ptr[r + 1]!; pt++) {
              const i = lamT.col[pt]!;
              gx.set(i, (gx.get(i) ?? 0) + theta[lamT.theta[pt]!]! * xr);
            }
          }
          const a = lam1 * lam1 * this.groupD[this.groupOf[j]!]! + 1;
          const quad = this.sparseQuad([...gx.keys()], [...gx.values()], work, mark, stamp++);
          out[j] = lam1 * lam1 * (1 / a + quad / (a * a));
        }
        return out;
      }
      const T = new Float64Array(k * k);
      for (let c = 0; c < k; c++) for (let r = c; r < k; r++) T[r * k + c] = theta[t.thetaOffset + thetaIndex(k, r, c)]!;
      for (let g = 0; g < t.levels.length; g++) {
        const paths = [];
        for (let c = 0; c < k; c++) paths.push(this.ldl.unitSolvePath(t.offset - q1 + g * k + c, work));
        const Ai = new Float64Array(k * k);
        for (let a = 0; a < k; a++)
          for (let b = a; b < k; b++) {
            const pa = paths[a]!;
            const pb = paths[b]!;
            for (let x = 0; x < pa.idx.length; x++) work[pa.idx[x]!] = pa.val[x]!;
            let s = 0;
            for (let x = 0; x < pb.idx.length; x++) s += (work[pb.idx[x]!]! * pb.val[x]!) / D[pb.idx[x]!]!;
            for (let x = 0; x < pa.idx.length; x++) work[pa.idx[x]!] = 0;
            Ai[a * k + b] = s;
            Ai[b * k + a] = s;
          }
        for (let a = 0; a < k; a++)
          for (let b = 0; b < k; b++) {
            let s = 0;
            for (let c = 0; c < k; c++) for (let d = 0; d < k; d++) s += T[a * k + c]! * Ai[c * k + d]! * T[b * k + d]!;
            out[g * k * k + a * k + b] = s;
          }
      }
      return out;
    });
  }
}
