// Plain TypeScript references for assembly/cfa.ts (same algorithms, same API as src/cfa.ts).

/** H (n × n) with H_ab = Σ_{i<j ∈ S_a ∩ S_b} d_ij; bits u32 n × words (item j = bit j % 32 of word j / 32). */
export function cfaPairGram(n: number, nItems: number, words: number, bits: Uint32Array, d: Float64Array): Float64Array {
  const out = new Float64Array(n * n);
  const idx = new Int32Array(nItems);
  for (let a = 0; a < n; a++)
    for (let b = a; b < n; b++) {
      let r = 0;
      for (let w = 0; w < words; w++) {
        let x = (bits[a * words + w]! & bits[b * words + w]!) >>> 0;
        while (x !== 0) {
          const t = x & -x;
          idx[r++] = (w << 5) + 31 - Math.clz32(t);
          x = (x ^ t) >>> 0;
        }
      }
      let h = 0;
      for (let u = 0; u < r; u++) {
        const row = idx[u]! * nItems;
        for (let v = u + 1; v < r; v++) h += d[row + idx[v]!]!;
      }
      out[a * n + b] = h;
      out[b * n + a] = h;
    }
  return out;
}

export interface ScoreJacobianInput {
  n: number;
  codes: Uint8Array;
  pair: Float64Array;
  pairI: Int32Array;
  pairJ: Int32Array;
  w: Float64Array;
  rowPtr: Int32Array;
  col: Int32Array;
  val: Float64Array;
  /** Rows of Gᵀ (parameters). */
  q: number;
}

/** Gᵀ (q × n): row p = Σ_k w_k Δ_kp F_k over the correlation columns of F. */
export function cfaScoreJacobian(inp: ScoreJacobianInput): Float64Array {
  const { n, codes, pair, pairI, pairJ, w, rowPtr, col, val, q } = inp;
  const gt = new Float64Array(q * n);
  const tmp = new Float64Array(n);
  for (let k = 0; k < pairI.length; k++) {
    const r0 = rowPtr[k]!;
    const r1 = rowPtr[k + 1]!;
    if (r0 === r1) continue;
    const ci = pairI[k]! * n;
    const cj = pairJ[k]! * n;
    for (let m = 0; m < n; m++) tmp[m] = pair[k * 9 + codes[ci + m]! * 3 + codes[cj + m]!]!;
    for (let u = r0; u < r1; u++) {
      const c = w[k]! * val[u]!;
      const row = col[u]! * n;
      for (let m = 0; m < n; m++) gt[row + m] = gt[row + m]! + c * tmp[m]!;
    }
  }
  return gt;
}
