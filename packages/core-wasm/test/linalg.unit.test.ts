// One suite for the dense linear-algebra kernels, run against the WASM wrappers and the plain-TS
// references; then WASM vs reference on random matrices, and a memory-growth check.
import { describe, expect, it } from 'vitest';
import * as wasmImpl from '../src/linalg.js';
import { ref, memoryBytes, F64Handle, NotPositiveDefiniteError, SingularMatrixError } from '../src/index.js';
import { mulberry32 } from '../../../test/helpers/rng.js';

type Impl = typeof wasmImpl;
const impls: [string, Impl][] = [
  ['wasm', wasmImpl],
  ['ts', ref.linalg as unknown as Impl],
];

// Seeded generator shared by the tests (test/helpers/rng.ts, mulberry32); the seed is in the test name.
const rng = mulberry32;
const randMat = (r: () => number, n: number): Float64Array => Float64Array.from({ length: n }, () => 2 * r() - 1);
function randSpd(r: () => number, n: number): Float64Array {
  const x = randMat(r, (n + 5) * n);
  const a = ref.linalg.crossprod(x, n + 5, n);
  for (let i = 0; i < n; i++) a[i * n + i] += 0.1;
  return a;
}
const maxAbsDiff = (x: ArrayLike<number>, y: ArrayLike<number>): number => {
  expect(x.length).toBe(y.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
};
const maxAbs = (x: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
};
function transpose(a: ArrayLike<number>, r: number, c: number): Float64Array {
  const t = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j * r + i] = a[i * c + j]!;
  return t;
}

