// Dense linear algebra on row-major f64 matrices (pointers are byte offsets into linear memory).
// Unchecked kernels: the TS wrappers in src/linalg.ts validate shapes. Algorithms: Golub & Van Loan,
// "Matrix Computations" (4th ed.): blocked GEMM/SYRK (§1.3), Cholesky (Alg. 4.2.1), triangular
// solves (§3.1), LU with partial pivoting (Alg. 3.4.1), symmetric eigenproblem by tred2/tql2 (§8.3).

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

// y[0..n) += s0*x0 + s1*x1 + s2*x2 + s3*x3, SIMD two lanes at a time.
function axpy4(n: i32, y: usize, s0: f64, x0: usize, s1: f64, x1: usize, s2: f64, x2: usize, s3: f64, x3: usize): void {
  const v0 = f64x2.splat(s0);
  const v1 = f64x2.splat(s1);
  const v2 = f64x2.splat(s2);
  const v3 = f64x2.splat(s3);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    let acc = v128.load(y + o);
    acc = f64x2.add(acc, f64x2.mul(v0, v128.load(x0 + o)));
    acc = f64x2.add(acc, f64x2.mul(v1, v128.load(x1 + o)));
    acc = f64x2.add(acc, f64x2.mul(v2, v128.load(x2 + o)));
    acc = f64x2.add(acc, f64x2.mul(v3, v128.load(x3 + o)));
    v128.store(y + o, acc);
  }
  for (; j < n; j++) {
    store<f64>(at(y, j), load<f64>(at(y, j)) + s0 * load<f64>(at(x0, j)) + s1 * load<f64>(at(x1, j)) + s2 * load<f64>(at(x2, j)) + s3 * load<f64>(at(x3, j)));
  }
}

// y[0..n) += s*x
function axpy1(n: i32, y: usize, s: f64, x: usize): void {
  const v = f64x2.splat(s);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(v, v128.load(x + o))));
  }
  for (; j < n; j++) store<f64>(at(y, j), load<f64>(at(y, j)) + s * load<f64>(at(x, j)));
}

// Σ x[i]*y[i], SIMD
function dot(n: i32, x: usize, y: usize): f64 {
  let acc = f64x2.splat(0.0);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    acc = f64x2.add(acc, f64x2.mul(v128.load(x + o), v128.load(y + o)));
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; j < n; j++) s += load<f64>(at(x, j)) * load<f64>(at(y, j));
  return s;
}

const PANEL: i32 = 64;

/** C (m×n) = A (m×k) · B (k×n). C must not alias A or B. */
export function matmul(m: i32, k: i32, n: i32, a: usize, b: usize, c: usize): void {
  memory.fill(c, 0, <usize>m * <usize>n * 8);
  // Panels of PANEL rows of B stay in cache while every row of C is updated (rank-4 SIMD updates).
  for (let p0 = 0; p0 < k; p0 += PANEL) {
    const p1 = min(p0 + PANEL, k);
    for (let i = 0; i < m; i++) {
      const ci = c + ((<usize>i * <usize>n) << 3);
      const ai = a + ((<usize>i * <usize>k) << 3);
      let p = p0;
      for (; p + 4 <= p1; p += 4) {
        axpy4(
          n, ci,
          load<f64>(at(ai, p)), b + ((<usize>p * <usize>n) << 3),
          load<f64>(at(ai, p + 1)), b + ((<usize>(p + 1) * <usize>n) << 3),
          load<f64>(at(ai, p + 2)), b + ((<usize>(p + 2) * <usize>n) << 3),
          load<f64>(at(ai, p + 3)), b + ((<usize>(p + 3) * <usize>n) << 3),
        );
      }
      for (; p < p1; p++) axpy1(n, ci, load<f64>(at(ai, p)), b + ((<usize>p * <usize>n) << 3));
    }
  }
}

