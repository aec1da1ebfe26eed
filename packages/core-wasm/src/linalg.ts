// Checked wrappers over the dense linear-algebra kernels in assembly/linalg.ts.
// All matrices are row-major Float64Array; inputs are never modified (they are copied into WASM
// memory, which is freed before returning). Same API as ref/linalg.ts.
import { wasm, withScratch, i32View, F64Handle, type Scratch } from './loader.js';
import { NotPositiveDefiniteError, SingularMatrixError, ShapeError, checkDim, checkLen } from './errors.js';

interface LinalgExports {
  matmul(m: number, k: number, n: number, a: number, b: number, c: number): void;
  crossprod(rows: number, cols: number, a: number, c: number): void;
  cholesky(n: number, a: number, l: number): number;
  choleskyBlocked(n: number, a: number, l: number): number;
  triSolve(n: number, t: number, b: number, nrhs: number, lower: number, trans: number, unit: number): void;
  choleskySolve(n: number, l: number, b: number, nrhs: number): void;
  spdInverse(n: number, a: number, work: number, out: number): number;
  luDecompose(n: number, a: number, piv: number): number;
  luSolve(n: number, lu: number, piv: number, b: number, nrhs: number): void;
  symEigen(n: number, a: number, values: number, vectors: number, work: number): number;
}
const k = (): LinalgExports => wasm() as unknown as LinalgExports;

/** C = A·B for A m×k and B k×n (row-major); returns C (m×n). */
export function matmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, kk: number, n: number): Float64Array {
  checkDim('matmul m', m);
  checkDim('matmul k', kk);
  checkDim('matmul n', n);
  checkLen('matmul A', a, m * kk);
  checkLen('matmul B', b, kk * n);
  if (m * n === 0) return new Float64Array(0);
  return withScratch((s) => {
    const pa = s.in(a);
    const pb = s.in(b);
    const pc = s.f64(m * n);
    k().matmul(m, kk, n, pa, pb, pc);
    return s.out(pc, m * n);
  });
}

/** AᵀA (cols×cols) for A rows×cols (symmetric rank-k update). */
export function crossprod(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  checkDim('crossprod rows', rows);
  checkDim('crossprod cols', cols);
  checkLen('crossprod A', a, rows * cols);
  if (cols === 0) return new Float64Array(0);
  return withScratch((s) => {
    const pa = s.in(a);
    const pc = s.f64(cols * cols);
    k().crossprod(rows, cols, pa, pc);
    return s.out(pc, cols * cols);
  });
}
/** Alias of `crossprod` (BLAS name). */
export const syrk = crossprod;

function cholInto(s: Scratch, a: ArrayLike<number>, n: number): number {
  const pl = s.in(a);
  const info = k().cholesky(n, pl, pl);
  if (info !== 0) throw new NotPositiveDefiniteError(info - 1, s.out(pl + (info - 1) * (n + 1) * 8, 1)[0]!);
  return pl;
}

/**
 * `cholesky` by the row-blocked kernel (four rows against two columns of L per pass; about 2–3× faster at
 * n in the hundreds, same result up to the summation order of the dots). Throws NotPositiveDefiniteError.
 */
export function choleskyBlocked(a: ArrayLike<number>, n: number): Float64Array {
  checkDim('choleskyBlocked n', n);
  checkLen('choleskyBlocked A', a, n * n);
  if (n === 0) return new Float64Array(0);
  return withScratch((s) => {
    const pl = s.in(a);
    const info = k().choleskyBlocked(n, pl, pl);
    if (info !== 0) throw new NotPositiveDefiniteError(info - 1, s.out(pl + (info - 1) * (n + 1) * 8, 1)[0]!);
    return s.out(pl, n * n);
  });
}

/** Lower Cholesky factor L of a symmetric positive-definite A (only the lower triangle is read). Throws NotPositiveDefiniteError. */
export function cholesky(a: ArrayLike<number>, n: number): Float64Array {
  checkDim('cholesky n', n);
  checkLen('cholesky A', a, n * n);
  if (n === 0) return new Float64Array(0);
  return withScratch((s) => s.out(cholInto(s, a, n), n * n));
}

