// Plain TypeScript reference for assembly/bvn.ts: Genz (2004) BVND, same constants and branches.
import { normCdf } from './normal.js';
import { checkLen } from '../errors.js';

const TWOPI = 6.283185307179586476925286766559;
const SQRT_TWOPI = 2.506628274631000502415765284811;
const GL: [number[], number[]][] = [
  [
    [-0.93246951420315202781, -0.66120938646626451366, -0.23861918608319690863],
    [0.17132449237917034504, 0.36076157304813860757, 0.46791393457269104739],
  ],
  [
    [-0.98156063424671925069, -0.90411725637047485668, -0.76990267419430468704, -0.5873179542866174473, -0.36783149899818019375, -0.12523340851146891547],
    [0.047175336386511827195, 0.10693932599531843096, 0.16007832854334622633, 0.20316742672306592175, 0.23349253653835480876, 0.249147045813402785],
  ],
  [
    [-0.99312859918509492479, -0.96397192727791379127, -0.91223442825132590587, -0.83911697182221882339, -0.74633190646015079261, -0.63605368072651502545, -0.510867001950827098, -0.37370608871541956067, -0.22778585114164507808, -0.076526521133497333755],
    [0.017614007139152118312, 0.040601429800386941331, 0.06267204833410906357, 0.083276741576704748725, 0.10193011981724043504, 0.11819453196151841731, 0.1316886384491766269, 0.14209610931838205133, 0.14917298647260374679, 0.1527533871307258507],
  ],
];

/** Genz's BVND: P(X > dh, Y > dk). */
export function bvnUpper(dh: number, dk: number, r: number): number {
  const h = dh;
  let k = dk;
  let hk = h * k;
  let bvn = 0;
  const ar = Math.abs(r);
  const [xs, ws] = GL[ar < 0.3 ? 0 : ar < 0.75 ? 1 : 2]!;
  if (ar < 0.925) {
    if (ar > 0) {
      const hs = (h * h + k * k) / 2;
      const asr = Math.asin(r);
      for (let i = 0; i < xs.length; i++) {
        let sn = Math.sin((asr * (xs[i]! + 1)) / 2);
        bvn += ws[i]! * Math.exp((sn * hk - hs) / (1 - sn * sn));
        sn = Math.sin((asr * (-xs[i]! + 1)) / 2);
        bvn += ws[i]! * Math.exp((sn * hk - hs) / (1 - sn * sn));
      }
      bvn = (bvn * asr) / (2 * TWOPI);
    }
    return bvn + normCdf(-h) * normCdf(-k);
  }
  if (r < 0) {
    k = -k;
    hk = -hk;
  }
  if (ar < 1) {
    const as = (1 - r) * (1 + r);
    let a = Math.sqrt(as);
    const bs = (h - k) * (h - k);
    const c = (4 - hk) / 8;
    const d = (12 - hk) / 16;
    let asr = -(bs / as + hk) / 2;
    if (asr > -100) bvn = a * Math.exp(asr) * (1 - (c * (bs - as) * (1 - (d * bs) / 5)) / 3 + (c * d * as * as) / 5);
    if (-hk < 100) {
      const b = Math.sqrt(bs);
      bvn -= Math.exp(-hk / 2) * SQRT_TWOPI * normCdf(-b / a) * b * (1 - (c * bs * (1 - (d * bs) / 5)) / 3);
    }
    a /= 2;
    for (let i = 0; i < xs.length; i++)
      for (const is of [-1, 1]) {
        const xs2 = (a * (is * xs[i]! + 1)) ** 2;
        const rs = Math.sqrt(1 - xs2);
        asr = -(bs / xs2 + hk) / 2;
        if (asr > -100) bvn += a * ws[i]! * Math.exp(asr) * (Math.exp((-hk * (1 - rs)) / (2 * (1 + rs))) / rs - (1 + c * xs2 * (1 + d * xs2)));
      }
    bvn = -bvn / TWOPI;
  }
  if (r > 0) return bvn + normCdf(-Math.max(h, k));
  return -bvn + Math.max(0, normCdf(-h) - normCdf(-k));
}

export function bvnCdf(h: number, k: number, rho: number): number {
  if (Number.isNaN(h) || Number.isNaN(k) || Number.isNaN(rho)) return NaN;
  if (h === -Infinity || k === -Infinity) return 0;
  if (h === Infinity) return normCdf(k);
  if (k === Infinity) return normCdf(h);
  const p = bvnUpper(-h, -k, Math.min(1, Math.max(-1, rho)));
  return Math.min(1, Math.max(0, p));
}

export function bvnPdf(h: number, k: number, rho: number): number {
  if (!Number.isFinite(h) || !Number.isFinite(k)) return 0;
  const om = 1 - rho * rho;
  return Math.exp(-(h * h - 2 * rho * h * k + k * k) / (2 * om)) / (TWOPI * Math.sqrt(om));
}

function vec(f: (h: number, k: number, r: number) => number, h: ArrayLike<number>, k: ArrayLike<number>, rho: ArrayLike<number> | number): Float64Array {
  checkLen('bvn k', k, h.length);
  if (typeof rho !== 'number') checkLen('bvn rho', rho, h.length);
  const out = new Float64Array(h.length);
  for (let i = 0; i < h.length; i++) out[i] = f(h[i]!, k[i]!, typeof rho === 'number' ? rho : rho[i]!);
  return out;
}
export const bvnCdfArray = (h: ArrayLike<number>, k: ArrayLike<number>, rho: ArrayLike<number> | number): Float64Array => vec(bvnCdf, h, k, rho);
export const bvnPdfArray = (h: ArrayLike<number>, k: ArrayLike<number>, rho: ArrayLike<number> | number): Float64Array => vec(bvnPdf, h, k, rho);
