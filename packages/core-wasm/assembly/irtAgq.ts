// Adaptive Gauss–Hermite E-step of a bifactor (or unidimensional) item factor model, one node set per
// person, with the Gibbons–Hedeker dimension reduction and the M-step's per-item gradient and
// information (EM gradient). Algorithm, layout and meaning of every argument: src/ref/irtAgq.ts (the
// plain TS reference, same algorithm, same arithmetic). Pointers are byte offsets; f64 arrays unless
// noted; 0 = null for the optional ones. `work` holds agqWorkLength(S, Kg, Qs, tabLen, outQ != 0) doubles
// (src/ref/irtAgq.ts).
//
// Speed (logistic link). Per person, item and node the E-step needs P(x | η), ∂log P/∂η = x − F and
// F(1 − F), F = 1/(1 + e^{−η}). Two rewritings remove the per-cell transcendentals, both exact up to
// rounding:
// 1. Factorisation of e^{−η}. With adaptive nodes g_k = μ + u_k (u_k = √2σ x_k) and s_kq = m + b u_k
//    + √2τ x_q, a specific item's η_kq = (d + a_g μ + a_s m) + (a_g + a_s b) u_k + a_s √2τ x_q, so
//    e^{−η_kq} = A_0 · A_k · B_q with A_0 = e^{−(d + a_g μ + a_s m)}, A_k = e^{−(a_g + a_s b) u_k} and
//    B_q = e^{−a_s √2τ x_q}: 1 + Kg + Qs exponentials per person and item instead of Kg·Qs, and half of
//    those, since the Gauss–Hermite nodes are symmetric (x_{n−1−i} = −x_i exactly: the mirrored factor is
//    1/e^{…}; a middle node's exponent below 1e-17 gives 1, what exp rounds it to). The three exponents sum to −η up to the rounding of η itself
//    (the direct formula rounds the same sum in another order; the error in E is |η|·1e-16 relative,
//    as in the direct exp(−η)), and each exp, reciprocal and product adds ≤ 1.5 ulp. From E: r = 1/(1 + E),
//    P(1) = F = r, P(0) = 1 − F = E r, F(1 − F) = E r · r, all without cancellation. Used for an item
//    while |d + a_g μ + a_s m| + |a_g + a_s b| max|u_k| + |a_s √2τ| max|x_q| ≤ 480 (so E, 1/E ≤ e^{480}
//    and P ≥ 2^{−700}); other items (and the normal-ogive link) take the direct per-cell formula
//    (term()) and add their log P to the block's log as before; general-only items take one exp per
//    g node. Cells two at a time (f64x2: IEEE lane by lane, the same values as scalar code; the
//    gradient's sums over s nodes run in two lanes, another summation order).
// 2. Product domain. The block likelihoods Π_j P_j (per specific, g node and s node, and per g node for
//    general-only items) are accumulated as products instead of sums of logs: one log per block cell
//    instead of one per item. Underflow is handled exactly: each cell carries a count n of factors 2^{700}
//    (value = product · 2^{−700 n}); a product that falls below 2^{−300} is multiplied by 2^{700} (exact:
//    a power of two, normal range) and n += 1, so the product stays in [2^{−300}, 2^{400}] and, with
//    every factor ≥ 2^{−700}, never leaves the normal range. log(product) − 700 n ln 2 then equals
//    Σ log P up to rounding (J multiplications: ≤ J ulp relative in the product, J·1e-16 absolute in
//    its log); it is added to the sum of the logs of the direct-formula cells (if any) at the end.
//    Without the gradient no r = 1/(1 + E) is needed: the specifics' products hold Π (1 + E′) = 1/Π P
//    instead (E′ = E for x = 1, 1/E = (1/A_0 A_k)·B_{mirrored q} for x = 0; counts of 2^−700, rescaled
//    above 2^300), no division per cell, and log Π P = −(log(product) + 700 n ln 2).
// The per-item objective Σ π log P (outQ) needs one log1p per cell and is computed only when asked for;
// irtAgqObjective (below) evaluates it for chosen items at other parameters over an E-step's nodes (the
// M-step's step-halving check).
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

