// One suite for the sparse LDLᵀ kernels, run against the WASM wrapper and the plain-TS reference:
// random sparse SPD matrices (symbolic analysis by the elimination tree, as packages/stats does),
// L D Lᵀ reproduces A, solves invert, a non-SPD matrix is reported, and memory does not grow.
import { describe, expect, it } from 'vitest';
import { SparseLdlNumeric as WasmLdl, type LdlStructure } from '../src/sparse.js';
import { ref, memoryBytes } from '../src/index.js';
import { mulberry32 } from '../../../test/helpers/rng.js';

const impls: [string, new (s: LdlStructure) => InstanceType<typeof WasmLdl>][] = [
  ['wasm', WasmLdl],
  ['ts', ref.sparse.SparseLdlNumeric as unknown as new (s: LdlStructure) => InstanceType<typeof WasmLdl>],
];

// Seeded generator shared by the tests (test/helpers/rng.ts, mulberry32); the seed is in the test name.
const rng = mulberry32;

/** Random sparse SPD matrix (dense storage) and its upper-triangle pattern with the symbolic analysis. */
function randomProblem(seed: number, n: number, density: number) {
  const r = rng(seed);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++)
      if (r() < density) {
        const v = 2 * r() - 1;
        A[i * n + j] = v;
        A[j * n + i] = v;
      }
  for (let i = 0; i < n; i++) {
    let s = 1;
    for (let j = 0; j < n; j++) if (j !== i) s += Math.abs(A[i * n + j]!);
    A[i * n + i] = s; // diagonally dominant → SPD
  }
  const colPtr = new Int32Array(n + 1);
  const rows: number[] = [];
  const vals: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i <= j; i++)
      if (A[i * n + j] !== 0) {
        rows.push(i);
        vals.push(A[i * n + j]!);
      }
    colPtr[j + 1] = rows.length;
  }
  const rowIdx = Int32Array.from(rows);
  // symbolic: elimination tree and row patterns (Davis 2005, LDL symbolic)
  const parent = new Int32Array(n).fill(-1);
  const flag = new Int32Array(n);
  const lnz = new Int32Array(n);
  const rowLists: number[][] = [];
  for (let k = 0; k < n; k++) {
    flag[k] = k;
    const pat: number[] = [];
    for (let p = colPtr[k]!; p < colPtr[k + 1]!; p++) {
      let i = rowIdx[p]!;
      const stack: number[] = [];
      for (; flag[i] !== k; i = parent[i]!) {
        if (parent[i] === -1) parent[i] = k;
        lnz[i]!++;
        flag[i] = k;
        stack.push(i);
      }
      pat.unshift(...stack); // each path in order from the node up, later paths first (topological)
    }
    rowLists.push(pat);
  }
  const Lp = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) Lp[k + 1] = Lp[k]! + lnz[k]!;
  const rowPtr = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) rowPtr[k + 1] = rowPtr[k]! + rowLists[k]!.length;
  const rowIdxL = Int32Array.from(rowLists.flat());
  const s: LdlStructure = { n, colPtr, rowIdx, Lp, rowPtr, rowIdxL };
  return { A, s, values: Float64Array.from(vals) };
}

for (const [name, Impl] of impls) {
  describe(`sparse LDLᵀ (${name})`, () => {
    it('L D Lᵀ reproduces A and the solves invert it (seeds 1–5; absolute 1e-10)', () => {
      for (let seed = 1; seed <= 5; seed++) {
        const n = 40;
        const { A, s, values } = randomProblem(seed, n, 0.08);
        const f = new Impl(s);
        expect(f.factor(values)).toBe(true);
        const D = f.pivots();
        const { Li, Lx } = f.factorL();
        const L = new Float64Array(n * n);
        for (let j = 0; j < n; j++) {
          L[j * n + j] = 1;
          for (let p = s.Lp[j]!; p < s.Lp[j + 1]!; p++) L[Li[p]! * n + j] = Lx[p]!;
        }
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            let v = 0;
            for (let c = 0; c < n; c++) v += L[i * n + c]! * D[c]! * L[j * n + c]!;
            expect(Math.abs(v - A[i * n + j]!), `seed ${seed} (${i},${j})`).toBeLessThan(1e-10);
          }
        // A x = b by L, D, Lᵀ solves with two right-hand sides
        const x = Float64Array.from({ length: 2 * n }, (_, i) => Math.sin(i + seed));
        const b = new Float64Array(2 * n);
        for (let i = 0; i < n; i++) for (let c = 0; c < 2; c++) for (let j = 0; j < n; j++) b[i * 2 + c] += A[i * n + j]! * x[j * 2 + c]!;
        f.solveL(b, 2);
        for (let c = 0; c < 2; c++) {
          const col = Float64Array.from({ length: n }, (_, i) => b[i * 2 + c]! / D[i]!);
          f.solveLt(col);
          for (let i = 0; i < n; i++) expect(Math.abs(col[i]! - x[i * 2 + c]!)).toBeLessThan(1e-10);
        }
        f.dispose();
      }
    });
    it('reports a matrix that is not positive definite', () => {
      const { s, values } = randomProblem(9, 12, 0.2);
      const f = new Impl(s);
      const bad = values.slice();
      bad[s.colPtr[4]! + (s.colPtr[5]! - s.colPtr[4]! - 1)] = -1; // diagonal of column 4
      expect(f.factor(bad)).toBe(false);
      // and recovers on the next good matrix
      expect(f.factor(values)).toBe(true);
      f.dispose();
    });
  });
}

describe('sparse LDLᵀ: wasm equals the reference, no memory growth', () => {
  it('same pivots to 1e-13 relative; 200 refactorizations do not grow memory', () => {
    const { s, values } = randomProblem(3, 120, 0.05);
    const w = new WasmLdl(s);
    const t = new ref.sparse.SparseLdlNumeric(s);
    expect(w.factor(values)).toBe(true);
    expect(t.factor(values)).toBe(true);
    const dw = w.pivots();
    const dt = t.pivots();
    for (let i = 0; i < dw.length; i++) expect(Math.abs(dw[i]! - dt[i]!) / dt[i]!).toBeLessThan(1e-13);
    const before = memoryBytes();
    for (let r = 0; r < 200; r++) w.factor(values);
    expect(memoryBytes()).toBe(before);
    w.dispose();
    expect(() => w.factor(values)).toThrow(/dispose/);
  });
});
