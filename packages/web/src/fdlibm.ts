// fdlibm's elementary functions in plain JavaScript arithmetic, so that the worker computes the same bits in
// every browser. Why: the CLI runs on Node, whose V8 computes Math.exp/log/log1p/expm1/pow/sin/cos/log10/cbrt/
// asin/acos with its port of fdlibm (Sun's freely distributable math library, netlib.org/fdlibm; FreeBSD msun
// for cbrt and log10). Newer V8 builds (chromium 156 here) moved several of these to other implementations
// (LLVM's libc): they differ from fdlibm in the last bit for a few percent of arguments (exp: 9.7 %, log: 3.4 %,
// pow: 10 % of 200,000 arguments; bench/RESULTS.md "web"). The library's iterative fits (IRT EM, REML) carry
// such last-bit differences to 1e-8…1e-6 relative in the audit's numbers. With these functions installed in
// the worker (install(), src/worker.ts) the browser runs the CLI's computation and the page's audit.json equals
// the CLI's to the last bit (test/browser/explorer.views.test.ts).
//
// Each function follows the fdlibm 5.3 algorithm (comments name its file) operation for operation: +, −, ×, ÷
// and √ are correctly rounded in every engine, so the results are the same doubles wherever this runs. The
// agreement with Node's Math on millions of arguments is tested in test/web.fdlibm.unit.test.ts.
// Sun's notice, as fdlibm asks: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at
// SunSoft, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is
// freely granted, provided that this notice is preserved.

const F = new Float64Array(1);
const I = new Int32Array(F.buffer); // little-endian: I[0] = low word, I[1] = high word
if (new Uint8Array(new Float64Array([1]).buffer)[7] !== 0x3f) throw new Error('fdlibm.ts assumes a little-endian platform');

const hiWord = (x: number): number => ((F[0] = x), I[1]!);
const loWord = (x: number): number => ((F[0] = x), I[0]!);
const fromWords = (hi: number, lo: number): number => ((I[1] = hi), (I[0] = lo), F[0]!);
const withHigh = (x: number, hi: number): number => ((F[0] = x), (I[1] = hi), F[0]!);
const withLow = (x: number, lo: number): number => ((F[0] = x), (I[0] = lo), F[0]!);

/** x·2^n (fdlibm s_scalbn.c's result for the normal range; the subnormal range rounds once at the end). */
function scalbn(x: number, n: number): number {
  let y = x;
  let m = n;
  while (m > 1023) { y *= 8.98846567431158e307; m -= 1023; }
  while (m < -1022) { y *= 2.2250738585072014e-308; m += 1022; }
  return y * fromWords((0x3ff + m) << 20, 0);
}

const LN2_HI = 6.93147180369123816490e-1; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const TWO54 = 1.8014398509481984e16;

/** e_exp.c (with V8's exact return for exp(1)). */
export function exp(x0: number): number {
  let x = x0;
  let hx = hiWord(x);
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  let hi = 0, lo = 0, k = 0;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | loWord(x)) !== 0) return x + x;
      return xsb === 0 ? x : 0;
    }
    if (x > 7.09782712893383973096e2) return Infinity;
    if (x < -7.45133219101941108420e2) return 0;
  }
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      if (x === 1) return 2.718281828459045;
      hi = xsb === 0 ? x - LN2_HI : x + LN2_HI;
      lo = xsb === 0 ? LN2_LO : -LN2_LO;
      k = 1 - xsb - xsb;
    } else {
      k = (1.44269504088896338700 * x + (xsb === 0 ? 0.5 : -0.5)) | 0;
      const t = k;
      hi = x - t * LN2_HI;
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x;
  } else k = 0;
  const t = x * x;
  const twopk = k >= -1021 ? fromWords((0x3ff00000 + (k << 20)) | 0, 0) : fromWords((0x3ff00000 + ((k + 1000) << 20)) | 0, 0);
  const c = x - t * (1.66666666666666019037e-1 + t * (-2.77777777770155933842e-3 + t * (6.61375632143793436117e-5 + t * (-1.65339022054652515390e-6 + t * 4.13813679705723846039e-8))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) return k === 1024 ? y * 2.0 * 8.98846567431158e307 : y * twopk;
  return y * twopk * 9.33263618503218878990e-302;
}

