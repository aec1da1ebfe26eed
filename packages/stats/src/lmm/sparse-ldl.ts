// Sparse LDLᵀ factorization with a symbolic analysis done once and a numeric refactorization per θ.
// Up-looking algorithm of T. A. Davis (2005), "Algorithm 849: A concise sparse Cholesky
// factorization package", ACM TOMS 31(4):587–591 (LDL): elimination tree, row patterns by tree
// reach, column counts. The matrix is given as the upper triangle in compressed-column form
// (column j holds rows i ≤ j, diagonal included); the elimination order is the storage order (the
// model frame orders the random-effect columns so that this order creates little fill-in).
//
// Call order: `new SparseLdl(n, colPtr, rowIdx)` once, then `factor(values)` for each θ, then the
// solves, which use the last factorization.

export class SparseLdl {
  readonly n: number;
  readonly parent: Int32Array;
  /** Column pointers of L (strictly lower, unit diagonal implied). */
  readonly Lp: Int32Array;
  readonly Li: Int32Array;
  readonly Lx: Float64Array;
  readonly D: Float64Array;
  /** Row patterns of L (row k: the columns i < k with L[k,i] ≠ 0) in topological order. */
  private readonly rowPtr: Int32Array;
  private readonly rowIdx: Int32Array;
  private readonly Y: Float64Array;
  private readonly fill: Int32Array;

  constructor(
    n: number,
    readonly colPtr: Int32Array,
    readonly rowIdxA: Int32Array,
  ) {
    this.n = n;
    const parent = new Int32Array(n).fill(-1);
    const flag = new Int32Array(n);
    const lnz = new Int32Array(n);
    const pattern = new Int32Array(n);
    const rowLists: Int32Array[] = [];
    let total = 0;
    for (let k = 0; k < n; k++) {
      flag[k] = k;
      let top = n;
      for (let p = colPtr[k]!; p < colPtr[k + 1]!; p++) {
        let i = rowIdxA[p]!;
        if (i > k) throw new Error('SparseLdl: expected the upper triangle');
        let len = 0;
        const stack: number[] = [];
        for (; flag[i] !== k; i = parent[i]!) {
          if (parent[i] === -1) parent[i] = k;
          lnz[i]!++;
          flag[i] = k;
          stack.push(i);
          len++;
        }
        while (len > 0) pattern[--top] = stack[--len]!;
      }
      const row = pattern.slice(top, n);
      rowLists.push(row);
      total += row.length;
    }
    this.parent = parent;
    this.Lp = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) this.Lp[k + 1] = this.Lp[k]! + lnz[k]!;
    this.Li = new Int32Array(this.Lp[n]!);
    this.Lx = new Float64Array(this.Lp[n]!);
    this.D = new Float64Array(n);
    this.rowPtr = new Int32Array(n + 1);
    this.rowIdx = new Int32Array(total);
    let off = 0;
    for (let k = 0; k < n; k++) {
      this.rowPtr[k] = off;
      this.rowIdx.set(rowLists[k]!, off);
      off += rowLists[k]!.length;
    }
    this.rowPtr[n] = off;
    this.Y = new Float64Array(n);
    this.fill = new Int32Array(n);
  }

  /** Number of stored off-diagonal entries of L. */
  get nnzL(): number {
    return this.Lp[this.n]!;
  }

  /** Numeric factorization of the matrix with the analysed pattern; returns false if not positive definite. */
  factor(values: Float64Array): boolean {
    const { n, colPtr, rowIdxA, Lp, Li, Lx, D, Y, fill, rowPtr, rowIdx } = this;
    fill.fill(0);
    for (let k = 0; k < n; k++) {
      for (let p = colPtr[k]!; p < colPtr[k + 1]!; p++) Y[rowIdxA[p]!] += values[p]!;
      let d = Y[k]!;
      Y[k] = 0;
      for (let t = rowPtr[k]!; t < rowPtr[k + 1]!; t++) {
        const i = rowIdx[t]!;
        const yi = Y[i]!;
        Y[i] = 0;
        const p0 = Lp[i]!;
        const p2 = p0 + fill[i]!;
        for (let p = p0; p < p2; p++) Y[Li[p]!] -= Lx[p]! * yi;
        const lki = yi / D[i]!;
        d -= lki * yi;
        Li[p2] = k;
        Lx[p2] = lki;
        fill[i]!++;
      }
      if (!(d > 0)) {
        Y.fill(0);
        return false;
      }
      D[k] = d;
    }
    return true;
  }

  /** log det of the factored matrix = Σ log D_k. */
  logDet(): number {
    let s = 0;
    for (let k = 0; k < this.n; k++) s += Math.log(this.D[k]!);
    return s;
  }

  /** In place: x ← L⁻¹x for m right-hand sides stored row-major (x[i*m + c]). */
  solveL(x: Float64Array, m: number): void {
    const { n, Lp, Li, Lx } = this;
    if (m === 1) {
      for (let j = 0; j < n; j++) {
        const xj = x[j]!;
        if (xj === 0) continue;
        for (let p = Lp[j]!; p < Lp[j + 1]!; p++) x[Li[p]!] -= Lx[p]! * xj;
      }
      return;
    }
    for (let j = 0; j < n; j++) {
      const jo = j * m;
      for (let p = Lp[j]!; p < Lp[j + 1]!; p++) {
        const io = Li[p]! * m;
        const l = Lx[p]!;
        for (let c = 0; c < m; c++) x[io + c] -= l * x[jo + c]!;
      }
    }
  }

  /** In place: x ← L⁻ᵀx (one right-hand side). */
  solveLt(x: Float64Array): void {
    const { n, Lp, Li, Lx } = this;
    for (let j = n - 1; j >= 0; j--) {
      let s = x[j]!;
      for (let p = Lp[j]!; p < Lp[j + 1]!; p++) s -= Lx[p]! * x[Li[p]!]!;
      x[j] = s;
    }
  }

  /**
   * The nonzeros of L⁻¹e_j: they lie on the elimination-tree path from j to the root (Gilbert 1994).
   * Returns the path and the values along it; `work` is a zeroed length-n buffer, left zeroed.
   */
  unitSolvePath(j: number, work: Float64Array): { idx: number[]; val: number[] } {
    const { Lp, Li, Lx, parent } = this;
    const idx: number[] = [];
    work[j] = 1;
    for (let k = j; k !== -1; k = parent[k]!) {
      idx.push(k);
      const xk = work[k]!;
      if (xk !== 0) for (let p = Lp[k]!; p < Lp[k + 1]!; p++) work[Li[p]!] -= Lx[p]! * xk;
    }
    const val = idx.map((k) => work[k]!);
    for (const k of idx) work[k] = 0;
    return { idx, val };
  }
}
