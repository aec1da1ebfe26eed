// Plain TypeScript reference for assembly/irtAgq.ts: the E-step of a bifactor (or unidimensional)
// item factor model by ADAPTIVE Gauss–Hermite quadrature, one node set per person (Schilling & Bock
// 2005, Psychometrika 70:289–304; Rabe-Hesketh, Skrondal & Pickles 2005, J. Econometrics 128:301–323),
// keeping the Gibbons–Hedeker (1992) dimension reduction. A person's likelihood
//   L_i = ∫ φ(g − μ0_g) Π_{j general-only} P_j(g) Π_s [ ∫ φ(s − μ0_s) Π_{j ∈ s} P_j(g, s) ds ] dg
// is integrated with g nodes g_k = μ_g + √2 σ_g x_k (x_k, w_k the Gauss–Hermite rule for e^{−x²}) and,
// at every g node, nodes for each specific centred at its conditional mean given g under the joint
// Gaussian approximation of the posterior, s_kq = m_s + b_s (g_k − μ_g) + √2 τ_s x_q — the Cholesky
// (lower-triangular) change of variables (g, s) = (μ_g + √2σ_g u, m_s + b_s √2σ_g u + √2τ_s v); its
// Jacobian is √2σ_g · √2τ_s, so
//   L_i ≈ Σ_k √2σ_g w_k e^{x_k²} φ(g_k − μ0_g) A_k Π_s Σ_q √2τ_s w_q e^{x_q²} φ(s_kq − μ0_s) B_skq.
// μ_g, σ_g (posterior mean and SD of g), m_s (posterior mean of s), b_s = Cov(s, g)/Var(g) and
// τ_s = √(Var s − Cov(s, g)²/Var g) come from the previous iteration (`centers`); the kernel returns
// the same five per-person quantities under the current parameters (`outMoments`) for the next one.
// Priors: N(μ0_f,i, 1) per factor (μ0 = 0 without a latent regression). Link: 0 logistic, 1 normal
// ogive; no guessing parameter.
//
// M-step quantities (EM gradient, Lange 1995, JRSS B 57:425–437): with the posterior weight π of each
// node, the complete-data score and expected information of item j in its free parameters
// (a_g, a_s, d), accumulated per item:
//   outGrad[3j + ·] += Σ_nodes π ∂log P/∂η · (g, s, 1),  outInfo[6j + ·] += Σ_nodes π I(η) (g, s, 1)(g, s, 1)ᵀ
// (upper triangle gg, gs, gd, ss, sd, dd). By Fisher's identity the gradient is exactly the gradient of
// Σ_i log L_i under this quadrature, so a Newton step on it has the maximum likelihood estimate as its
// fixed point.
//
// Layout. responses N × J bytes (> 1 = missing); itemSpec J (−1 = general only); tabOff J: start of
// item j's node block in the work tables (Kg entries for general-only items, Kg·Qs otherwise).
// centers and outMoments: N × (2 + 3S): μ_g, σ_g, then (m_s, b_s, τ_s) per specific.
// priorMean: N × (1 + S) or null. outGrad (J × 3), outInfo (J × 6): accumulated (caller zeroes), or null.
//
// Arithmetic (logistic link; assembly/irtAgq.ts header for the argument why both are exact up to
// rounding): e^{−η} of a specific item's cell is the product A_0 A_k B_q of a per-item, a per-(item,
// g node) and a per-(item, s node) exponential (η_kq = (d + a_g μ_g + a_s m_s) + (a_g + a_s b_s) u_k +
// a_s √2τ_s x_q, u_k = √2σ_g x_k; mirrored Gauss–Hermite nodes share one exp), and the block likelihoods are accumulated as products with exact power-of-two
// rescaling (a count of factors 2^700 per cell) and one log per block cell. Rows whose |η| could exceed
// 480, and the normal-ogive link, use the direct per-cell formula (agqTerm) and add their log P to the
// block's log (the prior's, to which log(product) is added at the end). irtAgqEstepDirect below is
// the earlier arithmetic (one exp and one log1p per cell, sums of logs), kept as the definition the
// tests compare with.

