// Stage 3b of the mixed-model fit: penalized least squares and the profiled deviance at a θ, on the
// structure analysed once per model (pls-structure.ts, stage 3a).
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
import { analysePls, type PlsStructure } from './pls-structure.js';
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

/** The numeric state of the PLS system: the factorization and the caches of the last θ evaluated. */
export class PlsState {
  /** The θ-independent structure (analysed once per model). */
  readonly s: PlsStructure;
  readonly n: number;
  readonly p: number;
  readonly q: number;
  readonly ldl: SparseLdl;
  private readonly bvals: Float64Array;
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
    /** A structure already analysed for this frame (e.g. shared between REML and ML states). */
    structure?: PlsStructure,
  ) {
    const s = structure ?? analysePls(frame, closedForm);
    this.s = s;
    this.n = s.n;
    this.p = s.p;
    this.q = s.q;
    const m = s.p + 1;
    const nnz = s.rowIdx.length;
    this.ldl = new SparseLdl(s.q2, s.colPtr, s.rowIdx);
    this.bvals = new Float64Array(nnz);
    this.mvals = new Float64Array(nnz);
    this.E = new Float64Array(s.q2 * m);
    this.W = new Float64Array(s.q2 * m);
    this.w = new Float64Array(s.groupD.length);
    this.RX = new Float64Array(s.p * s.p);
    this.cbeta = new Float64Array(s.p);
  }


  /** Frees the WASM memory of the sparse factorization. */
  dispose(): void {
    this.ldl.dispose();
  }

  /** Profiled deviance at θ; fills the caches. */
  evaluate(theta: ArrayLike<number>): PlsEval {
    const { p, n, bvals, mvals, W, E } = this;
    const { q2, tPtr, tA, tL1, tL2, diagPos, lamPtr, lamRow, lamTheta } = this.s;
    this.theta = Float64Array.from(theta);
    const th = this.theta;
    const m = p + 1;
    const G = this.s.groupD.length;
    // first block: weights per group and its log-determinant
    let ld1 = 0;
    if (this.s.q1 > 0) {
      const l2 = th[this.s.theta1]! ** 2;
      for (let g = 0; g < G; g++) {
        const a = l2 * this.s.groupD[g]! + 1;
        this.w[g] = l2 / a;
        ld1 += this.s.groupN[g]! * Math.log(a);
      }
    }
    bvals.set(this.s.z2z2);
    E.set(this.s.z2xy);
    for (let g = 0; g < G; g++) {
      const wg = this.w[g]!;
      const P = this.s.Pg[g]!;
      for (let e = 0; e < bvals.length; e++) bvals[e] -= wg * P[e]!;
      const Q = this.s.Qg[g]!;
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
    const S = Float64Array.from(this.s.xtxy);
    for (let g = 0; g < G; g++) {
      const wg = this.w[g]!;
      const R = this.s.Rg[g]!;
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

  /** Λ₂x for a block-2 vector x (at the θ of the last evaluation). */
  lambda2(x: Float64Array): Float64Array {
    const { theta } = this;
    const { q2, lamPtr, lamRow, lamTheta } = this.s;
    const out = new Float64Array(q2);
    for (let i = 0; i < q2; i++) for (let pa = lamPtr[i]!; pa < lamPtr[i + 1]!; pa++) out[lamRow[pa]!] += theta[lamTheta[pa]!]! * x[i]!;
    return out;
  }

  /** Λ₂'x for a block-2 vector x. */
  private lambda2t(x: Float64Array): Float64Array {
    const { theta } = this;
    const { q2, lamPtr, lamRow, lamTheta } = this.s;
    const out = new Float64Array(q2);
    for (let i = 0; i < q2; i++) {
      let s = 0;
      for (let pa = lamPtr[i]!; pa < lamPtr[i + 1]!; pa++) s += theta[lamTheta[pa]!]! * x[lamRow[pa]!]!;
      out[i] = s;
    }
    return out;
  }

  /**
   * The shared first stage of randomEffects and of the Gibbs sampler's draws (gtheory/gibbs-effects.ts): r₁ = λ₁Z₁'(y − Xβ) for the closed-form
   * block, and Λ₂'(Z₂'(y − Xβ) − Z₂'Z₁λ₁r₁/a) for the sparse block (a_j = λ₁²d_j + 1), ready for the LDLᵀ
   * solves.
   */
  reducedRhs(beta: Float64Array): { lam1: number; r1: Float64Array; aj: (j: number) => number; u2: Float64Array } {
    const { p, theta } = this;
    const { q1, q2, z1Ptr, z1Idx, z1Val, z1xy, z2xy } = this.s;
    const m = p + 1;
    const lam1 = q1 > 0 ? theta[this.s.theta1]! : 0;
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
    const aj = (j: number): number => lam1 * lam1 * this.s.groupD[this.s.groupOf[j]!]! + 1;
    for (let j = 0; j < q1; j++) {
      const f = (lam1 * r1[j]!) / aj(j);
      for (let a = z1Ptr[j]!; a < z1Ptr[j + 1]!; a++) zr[z1Idx[a]!] -= z1Val[a]! * f;
    }
    return { lam1, r1, aj, u2: this.lambda2t(zr) };
  }

  /** Spherical random effects u(θ) and b = Λu (internal order, first block first). */
  randomEffects(beta: Float64Array): { u: Float64Array; b: Float64Array } {
    const { q } = this;
    const { q1, q2, z1Ptr, z1Idx, z1Val } = this.s;
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
    const { frame, theta } = this;
    const { q1, q2, z1Ptr, z1Idx, z1Val } = this.s;
    const D = this.ldl.D;
    const work = new Float64Array(q2);
    const mark = new Int32Array(q2).fill(-1);
    let stamp = 0;
    return frame.terms.map((t, ti) => {
      const k = t.k;
      const out = new Float64Array(t.levels.length * k * k);
      if (ti === 0 && q1 > 0) {
        const lam1 = theta[this.s.theta1]!;
        // transpose of the Λ₂ structure: for row r, the columns i with Λ[r, i] ≠ 0
        const cnt = new Int32Array(q2 + 1);
        for (let pa = 0; pa < this.s.lamRow.length; pa++) cnt[this.s.lamRow[pa]! + 1]!++;
        for (let r = 0; r < q2; r++) cnt[r + 1] += cnt[r]!;
        const lamT = { ptr: cnt, col: new Int32Array(this.s.lamRow.length), theta: new Int32Array(this.s.lamRow.length) };
        const fillT = cnt.slice(0, q2);
        for (let i = 0; i < q2; i++)
          for (let pa = this.s.lamPtr[i]!; pa < this.s.lamPtr[i + 1]!; pa++) {
            const r = this.s.lamRow[pa]!;
            lamT.col[fillT[r]!] = i;
            lamT.theta[fillT[r]!] = this.s.lamTheta[pa]!;
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
          const a = lam1 * lam1 * this.s.groupD[this.s.groupOf[j]!]! + 1;
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
