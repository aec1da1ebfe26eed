// Sparse LDLᵀ numeric factorization and triangular solves (pointers are byte offsets into linear
// memory). Up-looking algorithm of T. A. Davis (2005), "Algorithm 849: A concise sparse Cholesky
// factorization package", ACM TOMS 31(4):587–591, with the row patterns of L precomputed by the
// symbolic analysis (done once, in TS: packages/stats/src/lmm/sparse-ldl.ts), so each numeric
// refactorization only walks fixed index lists. Unchecked: the TS wrapper in src/sparse.ts validates.
// Arrays: colPtr (n+1, i32), rowIdx (i32) and values (f64) hold the upper triangle of A column by
// column; Lp (n+1, i32), Li (i32), Lx (f64) receive L (strictly lower, unit diagonal implied),
// D (n, f64) the pivots; rowPtr (n+1, i32) / rowIdxL (i32) the row patterns of L in topological
// order; Y (n, f64, zeroed) and fill (n, i32) are work arrays.

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}
// @ts-ignore: decorator
@inline function li(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline function si(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}

/** Numeric LDLᵀ; returns 0 on success, k+1 if the pivot of column k is not positive. */
export function ldlFactor(
  n: i32,
  colPtr: usize,
  rowIdx: usize,
  values: usize,
  Lp: usize,
  Li: usize,
  Lx: usize,
  D: usize,
  rowPtr: usize,
  rowIdxL: usize,
  Y: usize,
  fill: usize,
): i32 {
  memory.fill(fill, 0, <usize>n << 2);
  for (let k = 0; k < n; k++) {
    const pEnd = li(colPtr, k + 1);
    for (let p = li(colPtr, k); p < pEnd; p++) {
      const r = li(rowIdx, p);
      st(Y, r, ld(Y, r) + ld(values, p));
    }
    let d = ld(Y, k);
    st(Y, k, 0.0);
    const tEnd = li(rowPtr, k + 1);
    for (let t = li(rowPtr, k); t < tEnd; t++) {
      const i = li(rowIdxL, t);
      const yi = ld(Y, i);
      st(Y, i, 0.0);
      const p0 = li(Lp, i);
      const p2 = p0 + li(fill, i);
      for (let p = p0; p < p2; p++) {
        const r = li(Li, p);
        st(Y, r, ld(Y, r) - ld(Lx, p) * yi);
      }
      const lki = yi / ld(D, i);
      d -= lki * yi;
      si(Li, p2, k);
      st(Lx, p2, lki);
      si(fill, i, li(fill, i) + 1);
    }
    if (!(d > 0.0)) {
      memory.fill(Y, 0, <usize>n << 3);
      return k + 1;
    }
    st(D, k, d);
  }
  return 0;
}

/** x ← L⁻¹x for m right-hand sides stored row-major (x[i*m + c]). */
export function ldlSolveL(n: i32, Lp: usize, Li: usize, Lx: usize, x: usize, m: i32): void {
  for (let j = 0; j < n; j++) {
    const jo = j * m;
    const pEnd = li(Lp, j + 1);
    for (let p = li(Lp, j); p < pEnd; p++) {
      const io = li(Li, p) * m;
      const l = ld(Lx, p);
      for (let c = 0; c < m; c++) st(x, io + c, ld(x, io + c) - l * ld(x, jo + c));
    }
  }
}

/** x ← L⁻ᵀx (one right-hand side). */
export function ldlSolveLt(n: i32, Lp: usize, Li: usize, Lx: usize, x: usize): void {
  for (let j = n - 1; j >= 0; j--) {
    let s = ld(x, j);
    const pEnd = li(Lp, j + 1);
    for (let p = li(Lp, j); p < pEnd; p++) s -= ld(Lx, p) * ld(x, li(Li, p));
    st(x, j, s);
  }
}