const Lg1 = 6.666666666666735130e-1, Lg2 = 3.999999999940941908e-1, Lg3 = 2.857142874366239149e-1, Lg4 = 2.222219843214978396e-1;
const Lg5 = 1.818357216161805012e-1, Lg6 = 1.531383769920937332e-1, Lg7 = 1.479819860511658591e-1;

/** e_log.c */
export function log(x0: number): number {
  let x = x0;
  let hx = hiWord(x);
  const lx = loWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = hiWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = withHigh(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - ((R - k * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const dk = k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}

/** s_log1p.c */
export function log1p(x: number): number {
  const hx = hiWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1, f = 0, c = 0, hu = 0;
  if (hx < 0x3fda827a) {
    if (ax >= 0x3ff00000) return x === -1.0 ? -Infinity : NaN;
    if (ax < 0x3e200000) return ax < 0x3c900000 ? x : x - x * x * 0.5;
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) { k = 0; f = x; hu = 1; }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = hiWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0);
      c /= u;
    } else {
      u = x;
      hu = hiWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) u = withHigh(u, hu | 0x3ff00000);
    else {
      k += 1;
      u = withHigh(u, hu | 0x3fe00000);
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const R = hfsq * (1.0 - 0.66666666666666666 * f);
    return k === 0 ? f - R : k * LN2_HI - ((R - (k * LN2_LO + c)) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const R = z * (Lg1 + z * (Lg2 + z * (Lg3 + z * (Lg4 + z * (Lg5 + z * (Lg6 + z * Lg7))))));
  return k === 0 ? f - (hfsq - s * (hfsq + R)) : k * LN2_HI - ((hfsq - (s * (hfsq + R) + (k * LN2_LO + c))) - f);
}

/** e_log10.c (FreeBSD msun's, as V8's): log10(x) = n·log10(2) + log(x/2^n)/ln 10. */
export function log10(x0: number): number {
  let x = x0;
  let hx = hiWord(x);
  let lx = loWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = hiWord(x);
    lx = loWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  if (hx === 0x3ff00000 && lx === 0) return 0;
  k += (hx >> 20) - 1023;
  const i = (k & 0x80000000) >>> 31;
  hx = (hx & 0x000fffff) | ((0x3ff - i) << 20);
  const y = k + i;
  x = fromWords(hx, lx);
  const z = y * 3.69423907715893078616e-13 + 4.34294481903251816668e-1 * log(x);
  return z + y * 3.01029995663611771306e-1;
}

/** s_expm1.c */
export function expm1(x0: number): number {
  let x = x0;
  let hx = hiWord(x);
  const xsb = hx & 0x80000000;
  hx &= 0x7fffffff;
  if (hx >= 0x4043687a) {
    if (hx >= 0x40862e42) {
      if (hx >= 0x7ff00000) {
        if (((hx & 0xfffff) | loWord(x)) !== 0) return x + x;
        return xsb === 0 ? x : -1.0;
      }
      if (x > 7.09782712893383973096e2) return Infinity;
    }
    if (xsb !== 0) return 1.0e-300 - 1.0;
  }
  let k = 0, c = 0;
  if (hx > 0x3fd62e42) {
    let hi: number, lo: number;
    if (hx < 0x3ff0a2b2) {
      if (xsb === 0) { hi = x - LN2_HI; lo = LN2_LO; k = 1; } else { hi = x + LN2_HI; lo = -LN2_LO; k = -1; }
    } else {
      k = (1.44269504088896338700 * x + (xsb === 0 ? 0.5 : -0.5)) | 0;
      const t = k;
      hi = x - t * LN2_HI;
      lo = t * LN2_LO;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x3c900000) {
    return x;
  } else k = 0;
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (-3.33333333333331316428e-2 + hxs * (1.58730158725481460165e-3 + hxs * (-7.93650757867487942473e-5 + hxs * (4.00821782732936239552e-6 + hxs * -2.01099218183624371326e-7))));
  let t = 3.0 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k === 0) return x - (x * e - hxs);
  const twopk = fromWords((0x3ff00000 + (k << 20)) | 0, 0);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2.0 * (e - (x + 0.5)) : 1 + 2.0 * (x - e);
  let y: number;
  if (k <= -2 || k > 56) {
    y = 1 - (e - x);
    y = k === 1024 ? y * 2.0 * 8.98846567431158e307 : y * twopk;
    return y - 1;
  }
  if (k < 20) {
    t = fromWords(0x3ff00000 - (0x200000 >> k), 0);
    y = t - (e - x);
    y = y * twopk;
  } else {
    t = fromWords((0x3ff - k) << 20, 0);
    y = x - (e + t);
    y += 1;
    y = y * twopk;
  }
  return y;
}

/** e_pow.c */
export function pow(x: number, y: number): number {
  const hx = hiWord(x), lx = loWord(x) >>> 0;
  const hy = hiWord(y), ly = loWord(y) >>> 0;
  let ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;
  if ((iy | ly) === 0) return 1;
  if (ix > 0x7ff00000 || (ix === 0x7ff00000 && lx !== 0) || iy > 0x7ff00000 || (iy === 0x7ff00000 && ly !== 0)) return x + y;
  let yisint = 0;
  if (hx < 0) {
    if (iy >= 0x43400000) yisint = 2;
    else if (iy >= 0x3ff00000) {
      const k = (iy >> 20) - 0x3ff;
      if (k > 20) {
        const j = ly >>> (52 - k);
        if (((j << (52 - k)) | 0) === (ly | 0)) yisint = 2 - (j & 1);
      } else if (ly === 0) {
        const j = iy >> (20 - k);
        if (j << (20 - k) === iy) yisint = 2 - (j & 1);
      }
    }
  }
  if (ly === 0) {
    if (iy === 0x7ff00000) {
      if (((ix - 0x3ff00000) | lx) === 0) return y - y;
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0;
      return hy < 0 ? -y : 0;
    }
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x;
    if (hy === 0x40000000) return x * x;
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x);
  }
  let ax = Math.abs(x);
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) {
    let z = ax;
    if (hy < 0) z = 1 / z;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yisint) === 0) z = NaN;
      else if (yisint === 1) z = -z;
    }
    return z;
  }
  let n = (hx >> 31) + 1;
  if ((n | yisint) === 0) return NaN;
  let s = 1;
  if ((n | (yisint - 1)) === 0) s = -1;
  const ivln2 = 1.44269504088896338700, lg2 = 6.93147180559945286227e-1;
  let t1: number, t2: number;
  if (iy > 0x41e00000) {
    if (iy > 0x43f00000) {
      if (ix <= 0x3fefffff) return hy < 0 ? Infinity : 0;
      if (ix >= 0x3ff00000) return hy > 0 ? Infinity : 0;
    }
    if (ix < 0x3fefffff) return hy < 0 ? s * Infinity : s * 0;
    if (ix > 0x3ff00000) return hy > 0 ? s * Infinity : s * 0;
    const t = ax - 1;
    const w = (t * t) * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
    const u = 1.44269502162933349609 * t;
    const v = t * 1.92596299112661746887e-8 - w * ivln2;
    t1 = withLow(u + v, 0);
    t2 = v - (t1 - u);
  } else {
    n = 0;
    if (ix < 0x00100000) {
      ax *= 9007199254740992.0;
      n -= 53;
      ix = hiWord(ax);
    }
    n += (ix >> 20) - 0x3ff;
    const j = ix & 0x000fffff;
    ix = j | 0x3ff00000;
    let k: number;
    if (j <= 0x3988e) k = 0;
    else if (j < 0xbb67a) k = 1;
    else { k = 0; n += 1; ix -= 0x00100000; }
    ax = withHigh(ax, ix);
    const bp = k === 0 ? 1.0 : 1.5;
    const dpH = k === 0 ? 0 : 5.84962487220764160156e-1;
    const dpL = k === 0 ? 0 : 1.35003920212974897128e-8;
    let u = ax - bp;
    let v = 1 / (ax + bp);
    const ss = u * v;
    const sH = withLow(ss, 0);
    let tH = fromWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0);
    const tL = ax - (tH - bp);
    const sL = v * ((u - sH * tH) - sH * tL);
    let s2 = ss * ss;
    let r = s2 * s2 * (5.99999999999994648725e-1 + s2 * (4.28571428578550184252e-1 + s2 * (3.33333329818377432918e-1 + s2 * (2.72728123808534006489e-1 + s2 * (2.30660745775561754067e-1 + s2 * 2.06975017800338417784e-1)))));
    r += sL * (sH + ss);
    s2 = sH * sH;
    tH = withLow(3.0 + s2 + r, 0);
    const tl = r - ((tH - 3.0) - s2);
    u = sH * tH;
    v = sL * tH + tl * ss;
    const pH = withLow(u + v, 0);
    const pL = v - (pH - u);
    const zH = 9.61796700954437255859e-1 * pH;
    const zL = -7.02846165095275826516e-9 * pH + pL * 9.61796693925975554329e-1 + dpL;
    const t = n;
    t1 = withLow(((zH + zL) + dpH) + t, 0);
    t2 = zL - (((t1 - t) - dpH) - zH);
  }
  const y1 = withLow(y, 0);
  const pL0 = (y - y1) * t1 + y * t2;
  let pH = y1 * t1;
  let z = pL0 + pH;
  let j = hiWord(z);
  let i = loWord(z);
  if (j >= 0x40900000) {
    if (((j - 0x40900000) | i) !== 0) return s * Infinity;
    if (pL0 + 8.0085662595372944372e-17 > z - pH) return s * Infinity;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    if (((j - (0xc090cc00 | 0)) | i) !== 0) return s * 0;
    if (pL0 <= z - pH) return s * 0;
  }
  i = j & 0x7fffffff;
  let k = (i >> 20) - 0x3ff;
  n = 0;
  if (i > 0x3fe00000) {
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff;
    const t = fromWords(n & ~(0x000fffff >> k), 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    pH -= t;
  }
  const t = withLow(pL0 + pH, 0);
  const u = t * 6.93147182464599609375e-1;
  const v = (pL0 - (t - pH)) * lg2 + t * -1.90465429995776804525e-9;
  z = u + v;
  const w = v - (z - u);
  const tt = z * z;
  t1 = z - tt * (1.66666666666666019037e-1 + tt * (-2.77777777770155933842e-3 + tt * (6.61375632143793436117e-5 + tt * (-1.65339022054652515390e-6 + tt * 4.13813679705723846039e-8))));
  const r = (z * t1) / ((t1 - 2) - (w + z * w));
  z = 1 - (r - z);
  j = hiWord(z);
  j += n << 20;
  if (j >> 20 <= 0) z = scalbn(z, n);
  else z = withHigh(z, j);
  return s * z;
}