/** C (cols×cols) = Aᵀ A for A (rows×cols): symmetric rank-k update, upper triangle then mirrored. */
export function crossprod(rows: i32, cols: i32, a: usize, c: usize): void {
  memory.fill(c, 0, <usize>cols * <usize>cols * 8);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const r0 = a + ((<usize>r * <usize>cols) << 3);
    const r1 = r0 + ((<usize>cols) << 3);
    const r2 = r1 + ((<usize>cols) << 3);
    const r3 = r2 + ((<usize>cols) << 3);
    for (let i = 0; i < cols; i++) {
      const ci = c + ((<usize>i * <usize>cols + <usize>i) << 3);
      const o = <usize>i << 3;
      axpy4(cols - i, ci, load<f64>(r0 + o), r0 + o, load<f64>(r1 + o), r1 + o, load<f64>(r2 + o), r2 + o, load<f64>(r3 + o), r3 + o);
    }
  }
  for (; r < rows; r++) {
    const r0 = a + ((<usize>r * <usize>cols) << 3);
    for (let i = 0; i < cols; i++) {
      const o = <usize>i << 3;
      axpy1(cols - i, c + ((<usize>i * <usize>cols + <usize>i) << 3), load<f64>(r0 + o), r0 + o);
    }
  }
  for (let i = 0; i < cols; i++)
    for (let j = 0; j < i; j++) store<f64>(at(c, i * cols + j), load<f64>(at(c, j * cols + i)));
}

/**
 * Cholesky A = L Lᵀ (lower L written to `l`, strict upper zeroed; `l` may alias `a`).
 * Returns 0 on success, else (index of the failing pivot + 1); the failing pivot's value
 * (A_jj − Σ L_jp²) is left in l[j, j].
 */
export function cholesky(n: i32, a: usize, l: usize): i32 {
  for (let i = 0; i < n; i++) {
    const li = l + ((<usize>i * <usize>n) << 3);
    const ai = a + ((<usize>i * <usize>n) << 3);
    for (let j = 0; j <= i; j++) {
      const lj = l + ((<usize>j * <usize>n) << 3);
      const s = load<f64>(at(ai, j)) - dot(j, li, lj);
      if (i == j) {
        if (!(s > 0.0)) {
          store<f64>(at(li, i), s);
          return i + 1;
        }
        store<f64>(at(li, i), Math.sqrt(s));
      } else {
        store<f64>(at(li, j), s / load<f64>(at(lj, j)));
      }
    }
    for (let j = i + 1; j < n; j++) store<f64>(at(li, j), 0.0);
  }
  return 0;
}

// Results of dot42 (row r, column c → g_rc).
let g00: f64 = 0, g01: f64 = 0, g10: f64 = 0, g11: f64 = 0, g20: f64 = 0, g21: f64 = 0, g30: f64 = 0, g31: f64 = 0;

