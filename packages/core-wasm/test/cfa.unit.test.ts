// One suite for the CFA kernels (assembly/cfa.ts), run against the WASM wrappers and the plain-TS
// references, checked against a direct evaluation of their definitions on random inputs.
import { describe, expect, it } from 'vitest';
import { cfaPairGram, cfaScoreJacobian } from '../src/cfa.js';
import { ref, memoryBytes } from '../src/index.js';
import { mulberry32 } from '../../../test/helpers/rng.js';

// Seeded generator shared by the tests (test/helpers/rng.ts, mulberry32); the seed is in the test name.
const rng = mulberry32;

const impls = [
  ['wasm', { cfaPairGram, cfaScoreJacobian }],
  ['ts', ref.cfa],
] as const;

describe.each(impls)('cfa kernels (%s)', (_name, k) => {
  it('cfaPairGram equals Σ_{i<j} d_ij u_ai u_aj u_bi u_bj (seed 11; 37 items spans two words)', () => {
    const r = rng(11);
    const n = 23;
    const J = 37;
    const words = 2;
    const u = Array.from({ length: n * J }, () => (r() < 0.4 ? 1 : 0));
    const bits = new Uint32Array(n * words);
    for (let a = 0; a < n; a++) for (let j = 0; j < J; j++) if (u[a * J + j]) bits[a * words + (j >>> 5)]! |= 1 << (j & 31);
    const d = new Float64Array(J * J);
    for (let i = 0; i < J; i++) for (let j = 0; j < i; j++) d[i * J + j] = d[j * J + i] = r() - 0.3;
    const h = k.cfaPairGram(n, J, words, bits, d);
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        let want = 0;
        for (let i = 0; i < J; i++) for (let j = i + 1; j < J; j++) want += d[i * J + j]! * u[a * J + i]! * u[a * J + j]! * u[b * J + i]! * u[b * J + j]!;
        expect(h[a * n + b]!).toBeCloseTo(want, 12);
      }
  });

  it('cfaScoreJacobian equals the dense Σ_k w_k Δ_kp F_k (seed 12, with missing codes)', () => {
    const r = rng(12);
    const n = 17;
    const J = 6;
    const q = 5;
    const codes = new Uint8Array(J * n).map(() => Math.floor(r() * 3));
    const pairI: number[] = [];
    const pairJ: number[] = [];
    for (let j = 0; j < J - 1; j++) for (let i = j + 1; i < J; i++) (pairI.push(i), pairJ.push(j));
    const np = pairI.length;
    const pair = Float64Array.from({ length: np * 9 }, () => r() - 0.5);
    const w = Float64Array.from({ length: np }, () => r() + 0.5);
    const rowPtr = new Int32Array(np + 1);
    const col: number[] = [];
    const val: number[] = [];
    for (let kk = 0; kk < np; kk++) {
      for (let p = 0; p < q; p++) if (r() < 0.4) (col.push(p), val.push(r() - 0.5));
      rowPtr[kk + 1] = col.length;
    }
    const inp = { n, codes, pair, pairI: Int32Array.from(pairI), pairJ: Int32Array.from(pairJ), w, rowPtr, col: Int32Array.from(col), val: Float64Array.from(val), q };
    const before = memoryBytes();
    const gt = k.cfaScoreJacobian(inp);
    for (let p = 0; p < q; p++)
      for (let m = 0; m < n; m++) {
        let want = 0;
        for (let kk = 0; kk < np; kk++)
          for (let u = rowPtr[kk]!; u < rowPtr[kk + 1]!; u++)
            if (col[u] === p) want += w[kk]! * val[u]! * pair[kk * 9 + codes[pairI[kk]! * n + m]! * 3 + codes[pairJ[kk]! * n + m]!]!;
        expect(gt[p * n + m]!).toBeCloseTo(want, 12);
      }
    expect(memoryBytes()).toBe(before);
  });
});