/** s_cbrt.c (FreeBSD msun's, as V8's). */
export function cbrt(x: number): number {
  let hx = hiWord(x);
  const low = loWord(x);
  const sign = hx & 0x80000000;
  hx ^= sign;
  if (hx >= 0x7ff00000) return x + x;
  let t: number;
  if (hx < 0x00100000) {
    if ((hx | low) === 0) return x;
    t = fromWords(0x43500000, 0) * x;
    const high = hiWord(t);
    t = fromWords(sign | (Math.floor((high & 0x7fffffff) / 3) + 696219795), 0);
  } else t = fromWords(sign | (Math.floor(hx / 3) + 715094163), 0);
  let r = (t * t) * (t / x);
  t = t * ((1.87595182427177009643 + r * (-1.88497979543377169875 + r * 1.621429720105354466140)) + ((r * r) * r) * (-0.758397934778766047437 + r * 0.145996192886612446982));
  // round t away from zero to 23 bits: (bits + 0x80000000) & 0xffffffffc0000000
  F[0] = t;
  const lo = (I[0]! >>> 0) + 0x80000000;
  if (lo >= 0x100000000) I[1] = (I[1]! + 1) | 0;
  I[0] = lo & 0xc0000000;
  t = F[0]!;
  const s = t * t;
  r = x / s;
  const w = t + t;
  r = (r - t) / (w + r);
  return t + t * r;
}