export interface IrtAgqArgs {
  nPersons: number;
  nItems: number;
  responses: Uint8Array;
  nSpec: number;
  itemSpec: Int32Array;
  tabOff: Int32Array;
  tabLen: number;
  link: number;
  aG: Float64Array;
  aS: Float64Array;
  d: Float64Array;
  /** Gauss–Hermite nodes for g and log(w_k) + x_k². */
  xg: Float64Array;
  lwg: Float64Array;
  xs: Float64Array;
  lws: Float64Array;
  priorMean: Float64Array | null;
  centers: Float64Array;
  outMoments: Float64Array;
  outLoglik: Float64Array;
  outGrad: Float64Array | null;
  outInfo: Float64Array | null;
  /** J: Σ_nodes π log P per item (the M-step objective at the current parameters), with outGrad. */
  outQ: Float64Array | null;
  /**
   * Per person, the nodes and their posterior weights (nodeStride doubles each): g_k (Kg), π_k (Kg), then
   * per specific s_kq (Kg·Qs) and π_{q|k} (Kg·Qs) — the pseudo-observations of the M-step. Or null.
   */
  outNodes: Float64Array | null;
}

/** Doubles per person in outNodes. */
export function agqNodeStride(Kg: number, Qs: number, S: number): number {
  return 2 * Kg + 2 * S * Kg * Qs;
}

const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.918938533204672741780329736406;
/** Smallest SD used to place nodes (a degenerate posterior still gets a rule). */
export const AGQ_MIN_SD = 1e-4;

/** log P(x | η), ∂log P/∂η and the expected information per unit η, into out[0..3). */
export function agqTerm(link: number, x: number, eta: number, normCdf: (z: number) => number, out: Float64Array): void {
  if (link === 0) {
    let F: number;
    let l: number;
    if (eta >= 0) {
      const e = Math.exp(-eta);
      F = 1 / (1 + e);
      l = Math.log1p(e);
      out[0] = x === 1 ? -l : -eta - l;
    } else {
      const e = Math.exp(eta);
      F = e / (1 + e);
      l = Math.log1p(e);
      out[0] = x === 1 ? eta - l : -l;
    }
    out[1] = x === 1 ? 1 - F : -F;
    out[2] = F * (1 - F);
    return;
  }
  // normal ogive: the smaller tail directly; Mills ratios φ/Φ with their asymptote beyond underflow
  const f = Math.exp(-0.5 * eta * eta - LOG_SQRT_2PI);
  const F = normCdf(eta);
  const Fc = normCdf(-eta);
  const r1 = F > 1e-290 ? f / F : -eta - 1 / eta;
  const r0 = Fc > 1e-290 ? f / Fc : eta + 1 / eta;
  if (x === 1) {
    out[0] = F > 1e-300 ? Math.log(F) : -0.5 * eta * eta - LOG_SQRT_2PI - Math.log(-eta);
    out[1] = r1;
  } else {
    out[0] = Fc > 1e-300 ? Math.log(Fc) : -0.5 * eta * eta - LOG_SQRT_2PI - Math.log(eta);
    out[1] = -r0;
  }
  out[2] = r1 * r0;
}

// product domain (assembly/irtAgq.ts): rescale below 2^-300 by 2^700 (exact; every factor is ≥ 2^-700)
const LO = 2 ** -300;
const UP = 2 ** 700;
const LOG_UP = 485.2030263919617; // 700 ln 2
// the reciprocal domain (E-steps without the gradient): above 2^300, times 2^-700
const HI = 2 ** 300;
const DN = 2 ** -700;
/** Largest |η| bound of a row on the factorised path. */
const ETA_MAX = 480;

/** Doubles of the WebAssembly kernel's `work` (layout: assembly/irtAgq.ts). */
export function agqWorkLength(S: number, Kg: number, Qs: number, tabLen: number, wantQ: boolean): number {
  return 6 * Kg + 4 * S * Kg * Qs + 3 * S + 2 * Qs + (wantQ ? 3 : 2) * tabLen;
}

/** p[c] ·= P (P ≥ 2^-700), the count of 2^700 factors in n[c]. */
function mulCell(p: Float64Array, n: Float64Array, c: number, P: number): void {
  let v = p[c]! * P;
  if (v < LO) {
    v *= UP;
    n[c] += 1;
  }
  p[c] = v;
}

