// Typed errors of the checked kernel wrappers (shared by the WASM wrappers and the TS references).

/** Thrown by Cholesky-based routines: the leading minor of order `pivot + 1` is not positive. */
export class NotPositiveDefiniteError extends Error {
  constructor(
    /** 0-based index of the failing pivot. */
    readonly pivot: number,
    /** A_jj − Σ_p L_jp² at the failing pivot (≤ 0 or NaN). */
    readonly value: number,
  ) {
    super(`matrix is not positive definite: pivot ${pivot} is ${value}`);
    this.name = 'NotPositiveDefiniteError';
  }
}

/** Thrown by LU solves when a pivot is exactly zero. */
export class SingularMatrixError extends Error {
  constructor(readonly pivot: number) {
    super(`matrix is singular: zero pivot at column ${pivot}`);
    this.name = 'SingularMatrixError';
  }
}

/** Bad shapes or lengths passed to a kernel wrapper. */
export class ShapeError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'ShapeError';
  }
}

export function checkLen(name: string, arr: ArrayLike<number>, want: number): void {
  if (arr.length !== want) throw new ShapeError(`${name}: expected ${want} elements, got ${arr.length}`);
}
export function checkDim(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new ShapeError(`${name}: dimension must be a non-negative integer, got ${v}`);
}