// Dots of four rows x0..x3 with two rows y0, y1 over [0, n): eight independent SIMD accumulators, and each
// y loaded once for four rows (the plain dot is bound by one accumulator's add latency and two loads per FMA).
function dot42(n: i32, x0: usize, x1: usize, x2: usize, x3: usize, y0: usize, y1: usize): void {
  let a00 = f64x2.splat(0.0), a01 = f64x2.splat(0.0), a10 = f64x2.splat(0.0), a11 = f64x2.splat(0.0);
  let a20 = f64x2.splat(0.0), a21 = f64x2.splat(0.0), a30 = f64x2.splat(0.0), a31 = f64x2.splat(0.0);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    const u0 = v128.load(y0 + o);
    const u1 = v128.load(y1 + o);
    const v0 = v128.load(x0 + o);
    const v1 = v128.load(x1 + o);
    const v2 = v128.load(x2 + o);
    const v3 = v128.load(x3 + o);
    a00 = f64x2.add(a00, f64x2.mul(v0, u0));
    a01 = f64x2.add(a01, f64x2.mul(v0, u1));
    a10 = f64x2.add(a10, f64x2.mul(v1, u0));
    a11 = f64x2.add(a11, f64x2.mul(v1, u1));
    a20 = f64x2.add(a20, f64x2.mul(v2, u0));
    a21 = f64x2.add(a21, f64x2.mul(v2, u1));
    a30 = f64x2.add(a30, f64x2.mul(v3, u0));
    a31 = f64x2.add(a31, f64x2.mul(v3, u1));
  }
  g00 = f64x2.extract_lane(a00, 0) + f64x2.extract_lane(a00, 1);
  g01 = f64x2.extract_lane(a01, 0) + f64x2.extract_lane(a01, 1);
  g10 = f64x2.extract_lane(a10, 0) + f64x2.extract_lane(a10, 1);
  g11 = f64x2.extract_lane(a11, 0) + f64x2.extract_lane(a11, 1);
  g20 = f64x2.extract_lane(a20, 0) + f64x2.extract_lane(a20, 1);
  g21 = f64x2.extract_lane(a21, 0) + f64x2.extract_lane(a21, 1);
  g30 = f64x2.extract_lane(a30, 0) + f64x2.extract_lane(a30, 1);
  g31 = f64x2.extract_lane(a31, 0) + f64x2.extract_lane(a31, 1);
  for (; j < n; j++) {
    const u0 = load<f64>(at(y0, j));
    const u1 = load<f64>(at(y1, j));
    const v0 = load<f64>(at(x0, j));
    const v1 = load<f64>(at(x1, j));
    const v2 = load<f64>(at(x2, j));
    const v3 = load<f64>(at(x3, j));
    g00 += v0 * u0; g01 += v0 * u1; g10 += v1 * u0; g11 += v1 * u1;
    g20 += v2 * u0; g21 += v2 * u1; g30 += v3 * u0; g31 += v3 * u1;
  }
}

// One entry of the blocked Cholesky: row li, column j < i, given the dot over [0, len) in g and the rest
// from len to j added here; writes L_ij = (A_ij − Σ_{k<j} L_ik L_jk) / L_jj.
// @ts-ignore: decorator
@inline function cholEntry(ai: usize, li: usize, lj: usize, j: i32, g: f64, len: i32): void {
  let s = g;
  for (let k = len; k < j; k++) s += load<f64>(at(li, k)) * load<f64>(at(lj, k));
  store<f64>(at(li, j), (load<f64>(at(ai, j)) - s) / load<f64>(at(lj, j)));
}

/**
 * Cholesky A = L Lᵀ as `cholesky` (same contract: lower L in `l`, strict upper zeroed, `l` may alias `a`,
 * 0 or the failing pivot + 1), with the rows taken four at a time against two columns at a time (dot42),
 * so each earlier row of L is read once per four rows. Same arithmetic up to the summation order of the dots.
 */