// product domain: rescale below 2^-300 by 2^700 (exact; every factor is ≥ 2^-700)
const LO: f64 = 4.909093465297727e-91; // 2^-300
const UP: f64 = 5.260135901548374e210; // 2^700
const LOG_UP: f64 = 485.2030263919617; // 700 ln 2
// the reciprocal domain (E-steps without the gradient): above 2^300, times 2^-700
const HI: f64 = 2.037035976334486e90; // 2^300
const DN: f64 = 1.90109156629516e-211; // 2^-700
/** Largest |η| bound of a row on the factorised path. */
const ETA_MAX: f64 = 480;

// term results (module globals: no allocation in the hot loop)
let tLp: f64 = 0;
let tD1: f64 = 0;
let tW2: f64 = 0;

// The direct per-cell formula: log P, ∂log P/∂η, F(1 − F).
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

/** Cell c of the product table pp (counts of 2^700 in cc) times P (P ≥ 2^-700). */
@inline function mulCell(pp: usize, cc: usize, c: i32, P: f64): void {
  let v = ld(pp, c) * P;
  if (v < LO) {
    v *= UP;
    st(cc, c, ld(cc, c) + 1.0);
  }
  st(pp, c, v);
}

/**
 * out[i] = e^{c x[i]} for i < n; for a rule symmetric about 0 (x[n−1−i] = −x[i] exactly) the mirrored
 * half as 1/e^{c x[i]} (≤ 1.5 ulp) and a middle node whose exponent is below 1e-17 as 1 (what exp
 * rounds it to).
 */
@inline function expRule(c: f64, x: usize, n: i32, sym: bool, out: usize): void {
  if (!sym) {
    for (let i = 0; i < n; i++) st(out, i, Math.exp(c * ld(x, i)));
    return;
  }
  const h = n >> 1;
  for (let i = 0; i < h; i++) {
    const e = Math.exp(c * ld(x, i));
    st(out, i, e);
    st(out, n - 1 - i, 1.0 / e);
  }
  if (n & 1) {
    const t = c * ld(x, h);
    st(out, h, Math.abs(t) < 1e-17 ? 1.0 : Math.exp(t));
  }
}

/** x[n−1−i] = −x[i] exactly for every i. */
function symmetric(x: usize, n: i32): bool {
  for (let i = 0; i < n; i++) if (ld(x, n - 1 - i) != -ld(x, i)) return false;
  return true;
}

/**
 * One factorised row without the gradient: the reciprocal domain. P = 1/(1 + E′) with E′ = E for x = 1
 * and 1/E for x = 0 (E′ = A′ B′_q: A′ = A or 1/A, B′ = B or 1/B), so the products hold Π (1 + E′) = 1/Π P —
 * no division per cell. Counts of 2^−700 in cS: above 2^300 a product is multiplied by 2^−700 (exact),
 * so it stays in [2^−400, 2^300] before a factor ≤ 2^693 (|η| ≤ 480).
 */
@inline function likRow(A: f64, B: usize, pS: usize, cS: usize, o: i32, Qs: i32): void {
  const Av = f64x2.splat(A);
  const one = f64x2.splat(1.0);
  const hi = f64x2.splat(HI);
  const dn = f64x2.splat(DN);
  let q = 0;
  for (; q + 1 < Qs; q += 2) {
    const pa = pS + (<usize>(o + q) << 3);
    let v = f64x2.mul(v128.load(pa), f64x2.add(one, f64x2.mul(Av, v128.load(B + (<usize>q << 3)))));
    const high = f64x2.gt(v, hi);
    if (v128.any_true(high)) {
      v = v128.bitselect(f64x2.mul(v, dn), v, high);
      const ca = cS + (<usize>(o + q) << 3);
      v128.store(ca, f64x2.add(v128.load(ca), v128.and(high, one)));
    }
    v128.store(pa, v);
  }
  if (q < Qs) {
    let v = ld(pS, o + q) * (1.0 + A * ld(B, q));
    if (v > HI) {
      v *= DN;
      st(cS, o + q, ld(cS, o + q) + 1.0);
    }
    st(pS, o + q, v);
  }
}

/**
 * One factorised row (specific item, g node k, all s nodes; response x): E_q = A B_q, r = 1/(1 + E),
 * P = x ? r : E r into the products (counts of 2^700 in cS), ∂log P/∂η = x ? E r : −r and E r · r into
 * the tables (when `tabs`: the gradient is wanted); two s nodes per f64x2 lane pair, the odd one scalar
 * (the same operations lane by lane).
 */
