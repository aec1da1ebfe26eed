// Kernels of the categorical CFA's robust corrections (packages/stats/src/cfa; see
// /work/shared/notes/wlsmv-at-scale.md). Raw pointer API; checked wrappers in src/cfa.ts, plain-TS
// references in src/ref/cfa.ts.
//
// cfaPairGram: H (n × n, symmetric, full) with H_ab = Σ_{i<j ∈ S_a ∩ S_b} d_ij, where S_a is the set of
//   items whose bit is set in row a of `bits` (u32, n × words) and d is J × J (f64, symmetric). This is
//   the only O(n²) term of A = F W F′ for complete binary data that is not a product of n × J matrices.
//   `idx` is scratch for J i32; `da` is scratch for J² f64 (d restricted to S_a, so the inner gathers hit a
//   block that fits in cache); `base` is scratch for `words` i32. Per row a, an item of S_a ∩ S_b is located in
//   S_a by a prefix popcount; the inner sum runs four accumulators (the adds are independent, so the loop is
//   not bound by one addition's latency; the summation order differs from the plain loop by rounding only).
export function cfaPairGram(n: i32, nItems: i32, words: i32, bits: usize, d: usize, out: usize, idx: usize, da: usize, base: usize): void {
  for (let a = 0; a < n; a++) {
    const ba = bits + ((<usize>a * <usize>words) << 2);
    // S_a: items, prefix counts per word, and the compact block d[S_a, S_a].
    let ka = 0;
    for (let w = 0; w < words; w++) {
      store<i32>(base + (<usize>w << 2), ka);
      let x = load<u32>(ba + (<usize>w << 2));
      while (x != 0) {
        const t = ctz<u32>(x);
        store<i32>(idx + (<usize>ka << 2), (w << 5) + <i32>t);
        ka++;
        x &= x - 1;
      }
    }
    for (let u = 0; u < ka; u++) {
      const src = d + ((<usize>load<i32>(idx + (<usize>u << 2)) * <usize>nItems) << 3);
      const dst = da + ((<usize>u * <usize>ka) << 3);
      for (let v = 0; v < ka; v++) store<f64>(dst + (<usize>v << 3), load<f64>(src + (<usize>load<i32>(idx + (<usize>v << 2)) << 3)));
    }
    // idx now holds positions within S_a for the intersection with each b (S_a's item list is no longer needed).
    for (let b = a; b < n; b++) {
      const bb = bits + ((<usize>b * <usize>words) << 2);
      let r = 0;
      for (let w = 0; w < words; w++) {
        const xa = load<u32>(ba + (<usize>w << 2));
        let x = xa & load<u32>(bb + (<usize>w << 2));
        const off = load<i32>(base + (<usize>w << 2));
        while (x != 0) {
          const t = ctz<u32>(x);
          store<i32>(idx + (<usize>r << 2), off + <i32>popcnt<u32>(xa & ((<u32>1 << t) - 1)));
          r++;
          x &= x - 1;
        }
      }
      let h0: f64 = 0;
      let h1: f64 = 0;
      let h2: f64 = 0;
      let h3: f64 = 0;
      for (let u = 0; u < r; u++) {
        const row = da + ((<usize>load<i32>(idx + (<usize>u << 2)) * <usize>ka) << 3);
        let v = u + 1;
        for (; v + 3 < r; v += 4) {
          const iv = idx + (<usize>v << 2);
          h0 += load<f64>(row + (<usize>load<i32>(iv) << 3));
          h1 += load<f64>(row + (<usize>load<i32>(iv, 4) << 3));
          h2 += load<f64>(row + (<usize>load<i32>(iv, 8) << 3));
          h3 += load<f64>(row + (<usize>load<i32>(iv, 12) << 3));
        }
        for (; v < r; v++) h0 += load<f64>(row + (<usize>load<i32>(idx + (<usize>v << 2)) << 3));
      }
      const h = (h0 + h1) + (h2 + h3);
      store<f64>(out + ((<usize>a * <usize>n + <usize>b) << 3), h);
      store<f64>(out + ((<usize>b * <usize>n + <usize>a) << 3), h);
    }
  }
}

// cfaScoreJacobian: Gᵀ += Σ_k (w_k Δ_k·)ᵀ F_kᵀ over the correlation columns k of F, i.e. row p of gt
//   (q × n, f64) accumulates Σ_k w_k Δ_kp F_k. F_k[m] = pair[k·9 + codes[i·n + m]·3 + codes[j·n + m]]
//   with i = pairI[k], j = pairJ[k], codes u8 item-major (0, 1, 2 = missing). Δ is CSR by pair
//   (rowPtr i32 nPairs + 1, col i32, val f64). `tmp` is scratch for n f64.
export function cfaScoreJacobian(
  n: i32, nPairs: i32, codes: usize, pair: usize, pairI: usize, pairJ: usize, w: usize,
  rowPtr: usize, col: usize, val: usize, gt: usize, tmp: usize,
): void {
  for (let k = 0; k < nPairs; k++) {
    const r0 = load<i32>(rowPtr + (<usize>k << 2));
    const r1 = load<i32>(rowPtr + (<usize>(k + 1) << 2));
    if (r0 == r1) continue;
    const ci = codes + <usize>load<i32>(pairI + (<usize>k << 2)) * <usize>n;
    const cj = codes + <usize>load<i32>(pairJ + (<usize>k << 2)) * <usize>n;
    const base = pair + ((<usize>k * 9) << 3);
    for (let m = 0; m < n; m++) {
      const c = <usize>load<u8>(ci + <usize>m) * 3 + <usize>load<u8>(cj + <usize>m);
      store<f64>(tmp + (<usize>m << 3), load<f64>(base + (c << 3)));
    }
    const wk = load<f64>(w + (<usize>k << 3));
    for (let u = r0; u < r1; u++) {
      const coef = wk * load<f64>(val + (<usize>u << 3));
      const row = gt + ((<usize>load<i32>(col + (<usize>u << 2)) * <usize>n) << 3);
      const cv = f64x2.splat(coef);
      let m = 0;
      for (; m + 1 < n; m += 2) {
        const off = <usize>m << 3;
        v128.store(row + off, f64x2.add(v128.load(row + off), f64x2.mul(cv, v128.load(tmp + off))));
      }
      for (; m < n; m++) {
        const off = <usize>m << 3;
        store<f64>(row + off, load<f64>(row + off) + coef * load<f64>(tmp + off));
      }
    }
  }
}