export function choleskyBlocked(n: i32, a: usize, l: usize): i32 {
  let i0 = 0;
  for (; i0 + 4 <= n; i0 += 4) {
    const a0 = a + ((<usize>i0 * <usize>n) << 3);
    const a1 = a0 + ((<usize>n) << 3);
    const a2 = a1 + ((<usize>n) << 3);
    const a3 = a2 + ((<usize>n) << 3);
    const l0 = l + ((<usize>i0 * <usize>n) << 3);
    const l1 = l0 + ((<usize>n) << 3);
    const l2 = l1 + ((<usize>n) << 3);
    const l3 = l2 + ((<usize>n) << 3);
    // Columns before the block, two at a time.
    let j = 0;
    for (; j + 2 <= i0; j += 2) {
      const lj0 = l + ((<usize>j * <usize>n) << 3);
      const lj1 = lj0 + ((<usize>n) << 3);
      dot42(j, l0, l1, l2, l3, lj0, lj1);
      cholEntry(a0, l0, lj0, j, g00, j);
      cholEntry(a1, l1, lj0, j, g10, j);
      cholEntry(a2, l2, lj0, j, g20, j);
      cholEntry(a3, l3, lj0, j, g30, j);
      cholEntry(a0, l0, lj1, j + 1, g01, j);
      cholEntry(a1, l1, lj1, j + 1, g11, j);
      cholEntry(a2, l2, lj1, j + 1, g21, j);
      cholEntry(a3, l3, lj1, j + 1, g31, j);
    }
    for (; j < i0; j++) {
      const lj = l + ((<usize>j * <usize>n) << 3);
      cholEntry(a0, l0, lj, j, dot(j, l0, lj), j);
      cholEntry(a1, l1, lj, j, dot(j, l1, lj), j);
      cholEntry(a2, l2, lj, j, dot(j, l2, lj), j);
      cholEntry(a3, l3, lj, j, dot(j, l3, lj), j);
    }
    // The 4 × 4 diagonal block, row by row.
    for (let i = i0; i < i0 + 4; i++) {
      const li = l + ((<usize>i * <usize>n) << 3);
      const ai = a + ((<usize>i * <usize>n) << 3);
      for (let jj = i0; jj <= i; jj++) {
        const lj = l + ((<usize>jj * <usize>n) << 3);
        const s = load<f64>(at(ai, jj)) - dot(jj, li, lj);
        if (i == jj) {
          if (!(s > 0.0)) {
            store<f64>(at(li, i), s);
            return i + 1;
          }
          store<f64>(at(li, i), Math.sqrt(s));
        } else {
          store<f64>(at(li, jj), s / load<f64>(at(lj, jj)));
        }
      }
      for (let jj = i + 1; jj < n; jj++) store<f64>(at(li, jj), 0.0);
    }
  }
  // Remaining rows: the plain algorithm.
  for (let i = i0; i < n; i++) {
    const li = l + ((<usize>i * <usize>n) << 3);
    const ai = a + ((<usize>i * <usize>n) << 3);
    for (let j = 0; j <= i; j++) {
      const lj = l + ((<usize>j * <usize>n) << 3);
      const s = load<f64>(at(ai, j)) - dot(j, li, lj);
      if (i == j) {
        if (!(s > 0.0)) {
          store<f64>(at(li, i), s);
          return i + 1;
        }
        store<f64>(at(li, i), Math.sqrt(s));
      } else {
        store<f64>(at(li, j), s / load<f64>(at(lj, j)));
      }
    }
    for (let j = i + 1; j < n; j++) store<f64>(at(li, j), 0.0);
  }
  return 0;
}

/**
 * Solves op(T) X = B in place (B is n×nrhs row-major), T n×n triangular.
 * lower: 1 = T lower, 0 = upper; trans: 1 = op(T) = Tᵀ; unit: 1 = unit diagonal (not read).
 */
export function triSolve(n: i32, t: usize, b: usize, nrhs: i32, lower: i32, trans: i32, unit: i32): void {
  const rowBytes = (<usize>nrhs) << 3;
  // op(T) is lower triangular when exactly one of (lower, trans) holds... i.e. forward substitution.
  const forward = (lower != 0) != (trans != 0);
  for (let s = 0; s < n; s++) {
    const i = forward ? s : n - 1 - s;
    const bi = b + <usize>i * rowBytes;
    if (forward) {
      for (let p = 0; p < i; p++) {
        const tip = trans ? load<f64>(at(t, p * n + i)) : load<f64>(at(t, i * n + p));
        if (tip != 0.0) axpy1(nrhs, bi, -tip, b + <usize>p * rowBytes);
      }
    } else {
      for (let p = i + 1; p < n; p++) {
        const tip = trans ? load<f64>(at(t, p * n + i)) : load<f64>(at(t, i * n + p));
        if (tip != 0.0) axpy1(nrhs, bi, -tip, b + <usize>p * rowBytes);
      }
    }
    if (!unit) {
      const d = 1.0 / load<f64>(at(t, i * n + i));
      for (let j = 0; j < nrhs; j++) store<f64>(at(bi, j), load<f64>(at(bi, j)) * d);
    }
  }
}

