// Sparse LDLᵀ factorization with a symbolic analysis done once and a numeric refactorization per θ.
// Up-looking algorithm of T. A. Davis (2005), "Algorithm 849: A concise sparse Cholesky
// factorization package", ACM TOMS 31(4):587–591 (LDL): elimination tree, row patterns by tree
// reach, column counts. The matrix is given as the upper triangle in compressed-column form
// (column j holds rows i ≤ j, diagonal included); the elimination order is the storage order (the
// model frame orders the random-effect columns so that this order creates little fill-in).
//
// The symbolic analysis is done here once; the numeric refactorization and the solves run in the
// WebAssembly kernel of core-wasm (assembly/sparse.ts), where the pattern stays between calls.
// Call order: `new SparseLdl(n, colPtr, rowIdx)` once, then `factor(values)` for each θ, then the
// solves, which use the last factorization; `dispose()` frees the WASM memory.
import { SparseLdlNumeric } from '@cartograph/core-wasm';

export class SparseLdl {
  readonly n: number;
  readonly parent: Int32Array;
  /** Column pointers of L (strictly lower, unit diagonal implied). */
  readonly Lp: Int32Array;
  /** Pivots of the last factorization. */
  D: Float64Array;
  private readonly num: SparseLdlNumeric;
  private lcache: { Li: Int32Array; Lx: Float64Array } | null = null;

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
    const stack = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      flag[k] = k;
      let top = n;
      for (let p = colPtr[k]!; p < colPtr[k + 1]!; p++) {
        let i = rowIdxA[p]!;
        if (i > k) throw new Error('SparseLdl: expected the upper triangle');
        let len = 0;
        for (; flag[i] !== k; i = parent[i]!) {
          if (parent[i] === -1) parent[i] = k;
          lnz[i]!++;
          flag[i] = k;
          stack[len++] = i;
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
    const rowPtr = new Int32Array(n + 1);
    const rowIdxL = new Int32Array(total);
    let off = 0;
    for (let k = 0; k < n; k++) {
      rowPtr[k] = off;
      rowIdxL.set(rowLists[k]!, off);
      off += rowLists[k]!.length;
    }
    rowPtr[n] = off;
    this.num = new SparseLdlNumeric({ n, colPtr, rowIdx: rowIdxA, Lp: this.Lp, rowPtr, rowIdxL });
    this.D = new Float64Array(n);
  }

  /** Number of stored off-diagonal entries of L. */
  get nnzL(): number {
    return this.Lp[this.n]!;
  }

  /** Numeric factorization of the matrix with the analysed pattern; returns false if not positive definite. */
  factor(values: Float64Array): boolean {
    this.lcache = null;
    const ok = this.num.factor(values);
    this.D = ok ? this.num.pivots() : new Float64Array(this.n).fill(NaN);
    return ok;
  }

  /** L of the last factorization (row indices and values by column, Lp as pointers). */
  get Li(): Int32Array {
    return (this.lcache ??= this.num.factorL()).Li;
  }
  get Lx(): Float64Array {
    return (this.lcache ??= this.num.factorL()).Lx;
  }

  /** log det of the factored matrix = Σ log D_k. */
  logDet(): number {
    let s = 0;
    for (let k = 0; k < this.n; k++) s += Math.log(this.D[k]!);
    return s;
  }

  /** In place: x ← L⁻¹x for m right-hand sides stored row-major (x[i*m + c]). */
  solveL(x: Float64Array, m: number): void {
    if (this.n > 0) this.num.solveL(x, m);
  }

  /** In place: x ← L⁻ᵀx (one right-hand side). */
  solveLt(x: Float64Array): void {
    if (this.n > 0) this.num.solveLt(x);
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

  /** Frees the WASM memory of the factorization. */
  dispose(): void {
    this.num.dispose();
  }
}