/**
 * out[i] = e^{c x[i]}; for a rule symmetric about 0 the mirrored half as 1/e^{c x[i]} and a middle node
 * whose exponent is below 1e-17 as 1 (what exp rounds it to).
 */
function expRule(c: number, x: Float64Array, sym: boolean, out: Float64Array): void {
  const n = x.length;
  if (!sym) {
    for (let i = 0; i < n; i++) out[i] = Math.exp(c * x[i]!);
    return;
  }
  const h = n >> 1;
  for (let i = 0; i < h; i++) {
    const e = Math.exp(c * x[i]!);
    out[i] = e;
    out[n - 1 - i] = 1 / e;
  }
  if (n & 1) {
    const t = c * x[h]!;
    out[h] = Math.abs(t) < 1e-17 ? 1 : Math.exp(t);
  }
}

/** x[n−1−i] = −x[i] exactly for every i. */
function symmetric(x: Float64Array): boolean {
  const n = x.length;
  for (let i = 0; i < n; i++) if (x[n - 1 - i] !== -x[i]!) return false;
  return true;
}

/** The E-step (module header); irtAgqEstepDirect: the same with the earlier per-cell arithmetic. */
export function irtAgqEstep(a: IrtAgqArgs, normCdf: (z: number) => number): void {
  estep(a, normCdf, false);
}

/** The earlier arithmetic of irtAgqEstep: per cell one exp and one log1p (agqTerm), block likelihoods as sums of logs. */
export function irtAgqEstepDirect(a: IrtAgqArgs, normCdf: (z: number) => number): void {
  estep(a, normCdf, true);
}

