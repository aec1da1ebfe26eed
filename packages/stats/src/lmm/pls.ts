// Stage 3 of the mixed-model fit: penalized least squares and the profiled deviance.
// Bates, Mächler, Bolker & Walker (2015), JSS 67(1), section 3: with b = Λθ u, u ~ N(0, σ²I),
//   [Λ'Z'ZΛ + I   Λ'Z'X] [u]   [Λ'Z'y]
//   [X'ZΛ         X'X  ] [β] = [X'y  ],
// the sparse block factored as L D Lᵀ (sparse-ldl.ts, pattern analysed once), RX the Cholesky
// factor of the Schur complement X'X − X'ZΛ(Λ'Z'ZΛ+I)⁻¹Λ'Z'X, and the penalized residual sum of
// squares r²(θ) = y'y − c_u'c_u − c_β'c_β (eq. 3.9–3.17). Profiled deviances (eq. 3.16, 3.19–3.21):
//   ML:   log|LDLᵀ| + n (1 + log(2π r²/n))
//   REML: log|LDLᵀ| + log|RX|² + (n−p)(1 + log(2π r²/(n−p)))
// The cross products Z'Z, Z'X, Z'y, X'X, X'y, y'y are formed once, so one evaluation costs a
// sparse numeric refactorization and p+1 triangular solves, not a pass over the n rows.
//
// Call order: `evaluate(θ)` fills the caches that `coefficients()`, `randomEffects()`,
// `condVarDiagBlocks()` and `covBetaUnscaled()` read.
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

export class PlsState {
  readonly n: number;
  readonly p: number;
  readonly q: number;
  readonly ldl: SparseLdl;
  private readonly colPtr: Int32Array;
  private readonly ztz: Float64Array;
  /** Triplets giving each stored entry of Λ'Z'ZΛ: out entry range → (A entry, θ index, θ index). */
  private readonly tPtr: Int32Array;
  private readonly tA: Int32Array;
  private readonly tL1: Int32Array;
  private readonly tL2: Int32Array;
  private readonly diagPos: Int32Array;
  /** Λ columns: for internal column i, rows a with Λ[a,i] ≠ 0 and the θ index of that entry. */
  private readonly lamPtr: Int32Array;
  private readonly lamRow: Int32Array;
  private readonly lamTheta: Int32Array;
  /** Z'[X y], row-major q × (p+1). */
  private readonly ztxy: Float64Array;
  /** [X y]'[X y], (p+1) × (p+1) row-major. */
  private readonly xtxy: Float64Array;
  private readonly mvals: Float64Array;
  /** W = L⁻¹ Λ'Z'[X y] (row-major q × (p+1)) after evaluate. */
  private readonly W: Float64Array;
  /** RX (upper, p × p row-major) after evaluate. */
  readonly RX: Float64Array;
  /** c_β after evaluate. */
  private readonly cbeta: Float64Array;
  theta: Float64Array = new Float64Array(0);
  last: PlsEval = { ldL2: NaN, ldRX2: NaN, r2: NaN, deviance: NaN, ok: false };

