// Dense linear algebra for the CFA stages, over core-wasm's kernels (kernels-tetra: SIMD matmul /
// crossprod, Cholesky, SPD inverse, Jacobi eigen). Row-major Float64Array throughout.
import { choleskyBlocked as wasmCholesky, choleskySolve, crossprod, matmul, NotPositiveDefiniteError, spdInverse as wasmSpdInverse, symEigen, luSolve, SingularMatrixError } from '@cartograph/core-wasm';

export { matmul, crossprod, symEigen };

/** Lower Cholesky factor (core-wasm's row-blocked kernel), or null when not positive definite. */
export function choleskyOrNull(n: number, a: Float64Array): Float64Array | null {
  try {
    return wasmCholesky(a, n);
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) return null;
    throw e;
  }
}

/** Solves (L L′) x = b for one right-hand side. */
export function cholSolve(n: number, l: Float64Array, b: Float64Array): Float64Array {
  return choleskySolve(l, b, n, 1);
}

/** Inverse of an SPD matrix, or null if not positive definite. */
export function spdInverse(n: number, a: Float64Array): Float64Array | null {
  try {
    return wasmSpdInverse(a, n);
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) return null;
    throw e;
  }
}

/** Inverse of a general square matrix (LU), or null if singular. */
export function inverse(n: number, a: Float64Array): Float64Array | null {
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  try {
    return luSolve(a, eye, n, n);
  } catch (e) {
    if (e instanceof SingularMatrixError) return null;
    throw e;
  }
}

/** Eigenvalues of a symmetric matrix, ascending. */
export function symmetricEigenvalues(n: number, a: Float64Array): Float64Array {
  return Float64Array.from(symEigen(a, n).values);
}

/** Moore–Penrose inverse of a symmetric matrix via its eigen-decomposition (default tolerance as MASS::ginv: √ε relative to the largest |eigenvalue|). */
export function symmetricPinv(n: number, a: Float64Array, relTol = Math.sqrt(2.220446049250313e-16)): Float64Array {
  const { values, vectors } = symEigen(a, n);
  const vmax = Math.max(...Array.from(values, Math.abs));
  const tol = relTol * vmax;
  const out = new Float64Array(n * n);
  for (let e = 0; e < n; e++) {
    const lam = values[e]!;
    if (Math.abs(lam) <= tol) continue;
    for (let i = 0; i < n; i++) {
      const vi = vectors[i * n + e]! / lam;
      for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + vi * vectors[j * n + e]!;
    }
  }
  return out;
}

/**
 * Orthonormal basis of the orthogonal complement of the column space of H (r × c, rank c), as the
 * last r − c columns of the full Q of a Householder QR (lavaan's lav_matrix_orthogonal_complement).
 * Returned row-major r × (r − c).
 */
export function orthogonalComplement(r: number, c: number, h: Float64Array): Float64Array {
  const a = Float64Array.from(h);
  const vs: Float64Array[] = [];
  for (let k = 0; k < c; k++) {
    let norm = 0;
    for (let i = k; i < r; i++) norm += a[i * c + k]! ** 2;
    norm = Math.sqrt(norm);
    const v = new Float64Array(r);
    if (norm === 0) {
      vs.push(v);
      continue;
    }
    const alpha = a[k * c + k]! > 0 ? -norm : norm;
    for (let i = k; i < r; i++) v[i] = a[i * c + k]!;
    v[k] = v[k]! - alpha;
    let vn = 0;
    for (let i = k; i < r; i++) vn += v[i]! ** 2;
    if (vn === 0) {
      vs.push(new Float64Array(r));
      continue;
    }
    for (let j = k; j < c; j++) {
      let s = 0;
      for (let i = k; i < r; i++) s += v[i]! * a[i * c + j]!;
      const f = (2 * s) / vn;
      for (let i = k; i < r; i++) a[i * c + j] = a[i * c + j]! - f * v[i]!;
    }
    for (let i = 0; i < r; i++) v[i] = v[i]! / Math.sqrt(vn / 2);
    vs.push(v); // reflector I − v v′ (v scaled so that ‖v‖² = 2)
  }
  const m = r - c;
  const out = new Float64Array(r * m);
  for (let col = 0; col < m; col++) {
    // Q e_{c+col} = H_1 H_2 … H_c e_{c+col}
    const x = new Float64Array(r);
    x[c + col] = 1;
    for (let k = c - 1; k >= 0; k--) {
      const v = vs[k]!;
      let s = 0;
      for (let i = 0; i < r; i++) s += v[i]! * x[i]!;
      for (let i = 0; i < r; i++) x[i] = x[i]! - s * v[i]!;
    }
    for (let i = 0; i < r; i++) out[i * m + col] = x[i]!;
  }
  return out;
}