/** Solves (L Lᵀ) X = B in place given the Cholesky factor L. */
export function choleskySolve(n: i32, l: usize, b: usize, nrhs: i32): void {
  triSolve(n, l, b, nrhs, 1, 0, 0);
  triSolve(n, l, b, nrhs, 1, 1, 0);
}

/**
 * Inverse of a symmetric positive-definite A via Cholesky: `work` (n×n) receives L, `out` A⁻¹.
 * Returns 0, or the failing pivot + 1 as `cholesky`.
 */
export function spdInverse(n: i32, a: usize, work: usize, out: usize): i32 {
  const info = cholesky(n, a, work);
  if (info != 0) return info;
  memory.fill(out, 0, <usize>n * <usize>n * 8);
  for (let i = 0; i < n; i++) store<f64>(at(out, i * n + i), 1.0);
  choleskySolve(n, work, out, n);
  // symmetrise (rounding)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (load<f64>(at(out, i * n + j)) + load<f64>(at(out, j * n + i)));
      store<f64>(at(out, i * n + j), v);
      store<f64>(at(out, j * n + i), v);
    }
  return 0;
}

/**
 * LU with partial pivoting, in place: A = P L U (unit-lower L below the diagonal, U on and above).
 * piv[i] (i32) = the row swapped into position i at step i. Returns 0, or (first zero pivot + 1).
 */
export function luDecompose(n: i32, a: usize, piv: usize): i32 {
  let info = 0;
  const rowBytes = (<usize>n) << 3;
  for (let kk = 0; kk < n; kk++) {
    let pr = kk;
    let best = Math.abs(load<f64>(at(a, kk * n + kk)));
    for (let i = kk + 1; i < n; i++) {
      const v = Math.abs(load<f64>(at(a, i * n + kk)));
      if (v > best) {
        best = v;
        pr = i;
      }
    }
    store<i32>(piv + (<usize>kk << 2), pr);
    if (pr != kk) {
      const r1 = a + <usize>kk * rowBytes;
      const r2 = a + <usize>pr * rowBytes;
      for (let j = 0; j < n; j++) {
        const t = load<f64>(at(r1, j));
        store<f64>(at(r1, j), load<f64>(at(r2, j)));
        store<f64>(at(r2, j), t);
      }
    }
    const d = load<f64>(at(a, kk * n + kk));
    if (d == 0.0) {
      if (info == 0) info = kk + 1;
      continue;
    }
    const rk = a + <usize>kk * rowBytes + (<usize>(kk + 1) << 3);
    for (let i = kk + 1; i < n; i++) {
      const ri = a + <usize>i * rowBytes;
      const f = load<f64>(at(ri, kk)) / d;
      store<f64>(at(ri, kk), f);
      if (f != 0.0) axpy1(n - kk - 1, ri + (<usize>(kk + 1) << 3), -f, rk);
    }
  }
  return info;
}

/** Solves A X = B in place (B n×nrhs) from `luDecompose`'s factors and pivots. */
export function luSolve(n: i32, lu: usize, piv: usize, b: usize, nrhs: i32): void {
  const rowBytes = (<usize>nrhs) << 3;
  for (let i = 0; i < n; i++) {
    const p = load<i32>(piv + (<usize>i << 2));
    if (p != i) {
      const r1 = b + <usize>i * rowBytes;
      const r2 = b + <usize>p * rowBytes;
      for (let j = 0; j < nrhs; j++) {
        const t = load<f64>(at(r1, j));
        store<f64>(at(r1, j), load<f64>(at(r2, j)));
        store<f64>(at(r2, j), t);
      }
    }
  }
  triSolve(n, lu, b, nrhs, 1, 0, 1);
  triSolve(n, lu, b, nrhs, 0, 0, 0);
}

/**
 * Symmetric eigendecomposition: Householder reduction to tridiagonal form and the implicit QL
 * algorithm (EISPACK tred2/tql2 as arranged in JAMA; Golub & Van Loan §8.3). Only the lower triangle
 * of `a` (n×n) is read; `a` is left unchanged. On return `values` (n) ascending and `vectors` (n×n,
 * row-major) whose COLUMN j is the unit eigenvector of values[j]; `work` needs n doubles.
 * Returns the number of QL iterations, or −1 if an eigenvalue needed more than 60 iterations.
 */