const pS0 = 1.66666666666666657415e-1, pS1 = -3.25565818622400915405e-1, pS2 = 2.01212532134862925881e-1, pS3 = -4.00555345006794114027e-2;
const pS4 = 7.91534994289814532176e-4, pS5 = 3.47933107596021167570e-5, qS1 = -2.40339491173441421878, qS2 = 2.02094576023350569471;
const qS3 = -6.88283971605453293030e-1, qS4 = 7.70381505559019352791e-2;
const PIO2_HI = 1.57079632679489655800, PIO2_LO = 6.12323399573676603587e-17, PIO4_HI = 7.85398163397448278999e-1;
const rAsin = (t: number): number => (t * (pS0 + t * (pS1 + t * (pS2 + t * (pS3 + t * (pS4 + t * pS5)))))) / (1 + t * (qS1 + t * (qS2 + t * (qS3 + t * qS4))));

/** e_asin.c */
export function asin(x: number): number {
  const hx = hiWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x3ff00000) {
    if (((ix - 0x3ff00000) | loWord(x)) === 0) return x * PIO2_HI + x * PIO2_LO;
    return NaN;
  }
  if (ix < 0x3fe00000) {
    if (ix < 0x3e400000) return x;
    const t = x * x;
    const p = t * (pS0 + t * (pS1 + t * (pS2 + t * (pS3 + t * (pS4 + t * pS5)))));
    const q = 1 + t * (qS1 + t * (qS2 + t * (qS3 + t * qS4)));
    return x + x * (p / q);
  }
  const w0 = 1 - Math.abs(x);
  let t = w0 * 0.5;
  let p = t * (pS0 + t * (pS1 + t * (pS2 + t * (pS3 + t * (pS4 + t * pS5)))));
  let q = 1 + t * (qS1 + t * (qS2 + t * (qS3 + t * qS4)));
  const s = Math.sqrt(t);
  if (ix >= 0x3fef3333) {
    const w = p / q;
    t = PIO2_HI - (2.0 * (s + s * w) - PIO2_LO);
  } else {
    const w = withLow(s, 0);
    const c = (t - w * w) / (s + w);
    const r = p / q;
    p = 2.0 * s * r - (PIO2_LO - 2.0 * c);
    q = PIO4_HI - 2.0 * w;
    t = PIO4_HI - (p - q);
  }
  return hx > 0 ? t : -t;
}