function estep(a: IrtAgqArgs, normCdf: (z: number) => number, direct: boolean): void {
  const { nPersons: N, nItems: J, responses, nSpec: S, itemSpec, tabOff, link, aG, aS, d, xg, lwg, xs, lws } = a;
  const Kg = xg.length;
  const Qs = xs.length;
  const F = 1 + S;
  const C = 2 + 3 * S;
  const SKQ = S * Kg * Qs;
  const gk = new Float64Array(Kg);
  const lG = new Float64Array(Kg);
  const pG = new Float64Array(Kg);
  const nG = new Float64Array(Kg);
  const sN = new Float64Array(Math.max(1, SKQ));
  const lS = new Float64Array(Math.max(1, SKQ));
  const pS = new Float64Array(Math.max(1, SKQ));
  const nS = new Float64Array(Math.max(1, SKQ));
  const tS = new Float64Array(Math.max(1, S));
  const mS = new Float64Array(Math.max(1, S));
  const bS = new Float64Array(Math.max(1, S));
  const Bq = new Float64Array(Qs);
  const Bi = new Float64Array(Qs);
  const Ak = new Float64Array(Kg);
  const uK = new Float64Array(Kg);
  const D1 = new Float64Array(a.tabLen);
  const W2 = new Float64Array(a.tabLen);
  const tabs = !!(a.outGrad && a.outInfo);
  const wantQ = !!(a.outQ && tabs);
  const LP = new Float64Array(wantQ ? a.tabLen : 0);
  const NS = agqNodeStride(Kg, Qs, S);
  const t = new Float64Array(3);
  let xmax = 0;
  for (let q = 0; q < Qs; q++) xmax = Math.max(xmax, Math.abs(xs[q]!));
  let xgmax = 0;
  for (let k = 0; k < Kg; k++) xgmax = Math.max(xgmax, Math.abs(xg[k]!));
  const symG = symmetric(xg);
  const symS = symmetric(xs);
  const fast = link === 0 && !direct;
  for (let i = 0; i < N; i++) {
    const row = i * J;
    const c0 = i * C;
    const pm0 = a.priorMean ? a.priorMean[i * F]! : 0;
    const mu = a.centers[c0]!;
    const sg = Math.max(a.centers[c0 + 1]!, AGQ_MIN_SD);
    const lj = Math.log(SQRT2 * sg) - LOG_SQRT_2PI;
    const umax = SQRT2 * sg * xgmax;
    for (let k = 0; k < Kg; k++) {
      const u = SQRT2 * sg * xg[k]!;
      uK[k] = u;
      const g = mu + u;
      gk[k] = g;
      const z = g - pm0;
      lG[k] = lj + lwg[k]! - 0.5 * z * z;
    }
    pG.fill(1);
    nG.fill(0);
    pS.fill(1);
    nS.fill(0);
    for (let s = 0; s < S; s++) {
      const m = a.centers[c0 + 2 + 3 * s]!;
      const b = a.centers[c0 + 3 + 3 * s]!;
      const tau = Math.max(a.centers[c0 + 4 + 3 * s]!, AGQ_MIN_SD);
      const pms = a.priorMean ? a.priorMean[i * F + 1 + s]! : 0;
      const ljs = Math.log(SQRT2 * tau) - LOG_SQRT_2PI;
      tS[s] = SQRT2 * tau;
      mS[s] = m;
      bS[s] = b;
      for (let k = 0; k < Kg; k++) {
        const cen = m + b * (gk[k]! - mu);
        const o = (s * Kg + k) * Qs;
        for (let q = 0; q < Qs; q++) {
          const v = cen + SQRT2 * tau * xs[q]!;
          sN[o + q] = v;
          const z = v - pms;
          lS[o + q] = ljs + lws[q]! - 0.5 * z * z;
        }
      }
    }
    for (let j = 0; j < J; j++) {
      const x = responses[row + j]!;
      if (x > 1) continue;
      const s = itemSpec[j]!;
      const off = tabOff[j]!;
      if (s < 0) {
        for (let k = 0; k < Kg; k++) {
          const eta = d[j]! + aG[j]! * gk[k]!;
          if (fast && Math.abs(eta) <= ETA_MAX) {
            const E = Math.exp(-eta);
            const r = 1 / (1 + E);
            const Er = E * r;
            mulCell(pG, nG, k, x === 1 ? r : Er);
            D1[off + k] = x === 1 ? Er : -r;
            W2[off + k] = Er * r;
            if (wantQ) LP[off + k] = -Math.log1p(x === 1 ? E : 1 / E);
            continue;
          }
          agqTerm(link, x, eta, normCdf, t);
          lG[k] += t[0]!;
          if (wantQ) LP[off + k] = t[0]!;
          D1[off + k] = t[1]!;
          W2[off + k] = t[2]!;
        }
      } else {
        const as = aS[j]!;
        const ag = aG[j]!;
        // −η = e0 + c1 u_k + bq x_q (u_k = g_k − μ_g = √2σ x_k; the specific's centre m + b u_k)
        const bq = -(as * tS[s]!);
        const e0 = -(d[j]! + ag * mu + as * mS[s]!);
        const c1 = -(ag + as * bS[s]!);
        const itemFast = fast && Math.abs(e0) + Math.abs(c1) * umax + Math.abs(bq) * xmax <= ETA_MAX;
        if (itemFast) {
          expRule(bq, xs, symS, Bq);
          expRule(c1, uK, symG, Ak);
          // 1/B_q for the reciprocal domain: the mirrored factor of a symmetric rule
          if (!tabs && x === 0) for (let q = 0; q < Qs; q++) Bi[q] = symS ? Bq[Qs - 1 - q]! : 1 / Bq[q]!;
        }
        const A0 = itemFast ? Math.exp(e0) : 0;
        for (let k = 0; k < Kg; k++) {
          const etaG = d[j]! + ag * gk[k]!;
          const o = (s * Kg + k) * Qs;
          const tb = off + k * Qs;
          if (itemFast) {
            // e^{−η} = A_0 A_k B_q
            const A = A0 * Ak[k]!;
            if (!tabs) {
              // without the gradient: Π (1 + E′), E′ = E (x = 1) or 1/E (x = 0), = 1/Π P (assembly/irtAgq.ts likRow)
              const A1 = x === 1 ? A : 1 / A;
              const B1 = x === 1 ? Bq : Bi;
              for (let q = 0; q < Qs; q++) {
                let v = pS[o + q]! * (1 + A1 * B1[q]!);
                if (v > HI) {
                  v *= DN;
                  nS[o + q] += 1;
                }
                pS[o + q] = v;
              }
              continue;
            }
            for (let q = 0; q < Qs; q++) {
              const E = A * Bq[q]!;
              const r = 1 / (1 + E);
              const Er = E * r;
              mulCell(pS, nS, o + q, x === 1 ? r : Er);
              D1[tb + q] = x === 1 ? Er : -r;
              W2[tb + q] = Er * r;
              if (wantQ) LP[tb + q] = -Math.log1p(x === 1 ? E : 1 / E);
            }
            continue;
          }
          for (let q = 0; q < Qs; q++) {
            agqTerm(link, x, etaG + as * sN[o + q]!, normCdf, t);
            lS[o + q] += t[0]!;
            if (wantQ) LP[tb + q] = t[0]!;
            D1[tb + q] = t[1]!;
            W2[tb + q] = t[2]!;
          }
        }
      }
    }
    // back to logs: log Π P = log(product) − 700 n ln 2
    if (!direct) {
      for (let k = 0; k < Kg; k++) lG[k] += Math.log(pG[k]!) - nG[k]! * LOG_UP;
      if (tabs) for (let c = 0; c < SKQ; c++) lS[c] += Math.log(pS[c]!) - nS[c]! * LOG_UP;
      else for (let c = 0; c < SKQ; c++) lS[c] -= Math.log(pS[c]!) + nS[c]! * LOG_UP;
    }
    // inner sums: log Σ_q, and the conditional posterior of q given k (in place)
    for (let s = 0; s < S; s++)
      for (let k = 0; k < Kg; k++) {
        const o = (s * Kg + k) * Qs;
        let mx = -Infinity;
        for (let q = 0; q < Qs; q++) if (lS[o + q]! > mx) mx = lS[o + q]!;
        let sum = 0;
        for (let q = 0; q < Qs; q++) {
          const e = Math.exp(lS[o + q]! - mx);
          lS[o + q] = e;
          sum += e;
        }
        for (let q = 0; q < Qs; q++) lS[o + q] = lS[o + q]! / sum;
        lG[k] += mx + Math.log(sum);
      }
    let mx = -Infinity;
    for (let k = 0; k < Kg; k++) if (lG[k]! > mx) mx = lG[k]!;
    let sum = 0;
    for (let k = 0; k < Kg; k++) {
      const e = Math.exp(lG[k]! - mx);
      lG[k] = e;
      sum += e;
    }
    a.outLoglik[i] = mx + Math.log(sum);
    // lG now holds the posterior weights π_k
    let eg = 0;
    let eg2 = 0;
    for (let k = 0; k < Kg; k++) {
      const p = lG[k]! / sum;
      lG[k] = p;
      eg += p * gk[k]!;
      eg2 += p * gk[k]! * gk[k]!;
    }
    const vg = Math.max(eg2 - eg * eg, 0);
    a.outMoments[c0] = eg;
    a.outMoments[c0 + 1] = Math.sqrt(vg);
    for (let s = 0; s < S; s++) {
      let es = 0;
      let es2 = 0;
      let esg = 0;
      for (let k = 0; k < Kg; k++) {
        const o = (s * Kg + k) * Qs;
        let c1 = 0;
        let c2 = 0;
        for (let q = 0; q < Qs; q++) {
          c1 += lS[o + q]! * sN[o + q]!;
          c2 += lS[o + q]! * sN[o + q]! * sN[o + q]!;
        }
        const p = lG[k]!;
        es += p * c1;
        es2 += p * c2;
        esg += p * c1 * gk[k]!;
      }
      const vs = Math.max(es2 - es * es, 0);
      const cov = esg - es * eg;
      const b = vg > 0 ? cov / vg : 0;
      a.outMoments[c0 + 2 + 3 * s] = es;
      a.outMoments[c0 + 3 + 3 * s] = b;
      a.outMoments[c0 + 4 + 3 * s] = Math.sqrt(Math.max(vs - b * cov, 0));
    }
    if (a.outNodes) {
      const o = i * NS;
      for (let k = 0; k < Kg; k++) {
        a.outNodes[o + k] = gk[k]!;
        a.outNodes[o + Kg + k] = lG[k]!;
      }
      const SKQ = S * Kg * Qs;
      for (let c = 0; c < SKQ; c++) {
        a.outNodes[o + 2 * Kg + c] = sN[c]!;
        a.outNodes[o + 2 * Kg + SKQ + c] = lS[c]!;
      }
    }
    if (!a.outGrad || !a.outInfo) continue;
    const oq = a.outQ;
    const gr = a.outGrad;
    const inf = a.outInfo;
    for (let j = 0; j < J; j++) {
      const x = responses[row + j]!;
      if (x > 1) continue;
      const s = itemSpec[j]!;
      const off = tabOff[j]!;
      if (s < 0) {
        let A0 = 0;
        let A1 = 0;
        let B0 = 0;
        let B1 = 0;
        let B2 = 0;
        for (let k = 0; k < Kg; k++) {
          const p = lG[k]!;
          const g = gk[k]!;
          const u = p * D1[off + k]!;
          const w = p * W2[off + k]!;
          A0 += u;
          A1 += u * g;
          B0 += w;
          B1 += w * g;
          B2 += w * g * g;
        }
        gr[3 * j] += A1;
        gr[3 * j + 2] += A0;
        inf[6 * j] += B2;
        inf[6 * j + 2] += B1;
        inf[6 * j + 5] += B0;
      } else {
        for (let k = 0; k < Kg; k++) {
          const o = (s * Kg + k) * Qs;
          const tb = off + k * Qs;
          let A0 = 0;
          let A1 = 0;
          let B0 = 0;
          let B1 = 0;
          let B2 = 0;
          for (let q = 0; q < Qs; q++) {
            const pq = lS[o + q]!;
            const sv = sN[o + q]!;
            const u = pq * D1[tb + q]!;
            const w = pq * W2[tb + q]!;
            A0 += u;
            A1 += u * sv;
            B0 += w;
            B1 += w * sv;
            B2 += w * sv * sv;
          }
          const p = lG[k]!;
          const g = gk[k]!;
          gr[3 * j] += p * g * A0;
          gr[3 * j + 1] += p * A1;
          gr[3 * j + 2] += p * A0;
          inf[6 * j] += p * g * g * B0;
          inf[6 * j + 1] += p * g * B1;
          inf[6 * j + 2] += p * g * B0;
          inf[6 * j + 3] += p * B2;
          inf[6 * j + 4] += p * B1;
          inf[6 * j + 5] += p * B0;
        }
      }
    }
    if (!oq) continue;
    // the M-step objective Σ π log P per item (summed per person and g node, as the WebAssembly kernel)
    for (let j = 0; j < J; j++) {
      const x = responses[row + j]!;
      if (x > 1) continue;
      const s = itemSpec[j]!;
      const off = tabOff[j]!;
      let Q = 0;
      if (s < 0) {
        for (let k = 0; k < Kg; k++) Q += lG[k]! * LP[off + k]!;
      } else {
        for (let k = 0; k < Kg; k++) {
          const o = (s * Kg + k) * Qs;
          const tb = off + k * Qs;
          let Qk = 0;
          for (let q = 0; q < Qs; q++) Qk += lS[o + q]! * LP[tb + q]!;
          Q += lG[k]! * Qk;
        }
      }
      oq[j] += Q;
    }
  }
}