for (const [name, L] of impls) {
  describe(`dense linear algebra (${name})`, () => {
    it('matmul and crossprod: known results', () => {
      // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
      expect(Array.from(L.matmul([1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12], 2, 3, 2))).toEqual([58, 64, 139, 154]);
      // AᵀA of [1 2; 3 4; 5 6] = [35 44; 44 56]
      expect(Array.from(L.crossprod([1, 2, 3, 4, 5, 6], 3, 2))).toEqual([35, 44, 44, 56]);
      expect(() => L.matmul([1, 2, 3], [1, 2], 1, 3, 1)).toThrow(/expected 3/);
    });
    it('cholesky: known factor, and a typed error naming the failing pivot', () => {
      const a = [4, 12, -16, 12, 37, -43, -16, -43, 98];
      // exact: L = [2 0 0; 6 1 0; -8 5 3]
      expect(maxAbsDiff(L.cholesky(a, 3), [2, 0, 0, 6, 1, 0, -8, 5, 3])).toBeLessThan(1e-14); // absolute
      try {
        L.cholesky([1, 2, 0, 2, 1, 0, 0, 0, 1], 3);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(NotPositiveDefiniteError);
        expect((e as NotPositiveDefiniteError).pivot).toBe(1);
        expect((e as NotPositiveDefiniteError).value).toBeCloseTo(-3, 12); // 1 − 2²
      }
      expect(() => L.spdInverse([1, 0, 0, -1], 2)).toThrow(NotPositiveDefiniteError);
    });
    it('triangular and Cholesky solves: known results and residuals', () => {
      const l = [2, 0, 0, 6, 1, 0, -8, 5, 3];
      // L x = [2, 7, 0] → x = [1, 1, 1]
      expect(maxAbsDiff(L.triSolve(l, [2, 7, 0], 3, 1), [1, 1, 1])).toBeLessThan(1e-15);
      // Lᵀ x = [0, 6, 3] → x = [1, 1, 1]
      expect(maxAbsDiff(L.triSolve(l, [0, 6, 3], 3, 1, { trans: true }), [1, 1, 1])).toBeLessThan(1e-15);
      const u = transpose(l, 3, 3);
      expect(maxAbsDiff(L.triSolve(u, [0, 6, 3], 3, 1, { lower: false }), [1, 1, 1])).toBeLessThan(1e-15);
      expect(maxAbsDiff(L.triSolve(u, [2, 7, 0], 3, 1, { lower: false, trans: true }), [1, 1, 1])).toBeLessThan(1e-15);
      const r = rng(101);
      const n = 23;
      const a = randSpd(r, n);
      const b = randMat(r, n * 3);
      const x = L.choleskySolve(L.cholesky(a, n), b, n, 3);
      expect(maxAbsDiff(L.matmul(a, x, n, n, 3), b)).toBeLessThan(1e-10); // residual, absolute
      expect(maxAbsDiff(L.spdSolve(a, b, n, 3), x)).toBeLessThan(1e-12);
    });
    it('spdInverse: A·A⁻¹ = I, exactly symmetric', () => {
      const r = rng(202);
      const n = 31;
      const a = randSpd(r, n);
      const inv = L.spdInverse(a, n);
      const prod = L.matmul(a, inv, n, n, n);
      for (let i = 0; i < n; i++) prod[i * n + i] -= 1;
      expect(maxAbs(prod)).toBeLessThan(1e-9); // absolute; cond(A) up to ~1e3
      expect(maxAbsDiff(inv, transpose(inv, n, n))).toBe(0);
    });
    it('LU with partial pivoting: known system, singular matrix, random residual', () => {
      // [0 1; 1 1] x = [1, 3] needs a pivot: x = [2, 1]
      expect(maxAbsDiff(L.luSolve([0, 1, 1, 1], [1, 3], 2, 1), [2, 1])).toBeLessThan(1e-15);
      const f = L.luDecompose([0, 1, 1, 1], 2);
      expect(f.sign).toBe(-1);
      expect(Array.from(f.piv)).toEqual([1, 1]);
      expect(() => L.luSolve([1, 2, 2, 4], [1, 1], 2, 1)).toThrow(SingularMatrixError);
      const r = rng(303);
      const n = 40;
      const a = randMat(r, n * n);
      const b = randMat(r, n * 2);
      const x = L.luSolve(a, b, n, 2);
      expect(maxAbsDiff(L.matmul(a, x, n, n, 2), b)).toBeLessThan(1e-10);
    });
    it('symEigen: known values, A V = V Λ, orthonormal V, ascending', () => {
      const e = L.symEigen([2, 1, 1, 2], 2);
      expect(maxAbsDiff(e.values, [1, 3])).toBeLessThan(1e-15);
      expect(Math.abs(Math.abs(e.vectors[0]!) - Math.SQRT1_2)).toBeLessThan(1e-15);
      const r = rng(404);
      const n = 25;
      const x = randMat(r, n * n);
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = x[i * n + j]! + x[j * n + i]!;
      const { values, vectors } = L.symEigen(a, n);
      for (let j = 1; j < n; j++) expect(values[j]!).toBeGreaterThanOrEqual(values[j - 1]!);
      const av = L.matmul(a, vectors, n, n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) av[i * n + j] -= vectors[i * n + j]! * values[j]!;
      expect(maxAbs(av)).toBeLessThan(1e-12); // absolute, ‖A‖ ~ 5
      const vtv = L.crossprod(vectors, n, n);
      for (let i = 0; i < n; i++) vtv[i * n + i] -= 1;
      expect(maxAbs(vtv)).toBeLessThan(1e-13);
      let trace = 0;
      for (let i = 0; i < n; i++) trace += a[i * n + i]!;
      expect(Math.abs(values.reduce((s, v) => s + v, 0) - trace)).toBeLessThan(1e-12);
    });
    it('symEigen: prescribed spectrum (with repeats), identity, zero and diagonal matrices', () => {
      const r = rng(505);
      const n = 40;
      const x = randMat(r, n * n);
      const s = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s[i * n + j] = x[i * n + j]! + x[j * n + i]!;
      const q = L.symEigen(s, n).vectors; // orthonormal
      const lam = Array.from({ length: n }, (_, i) => (i < 5 ? -1 : i < 10 ? 2 : i * 0.25)); // repeats
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let v = 0;
          for (let m = 0; m < n; m++) v += q[i * n + m]! * lam[m]! * q[j * n + m]!;
          a[i * n + j] = v;
        }
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i]!; // exact symmetry
      const got = L.symEigen(a, n).values;
      const want = [...lam].sort((u, v) => u - v);
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-12); // absolute, spectrum in [−1, 10]
      const id = new Float64Array(9);
      id[0] = id[4] = id[8] = 1;
      expect(Array.from(L.symEigen(id, 3).values)).toEqual([1, 1, 1]);
      expect(Array.from(L.symEigen(new Float64Array(4), 2).values)).toEqual([0, 0]);
      expect(Array.from(L.symEigen([3, 0, 0, 0, -2, 0, 0, 0, 1], 3).values)).toEqual([-2, 1, 3]);
    });
  });
}

