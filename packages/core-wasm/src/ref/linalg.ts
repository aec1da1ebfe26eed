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
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++)
      if (!(Math.abs(a[i * n + j]! - a[j * n + i]!) <= 1e-10 * scale)) throw new ShapeError(`symEigen: matrix is not symmetric at (${i}, ${j})`);
  const A = Float64Array.from(a);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  let converged = false;
  for (let sweep = 0; sweep <= 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += A[i * n + i]! ** 2;
      for (let j = i + 1; j < n; j++) off += A[i * n + j]! ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) {
      converged = true;
      break;
    }
    if (sweep === 100) break;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q]!;
        if (apq === 0) continue;
        const app = A[p * n + p]!;
        const aqq = A[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        const tau = s / (1 + c);
        A[p * n + p] = app - t * apq;
        A[q * n + q] = aqq + t * apq;
        A[p * n + q] = 0;
        A[q * n + p] = 0;
        for (let r = 0; r < n; r++) {
          if (r === p || r === q) continue;
          const arp = A[r * n + p]!;
          const arq = A[r * n + q]!;
          const nrp = arp - s * (arq + tau * arp);
          const nrq = arq + s * (arp - tau * arq);
          A[r * n + p] = nrp;
          A[p * n + r] = nrp;
          A[r * n + q] = nrq;
          A[q * n + r] = nrq;
        }
        for (let r = 0; r < n; r++) {
          const vrp = V[r * n + p]!;
          const vrq = V[r * n + q]!;
          V[r * n + p] = vrp - s * (vrq + tau * vrp);
          V[r * n + q] = vrq + s * (vrp - tau * vrq);
        }
      }
  }
  if (!converged) throw new Error('symEigen: Jacobi iteration did not converge in 100 sweeps');
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => A[x * n + x]! - A[y * n + y]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, j) => {
    values[j] = A[src * n + src]!;
    for (let r = 0; r < n; r++) vectors[r * n + j] = V[r * n + src]!;
  });
  return { values, vectors };
}