/** Doubles of the WebAssembly objective kernel's `work`. */
export function agqObjectiveWorkLength(S: number, Kg: number, Qs: number): number {
  return 3 * Kg + Qs + S * Kg * Qs + 3 * S;
}

export interface IrtAgqObjectiveArgs {
  nPersons: number;
  nItems: number;
  responses: Uint8Array;
  nSpec: number;
  itemSpec: Int32Array;
  link: number;
  /** The items, and their parameters (one entry per selected item). */
  sel: Int32Array;
  a: Float64Array;
  as: Float64Array;
  d: Float64Array;
  xg: Float64Array;
  xs: Float64Array;
  /** The centres the E-step placed its nodes from, and its outNodes (posterior weights). */
  centers: Float64Array;
  nodes: Float64Array;
  out: Float64Array;
}

/**
 * The M-step objective Σ_i Σ_k π_k Σ_q π_{q|k} log P(x_ij | η_kq) of the selected items over an E-step's
 * nodes (placed from `centers` as irtAgqEstep placed them; weights from its outNodes), with irtAgqEstep's
 * outQ arithmetic: at the E-step's parameters it returns its outQ.
 */
export function irtAgqObjective(a: IrtAgqObjectiveArgs, normCdf: (z: number) => number): void {
  const { nPersons: N, nItems: J, responses, nSpec: S, itemSpec, link, sel, xg, xs, centers, nodes, out } = a;
  const Kg = xg.length;
  const Qs = xs.length;
  const C = 2 + 3 * S;
  const SKQ = S * Kg * Qs;
  const NS = agqNodeStride(Kg, Qs, S);
  const gk = new Float64Array(Kg);
  const uK = new Float64Array(Kg);
  const Ak = new Float64Array(Kg);
  const Bq = new Float64Array(Qs);
  const sN = new Float64Array(Math.max(1, SKQ));
  const tS = new Float64Array(Math.max(1, S));
  const mS = new Float64Array(Math.max(1, S));
  const bS = new Float64Array(Math.max(1, S));
  const t3 = new Float64Array(3);
  let xmax = 0;
  for (let q = 0; q < Qs; q++) xmax = Math.max(xmax, Math.abs(xs[q]!));
  let xgmax = 0;
  for (let k = 0; k < Kg; k++) xgmax = Math.max(xgmax, Math.abs(xg[k]!));
  const symG = symmetric(xg);
  const symS = symmetric(xs);
  out.fill(0, 0, sel.length);
  for (let i = 0; i < N; i++) {
    const row = i * J;
    const c0 = i * C;
    const pk = i * NS + Kg;
    const pq = i * NS + 2 * Kg + SKQ;
    const mu = centers[c0]!;
    const sg = Math.max(centers[c0 + 1]!, AGQ_MIN_SD);
    const umax = SQRT2 * sg * xgmax;
    for (let k = 0; k < Kg; k++) {
      const u = SQRT2 * sg * xg[k]!;
      uK[k] = u;
      gk[k] = mu + u;
    }
    for (let s = 0; s < S; s++) {
      const m = centers[c0 + 2 + 3 * s]!;
      const b = centers[c0 + 3 + 3 * s]!;
      const tau = Math.max(centers[c0 + 4 + 3 * s]!, AGQ_MIN_SD);
      tS[s] = SQRT2 * tau;
      mS[s] = m;
      bS[s] = b;
      for (let k = 0; k < Kg; k++) {
        const cen = m + b * (gk[k]! - mu);
        const o = (s * Kg + k) * Qs;
        for (let q = 0; q < Qs; q++) sN[o + q] = cen + SQRT2 * tau * xs[q]!;
      }
    }
    for (let t = 0; t < sel.length; t++) {
      const j = sel[t]!;
      const x = responses[row + j]!;
      if (x > 1) continue;
      const s = itemSpec[j]!;
      const dj = a.d[t]!;
      const ag = a.a[t]!;
      let Q = 0;
      if (s < 0) {
        for (let k = 0; k < Kg; k++) {
          const eta = dj + ag * gk[k]!;
          let lp: number;
          if (link === 0 && Math.abs(eta) <= ETA_MAX) {
            const E = Math.exp(-eta);
            lp = -Math.log1p(x === 1 ? E : 1 / E);
          } else {
            agqTerm(link, x, eta, normCdf, t3);
            lp = t3[0]!;
          }
          Q += nodes[pk + k]! * lp;
        }
      } else {
        const as = a.as[t]!;
        const bq = -(as * tS[s]!);
        const e0 = -(dj + ag * mu + as * mS[s]!);
        const c1 = -(ag + as * bS[s]!);
        const fast = link === 0 && Math.abs(e0) + Math.abs(c1) * umax + Math.abs(bq) * xmax <= ETA_MAX;
        if (fast) {
          expRule(bq, xs, symS, Bq);
          expRule(c1, uK, symG, Ak);
        }
        const A0 = fast ? Math.exp(e0) : 0;
        for (let k = 0; k < Kg; k++) {
          const o = (s * Kg + k) * Qs;
          let Qk = 0;
          if (fast) {
            const A = A0 * Ak[k]!;
            for (let q = 0; q < Qs; q++) Qk += nodes[pq + o + q]! * -Math.log1p(x === 1 ? A * Bq[q]! : 1 / (A * Bq[q]!));
          } else {
            const etaG = dj + ag * gk[k]!;
            for (let q = 0; q < Qs; q++) {
              agqTerm(link, x, etaG + as * sN[o + q]!, normCdf, t3);
              Qk += nodes[pq + o + q]! * t3[0]!;
            }
          }
          Q += nodes[pk + k]! * Qk;
        }
      }
      out[t] += Q;
    }
  }
}
