// E-step of full-information item factor analysis on a fixed quadrature, with the Gibbons–Hedeker
// (1992, Psychometrika 57:423–436) bifactor dimension reduction in the two-tier arrangement of Cai
// (2010, Psychometrika 75:581–612). Layout and meaning of every argument: src/ref/irt.ts (the plain
// TS reference, same algorithm). Pointers are byte offsets; f64 arrays unless noted; 0 = null for the
// optional outputs. `work` holds K + 2·S·K·Q doubles.

@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}
@inline function ldi(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

export function irtEstep(
  N: i32,
  J: i32,
  responses: usize,
  K: i32,
  Q: i32,
  S: i32,
  itemSpec: usize,
  tabOff: usize,
  logP1: usize,
  logP0: usize,
  logPriorG: usize,
  priorGStride: i32,
  logPriorS: usize,
  priorSStride: i32,
  outR: usize,
  outMiss: usize,
  outNG: usize,
  outNS: usize,
  outLoglik: usize,
  outPostG: usize,
  outPostS: usize,
  work: usize,
): void {
  const KQ = K * Q;
  const logLG = work;
  const ls = work + (<usize>K << 3);
  const joint = ls + (<usize>(S * KQ) << 3);
  for (let i = 0; i < N; i++) {
    const row = <usize>i * <usize>J;
    const pg = i * priorGStride;
    for (let k = 0; k < K; k++) st(logLG, k, ld(logPriorG, pg + k));
    memory.fill(ls, 0, <usize>(S * KQ) << 3);
    for (let j = 0; j < J; j++) {
      const x = load<u8>(responses + row + <usize>j);
      if (x > 1) continue;
      const tab = x == 1 ? logP1 : logP0;
      const off = ldi(tabOff, j);
      const s = ldi(itemSpec, j);
      if (s < 0) {
        for (let k = 0; k < K; k++) st(logLG, k, ld(logLG, k) + ld(tab, off + k));
      } else {
        const dst = ls + (<usize>(s * KQ) << 3);
        const src = tab + (<usize>off << 3);
        let c = 0;
        for (; c + 1 < KQ; c += 2) {
          const o = <usize>c << 3;
          v128.store(dst + o, f64x2.add(v128.load(dst + o), v128.load(src + o)));
        }
        for (; c < KQ; c++) st(dst, c, ld(dst, c) + ld(src, c));
      }
    }
    const ps = i * priorSStride;
    for (let s = 0; s < S; s++) {
      const base = s * KQ;
      const pw = ps + s * Q;
      for (let k = 0; k < K; k++) {
        const kb = base + k * Q;
        let m = -Infinity;
        for (let q = 0; q < Q; q++) {
          const v = ld(ls, kb + q) + ld(logPriorS, pw + q);
          st(ls, kb + q, v);
          if (v > m) m = v;
        }
        let sum: f64 = 0;
        for (let q = 0; q < Q; q++) {
          const e = Math.exp(ld(ls, kb + q) - m);
          st(ls, kb + q, e);
          sum += e;
        }
        const inv = 1.0 / sum;
        for (let q = 0; q < Q; q++) st(ls, kb + q, ld(ls, kb + q) * inv);
        st(logLG, k, ld(logLG, k) + m + Math.log(sum));
      }
    }
    let m = -Infinity;
    for (let k = 0; k < K; k++) if (ld(logLG, k) > m) m = ld(logLG, k);
    let sum: f64 = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(ld(logLG, k) - m);
      st(logLG, k, e);
      sum += e;
    }
    st(outLoglik, i, m + Math.log(sum));
    const inv = 1.0 / sum;
    for (let k = 0; k < K; k++) {
      const p = ld(logLG, k) * inv;
      st(logLG, k, p);
      st(outNG, k, ld(outNG, k) + p);
    }
    if (outPostG != 0) for (let k = 0; k < K; k++) st(outPostG, i * K + k, ld(logLG, k));
    for (let s = 0; s < S; s++) {
      const base = s * KQ;
      for (let k = 0; k < K; k++) {
        const pk = ld(logLG, k);
        const kb = base + k * Q;
        for (let q = 0; q < Q; q++) {
          const v = pk * ld(ls, kb + q);
          st(joint, kb + q, v);
          st(outNS, kb + q, ld(outNS, kb + q) + v);
        }
      }
      if (outPostS != 0) {
        const o = (i * S + s) * Q;
        for (let q = 0; q < Q; q++) {
          let t: f64 = 0;
          for (let k = 0; k < K; k++) t += ld(joint, base + k * Q + q);
          st(outPostS, o + q, t);
        }
      }
    }
    for (let j = 0; j < J; j++) {
      const x = load<u8>(responses + row + <usize>j);
      if (x == 0) continue;
      const out = x == 1 ? outR : outMiss;
      const off = ldi(tabOff, j);
      const s = ldi(itemSpec, j);
      if (s < 0) {
        for (let k = 0; k < K; k++) st(out, off + k, ld(out, off + k) + ld(logLG, k));
      } else {
        const dst = out + (<usize>off << 3);
        const src = joint + (<usize>(s * KQ) << 3);
        let c = 0;
        for (; c + 1 < KQ; c += 2) {
          const o = <usize>c << 3;
          v128.store(dst + o, f64x2.add(v128.load(dst + o), v128.load(src + o)));
        }
        for (; c < KQ; c++) st(dst, c, ld(dst, c) + ld(src, c));
      }
    }
  }
}
