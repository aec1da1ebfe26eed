// Dense inverses and solves over core-wasm's kernels (row-major Float64Array, n × n): Cholesky for
// symmetric positive-definite matrices, LU with partial pivoting otherwise. The one place the estimators
// get an inverse from (no hand-written Gauss–Jordan elsewhere).
import { luDecompose } from '@cartograph/core-wasm';
import { NotPositiveDefiniteError, SingularMatrixError, wasmLuSolve, wasmSpdInverse, wasmSpdSolve } from './kernels.js';

/** Inverse of a symmetric positive-definite matrix (Cholesky), or null when it is not positive definite. */
export function inverseSpd(a: ArrayLike<number>, n: number): Float64Array | null {
  try {
    return wasmSpdInverse(a, n);
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) return null;
    throw e;
  }
}

/** Solves A X = B (B n × nrhs, row-major) for symmetric positive-definite A, or null when A is not. */
export function solveSpd(a: ArrayLike<number>, b: ArrayLike<number>, n: number, nrhs = 1): Float64Array | null {
  try {
    return wasmSpdSolve(a, b, n, nrhs);
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) return null;
    throw e;
  }
}

export interface SingularityOptions {
  /**
   * A pivot |U_kk| ≤ pivotTol · max_i |A_ii| counts as zero (default 1e-12; 0 = only exact zeros), the
   * rule the Gauss–Jordan inverses of irt/ used.
   */
  pivotTol?: number;
}

function numericallySingular(a: ArrayLike<number>, n: number, pivotTol: number): boolean {
  const { lu, singularAt } = luDecompose(a, n);
  if (singularAt >= 0) return true;
  if (pivotTol <= 0) return false;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + i]!));
  const tol = pivotTol * Math.max(scale, 1e-300);
  for (let i = 0; i < n; i++) if (!(Math.abs(lu[i * n + i]!) > tol)) return true;
  return false;
}

/** Solves A X = B by LU with partial pivoting, or null when A is (numerically) singular. */
export function solve(a: ArrayLike<number>, b: ArrayLike<number>, n: number, nrhs = 1, opts: SingularityOptions = {}): Float64Array | null {
  if (n === 0) return new Float64Array(0);
  if (numericallySingular(a, n, opts.pivotTol ?? 1e-12)) return null;
  try {
    return wasmLuSolve(a, b, n, nrhs);
  } catch (e) {
    if (e instanceof SingularMatrixError) return null;
    throw e;
  }
}

/** Inverse of a general square matrix (LU with partial pivoting), or null when it is (numerically) singular. */
export function inverse(a: ArrayLike<number>, n: number, opts: SingularityOptions = {}): Float64Array | null {
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  return solve(a, eye, n, n, opts);
}
