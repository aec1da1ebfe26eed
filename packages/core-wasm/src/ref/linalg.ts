// Plain TypeScript references for assembly/linalg.ts: same algorithms, same API as ../linalg.ts
// (row-major Float64Array, inputs untouched), without blocking or SIMD.
import { NotPositiveDefiniteError, SingularMatrixError, ShapeError, checkDim, checkLen } from '../errors.js';

export function matmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  checkDim('matmul m', m);
  checkDim('matmul k', k);
  checkDim('matmul n', n);
  checkLen('matmul A', a, m * k);
  checkLen('matmul B', b, k * n);
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const s = a[i * k + p]!;
      for (let j = 0; j < n; j++) c[i * n + j] += s * b[p * n + j]!;
    }
  return c;
}

export function crossprod(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  checkDim('crossprod rows', rows);
  checkDim('crossprod cols', cols);
  checkLen('crossprod A', a, rows * cols);
  const c = new Float64Array(cols * cols);
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < cols; i++) {
      const s = a[r * cols + i]!;
      for (let j = i; j < cols; j++) c[i * cols + j] += s * a[r * cols + j]!;
    }
  for (let i = 0; i < cols; i++) for (let j = 0; j < i; j++) c[i * cols + j] = c[j * cols + i]!;
  return c;
}
export const syrk = crossprod;

export function cholesky(a: ArrayLike<number>, n: number): Float64Array {
  checkDim('cholesky n', n);
  checkLen('cholesky A', a, n * n);
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let p = 0; p < j; p++) s -= l[i * n + p]! * l[j * n + p]!;
      if (i === j) {
        if (!(s > 0)) throw new NotPositiveDefiniteError(i, s);
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j]!;
    }
  return l;
}

export interface TriSolveOptions {
  lower?: boolean;
  trans?: boolean;
  unitDiag?: boolean;
}

export function triSolve(t: ArrayLike<number>, b: ArrayLike<number>, n: number, nrhs: number, opts: TriSolveOptions = {}): Float64Array {
  checkDim('triSolve n', n);
  checkDim('triSolve nrhs', nrhs);
  checkLen('triSolve T', t, n * n);
  checkLen('triSolve B', b, n * nrhs);
  const lower = opts.lower ?? true;
  const trans = opts.trans ?? false;
  const x = Float64Array.from(b);
  const get = (i: number, p: number): number => (trans ? t[p * n + i]! : t[i * n + p]!);
  const forward = lower !== trans;
  for (let s = 0; s < n; s++) {
    const i = forward ? s : n - 1 - s;
    for (let c = 0; c < nrhs; c++) {
      let v = x[i * nrhs + c]!;
      if (forward) for (let p = 0; p < i; p++) v -= get(i, p) * x[p * nrhs + c]!;
      else for (let p = i + 1; p < n; p++) v -= get(i, p) * x[p * nrhs + c]!;
      x[i * nrhs + c] = opts.unitDiag ? v : v / t[i * n + i]!;
    }
  }
  return x;
}

/** Reference of the row-blocked kernel: the same factorization (the blocking changes only the summation order). */
export const choleskyBlocked = cholesky;

export function choleskySolve(l: ArrayLike<number>, b: ArrayLike<number>, n: number, nrhs: number): Float64Array {
  return triSolve(l, triSolve(l, b, n, nrhs), n, nrhs, { trans: true });
}

export function spdSolve(a: ArrayLike<number>, b: ArrayLike<number>, n: number, nrhs: number): Float64Array {
  checkLen('spdSolve B', b, n * nrhs);
  return choleskySolve(cholesky(a, n), b, n, nrhs);
}

export function spdInverse(a: ArrayLike<number>, n: number): Float64Array {
  const l = cholesky(a, n);
  const id = new Float64Array(n * n);
  for (let i = 0; i < n; i++) id[i * n + i] = 1;
  const inv = choleskySolve(l, id, n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (inv[i * n + j]! + inv[j * n + i]!);
      inv[i * n + j] = v;
      inv[j * n + i] = v;
    }
  return inv;
}