export interface TriSolveOptions {
  /** T is lower triangular (default true) or upper. */
  lower?: boolean;
  /** Solve Tᵀ X = B instead of T X = B (default false). */
  trans?: boolean;
  /** Treat the diagonal as ones (default false). */
  unitDiag?: boolean;
}

/** Solves op(T) X = B for triangular T (n×n), B n×nrhs; returns X. */
export function triSolve(t: ArrayLike<number>, b: ArrayLike<number>, n: number, nrhs: number, opts: TriSolveOptions = {}): Float64Array {
  checkDim('triSolve n', n);
  checkDim('triSolve nrhs', nrhs);
  checkLen('triSolve T', t, n * n);
  checkLen('triSolve B', b, n * nrhs);
  if (n * nrhs === 0) return new Float64Array(0);
  return withScratch((s) => {
    const pt = s.in(t);
    const pb = s.in(b);
    k().triSolve(n, pt, pb, nrhs, opts.lower ?? true ? 1 : 0, opts.trans ? 1 : 0, opts.unitDiag ? 1 : 0);
    return s.out(pb, n * nrhs);
  });
}

/** Solves (L Lᵀ) X = B given the lower Cholesky factor L; B n×nrhs. */
export function choleskySolve(l: ArrayLike<number>, b: ArrayLike<number>, n: number, nrhs: number): Float64Array {
  checkDim('choleskySolve n', n);
  checkDim('choleskySolve nrhs', nrhs);
  checkLen('choleskySolve L', l, n * n);
  checkLen('choleskySolve B', b, n * nrhs);
  if (n * nrhs === 0) return new Float64Array(0);
  return withScratch((s) => {
    const pl = s.in(l);
    const pb = s.in(b);
    k().choleskySolve(n, pl, pb, nrhs);
    return s.out(pb, n * nrhs);
  });
}

/** Solves A X = B for symmetric positive-definite A (Cholesky). Throws NotPositiveDefiniteError. */
export function spdSolve(a: ArrayLike<number>, b: ArrayLike<number>, n: number, nrhs: number): Float64Array {
  checkDim('spdSolve n', n);
  checkLen('spdSolve A', a, n * n);
  checkLen('spdSolve B', b, n * nrhs);
  if (n * nrhs === 0) return new Float64Array(0);
  return withScratch((s) => {
    const pl = cholInto(s, a, n);
    const pb = s.in(b);
    k().choleskySolve(n, pl, pb, nrhs);
    return s.out(pb, n * nrhs);
  });
}

/** Inverse of a symmetric positive-definite A (Cholesky; result exactly symmetric). Throws NotPositiveDefiniteError. */
export function spdInverse(a: ArrayLike<number>, n: number): Float64Array {
  checkDim('spdInverse n', n);
  checkLen('spdInverse A', a, n * n);
  if (n === 0) return new Float64Array(0);
  return withScratch((s) => {
    const pa = s.in(a);
    const pw = s.f64(n * n);
    const po = s.f64(n * n);
    const info = k().spdInverse(n, pa, pw, po);
    if (info !== 0) throw new NotPositiveDefiniteError(info - 1, s.out(pw + (info - 1) * (n + 1) * 8, 1)[0]!);
    return s.out(po, n * n);
  });
}

export interface LuFactors {
  /** n×n: unit-lower L strictly below the diagonal, U on and above. */
  lu: Float64Array;
  /** piv[i] = row swapped with row i at step i (LAPACK-style, 0-based). */
  piv: Int32Array;
  /** 0-based column of the first exactly-zero pivot, or −1. */
  singularAt: number;
  /** Sign of the permutation (±1), so det(A) = sign · Π U_ii. */
  sign: number;
}

/** LU decomposition with partial pivoting, A = P L U. Does not throw on singular A (see `singularAt`). */
export function luDecompose(a: ArrayLike<number>, n: number): LuFactors {
  checkDim('luDecompose n', n);
  checkLen('luDecompose A', a, n * n);
  if (n === 0) return { lu: new Float64Array(0), piv: new Int32Array(0), singularAt: -1, sign: 1 };
  return withScratch((s) => {
    const pa = s.in(a);
    const pp = s.i32(n);
    const info = k().luDecompose(n, pa, pp);
    const piv = i32View(pp, n).slice();
    let sign = 1;
    for (let i = 0; i < n; i++) if (piv[i] !== i) sign = -sign;
    return { lu: s.out(pa, n * n), piv, singularAt: info - 1, sign };
  });
}