/** e_acos.c */
export function acos(x: number): number {
  const hx = hiWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x3ff00000) {
    if (((ix - 0x3ff00000) | loWord(x)) === 0) return hx > 0 ? 0 : 3.14159265358979311600 + 2.0 * PIO2_LO;
    return NaN;
  }
  if (ix < 0x3fe00000) {
    if (ix <= 0x3c600000) return PIO2_HI + PIO2_LO;
    const z = x * x;
    return PIO2_HI - (x - (PIO2_LO - x * rAsin(z)));
  }
  if (hx < 0) {
    const z = (1 + x) * 0.5;
    const s = Math.sqrt(z);
    const w = rAsin(z) * s - PIO2_LO;
    return 3.14159265358979311600 - 2.0 * (s + w);
  }
  const z = (1 - x) * 0.5;
  const s = Math.sqrt(z);
  const df = withLow(s, 0);
  const c = (z - df * df) / (s + df);
  const w = rAsin(z) * s + c;
  return 2.0 * (df + w);
}

/** k_sin.c */
function kSin(x: number, y: number, iy: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && (x | 0) === 0) return x;
  const z = x * x;
  const v = z * x;
  const r = 8.33333333332248946124e-3 + z * (-1.98412698298579493134e-4 + z * (2.75573137070700676789e-6 + z * (-2.50507602534068634195e-8 + z * 1.58969099521155010221e-10)));
  if (iy === 0) return x + v * (-1.66666666666666324348e-1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * -1.66666666666666324348e-1);
}

/** k_cos.c (fdlibm 5.3's, with the qx split, as V8's). */
function kCos(x: number, y: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && (x | 0) === 0) return 1;
  const z = x * x;
  const r = z * (4.16666666666666019037e-2 + z * (-1.38888888888741095749e-3 + z * (2.48015872894767294178e-5 + z * (-2.75573143513906633035e-7 + z * (2.08757232129817482790e-9 + z * -1.13596475577881948265e-11)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y));
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0);
  const iz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (iz - (z * r - x * y));
}