export function symEigen(n: i32, a: usize, values: usize, vectors: usize, work: usize): i32 {
  const V = vectors;
  const d = values;
  const e = work;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) store<f64>(at(V, i * n + j), i >= j ? load<f64>(at(a, i * n + j)) : load<f64>(at(a, j * n + i)));
  // tred2
  for (let j = 0; j < n; j++) store<f64>(at(d, j), load<f64>(at(V, (n - 1) * n + j)));
  for (let i = n - 1; i > 0; i--) {
    let scale: f64 = 0.0;
    let h: f64 = 0.0;
    for (let k = 0; k < i; k++) scale += Math.abs(load<f64>(at(d, k)));
    if (scale == 0.0) {
      store<f64>(at(e, i), load<f64>(at(d, i - 1)));
      for (let j = 0; j < i; j++) {
        store<f64>(at(d, j), load<f64>(at(V, (i - 1) * n + j)));
        store<f64>(at(V, i * n + j), 0.0);
        store<f64>(at(V, j * n + i), 0.0);
      }
    } else {
      for (let k = 0; k < i; k++) {
        const dk = load<f64>(at(d, k)) / scale;
        store<f64>(at(d, k), dk);
        h += dk * dk;
      }
      let f = load<f64>(at(d, i - 1));
      let g = Math.sqrt(h);
      if (f > 0.0) g = -g;
      store<f64>(at(e, i), scale * g);
      h = h - f * g;
      store<f64>(at(d, i - 1), f - g);
      for (let j = 0; j < i; j++) store<f64>(at(e, j), 0.0);
      for (let j = 0; j < i; j++) {
        f = load<f64>(at(d, j));
        store<f64>(at(V, j * n + i), f);
        g = load<f64>(at(e, j)) + load<f64>(at(V, j * n + j)) * f;
        for (let k = j + 1; k <= i - 1; k++) {
          const vkj = load<f64>(at(V, k * n + j));
          g += vkj * load<f64>(at(d, k));
          store<f64>(at(e, k), load<f64>(at(e, k)) + vkj * f);
        }
        store<f64>(at(e, j), g);
      }
      f = 0.0;
      for (let j = 0; j < i; j++) {
        const ej = load<f64>(at(e, j)) / h;
        store<f64>(at(e, j), ej);
        f += ej * load<f64>(at(d, j));
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) store<f64>(at(e, j), load<f64>(at(e, j)) - hh * load<f64>(at(d, j)));
      for (let j = 0; j < i; j++) {
        f = load<f64>(at(d, j));
        g = load<f64>(at(e, j));
        for (let k = j; k <= i - 1; k++) {
          store<f64>(at(V, k * n + j), load<f64>(at(V, k * n + j)) - (f * load<f64>(at(e, k)) + g * load<f64>(at(d, k))));
        }
        store<f64>(at(d, j), load<f64>(at(V, (i - 1) * n + j)));
        store<f64>(at(V, i * n + j), 0.0);
      }
    }
    store<f64>(at(d, i), h);
  }
  // accumulate the transformations
  for (let i = 0; i < n - 1; i++) {
    store<f64>(at(V, (n - 1) * n + i), load<f64>(at(V, i * n + i)));
    store<f64>(at(V, i * n + i), 1.0);
    const h = load<f64>(at(d, i + 1));
    if (h != 0.0) {
      for (let k = 0; k <= i; k++) store<f64>(at(d, k), load<f64>(at(V, k * n + i + 1)) / h);
      for (let j = 0; j <= i; j++) {
        let g: f64 = 0.0;
        for (let k = 0; k <= i; k++) g += load<f64>(at(V, k * n + i + 1)) * load<f64>(at(V, k * n + j));
        for (let k = 0; k <= i; k++) store<f64>(at(V, k * n + j), load<f64>(at(V, k * n + j)) - g * load<f64>(at(d, k)));
      }
    }
    for (let k = 0; k <= i; k++) store<f64>(at(V, k * n + i + 1), 0.0);
  }
  for (let j = 0; j < n; j++) {
    store<f64>(at(d, j), load<f64>(at(V, (n - 1) * n + j)));
    store<f64>(at(V, (n - 1) * n + j), 0.0);
  }
  store<f64>(at(V, (n - 1) * n + n - 1), 1.0);
  store<f64>(at(e, 0), 0.0);
  // tql2
  for (let i = 1; i < n; i++) store<f64>(at(e, i - 1), load<f64>(at(e, i)));
  store<f64>(at(e, n - 1), 0.0);
  let f: f64 = 0.0;
  let tst1: f64 = 0.0;
  // 2^-52 = 2.220446049250313e-16
  const eps: f64 = 2.220446049250313e-16;
  let total = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(load<f64>(at(d, l))) + Math.abs(load<f64>(at(e, l))));
    let m = l;
    while (m < n) {
      if (Math.abs(load<f64>(at(e, m))) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        iter++;
        if (iter > 60) return -1;
        let g = load<f64>(at(d, l));
        let p = (load<f64>(at(d, l + 1)) - g) / (2.0 * load<f64>(at(e, l)));
        let r = Math.hypot(p, 1.0);
        if (p < 0.0) r = -r;
        store<f64>(at(d, l), load<f64>(at(e, l)) / (p + r));
        store<f64>(at(d, l + 1), load<f64>(at(e, l)) * (p + r));
        const dl1 = load<f64>(at(d, l + 1));
        let h = g - load<f64>(at(d, l));
        for (let i = l + 2; i < n; i++) store<f64>(at(d, i), load<f64>(at(d, i)) - h);
        f += h;
        p = load<f64>(at(d, m));
        let c: f64 = 1.0;
        let c2 = c;
        let c3 = c;
        const el1 = load<f64>(at(e, l + 1));
        let s: f64 = 0.0;
        let s2: f64 = 0.0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * load<f64>(at(e, i));
          h = c * p;
          r = Math.hypot(p, load<f64>(at(e, i)));
          store<f64>(at(e, i + 1), s * r);
          s = load<f64>(at(e, i)) / r;
          c = p / r;
          p = c * load<f64>(at(d, i)) - s * g;
          store<f64>(at(d, i + 1), h + s * (c * g + s * load<f64>(at(d, i))));
          for (let k = 0; k < n; k++) {
            const vk1 = load<f64>(at(V, k * n + i + 1));
            const vk0 = load<f64>(at(V, k * n + i));
            store<f64>(at(V, k * n + i + 1), s * vk0 + c * vk1);
            store<f64>(at(V, k * n + i), c * vk0 - s * vk1);
          }
        }
        p = (-s * s2 * c3 * el1 * load<f64>(at(e, l))) / dl1;
        store<f64>(at(e, l), s * p);
        store<f64>(at(d, l), c * p);
      } while (Math.abs(load<f64>(at(e, l))) > eps * tst1);
      total += iter;
    }
    store<f64>(at(d, l), load<f64>(at(d, l)) + f);
    store<f64>(at(e, l), 0.0);
  }
  // selection sort ascending, permuting columns of the vectors
  for (let i = 0; i < n - 1; i++) {
    let m = i;
    for (let j = i + 1; j < n; j++) if (load<f64>(at(values, j)) < load<f64>(at(values, m))) m = j;
    if (m != i) {
      const tv = load<f64>(at(values, i));
      store<f64>(at(values, i), load<f64>(at(values, m)));
      store<f64>(at(values, m), tv);
      for (let r = 0; r < n; r++) {
        const x = load<f64>(at(vectors, r * n + i));
        store<f64>(at(vectors, r * n + i), load<f64>(at(vectors, r * n + m)));
        store<f64>(at(vectors, r * n + m), x);
      }
    }
  }
  return total;
}
