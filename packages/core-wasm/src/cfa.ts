// Checked wrappers over assembly/cfa.ts (the categorical CFA's robust-correction kernels). Same API as
// ref/cfa.ts; inputs are copied into WASM memory and freed before returning.
import { allocBytes, f64View, freePtr, i32View, u8View, wasm } from './loader.js';
import { ShapeError } from './errors.js';
import type { ScoreJacobianInput } from './ref/cfa.js';

interface CfaExports {
  cfaPairGram(n: number, nItems: number, words: number, bits: number, d: number, out: number, idx: number, da: number, base: number): void;
  cfaScoreJacobian(n: number, nPairs: number, codes: number, pair: number, pairI: number, pairJ: number, w: number, rowPtr: number, col: number, val: number, gt: number, tmp: number): void;
}
const k = (): CfaExports => wasm() as unknown as CfaExports;

function scope<T>(fn: (alloc: (bytes: number) => number) => T): T {
  const ptrs: number[] = [];
  try {
    return fn((bytes) => {
      const p = allocBytes(bytes);
      ptrs.push(p);
      return p;
    });
  } finally {
    for (const p of ptrs) freePtr(p);
  }
}

/** H (n × n) with H_ab = Σ_{i<j ∈ S_a ∩ S_b} d_ij (see assembly/cfa.ts). */
export function cfaPairGram(n: number, nItems: number, words: number, bits: Uint32Array, d: Float64Array): Float64Array {
  if (words !== (nItems + 31) >>> 5) throw new ShapeError(`cfaPairGram: words = ${words}, expected ${(nItems + 31) >>> 5}`);
  if (bits.length !== n * words) throw new ShapeError(`cfaPairGram: bits has ${bits.length} words, expected ${n * words}`);
  if (d.length !== nItems * nItems) throw new ShapeError(`cfaPairGram: d has ${d.length} entries, expected ${nItems * nItems}`);
  return scope((alloc) => {
    const pb = alloc(bits.length * 4);
    new Uint32Array(wasm().memory.buffer, pb, bits.length).set(bits);
    const pd = alloc(d.length * 8);
    f64View(pd, d.length).set(d);
    const po = alloc(n * n * 8);
    const pi = alloc(nItems * 4);
    const pda = alloc(Math.max(1, nItems * nItems) * 8);
    const pbase = alloc(Math.max(1, words) * 4);
    k().cfaPairGram(n, nItems, words, pb, pd, po, pi, pda, pbase);
    return f64View(po, n * n).slice();
  });
}

/** Gᵀ (q × n) = Σ_k (w_k Δ_k·)ᵀ F_kᵀ over the correlation columns (see assembly/cfa.ts). */
export function cfaScoreJacobian(inp: ScoreJacobianInput): Float64Array {
  const { n, codes, pair, pairI, pairJ, w, rowPtr, col, val, q } = inp;
  const np = pairI.length;
  if (pairJ.length !== np || w.length !== np || rowPtr.length !== np + 1 || pair.length !== np * 9) throw new ShapeError('cfaScoreJacobian: pair arrays do not match');
  if (col.length !== val.length || rowPtr[np] !== col.length) throw new ShapeError('cfaScoreJacobian: CSR arrays do not match');
  for (let u = 0; u < col.length; u++) if (col[u]! < 0 || col[u]! >= q) throw new ShapeError(`cfaScoreJacobian: column ${col[u]} outside 0..${q - 1}`);
  if (codes.length % n !== 0) throw new ShapeError('cfaScoreJacobian: codes is not items × n');
  return scope((alloc) => {
    const pc = alloc(codes.length);
    u8View(pc, codes.length).set(codes);
    const pp = alloc(pair.length * 8);
    f64View(pp, pair.length).set(pair);
    const pI = alloc(np * 4);
    i32View(pI, np).set(pairI);
    const pJ = alloc(np * 4);
    i32View(pJ, np).set(pairJ);
    const pw = alloc(np * 8);
    f64View(pw, np).set(w);
    const pr = alloc((np + 1) * 4);
    i32View(pr, np + 1).set(rowPtr);
    const pcol = alloc(Math.max(1, col.length) * 4);
    i32View(pcol, col.length).set(col);
    const pv = alloc(Math.max(1, val.length) * 8);
    f64View(pv, val.length).set(val);
    const pg = alloc(q * n * 8);
    f64View(pg, q * n).fill(0);
    const pt = alloc(n * 8);
    k().cfaScoreJacobian(n, np, pc, pp, pI, pJ, pw, pr, pcol, pv, pg, pt);
    return f64View(pg, q * n).slice();
  });
}