/** Solves A X = B by LU with partial pivoting; B n×nrhs. Throws SingularMatrixError on a zero pivot. */
export function luSolve(a: ArrayLike<number>, b: ArrayLike<number>, n: number, nrhs: number): Float64Array {
  checkDim('luSolve n', n);
  checkDim('luSolve nrhs', nrhs);
  checkLen('luSolve A', a, n * n);
  checkLen('luSolve B', b, n * nrhs);
  if (n * nrhs === 0) return new Float64Array(0);
  return withScratch((s) => {
    const pa = s.in(a);
    const pp = s.i32(n);
    const info = k().luDecompose(n, pa, pp);
    if (info !== 0) throw new SingularMatrixError(info - 1);
    const pb = s.in(b);
    k().luSolve(n, pa, pp, pb, nrhs);
    return s.out(pb, n * nrhs);
  });
}

export interface SymEigen {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** n×n row-major; COLUMN j (vectors[i*n + j], i = 0..n−1) is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

/** Eigendecomposition of a symmetric matrix (Householder tridiagonalisation + implicit QL, EISPACK tred2/tql2; symmetry is checked to 1e-10 relative). */
export function symEigen(a: ArrayLike<number>, n: number): SymEigen {
  checkDim('symEigen n', n);
  checkLen('symEigen A', a, n * n);
  checkSymmetric(a, n);
  if (n === 0) return { values: new Float64Array(0), vectors: new Float64Array(0) };
  return withScratch((s) => {
    const pa = s.in(a);
    const pv = s.f64(n);
    const pw = s.f64(n * n);
    const pe = s.f64(n);
    const iters = k().symEigen(n, pa, pv, pw, pe);
    if (iters < 0) throw new Error('symEigen: QL iteration did not converge (60 iterations for one eigenvalue)');
    return { values: s.out(pv, n), vectors: s.out(pw, n * n) };
  });
}

export function checkSymmetric(a: ArrayLike<number>, n: number): void {
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++)
      if (!(Math.abs(a[i * n + j]! - a[j * n + i]!) <= 1e-10 * scale))
        throw new ShapeError(`symEigen: matrix is not symmetric at (${i}, ${j})`);
}

// ---- Zero-copy forms on F64Handle (matrices that live in WASM memory across many calls) ----

function needLen(name: string, h: F64Handle, n: number): void {
  if (h.length < n) throw new ShapeError(`${name}: handle holds ${h.length} doubles, needs ${n}`);
}

/** out = A·B on handles (no copies); `out` must not be `a` or `b`. */
export function matmulInto(a: F64Handle, b: F64Handle, out: F64Handle, m: number, kk: number, n: number): void {
  needLen('matmulInto A', a, m * kk);
  needLen('matmulInto B', b, kk * n);
  needLen('matmulInto C', out, m * n);
  if (out === a || out === b) throw new ShapeError('matmulInto: out must not alias an input');
  k().matmul(m, kk, n, a.ptr, b.ptr, out.ptr);
}

/** out = AᵀA on handles (no copies). */
export function crossprodInto(a: F64Handle, out: F64Handle, rows: number, cols: number): void {
  needLen('crossprodInto A', a, rows * cols);
  needLen('crossprodInto C', out, cols * cols);
  if (out === a) throw new ShapeError('crossprodInto: out must not alias the input');
  k().crossprod(rows, cols, a.ptr, out.ptr);
}

/** Cholesky in place: the handle's A becomes L. Throws NotPositiveDefiniteError (A is then partly overwritten). */
export function choleskyInPlace(a: F64Handle, n: number): void {
  needLen('choleskyInPlace A', a, n * n);
  const info = k().cholesky(n, a.ptr, a.ptr);
  if (info !== 0) throw new NotPositiveDefiniteError(info - 1, a.view()[(info - 1) * (n + 1)]!);
}

/** Solves (L Lᵀ) X = B in place on handles. */
export function choleskySolveInPlace(l: F64Handle, b: F64Handle, n: number, nrhs: number): void {
  needLen('choleskySolveInPlace L', l, n * n);
  needLen('choleskySolveInPlace B', b, n * nrhs);
  k().choleskySolve(n, l.ptr, b.ptr, nrhs);
}