const remY = [0, 0];
const NPIO2_HW = [
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a, 0x402f6a7a, 0x4031475c, 0x4032d97c,
  0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a, 0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c,
  0x4043a28c, 0x40446b9c, 0x404534ac, 0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
];

/** e_rem_pio2.c for |x| ≤ 2^19·π/2 (x − n·π/2 in remY[0] + remY[1]); returns n, or null beyond that range. */
function remPio2(x: number): number | null {
  const hx = hiWord(x);
  const ix = hx & 0x7fffffff;
  const p1 = 1.57079632673412561417, p1t = 6.07710050650619224932e-11, p2 = 6.07710050630396597660e-11, p2t = 2.02226624879595063154e-21;
  const p3 = 2.02226624871116645580e-21, p3t = 8.47842766036889956997e-32;
  if (ix < 0x4002d97c) {
    if (hx > 0) {
      let z = x - p1;
      if (ix !== 0x3ff921fb) { remY[0] = z - p1t; remY[1] = (z - remY[0]!) - p1t; } else { z -= p2; remY[0] = z - p2t; remY[1] = (z - remY[0]!) - p2t; }
      return 1;
    }
    let z = x + p1;
    if (ix !== 0x3ff921fb) { remY[0] = z + p1t; remY[1] = (z - remY[0]!) + p1t; } else { z += p2; remY[0] = z + p2t; remY[1] = (z - remY[0]!) + p2t; }
    return -1;
  }
  if (ix > 0x413921fb) return null;
  let t = Math.abs(x);
  const n = (t * 6.36619772367581382433e-1 + 0.5) | 0;
  const fn = n;
  let r = t - fn * p1;
  let w = fn * p1t;
  if (n < 32 && ix !== NPIO2_HW[n - 1]) remY[0] = r - w;
  else {
    const j = ix >> 20;
    remY[0] = r - w;
    let i = j - ((hiWord(remY[0]!) >> 20) & 0x7ff);
    if (i > 16) {
      t = r;
      w = fn * p2;
      r = t - w;
      w = fn * p2t - ((t - r) - w);
      remY[0] = r - w;
      i = j - ((hiWord(remY[0]!) >> 20) & 0x7ff);
      if (i > 49) {
        t = r;
        w = fn * p3;
        r = t - w;
        w = fn * p3t - ((t - r) - w);
        remY[0] = r - w;
      }
    }
  }
  remY[1] = (r - remY[0]!) - w;
  if (hx < 0) { remY[0] = -remY[0]!; remY[1] = -remY[1]!; return -n; }
  return n;
}

const nativeSin = Math.sin, nativeCos = Math.cos;

/** s_sin.c. Arguments beyond 2^19·π/2 (never the library's: its angles are in [0, 2π)) use the engine's sin. */
export function sin(x: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kSin(x, 0, 0);
  if (ix >= 0x7ff00000) return x - x;
  const n = remPio2(x);
  if (n === null) return nativeSin(x);
  switch (n & 3) {
    case 0: return kSin(remY[0]!, remY[1]!, 1);
    case 1: return kCos(remY[0]!, remY[1]!);
    case 2: return -kSin(remY[0]!, remY[1]!, 1);
    default: return -kCos(remY[0]!, remY[1]!);
  }
}

/** s_cos.c (same range note as sin). */
export function cos(x: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kCos(x, 0);
  if (ix >= 0x7ff00000) return x - x;
  const n = remPio2(x);
  if (n === null) return nativeCos(x);
  switch (n & 3) {
    case 0: return kCos(remY[0]!, remY[1]!);
    case 1: return -kSin(remY[0]!, remY[1]!, 1);
    case 2: return -kCos(remY[0]!, remY[1]!);
    default: return kSin(remY[0]!, remY[1]!, 1);
  }
}

/** The functions the library calls, by Math's names. */
export const FDLIBM = { exp, log, log1p, expm1, log10, pow, cbrt, asin, acos, sin, cos } as const;

/** Put fdlibm's functions on Math (the worker does this before it loads the library). Returns the names replaced. */
export function install(target: Math = Math): string[] {
  const m = target as unknown as Record<string, unknown>;
  for (const [k, f] of Object.entries(FDLIBM)) m[k] = f;
  return Object.keys(FDLIBM);
}