@inline function fastRow(x: i32, tabs: bool, A: f64, Bq: usize, pS: usize, cS: usize, o: i32, D1: usize, W2: usize, tb: i32, Qs: i32): void {
  const Av = f64x2.splat(A);
  const one = f64x2.splat(1.0);
  const lo = f64x2.splat(LO);
  const up = f64x2.splat(UP);
  let q = 0;
  for (; q + 1 < Qs; q += 2) {
    const E = f64x2.mul(Av, v128.load(Bq + (<usize>q << 3)));
    const r = f64x2.div(one, f64x2.add(one, E));
    const Er = f64x2.mul(E, r);
    const pa = pS + (<usize>(o + q) << 3);
    let v = f64x2.mul(v128.load(pa), x == 1 ? r : Er);
    const low = f64x2.lt(v, lo);
    if (v128.any_true(low)) {
      v = v128.bitselect(f64x2.mul(v, up), v, low);
      const ca = cS + (<usize>(o + q) << 3);
      v128.store(ca, f64x2.add(v128.load(ca), v128.and(low, one)));
    }
    v128.store(pa, v);
    if (tabs) {
      v128.store(D1 + (<usize>(tb + q) << 3), x == 1 ? Er : f64x2.neg(r));
      v128.store(W2 + (<usize>(tb + q) << 3), f64x2.mul(Er, r));
    }
  }
  if (q < Qs) {
    const E = A * ld(Bq, q);
    const r = 1.0 / (1.0 + E);
    const Er = E * r;
    mulCell(pS, cS, o + q, x == 1 ? r : Er);
    if (tabs) {
      st(D1, tb + q, x == 1 ? Er : -r);
      st(W2, tb + q, Er * r);
    }
  }
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
  const tabs = outGrad != 0 && outInfo != 0;
  const wantQ = outQ != 0 && tabs;
  // work: g nodes, s nodes, log prior weights of the s nodes (then log block likelihoods, then
  // conditional posteriors), their products and 2^700 counts; the same per g node; √2τ per specific;
  // B_q, A_k, u_k; m and b per specific; the per-cell tables ∂log P/∂η, F(1 − F) (and log P with outQ)
  const gk = work;
  const sN = gk + (<usize>Kg << 3);
  const lS = sN + (<usize>SKQ << 3);
  const pS = lS + (<usize>SKQ << 3);
  const cS = pS + (<usize>SKQ << 3);
  const lG = cS + (<usize>SKQ << 3);
  const pG = lG + (<usize>Kg << 3);
  const cG = pG + (<usize>Kg << 3);
  const tS = cG + (<usize>Kg << 3);
  const Bq = tS + (<usize>S << 3);
  const Bi = Bq + (<usize>Qs << 3);
  const Ak = Bi + (<usize>Qs << 3);
  const uK = Ak + (<usize>Kg << 3);
  const mS = uK + (<usize>Kg << 3);
  const bS = mS + (<usize>S << 3);
  const D1 = bS + (<usize>S << 3);
  const W2 = D1 + (<usize>tabLen << 3);
  const LP = W2 + (<usize>tabLen << 3);
  const NS = 2 * Kg + 2 * SKQ;
  let xmax: f64 = 0;
  for (let q = 0; q < Qs; q++) xmax = Math.max(xmax, Math.abs(ld(xs, q)));
  let xgmax: f64 = 0;
  for (let k = 0; k < Kg; k++) xgmax = Math.max(xgmax, Math.abs(ld(xg, k)));
  const symG = symmetric(xg, Kg);
  const symS = symmetric(xs, Qs);
  for (let i = 0; i < N; i++) {
    const row = <usize>i * <usize>J;
    const c0 = i * C;
    const pm0: f64 = priorMean != 0 ? ld(priorMean, i * F) : 0;
    const mu = ld(centers, c0);
    const sg = Math.max(ld(centers, c0 + 1), MIN_SD);
    const lj = Math.log(SQRT2 * sg) - LOG_SQRT_2PI;
    const umax = SQRT2 * sg * xgmax;
    for (let k = 0; k < Kg; k++) {
      const u = SQRT2 * sg * ld(xg, k);
      st(uK, k, u);
      const g = mu + u;
      st(gk, k, g);
      const z = g - pm0;
      st(lG, k, lj + ld(lwg, k) - 0.5 * z * z);
      st(pG, k, 1.0);
      st(cG, k, 0.0);
    }
    for (let s = 0; s < S; s++) {
      const m = ld(centers, c0 + 2 + 3 * s);
      const b = ld(centers, c0 + 3 + 3 * s);
      const tau = Math.max(ld(centers, c0 + 4 + 3 * s), MIN_SD);
      const pms: f64 = priorMean != 0 ? ld(priorMean, i * F + 1 + s) : 0;
      const ljs = Math.log(SQRT2 * tau) - LOG_SQRT_2PI;
      st(tS, s, SQRT2 * tau);
      st(mS, s, m);
      st(bS, s, b);
      for (let k = 0; k < Kg; k++) {
        const cen = m + b * (ld(gk, k) - mu);
        const o = (s * Kg + k) * Qs;
        for (let q = 0; q < Qs; q++) {
          const v = cen + SQRT2 * tau * ld(xs, q);
          st(sN, o + q, v);
          const z = v - pms;
          st(lS, o + q, ljs + ld(lws, q) - 0.5 * z * z);
          st(pS, o + q, 1.0);
          st(cS, o + q, 0.0);
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
          const eta = dj + ag * ld(gk, k);
          if (link == 0 && Math.abs(eta) <= ETA_MAX) {
            const E = Math.exp(-eta);
            const r = 1.0 / (1.0 + E);
            const Er = E * r;
            mulCell(pG, cG, k, x == 1 ? r : Er);
            st(D1, off + k, x == 1 ? Er : -r);
            st(W2, off + k, Er * r);
            if (wantQ) st(LP, off + k, -Math.log1p(x == 1 ? E : 1.0 / E));
          } else {
            term(link, x, eta);
            st(lG, k, ld(lG, k) + tLp);
            st(D1, off + k, tD1);
            st(W2, off + k, tW2);
            if (wantQ) st(LP, off + k, tLp);
          }
        }
      } else {
        const as = ld(aS, j);
        // −η = e0 + c1 u_k + bq x_q (u_k = g_k − μ_g = √2σ x_k; c_k = m + b u_k)
        const bq = -(as * ld(tS, s));
        const e0 = -(dj + ag * mu + as * ld(mS, s));
        const c1 = -(ag + as * ld(bS, s));
        const fast = link == 0 && Math.abs(e0) + Math.abs(c1) * umax + Math.abs(bq) * xmax <= ETA_MAX;
        if (fast) {
          expRule(bq, xs, Qs, symS, Bq);
          expRule(c1, uK, Kg, symG, Ak);
          // 1/B_q for the reciprocal domain: the mirrored factor of a symmetric rule
          if (!tabs && x == 0) for (let q = 0; q < Qs; q++) st(Bi, q, symS ? ld(Bq, Qs - 1 - q) : 1.0 / ld(Bq, q));
        }
        const A0 = fast ? Math.exp(e0) : 0;
        for (let k = 0; k < Kg; k++) {
          const o = (s * Kg + k) * Qs;
          const tb = off + k * Qs;
          if (fast) {
            const A = A0 * ld(Ak, k);
            if (tabs) {
              if (x == 1) fastRow(1, true, A, Bq, pS, cS, o, D1, W2, tb, Qs);
              else fastRow(0, true, A, Bq, pS, cS, o, D1, W2, tb, Qs);
            } else if (x == 1) likRow(A, Bq, pS, cS, o, Qs);
            else likRow(1.0 / A, Bi, pS, cS, o, Qs);
            if (wantQ) for (let q = 0; q < Qs; q++) st(LP, tb + q, -Math.log1p(x == 1 ? A * ld(Bq, q) : 1.0 / (A * ld(Bq, q))));
          } else {
            const etaG = dj + ag * ld(gk, k);
            for (let q = 0; q < Qs; q++) {
              term(link, x, etaG + as * ld(sN, o + q));
              st(lS, o + q, ld(lS, o + q) + tLp);
              st(D1, tb + q, tD1);
              st(W2, tb + q, tW2);
              if (wantQ) st(LP, tb + q, tLp);
            }
          }
        }
      }
    }
    // back to logs: log Π P = log(product) − 700 n ln 2 (without the gradient −(log(product) + 700 n ln 2))
    for (let k = 0; k < Kg; k++) st(lG, k, ld(lG, k) + (Math.log(ld(pG, k)) - ld(cG, k) * LOG_UP));
    if (tabs) for (let c = 0; c < SKQ; c++) st(lS, c, ld(lS, c) + (Math.log(ld(pS, c)) - ld(cS, c) * LOG_UP));
    else for (let c = 0; c < SKQ; c++) st(lS, c, ld(lS, c) - (Math.log(ld(pS, c)) + ld(cS, c) * LOG_UP));
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
        for (let k = 0; k < Kg; k++) {
          const p = ld(lG, k);
          const g = ld(gk, k);
          const u = p * ld(D1, off + k);
          const w = p * ld(W2, off + k);
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
        for (let k = 0; k < Kg; k++) {
          const o = (s * Kg + k) * Qs;
          const tb = off + k * Qs;
          // Σ_q over lane pairs (f64x2), then the odd node
          let a0 = f64x2.splat(0);
          let a1 = f64x2.splat(0);
          let b0 = f64x2.splat(0);
          let b1 = f64x2.splat(0);
          let b2 = f64x2.splat(0);
          let q = 0;
          for (; q + 1 < Qs; q += 2) {
            const pq = v128.load(lS + (<usize>(o + q) << 3));
            const sv = v128.load(sN + (<usize>(o + q) << 3));
            const u = f64x2.mul(pq, v128.load(D1 + (<usize>(tb + q) << 3)));
            const w = f64x2.mul(pq, v128.load(W2 + (<usize>(tb + q) << 3)));
            a0 = f64x2.add(a0, u);
            a1 = f64x2.add(a1, f64x2.mul(u, sv));
            b0 = f64x2.add(b0, w);
            const ws = f64x2.mul(w, sv);
            b1 = f64x2.add(b1, ws);
            b2 = f64x2.add(b2, f64x2.mul(ws, sv));
          }
          let A0 = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
          let A1 = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
          let B0 = f64x2.extract_lane(b0, 0) + f64x2.extract_lane(b0, 1);
          let B1 = f64x2.extract_lane(b1, 0) + f64x2.extract_lane(b1, 1);
          let B2 = f64x2.extract_lane(b2, 0) + f64x2.extract_lane(b2, 1);
          if (q < Qs) {
            const pq = ld(lS, o + q);
            const sv = ld(sN, o + q);
            const u = pq * ld(D1, tb + q);
            const w = pq * ld(W2, tb + q);
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
      }
    }
    if (!wantQ) continue;
    // the M-step objective Σ π log P per item
    for (let j = 0; j < J; j++) {
      const x = <i32>load<u8>(responses + row + <usize>j);
      if (x > 1) continue;
      const s = ldi(itemSpec, j);
      const off = ldi(tabOff, j);
      let Q: f64 = 0;
      if (s < 0) {
        for (let k = 0; k < Kg; k++) Q += ld(lG, k) * ld(LP, off + k);
      } else {
        for (let k = 0; k < Kg; k++) {
          const o = (s * Kg + k) * Qs;
          const tb = off + k * Qs;
          let Qk: f64 = 0;
          for (let q = 0; q < Qs; q++) Qk += ld(lS, o + q) * ld(LP, tb + q);
          Q += ld(lG, k) * Qk;
        }
      }
      st(outQ, j, ld(outQ, j) + Q);
    }
  }
}

/**
 * The M-step objective Σ_i Σ_k π_k Σ_q π_{q|k} log P(x_ij | η_kq) of nSel items (item sel[t] at the
 * parameters a[t], as[t], d[t]) over the nodes of an E-step: the nodes are placed from `centers` exactly
 * as irtAgqEstep placed them, the posterior weights read from its outNodes (`nodes`). The arithmetic
 * of irtAgqEstep's outQ (the same factorisation, log P = −log1p(E) or −log1p(1/E), the same summation
 * order), so at the E-step's parameters it returns its outQ bit for bit. `work`: agqObjectiveWorkLength.
 */
export function irtAgqObjective(
  N: i32,
  J: i32,
  responses: usize,
  S: i32,
  itemSpec: usize,
  link: i32,
  nSel: i32,
  sel: usize,
  a: usize,
  as_: usize,
  d: usize,
  Kg: i32,
  xg: usize,
  Qs: i32,
  xs: usize,
  centers: usize,
  nodes: usize,
  out: usize,
  work: usize,
): void {
  const C = 2 + 3 * S;
  const SKQ = S * Kg * Qs;
  const NS = 2 * Kg + 2 * SKQ;
  const gk = work;
  const uK = gk + (<usize>Kg << 3);
  const Ak = uK + (<usize>Kg << 3);
  const Bq = Ak + (<usize>Kg << 3);
  const sN = Bq + (<usize>Qs << 3);
  const tS = sN + (<usize>SKQ << 3);
  const mS = tS + (<usize>S << 3);
  const bS = mS + (<usize>S << 3);
  let xmax: f64 = 0;
  for (let q = 0; q < Qs; q++) xmax = Math.max(xmax, Math.abs(ld(xs, q)));
  let xgmax: f64 = 0;
  for (let k = 0; k < Kg; k++) xgmax = Math.max(xgmax, Math.abs(ld(xg, k)));
  const symG = symmetric(xg, Kg);
  const symS = symmetric(xs, Qs);
  for (let t = 0; t < nSel; t++) st(out, t, 0.0);
  for (let i = 0; i < N; i++) {
    const row = <usize>i * <usize>J;
    const c0 = i * C;
    const pk = nodes + (<usize>(i * NS + Kg) << 3);
    const pq = nodes + (<usize>(i * NS + 2 * Kg + SKQ) << 3);
    const mu = ld(centers, c0);
    const sg = Math.max(ld(centers, c0 + 1), MIN_SD);
    const umax = SQRT2 * sg * xgmax;
    for (let k = 0; k < Kg; k++) {
      const u = SQRT2 * sg * ld(xg, k);
      st(uK, k, u);
      st(gk, k, mu + u);
    }
    for (let s = 0; s < S; s++) {
      const m = ld(centers, c0 + 2 + 3 * s);
      const b = ld(centers, c0 + 3 + 3 * s);
      const tau = Math.max(ld(centers, c0 + 4 + 3 * s), MIN_SD);
      st(tS, s, SQRT2 * tau);
      st(mS, s, m);
      st(bS, s, b);
      for (let k = 0; k < Kg; k++) {
        const cen = m + b * (ld(gk, k) - mu);
        const o = (s * Kg + k) * Qs;
        for (let q = 0; q < Qs; q++) st(sN, o + q, cen + SQRT2 * tau * ld(xs, q));
      }
    }
    for (let t = 0; t < nSel; t++) {
      const j = ldi(sel, t);
      const x = <i32>load<u8>(responses + row + <usize>j);
      if (x > 1) continue;
      const s = ldi(itemSpec, j);
      const dj = ld(d, t);
      const ag = ld(a, t);
      let Q: f64 = 0;
      if (s < 0) {
        for (let k = 0; k < Kg; k++) {
          const eta = dj + ag * ld(gk, k);
          let lp: f64;
          if (link == 0 && Math.abs(eta) <= ETA_MAX) {
            const E = Math.exp(-eta);
            lp = -Math.log1p(x == 1 ? E : 1.0 / E);
          } else {
            term(link, x, eta);
            lp = tLp;
          }
          Q += ld(pk, k) * lp;
        }
      } else {
        const as = ld(as_, t);
        const bq = -(as * ld(tS, s));
        const e0 = -(dj + ag * mu + as * ld(mS, s));
        const c1 = -(ag + as * ld(bS, s));
        const fast = link == 0 && Math.abs(e0) + Math.abs(c1) * umax + Math.abs(bq) * xmax <= ETA_MAX;
        if (fast) {
          expRule(bq, xs, Qs, symS, Bq);
          expRule(c1, uK, Kg, symG, Ak);
        }
        const A0 = fast ? Math.exp(e0) : 0;
        for (let k = 0; k < Kg; k++) {
          const o = (s * Kg + k) * Qs;
          let Qk: f64 = 0;
          if (fast) {
            const A = A0 * ld(Ak, k);
            if (x == 1) for (let q = 0; q < Qs; q++) Qk += ld(pq, o + q) * -Math.log1p(A * ld(Bq, q));
            else for (let q = 0; q < Qs; q++) Qk += ld(pq, o + q) * -Math.log1p(1.0 / (A * ld(Bq, q)));
          } else {
            const etaG = dj + ag * ld(gk, k);
            for (let q = 0; q < Qs; q++) {
              term(link, x, etaG + as * ld(sN, o + q));
              Qk += ld(pq, o + q) * tLp;
            }
          }
          Q += ld(pk, k) * Qk;
        }
      }
      st(out, t, ld(out, t) + Q);
    }
  }
}
