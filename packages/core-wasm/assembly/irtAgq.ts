// Adaptive Gauss–Hermite E-step of a bifactor (or unidimensional) item factor model, one node set per
// person, with the Gibbons–Hedeker dimension reduction and the M-step's per-item gradient and
// information (EM gradient). Algorithm, layout and meaning of every argument: src/ref/irtAgq.ts (the
// plain TS reference, same algorithm). Pointers are byte offsets; f64 arrays unless noted; 0 = null
// for the optional ones. `work` holds 2·Kg + 2·S·Kg·Qs + 3·tabLen doubles.
import { normCdf } from './normal';

@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}
@inline function ldi(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

const SQRT2: f64 = 1.4142135623730951;
const LOG_SQRT_2PI: f64 = 0.918938533204672741780329736406;
const MIN_SD: f64 = 1e-4;

// term results (module globals: no allocation in the hot loop)
let tLp: f64 = 0;
let tD1: f64 = 0;
let tW2: f64 = 0;

@inline function term(link: i32, x: i32, eta: f64): void {
  if (link == 0) {
    let F: f64;
    let l: f64;
    if (eta >= 0) {
      const e = Math.exp(-eta);
      F = 1.0 / (1.0 + e);
      l = Math.log1p(e);
      tLp = x == 1 ? -l : -eta - l;
    } else {
      const e = Math.exp(eta);
      F = e / (1.0 + e);
      l = Math.log1p(e);
      tLp = x == 1 ? eta - l : -l;
    }
    tD1 = x == 1 ? 1.0 - F : -F;
    tW2 = F * (1.0 - F);
    return;
  }
  const f = Math.exp(-0.5 * eta * eta - LOG_SQRT_2PI);
  const F = normCdf(eta);
  const Fc = normCdf(-eta);
  const r1 = F > 1e-290 ? f / F : -eta - 1.0 / eta;
  const r0 = Fc > 1e-290 ? f / Fc : eta + 1.0 / eta;
  if (x == 1) {
    tLp = F > 1e-300 ? Math.log(F) : -0.5 * eta * eta - LOG_SQRT_2PI - Math.log(-eta);
    tD1 = r1;
  } else {
    tLp = Fc > 1e-300 ? Math.log(Fc) : -0.5 * eta * eta - LOG_SQRT_2PI - Math.log(eta);
    tD1 = -r0;
  }
  tW2 = r1 * r0;
}

export function irtAgqEstep(
  N: i32,
  J: i32,
  responses: usize,
  S: i32,
  itemSpec: usize,
  tabOff: usize,
  tabLen: i32,
  link: i32,
  aG: usize,
  aS: usize,
  d: usize,
  Kg: i32,
  xg: usize,
  lwg: usize,
  Qs: i32,
  xs: usize,
  lws: usize,
  priorMean: usize,
  centers: usize,
  outMoments: usize,
  outLoglik: usize,
  outGrad: usize,
  outInfo: usize,
  outQ: usize,
  outNodes: usize,
  work: usize,
): void {
  const F = 1 + S;
  const C = 2 + 3 * S;
  const SKQ = S * Kg * Qs;
  const gk = work;
  const sN = gk + (<usize>Kg << 3);
  const lS = sN + (<usize>SKQ << 3);
  const D1 = lS + (<usize>SKQ << 3);
  const W2 = D1 + (<usize>tabLen << 3);
  const LP = W2 + (<usize>tabLen << 3);
  const lG = LP + (<usize>tabLen << 3);
  const NS = 2 * Kg + 2 * SKQ;
  for (let i = 0; i < N; i++) {
    const row = <usize>i * <usize>J;
    const c0 = i * C;
    const pm0: f64 = priorMean != 0 ? ld(priorMean, i * F) : 0;
    const mu = ld(centers, c0);
    const sg = Math.max(ld(centers, c0 + 1), MIN_SD);
    const lj = Math.log(SQRT2 * sg) - LOG_SQRT_2PI;
    for (let k = 0; k < Kg; k++) {
      const g = mu + SQRT2 * sg * ld(xg, k);
      st(gk, k, g);
      const z = g - pm0;
      st(lG, k, lj + ld(lwg, k) - 0.5 * z * z);
    }
    for (let s = 0; s < S; s++) {
      const m = ld(centers, c0 + 2 + 3 * s);
      const b = ld(centers, c0 + 3 + 3 * s);
      const tau = Math.max(ld(centers, c0 + 4 + 3 * s), MIN_SD);
      const pms: f64 = priorMean != 0 ? ld(priorMean, i * F + 1 + s) : 0;
      const ljs = Math.log(SQRT2 * tau) - LOG_SQRT_2PI;
      for (let k = 0; k < Kg; k++) {
        const cen = m + b * (ld(gk, k) - mu);
        const o = (s * Kg + k) * Qs;
        for (let q = 0; q < Qs; q++) {
          const v = cen + SQRT2 * tau * ld(xs, q);
          st(sN, o + q, v);
          const z = v - pms;
          st(lS, o + q, ljs + ld(lws, q) - 0.5 * z * z);
        }
      }
    }
    for (let j = 0; j < J; j++) {
      const x = <i32>load<u8>(responses + row + <usize>j);
      if (x > 1) continue;
      const s = ldi(itemSpec, j);
      const off = ldi(tabOff, j);
      const dj = ld(d, j);
      const ag = ld(aG, j);
      if (s < 0) {
        for (let k = 0; k < Kg; k++) {
          term(link, x, dj + ag * ld(gk, k));
          st(lG, k, ld(lG, k) + tLp);
          st(LP, off + k, tLp);
          st(D1, off + k, tD1);
          st(W2, off + k, tW2);
        }
      } else {
        const as = ld(aS, j);
        for (let k = 0; k < Kg; k++) {
          const etaG = dj + ag * ld(gk, k);
          const o = (s * Kg + k) * Qs;
          const tb = off + k * Qs;
          for (let q = 0; q < Qs; q++) {
            term(link, x, etaG + as * ld(sN, o + q));
            st(lS, o + q, ld(lS, o + q) + tLp);
            st(LP, tb + q, tLp);
            st(D1, tb + q, tD1);
            st(W2, tb + q, tW2);
          }
        }
      }
    }
    for (let s = 0; s < S; s++)
      for (let k = 0; k < Kg; k++) {
        const o = (s * Kg + k) * Qs;
        let mx = -Infinity;
        for (let q = 0; q < Qs; q++) if (ld(lS, o + q) > mx) mx = ld(lS, o + q);
        let sum: f64 = 0;
        for (let q = 0; q < Qs; q++) {
          const e = Math.exp(ld(lS, o + q) - mx);
          st(lS, o + q, e);
          sum += e;
        }
        const inv = 1.0 / sum;
        for (let q = 0; q < Qs; q++) st(lS, o + q, ld(lS, o + q) * inv);
        st(lG, k, ld(lG, k) + mx + Math.log(sum));
      }
    let mx = -Infinity;
    for (let k = 0; k < Kg; k++) if (ld(lG, k) > mx) mx = ld(lG, k);
    let sum: f64 = 0;
    for (let k = 0; k < Kg; k++) {
      const e = Math.exp(ld(lG, k) - mx);
      st(lG, k, e);
      sum += e;
    }
    st(outLoglik, i, mx + Math.log(sum));
    let eg: f64 = 0;
    let eg2: f64 = 0;
    for (let k = 0; k < Kg; k++) {
      const p = ld(lG, k) / sum;
      st(lG, k, p);
      const g = ld(gk, k);
      eg += p * g;
      eg2 += p * g * g;
    }
    const vg = Math.max(eg2 - eg * eg, 0.0);
    st(outMoments, c0, eg);
    st(outMoments, c0 + 1, Math.sqrt(vg));
    for (let s = 0; s < S; s++) {
      let es: f64 = 0;
      let es2: f64 = 0;
      let esg: f64 = 0;
      for (let k = 0; k < Kg; k++) {
        const o = (s * Kg + k) * Qs;
        let c1: f64 = 0;
        let c2: f64 = 0;
        for (let q = 0; q < Qs; q++) {
          const pq = ld(lS, o + q);
          const sv = ld(sN, o + q);
          c1 += pq * sv;
          c2 += pq * sv * sv;
        }
        const p = ld(lG, k);
        es += p * c1;
        es2 += p * c2;
        esg += p * c1 * ld(gk, k);
      }
      const vs = Math.max(es2 - es * es, 0.0);
      const cov = esg - es * eg;
      const b: f64 = vg > 0 ? cov / vg : 0;
      st(outMoments, c0 + 2 + 3 * s, es);
      st(outMoments, c0 + 3 + 3 * s, b);
      st(outMoments, c0 + 4 + 3 * s, Math.sqrt(Math.max(vs - b * cov, 0.0)));
    }
    if (outNodes != 0) {
      const o = i * NS;
      for (let k = 0; k < Kg; k++) {
        st(outNodes, o + k, ld(gk, k));
        st(outNodes, o + Kg + k, ld(lG, k));
      }
      for (let c = 0; c < SKQ; c++) {
        st(outNodes, o + 2 * Kg + c, ld(sN, c));
        st(outNodes, o + 2 * Kg + SKQ + c, ld(lS, c));
      }
    }
    if (outGrad == 0 || outInfo == 0) continue;
    for (let j = 0; j < J; j++) {
      const x = <i32>load<u8>(responses + row + <usize>j);
      if (x > 1) continue;
      const s = ldi(itemSpec, j);
      const off = ldi(tabOff, j);
      if (s < 0) {
        let A0: f64 = 0;
        let A1: f64 = 0;
        let B0: f64 = 0;
        let B1: f64 = 0;
        let B2: f64 = 0;
        let Q: f64 = 0;
        for (let k = 0; k < Kg; k++) {
          const p = ld(lG, k);
          const g = ld(gk, k);
          const u = p * ld(D1, off + k);
          const w = p * ld(W2, off + k);
          Q += p * ld(LP, off + k);
          A0 += u;
          A1 += u * g;
          B0 += w;
          B1 += w * g;
          B2 += w * g * g;
        }
        st(outGrad, 3 * j, ld(outGrad, 3 * j) + A1);
        st(outGrad, 3 * j + 2, ld(outGrad, 3 * j + 2) + A0);
        st(outInfo, 6 * j, ld(outInfo, 6 * j) + B2);
        st(outInfo, 6 * j + 2, ld(outInfo, 6 * j + 2) + B1);
        st(outInfo, 6 * j + 5, ld(outInfo, 6 * j + 5) + B0);
        if (outQ != 0) st(outQ, j, ld(outQ, j) + Q);
      } else {
        let G0: f64 = 0;
        let G1: f64 = 0;
        let G2: f64 = 0;
        let I0: f64 = 0;
        let I1: f64 = 0;
        let I2: f64 = 0;
        let I3: f64 = 0;
        let I4: f64 = 0;
        let I5: f64 = 0;
        let Q: f64 = 0;
        for (let k = 0; k < Kg; k++) {
          const o = (s * Kg + k) * Qs;
          const tb = off + k * Qs;
          let A0: f64 = 0;
          let A1: f64 = 0;
          let B0: f64 = 0;
          let B1: f64 = 0;
          let B2: f64 = 0;
          let Qk: f64 = 0;
          for (let q = 0; q < Qs; q++) {
            const pq = ld(lS, o + q);
            const sv = ld(sN, o + q);
            const u = pq * ld(D1, tb + q);
            const w = pq * ld(W2, tb + q);
            Qk += pq * ld(LP, tb + q);
            A0 += u;
            A1 += u * sv;
            B0 += w;
            B1 += w * sv;
            B2 += w * sv * sv;
          }
          const p = ld(lG, k);
          const g = ld(gk, k);
          G0 += p * g * A0;
          G1 += p * A1;
          G2 += p * A0;
          I0 += p * g * g * B0;
          I1 += p * g * B1;
          I2 += p * g * B0;
          I3 += p * B2;
          I4 += p * B1;
          I5 += p * B0;
          Q += p * Qk;
        }
        st(outGrad, 3 * j, ld(outGrad, 3 * j) + G0);
        st(outGrad, 3 * j + 1, ld(outGrad, 3 * j + 1) + G1);
        st(outGrad, 3 * j + 2, ld(outGrad, 3 * j + 2) + G2);
        st(outInfo, 6 * j, ld(outInfo, 6 * j) + I0);
        st(outInfo, 6 * j + 1, ld(outInfo, 6 * j + 1) + I1);
        st(outInfo, 6 * j + 2, ld(outInfo, 6 * j + 2) + I2);
        st(outInfo, 6 * j + 3, ld(outInfo, 6 * j + 3) + I3);
        st(outInfo, 6 * j + 4, ld(outInfo, 6 * j + 4) + I4);
        st(outInfo, 6 * j + 5, ld(outInfo, 6 * j + 5) + I5);
        if (outQ != 0) st(outQ, j, ld(outQ, j) + Q);
      }
    }
  }
}
