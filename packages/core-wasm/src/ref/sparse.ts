// Plain-TS reference of assembly/sparse.ts (same algorithm, same API as src/sparse.ts):
// numeric sparse LDLᵀ on a pattern analysed once (T. A. Davis 2005, ACM TOMS 31(4):587–591).
import type { LdlStructure } from '../sparse.js';

export class SparseLdlNumeric {
  readonly n: number;
  private readonly Lx: Float64Array;
  private readonly Li: Int32Array;
  private readonly D: Float64Array;
  private readonly Y: Float64Array;
  private readonly fill: Int32Array;
  constructor(readonly s: LdlStructure) {
    this.n = s.n;
    this.Lx = new Float64Array(s.Lp[s.n]!);
    this.Li = new Int32Array(s.Lp[s.n]!);
    this.D = new Float64Array(s.n);
    this.Y = new Float64Array(s.n);
    this.fill = new Int32Array(s.n);
  }
  /** Numeric factorization of the values on the analysed pattern; false if not positive definite. */
  factor(values: ArrayLike<number>): boolean {
    const { colPtr, rowIdx, Lp, rowPtr, rowIdxL } = this.s;
    const { n, Li, Lx, D, Y, fill } = this;
    fill.fill(0);
    for (let k = 0; k < n; k++) {
      for (let p = colPtr[k]!; p < colPtr[k + 1]!; p++) Y[rowIdx[p]!] += values[p]!;
      let d = Y[k]!;
      Y[k] = 0;
      for (let t = rowPtr[k]!; t < rowPtr[k + 1]!; t++) {
        const i = rowIdxL[t]!;
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
  pivots(): Float64Array {
    return this.D.slice();
  }
  factorL(): { Li: Int32Array; Lx: Float64Array } {
    return { Li: this.Li.slice(), Lx: this.Lx.slice() };
  }
  solveL(x: Float64Array, m: number): void {
    const { Lp } = this.s;
    const { n, Li, Lx } = this;
    for (let j = 0; j < n; j++) {
      const jo = j * m;
      for (let p = Lp[j]!; p < Lp[j + 1]!; p++) {
        const io = Li[p]! * m;
        const l = Lx[p]!;
        for (let c = 0; c < m; c++) x[io + c] -= l * x[jo + c]!;
      }
    }
  }
  solveLt(x: Float64Array): void {
    const { Lp } = this.s;
    const { n, Li, Lx } = this;
    for (let j = n - 1; j >= 0; j--) {
      let s = x[j]!;
      for (let p = Lp[j]!; p < Lp[j + 1]!; p++) s -= Lx[p]! * x[Li[p]!]!;
      x[j] = s;
    }
  }
  dispose(): void {}
}
