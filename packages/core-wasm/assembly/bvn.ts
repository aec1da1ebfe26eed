// Bivariate standard normal: CDF Φ2(h, k; ρ) = P(X ≤ h, Y ≤ k) and density φ2 (= ∂Φ2/∂ρ).
// Genz (2004), "Numerical computation of rectangular bivariate and trivariate normal and t
// probabilities", Stat. Comput. 14:251–260 — the Drezner–Wesolowsky method as refined in Genz's
// BVND: Gauss–Legendre with 6, 12 or 20 points by |ρ|, and for |ρ| ≥ 0.925 the asymptotic
// expansion plus quadrature of the remainder. About 1e-15 absolute accuracy.
import { normCdf } from './normal';

// 2π = 6.283185307179586476925286766559
const TWOPI: f64 = 6.283185307179586476925286766559;
// sqrt(2π) = 2.506628274631000502415765284811
const SQRT_TWOPI: f64 = 2.506628274631000502415765284811;

// Gauss–Legendre abscissae (negative half) and weights on [−1, 1] for 6, 12 and 20 points,
// computed to 20 digits with mpmath (findroot on the Legendre polynomials); Genz's tables agree.
const X6: StaticArray<f64> = [-0.93246951420315202781, -0.66120938646626451366, -0.23861918608319690863];
const W6: StaticArray<f64> = [0.17132449237917034504, 0.36076157304813860757, 0.46791393457269104739];
const X12: StaticArray<f64> = [
  -0.98156063424671925069, -0.90411725637047485668, -0.76990267419430468704,
  -0.5873179542866174473, -0.36783149899818019375, -0.12523340851146891547,
];
const W12: StaticArray<f64> = [
  0.047175336386511827195, 0.10693932599531843096, 0.16007832854334622633,
  0.20316742672306592175, 0.23349253653835480876, 0.249147045813402785,
];
const X20: StaticArray<f64> = [
  -0.99312859918509492479, -0.96397192727791379127, -0.91223442825132590587, -0.83911697182221882339,
  -0.74633190646015079261, -0.63605368072651502545, -0.510867001950827098, -0.37370608871541956067,
  -0.22778585114164507808, -0.076526521133497333755,
];
const W20: StaticArray<f64> = [
  0.017614007139152118312, 0.040601429800386941331, 0.06267204833410906357, 0.083276741576704748725,
  0.10193011981724043504, 0.11819453196151841731, 0.1316886384491766269, 0.14209610931838205133,
  0.14917298647260374679, 0.1527533871307258507,
];

/** Genz's BVND: P(X > dh, Y > dk) for correlation r in [−1, 1]. */
export function bvnUpper(dh: f64, dk: f64, r: f64): f64 {
  let h = dh;
  let k = dk;
  let hk = h * k;
  let bvn: f64 = 0.0;
  const ar = Math.abs(r);
  let lg: i32;
  let xs: StaticArray<f64>;
  let ws: StaticArray<f64>;
  if (ar < 0.3) {
    lg = 3;
    xs = X6;
    ws = W6;
  } else if (ar < 0.75) {
    lg = 6;
    xs = X12;
    ws = W12;
  } else {
    lg = 10;
    xs = X20;
    ws = W20;
  }
  if (ar < 0.925) {
    if (ar > 0.0) {
      const hs = (h * h + k * k) / 2.0;
      const asr = Math.asin(r);
      for (let i = 0; i < lg; i++) {
        const x = unchecked(xs[i]);
        const w = unchecked(ws[i]);
        let sn = Math.sin((asr * (x + 1.0)) / 2.0);
        bvn += w * Math.exp((sn * hk - hs) / (1.0 - sn * sn));
        sn = Math.sin((asr * (-x + 1.0)) / 2.0);
        bvn += w * Math.exp((sn * hk - hs) / (1.0 - sn * sn));
      }
      bvn = (bvn * asr) / (2.0 * TWOPI);
    }
    bvn += normCdf(-h) * normCdf(-k);
  } else {
    if (r < 0.0) {
      k = -k;
      hk = -hk;
    }
    if (ar < 1.0) {
      const as = (1.0 - r) * (1.0 + r);
      let a = Math.sqrt(as);
      const bs = (h - k) * (h - k);
      const c = (4.0 - hk) / 8.0;
      const d = (12.0 - hk) / 16.0;
      let asr = -(bs / as + hk) / 2.0;
      if (asr > -100.0) bvn = a * Math.exp(asr) * (1.0 - (c * (bs - as) * (1.0 - (d * bs) / 5.0)) / 3.0 + (c * d * as * as) / 5.0);
      if (-hk < 100.0) {
        const b = Math.sqrt(bs);
        bvn -= Math.exp(-hk / 2.0) * SQRT_TWOPI * normCdf(-b / a) * b * (1.0 - (c * bs * (1.0 - (d * bs) / 5.0)) / 3.0);
      }
      a = a / 2.0;
      for (let i = 0; i < lg; i++) {
        const x = unchecked(xs[i]);
        const w = unchecked(ws[i]);
        for (let is = -1; is <= 1; is += 2) {
          let xs2 = a * (<f64>is * x + 1.0);
          xs2 = xs2 * xs2;
          const rs = Math.sqrt(1.0 - xs2);
          asr = -(bs / xs2 + hk) / 2.0;
          if (asr > -100.0) {
            bvn += a * w * Math.exp(asr) * (Math.exp((-hk * (1.0 - rs)) / (2.0 * (1.0 + rs))) / rs - (1.0 + c * xs2 * (1.0 + d * xs2)));
          }
        }
      }
      bvn = -bvn / TWOPI;
    }
    if (r > 0.0) {
      bvn += normCdf(-Math.max(h, k));
    } else {
      bvn = -bvn;
      bvn += Math.max(0.0, normCdf(-h) - normCdf(-k));
    }
  }
  return bvn;
}

/** Φ2(h, k; ρ) = P(X ≤ h, Y ≤ k); ρ is clamped to [−1, 1], ±∞ limits handled exactly. */
export function bvnCdf(h: f64, k: f64, rho: f64): f64 {
  if (isNaN(h) || isNaN(k) || isNaN(rho)) return NaN;
  if (h == -Infinity || k == -Infinity) return 0.0;
  if (h == Infinity) return normCdf(k);
  if (k == Infinity) return normCdf(h);
  const r = rho > 1.0 ? 1.0 : rho < -1.0 ? -1.0 : rho;
  const p = bvnUpper(-h, -k, r);
  return p < 0.0 ? 0.0 : p > 1.0 ? 1.0 : p;
}

/** Bivariate standard normal density φ2(h, k; ρ) = ∂Φ2(h, k; ρ)/∂ρ, for |ρ| < 1. */
export function bvnPdf(h: f64, k: f64, rho: f64): f64 {
  if (h == -Infinity || k == -Infinity || h == Infinity || k == Infinity) return 0.0;
  const om = 1.0 - rho * rho;
  return Math.exp(-(h * h - 2.0 * rho * h * k + k * k) / (2.0 * om)) / (TWOPI * Math.sqrt(om));
}

// Vectorised over flat arrays of equal length n (byte pointers): out[i] = f(h[i], k[i], rho[i]).
export function bvnCdfVec(n: i32, h: usize, k: usize, rho: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(out + o, bvnCdf(load<f64>(h + o), load<f64>(k + o), load<f64>(rho + o)));
  }
}
export function bvnPdfVec(n: i32, h: usize, k: usize, rho: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(out + o, bvnPdf(load<f64>(h + o), load<f64>(k + o), load<f64>(rho + o)));
  }
}