  constructor(
    readonly frame: ModelFrame,
    readonly reml: boolean,
  ) {
    const { n, p, q, terms, X, y } = frame;
    this.n = n;
    this.p = p;
    this.q = q;
    const m = p + 1;
    // --- Z'Z pattern and values (upper triangle, key = col * q + row)
    const nzPerRow = terms.reduce((s, t) => s + t.k, 0);
    const rIdx = new Int32Array(nzPerRow);
    const rVal = new Float64Array(nzPerRow);
    const acc = new Map<number, number>();
    const ztxy = new Float64Array(q * m);
    for (let o = 0; o < n; o++) {
      let c = 0;
      for (const t of terms) {
        const base = t.offset + t.codes[o]! * t.k;
        for (let j = 0; j < t.k; j++) {
          rIdx[c] = base + j;
          rVal[c] = t.z[o * t.k + j]!;
          c++;
        }
      }
      for (let a = 0; a < nzPerRow; a++) {
        const ia = rIdx[a]!;
        const va = rVal[a]!;
        for (let b = 0; b < nzPerRow; b++) {
          const ib = rIdx[b]!;
          if (ib < ia) continue;
          const key = ib * q + ia;
          acc.set(key, (acc.get(key) ?? 0) + va * rVal[b]!);
        }
        for (let j = 0; j < p; j++) ztxy[ia * m + j] += va * X[j * n + o]!;
        ztxy[ia * m + p] += va * y[o]!;
      }
    }
    const keys = Float64Array.from(acc.keys()).sort();
    const nnz = keys.length;
    const colPtr = new Int32Array(q + 1);
    const rowIdx = new Int32Array(nnz);
    const ztz = new Float64Array(nnz);
    const pos = new Map<number, number>();
    for (let e = 0; e < nnz; e++) {
      const key = keys[e]!;
      const col = Math.floor(key / q);
      rowIdx[e] = key - col * q;
      colPtr[col + 1]!++;
      ztz[e] = acc.get(key)!;
      pos.set(key, e);
    }
    for (let j = 0; j < q; j++) colPtr[j + 1] += colPtr[j]!;
    this.colPtr = colPtr;
    this.ztz = ztz;
    // --- Λ structure (lme4's Lind): column i of term t, level g, local column c has rows
    // offset + g k + r for r ≥ c with value θ[thetaOffset + thetaIndex(k, r, c)]
    const lamPtr = new Int32Array(q + 1);
    const lamRow: number[] = [];
    const lamTheta: number[] = [];
    const termOf = new Int32Array(q);
    terms.forEach((t, ti) => {
      for (let g = 0; g < t.levels.length; g++)
        for (let c = 0; c < t.k; c++) {
          const i = t.offset + g * t.k + c;
          termOf[i] = ti;
          for (let r = c; r < t.k; r++) {
            lamRow.push(t.offset + g * t.k + r);
            lamTheta.push(t.thetaOffset + thetaIndex(t.k, r, c));
          }
          lamPtr[i + 1] = lamRow.length;
        }
    });
    this.lamPtr = lamPtr;
    this.lamRow = Int32Array.from(lamRow);
    this.lamTheta = Int32Array.from(lamTheta);
    // --- triplets: (Λ'AΛ)[i,j] = Σ_a Σ_b Λ[a,i] A[a,b] Λ[b,j]
    const tPtr = new Int32Array(nnz + 1);
    const tA: number[] = [];
    const tL1: number[] = [];
    const tL2: number[] = [];
    const diagPos = new Int32Array(q);
    for (let j = 0; j < q; j++)
      for (let e = colPtr[j]!; e < colPtr[j + 1]!; e++) {
        const i = rowIdx[e]!;
        if (i === j) diagPos[j] = e;
        for (let pa = lamPtr[i]!; pa < lamPtr[i + 1]!; pa++)
          for (let pb = lamPtr[j]!; pb < lamPtr[j + 1]!; pb++) {
            const a = this.lamRow[pa]!;
            const b = this.lamRow[pb]!;
            const key = Math.max(a, b) * q + Math.min(a, b);
            const ae = pos.get(key);
            if (ae === undefined) throw new Error('PlsState: Z\'Z pattern not closed under Λ (internal error)');
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
    this.ztxy = ztxy;
    // --- [X y]'[X y]
    const xtxy = new Float64Array(m * m);
    const col = (j: number): Float64Array => (j < p ? X.subarray(j * n, (j + 1) * n) : y);
    for (let a = 0; a < m; a++)
      for (let b = a; b < m; b++) {
        const ca = col(a);
        const cb = col(b);
        let s = 0;
        for (let o = 0; o < n; o++) s += ca[o]! * cb[o]!;
        xtxy[a * m + b] = s;
        xtxy[b * m + a] = s;
      }
    this.xtxy = xtxy;
    this.ldl = new SparseLdl(q, colPtr, rowIdx);
    this.mvals = new Float64Array(nnz);
    this.W = new Float64Array(q * m);
    this.RX = new Float64Array(p * p);
    this.cbeta = new Float64Array(p);
  }

  /** Profiled deviance at θ; fills the caches. */
  evaluate(theta: ArrayLike<number>): PlsEval {
    const { q, p, n, tPtr, tA, tL1, tL2, ztz, mvals, diagPos, lamPtr, lamRow, lamTheta, ztxy, W } = this;
    this.theta = Float64Array.from(theta);
    const th = this.theta;
    const m = p + 1;
    for (let e = 0; e < mvals.length; e++) {
      let s = 0;
      for (let t = tPtr[e]!; t < tPtr[e + 1]!; t++) s += ztz[tA[t]!]! * th[tL1[t]!]! * th[tL2[t]!]!;
      mvals[e] = s;
    }
    for (let j = 0; j < q; j++) mvals[diagPos[j]!] += 1;
    const fail: PlsEval = { ldL2: NaN, ldRX2: NaN, r2: NaN, deviance: Infinity, ok: false };
    if (!this.ldl.factor(mvals)) return (this.last = fail);
    // W = L⁻¹ Λ'Z'[X y]
    W.fill(0);
    for (let i = 0; i < q; i++)
      for (let pa = lamPtr[i]!; pa < lamPtr[i + 1]!; pa++) {
        const a = lamRow[pa]!;
        const l = th[lamTheta[pa]!]!;
        for (let c = 0; c < m; c++) W[i * m + c] += l * ztxy[a * m + c]!;
      }
    this.ldl.solveL(W, m);
    // S = [X y]'[X y] − W' D⁻¹ W, then Cholesky of its X block; the last pivot² is r²
    const S = Float64Array.from(this.xtxy);
    const D = this.ldl.D;
    for (let i = 0; i < q; i++) {
      const di = 1 / D[i]!;
      const io = i * m;
      for (let a = 0; a < m; a++) {
        const wa = W[io + a]! * di;
        if (wa === 0) continue;
        for (let b = a; b < m; b++) S[a * m + b] -= wa * W[io + b]!;
      }
    }
    // upper Cholesky S = R'R in place (row-major, upper triangle)
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
    const ldL2 = this.ldl.logDet();
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

  /** Spherical random effects u(θ) and b = Λu (internal order). */
  randomEffects(beta: Float64Array): { u: Float64Array; b: Float64Array } {
    const { q, p, W, lamPtr, lamRow, lamTheta, theta } = this;
    const m = p + 1;
    const D = this.ldl.D;
    const u = new Float64Array(q);
    for (let i = 0; i < q; i++) {
      let s = W[i * m + p]!;
      for (let j = 0; j < p; j++) s -= W[i * m + j]! * beta[j]!;
      u[i] = s / D[i]!;
    }
    this.ldl.solveLt(u);
    const b = new Float64Array(q);
    for (let i = 0; i < q; i++)
      for (let pa = lamPtr[i]!; pa < lamPtr[i + 1]!; pa++) b[lamRow[pa]!] += theta[lamTheta[pa]!]! * u[i]!;
    return { u, b };
  }

  /**
   * Diagonal blocks (one k × k block per level of each term) of Λ (Λ'Z'ZΛ + I)⁻¹ Λ', the
   * conditional covariance of b given y divided by σ² (lme4's condVar). Entries of the inverse
   * come from L⁻¹e_j, whose nonzeros lie on the elimination-tree path of j.
   */
  condVarBlocks(): Float64Array[] {
    const { frame, q, theta } = this;
    const D = this.ldl.D;
    const work = new Float64Array(q);
    return frame.terms.map((t) => {
      const k = t.k;
      const out = new Float64Array(t.levels.length * k * k);
      const T = new Float64Array(k * k);
      for (let c = 0; c < k; c++) for (let r = c; r < k; r++) T[r * k + c] = theta[t.thetaOffset + thetaIndex(k, r, c)]!;
      for (let g = 0; g < t.levels.length; g++) {
        const paths = [];
        for (let c = 0; c < k; c++) paths.push(this.ldl.unitSolvePath(t.offset + g * k + c, work));
        // Ainv block: (L⁻¹e_a)' D⁻¹ (L⁻¹e_b)
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
        // T Ai T'
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