describe('dense linear algebra: WASM against the TS reference on random matrices (seed 9001)', () => {
  const r = rng(9001);
  it('matmul, crossprod over odd and panel-crossing shapes', () => {
    for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [37, 70, 53], [64, 129, 65], [5, 200, 3]] as const) {
      const a = randMat(r, m * k);
      const b = randMat(r, k * n);
      expect(maxAbsDiff(wasmImpl.matmul(a, b, m, k, n), ref.linalg.matmul(a, b, m, k, n))).toBeLessThan(1e-13 * k);
      expect(maxAbsDiff(wasmImpl.crossprod(a, m, k), ref.linalg.crossprod(a, m, k))).toBeLessThan(1e-13 * m);
    }
  });
  it('cholesky, spdInverse, luSolve, symEigen', () => {
    for (const n of [1, 2, 17, 60]) {
      const a = randSpd(r, n);
      expect(maxAbsDiff(wasmImpl.cholesky(a, n), ref.linalg.cholesky(a, n))).toBeLessThan(1e-12);
      expect(maxAbsDiff(wasmImpl.choleskyBlocked(a, n), ref.linalg.cholesky(a, n))).toBeLessThan(1e-12);
      expect(maxAbsDiff(wasmImpl.spdInverse(a, n), ref.linalg.spdInverse(a, n))).toBeLessThan(1e-9 * maxAbs(ref.linalg.spdInverse(a, n)));
      const g = randMat(r, n * n);
      const b = randMat(r, n);
      expect(maxAbsDiff(wasmImpl.luSolve(g, b, n, 1), ref.linalg.luSolve(g, b, n, 1))).toBeLessThan(1e-8 * (1 + maxAbs(ref.linalg.luSolve(g, b, n, 1))));
      expect(maxAbsDiff(wasmImpl.symEigen(a, n).values, ref.linalg.symEigen(a, n).values)).toBeLessThan(1e-12 * maxAbs(a));
    }
  });
  it('choleskyBlocked: the plain factor on every block remainder (n mod 4, odd column pairs), and the same failing pivot', () => {
    for (const n of [3, 4, 5, 6, 7, 9, 33, 131]) {
      const a = randSpd(r, n);
      // absolute 1e-12: the blocked kernel changes only the summation order of the dots
      expect(maxAbsDiff(wasmImpl.choleskyBlocked(a, n), wasmImpl.cholesky(a, n))).toBeLessThan(1e-12);
      const bad = Float64Array.from(a);
      const k = Math.floor(n / 2);
      bad[k * n + k] = -1;
      let e1: unknown, e2: unknown;
      try { wasmImpl.cholesky(bad, n); } catch (e) { e1 = e; }
      try { wasmImpl.choleskyBlocked(bad, n); } catch (e) { e2 = e; }
      expect(e2).toBeInstanceOf(NotPositiveDefiniteError);
      expect((e2 as NotPositiveDefiniteError).message).toBe((e1 as NotPositiveDefiniteError).message);
    }
  });
  it('handle forms: same results without copies, memory flat', () => {
    const n = 40;
    const a = randSpd(r, n);
    const b = randMat(r, n * 3);
    const ha = F64Handle.from(a);
    const hb = F64Handle.from(b);
    const hc = new F64Handle(n * 3);
    try {
      const before = memoryBytes();
      for (let i = 0; i < 100; i++) wasmImpl.matmulInto(ha, hb, hc, n, n, 3);
      expect(Array.from(hc.toArray())).toEqual(Array.from(wasmImpl.matmul(a, b, n, n, 3)));
      const hx = new F64Handle(n * n);
      wasmImpl.crossprodInto(ha, hx, n, n);
      expect(Array.from(hx.toArray())).toEqual(Array.from(wasmImpl.crossprod(a, n, n)));
      hx.dispose();
      wasmImpl.choleskyInPlace(ha, n);
      expect(Array.from(ha.toArray())).toEqual(Array.from(wasmImpl.cholesky(a, n)));
      wasmImpl.choleskySolveInPlace(ha, hb, n, 3);
      expect(maxAbsDiff(hb.toArray(), wasmImpl.spdSolve(a, b, n, 3))).toBe(0);
      expect(() => wasmImpl.matmulInto(ha, hb, ha, n, n, 3)).toThrow(/alias/);
      expect(memoryBytes()).toBe(before);
    } finally {
      ha.dispose();
      hb.dispose();
      hc.dispose();
    }
  });
  it('memory stays flat over many calls', () => {
    const n = 50;
    const a = randSpd(r, n);
    wasmImpl.spdInverse(a, n);
    wasmImpl.matmul(a, a, n, n, n);
    wasmImpl.symEigen(a, n);
    const before = memoryBytes();
    for (let i = 0; i < 300; i++) {
      wasmImpl.matmul(a, a, n, n, n);
      wasmImpl.spdInverse(a, n);
      wasmImpl.luSolve(a, a, n, n);
      if (i % 30 === 0) wasmImpl.symEigen(a, n);
      try {
        wasmImpl.cholesky(new Float64Array(n * n), n); // throws: scratch must still be freed
      } catch {
        /* expected */
      }
    }
    expect(memoryBytes()).toBe(before);
  });
});
