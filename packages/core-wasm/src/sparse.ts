// Checked wrapper over assembly/sparse.ts: a sparse LDLᵀ whose pattern (and its symbolic analysis)
// lives in WASM memory across many numeric refactorizations — one per θ inside the mixed-model
// optimizer. Call `dispose()` when done. Same API as ref/sparse.ts.
import { allocBytes, f64View, freePtr, i32View, wasm } from './loader.js';
import { ShapeError } from './errors.js';

/** Pattern of A (upper triangle, by column) and the symbolic analysis of L. */
export interface LdlStructure {
  n: number;
  colPtr: Int32Array;
  rowIdx: Int32Array;
  /** Column pointers of L (strictly lower). */
  Lp: Int32Array;
  /** Row patterns of L in topological order (row k: rowIdxL[rowPtr[k] .. rowPtr[k+1])). */
  rowPtr: Int32Array;
  rowIdxL: Int32Array;
}

interface SparseExports {
  ldlFactor(n: number, colPtr: number, rowIdx: number, values: number, Lp: number, Li: number, Lx: number, D: number, rowPtr: number, rowIdxL: number, Y: number, fill: number): number;
  ldlSolveL(n: number, Lp: number, Li: number, Lx: number, x: number, m: number): void;
  ldlSolveLt(n: number, Lp: number, Li: number, Lx: number, x: number): void;
}
const k = (): SparseExports => wasm() as unknown as SparseExports;

function checkStructure(s: LdlStructure): void {
  const { n } = s;
  if (!(Number.isInteger(n) && n >= 0)) throw new ShapeError(`sparse LDL: n = ${n}`);
  if (s.colPtr.length !== n + 1 || s.Lp.length !== n + 1 || s.rowPtr.length !== n + 1) throw new ShapeError('sparse LDL: pointer arrays must have n + 1 entries');
  if (s.rowIdx.length !== s.colPtr[n] || s.rowIdxL.length !== s.rowPtr[n] || s.rowIdxL.length !== s.Lp[n])
    throw new ShapeError('sparse LDL: index arrays do not match their pointers');
  for (let j = 0; j < n; j++)
    for (let p = s.colPtr[j]!; p < s.colPtr[j + 1]!; p++) {
      const i = s.rowIdx[p]!;
      if (i < 0 || i > j) throw new ShapeError(`sparse LDL: entry (${i}, ${j}) is not in the upper triangle`);
    }
}

export class SparseLdlNumeric {
  readonly n: number;
  private readonly nnzA: number;
  private readonly nnzL: number;
  private ptrs: Record<string, number>;
  constructor(readonly s: LdlStructure) {
    checkStructure(s);
    this.n = s.n;
    this.nnzA = s.colPtr[s.n]!;
    this.nnzL = s.Lp[s.n]!;
    const n = s.n;
    const i32 = (a: Int32Array): number => {
      const p = allocBytes(a.length * 4);
      i32View(p, a.length).set(a);
      return p;
    };
    this.ptrs = {
      colPtr: i32(s.colPtr),
      rowIdx: i32(s.rowIdx),
      Lp: i32(s.Lp),
      rowPtr: i32(s.rowPtr),
      rowIdxL: i32(s.rowIdxL),
      values: allocBytes(this.nnzA * 8),
      Li: allocBytes(this.nnzL * 4),
      Lx: allocBytes(this.nnzL * 8),
      D: allocBytes(n * 8),
      Y: allocBytes(n * 8),
      fill: allocBytes(n * 4),
      x: 0,
    };
    f64View(this.ptrs.Y!, n).fill(0);
  }
  private p(name: string): number {
    const v = this.ptrs[name];
    if (v === undefined) throw new Error('core-wasm: SparseLdlNumeric used after dispose()');
    return v;
  }
  /** Numeric factorization of the values on the analysed pattern; false if not positive definite. */
  factor(values: ArrayLike<number>): boolean {
    if (values.length !== this.nnzA) throw new ShapeError(`sparse LDL: ${values.length} values for ${this.nnzA} pattern entries`);
    f64View(this.p('values'), this.nnzA).set(values);
    const info = k().ldlFactor(this.n, this.p('colPtr'), this.p('rowIdx'), this.p('values'), this.p('Lp'), this.p('Li'), this.p('Lx'), this.p('D'), this.p('rowPtr'), this.p('rowIdxL'), this.p('Y'), this.p('fill'));
    return info === 0;
  }
  /** The pivots D of the last factorization (a copy). */
  pivots(): Float64Array {
    return f64View(this.p('D'), this.n).slice();
  }
  /** L of the last factorization (copies; column pointers are the structure's Lp). */
  factorL(): { Li: Int32Array; Lx: Float64Array } {
    return { Li: i32View(this.p('Li'), this.nnzL).slice(), Lx: f64View(this.p('Lx'), this.nnzL).slice() };
  }
  private scratch(len: number): number {
    if (this.ptrs.x === 0 || (this.ptrs.xLen ?? 0) < len) {
      if (this.ptrs.x) freePtr(this.ptrs.x);
      this.ptrs.x = allocBytes(Math.max(1, len) * 8);
      this.ptrs.xLen = len;
    }
    return this.ptrs.x!;
  }
  /** In place: x ← L⁻¹x for m right-hand sides stored row-major (x[i*m + c]). */
  solveL(x: Float64Array, m: number): void {
    if (x.length !== this.n * m) throw new ShapeError(`sparse LDL solve: ${x.length} values for ${this.n} × ${m}`);
    const px = this.scratch(x.length);
    f64View(px, x.length).set(x);
    k().ldlSolveL(this.n, this.p('Lp'), this.p('Li'), this.p('Lx'), px, m);
    x.set(f64View(px, x.length));
  }
  /** In place: x ← L⁻ᵀx. */
  solveLt(x: Float64Array): void {
    if (x.length !== this.n) throw new ShapeError(`sparse LDL solve: ${x.length} values for n = ${this.n}`);
    const px = this.scratch(x.length);
    f64View(px, x.length).set(x);
    k().ldlSolveLt(this.n, this.p('Lp'), this.p('Li'), this.p('Lx'), px);
    x.set(f64View(px, x.length));
  }
  dispose(): void {
    for (const [name, v] of Object.entries(this.ptrs)) if (name !== 'xLen' && v) freePtr(v);
    this.ptrs = {};
  }
}