export interface LuFactors {
  lu: Float64Array;
  piv: Int32Array;
  singularAt: number;
  sign: number;
}

export function luDecompose(a: ArrayLike<number>, n: number): LuFactors {
  checkDim('luDecompose n', n);
  checkLen('luDecompose A', a, n * n);
  const lu = Float64Array.from(a);
  const piv = new Int32Array(n);
  let singularAt = -1;
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let pr = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(lu[i * n + k]!) > Math.abs(lu[pr * n + k]!)) pr = i;
    piv[k] = pr;
    if (pr !== k) {
      sign = -sign;
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j]!;
        lu[k * n + j] = lu[pr * n + j]!;
        lu[pr * n + j] = t;
      }
    }
    const d = lu[k * n + k]!;
    if (d === 0) {
      if (singularAt < 0) singularAt = k;
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const f = lu[i * n + k]! / d;
      lu[i * n + k] = f;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j]!;
    }
  }
  return { lu, piv, singularAt, sign };
}

export function luSolve(a: ArrayLike<number>, b: ArrayLike<number>, n: number, nrhs: number): Float64Array {
  checkLen('luSolve B', b, n * nrhs);
  const { lu, piv, singularAt } = luDecompose(a, n);
  if (singularAt >= 0) throw new SingularMatrixError(singularAt);
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    const p = piv[i]!;
    if (p !== i)
      for (let c = 0; c < nrhs; c++) {
        const t = x[i * nrhs + c]!;
        x[i * nrhs + c] = x[p * nrhs + c]!;
        x[p * nrhs + c] = t;
      }
  }
  return triSolve(lu, triSolve(lu, x, n, nrhs, { unitDiag: true }), n, nrhs, { lower: false });
}

export interface SymEigen {
  values: Float64Array;
  vectors: Float64Array;
}

export function symEigen(a: ArrayLike<number>, n: number): SymEigen {
  checkDim('symEigen n', n);
  checkLen('symEigen A', a, n * n);
  let scale0 = 0;
  for (let i = 0; i < n * n; i++) scale0 = Math.max(scale0, Math.abs(a[i]!));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++)
      if (!(Math.abs(a[i * n + j]! - a[j * n + i]!) <= 1e-10 * scale0)) throw new ShapeError(`symEigen: matrix is not symmetric at (${i}, ${j})`);
  // EISPACK tred2 + tql2 as arranged in JAMA (same steps as assembly/linalg.ts)
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) V[i * n + j] = i >= j ? a[i * n + j]! : a[j * n + i]!;
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: V };
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j]!;
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] = d[k]! / scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        V[j * n + i] = f;
        g = e[j]! + V[j * n + j]! * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * n + j]! * d[k]!;
          e[k] += V[k * n + j]! * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] = e[j]! / h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        for (let k = j; k <= i - 1; k++) V[k * n + j] -= f * e[k]! + g * d[k]!;
        d[j] = V[(i - 1) * n + j]!;
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i]!;
    V[i * n + i] = 1;
    const h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1]! / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1]! * V[k * n + j]!;
        for (let k = 0; k <= i; k++) V[k * n + j] -= g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j]!;
    V[(n - 1) * n + j] = 0;
  }
  V[n * n - 1] = 1;
  e[0] = 0;
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2.220446049250313e-16;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]!) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new Error('symEigen: QL iteration did not converge (60 iterations for one eigenvalue)');
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          for (let k = 0; k < n; k++) {
            const vk1 = V[k * n + i + 1]!;
            const vk0 = V[k * n + i]!;
            V[k * n + i + 1] = s * vk0 + c * vk1;
            V[k * n + i] = c * vk0 - s * vk1;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x]! - d[y]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, j) => {
    values[j] = d[src]!;
    for (let r = 0; r < n; r++) vectors[r * n + j] = V[r * n + src]!;
  });
  return { values, vectors };
}
