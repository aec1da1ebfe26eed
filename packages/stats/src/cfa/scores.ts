// Stage: factor scores for binary indicators under the fitted model (y*_i = Λ_i η + ε_i,
// ε_i ~ N(0, θ_ii), η ~ N(0, Φη)):
// - EBM, empirical Bayes modal (lavaan's lavPredict default for categorical data,
//   lav_predict_eta_ebm_ml): argmax_η Σ_i log P(y_i | η) + log φ(η; 0, Φη), by Newton's method (the
//   objective is concave: probit log-likelihood plus a Gaussian prior); missing responses are skipped.
// - EAP with posterior SDs by adaptive Gauss–Hermite quadrature centred at the mode with the Cholesky
//   factor of the inverse negative Hessian (Naylor & Smith 1982; Schilling & Bock 2005), Q points per
//   dimension (Q = 21, 11, 7, 5, 3 for 1, 2, 3, 4, ≥5 latents).
import { normalLogCdf } from './normal.js';
import { choleskyOrNull, spdInverse } from './linalg.js';
import { modelMatrices } from './implied.js';
import type { CfaState } from './fit-cfa.js';

export interface FactorScores {
  factors: string[];
  /** Row-major models × factors. */
  ebm: Float64Array;
  /** EAP posterior means and SDs (null unless requested). */
  eap: Float64Array | null;
  eapSd: Float64Array | null;
  /** Models whose EBM Newton iterations did not converge (indices). */
  notConverged: number[];
}

/** `codes` item-major (codes[j·N + n] ∈ {0, 1, 2 = missing}) in the model's item order. */
export function factorScores(state: CfaState, codes: Uint8Array, nobs: number, opts: { eap?: boolean } = {}): FactorScores {
  const { pt, x } = state;
  const m = modelMatrices(pt, x);
  const J = pt.items.length;
  const L = pt.latents.length;
  const phiInv = spdInverse(L, m.phi);
  if (phiInv === null) throw new Error('cfa: factor scores need a positive-definite factor covariance matrix');
  const tau = x.subarray(pt.nStruct);
  const sdRes = new Float64Array(J);
  for (let i = 0; i < J; i++) {
    const th = 1 - m.communality[i]!;
    if (!(th > 0)) throw new Error(`cfa: factor scores need positive residual variances; item '${pt.items[i]}' has ${th.toFixed(4)} (Heywood case)`);
    sdRes[i] = Math.sqrt(th);
  }
  // Scaled loadings a_i = λ_i / sd_i, intercepts b_i = τ_i / sd_i: P(y=1|η) = Φ(a_i η − b_i).
  const nz: number[][] = [];
  const aL = new Float64Array(J * L);
  const bL = new Float64Array(J);
  for (let i = 0; i < J; i++) {
    const r: number[] = [];
    for (let f = 0; f < L; f++) {
      aL[i * L + f] = m.lambda[i * L + f]! / sdRes[i]!;
      if (aL[i * L + f] !== 0) r.push(f);
    }
    nz.push(r);
    bL[i] = tau[i]! / sdRes[i]!;
  }
  const ebm = new Float64Array(nobs * L);
  const eap = opts.eap ? new Float64Array(nobs * L) : null;
  const eapSd = opts.eap ? new Float64Array(nobs * L) : null;
  const notConverged: number[] = [];
  const eta = new Float64Array(L);
  const grad = new Float64Array(L);
  const hess = new Float64Array(L * L);
  const step = new Float64Array(L);
  const logPost = (e: Float64Array, n: number): number => {
    let s = 0;
    for (let i = 0; i < J; i++) {
      const c = codes[i * nobs + n]!;
      if (c === 2) continue;
      let z = -bL[i]!;
      for (const f of nz[i]!) z += aL[i * L + f]! * e[f]!;
      s += c === 1 ? normalLogCdf(z) : normalLogCdf(-z);
    }
    for (let f = 0; f < L; f++) for (let g = 0; g < L; g++) s -= 0.5 * e[f]! * phiInv[f * L + g]! * e[g]!;
    return s;
  };
  for (let n = 0; n < nobs; n++) {
    eta.fill(0);
    let lp = logPost(eta, n);
    let ok = false;
    for (let it = 0; it < 100; it++) {
      grad.fill(0);
      hess.fill(0);
      for (let f = 0; f < L; f++)
        for (let g = 0; g < L; g++) {
          grad[f] = grad[f]! - phiInv[f * L + g]! * eta[g]!;
          hess[f * L + g] = phiInv[f * L + g]!;
        }
      for (let i = 0; i < J; i++) {
        const c = codes[i * nobs + n]!;
        if (c === 2) continue;
        let z = -bL[i]!;
        for (const f of nz[i]!) z += aL[i * L + f]! * eta[f]!;
        // d/dz log Φ(±z) and the negative second derivative (the probit information weight).
        const sgn = c === 1 ? 1 : -1;
        const mills = millsRatio(sgn * z); // φ(sz)/Φ(sz)
        const d1 = sgn * mills;
        const d2 = mills * (sgn * z + mills); // −d²/dz² log Φ(sz) > 0
        for (const f of nz[i]!) {
          grad[f] = grad[f]! + d1 * aL[i * L + f]!;
          for (const g of nz[i]!) hess[f * L + g] = hess[f * L + g]! + d2 * aL[i * L + f]! * aL[i * L + g]!;
        }
      }
      // Newton step: (−H) δ = grad
      const chol = choleskyOrNull(L, hess);
      if (chol === null) break;
      step.set(grad);
      solveChol(L, chol, step);
      let t = 1;
      let improved = false;
      const trial = new Float64Array(L);
      for (let h = 0; h < 30; h++) {
        for (let f = 0; f < L; f++) trial[f] = eta[f]! + t * step[f]!;
        const lpt = logPost(trial, n);
        if (lpt >= lp - 1e-13) {
          eta.set(trial);
          improved = lpt > lp;
          lp = lpt;
          break;
        }
        t /= 2;
      }
      let maxStep = 0;
      for (let f = 0; f < L; f++) maxStep = Math.max(maxStep, Math.abs(t * step[f]!));
      if (maxStep < 1e-10 || !improved) {
        ok = maxStep < 1e-6;
        break;
      }
    }
    if (!ok) notConverged.push(n);
    for (let f = 0; f < L; f++) ebm[n * L + f] = eta[f]!;
    if (eap && eapSd) adaptiveEap(n, eta, hess, L, J, codes, nobs, aL, bL, nz, phiInv, eap, eapSd);
  }
  return { factors: [...pt.latents], ebm, eap, eapSd, notConverged };
}

function millsRatio(z: number): number {
  // φ(z)/Φ(z), stable in the lower tail via exp(log φ − log Φ).
  return Math.exp(-0.5 * z * z - 0.91893853320467274178 - normalLogCdf(z)); // 0.918… = log √(2π)
}

function solveChol(n: number, l: Float64Array, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}

// Gauss–Hermite nodes/weights for weight exp(−x²/2)/√(2π) (probabilists'), by Golub–Welsch on the
// Jacobi matrix of the Hermite_e polynomials (off-diagonal √k), eigen-decomposed with Jacobi rotations.
const ghCache = new Map<number, { x: Float64Array; w: Float64Array }>();
function gaussHermite(q: number): { x: Float64Array; w: Float64Array } {
  const hit = ghCache.get(q);
  if (hit) return hit;
  const a = new Float64Array(q * q);
  for (let k = 1; k < q; k++) {
    a[k * q + k - 1] = Math.sqrt(k);
    a[(k - 1) * q + k] = Math.sqrt(k);
  }
  const v = new Float64Array(q * q);
  for (let i = 0; i < q; i++) v[i * q + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < q; i++) for (let j = i + 1; j < q; j++) off += a[i * q + j]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < q; p++)
      for (let r = p + 1; r < q; r++) {
        const apr = a[p * q + r]!;
        if (Math.abs(apr) < 1e-300) continue;
        const theta = (a[r * q + r]! - a[p * q + p]!) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < q; k++) {
          const akp = a[k * q + p]!;
          const akr = a[k * q + r]!;
          a[k * q + p] = c * akp - s * akr;
          a[k * q + r] = s * akp + c * akr;
        }
        for (let k = 0; k < q; k++) {
          const apk = a[p * q + k]!;
          const ark = a[r * q + k]!;
          a[p * q + k] = c * apk - s * ark;
          a[r * q + k] = s * apk + c * ark;
        }
        for (let k = 0; k < q; k++) {
          const vkp = v[k * q + p]!;
          const vkr = v[k * q + r]!;
          v[k * q + p] = c * vkp - s * vkr;
          v[k * q + r] = s * vkp + c * vkr;
        }
      }
  }
  const x = new Float64Array(q);
  const w = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    x[i] = a[i * q + i]!;
    w[i] = v[i]! ** 2; // first component squared (weight function integrates to 1)
  }
  const out = { x, w };
  ghCache.set(q, out);
  return out;
}

function adaptiveEap(
  n: number, mode: Float64Array, negHess: Float64Array, L: number, J: number, codes: Uint8Array, nobs: number,
  aL: Float64Array, bL: Float64Array, nz: number[][], phiInv: Float64Array, eap: Float64Array, eapSd: Float64Array,
): void {
  const Q = L === 1 ? 21 : L === 2 ? 11 : L === 3 ? 7 : L === 4 ? 5 : 3;
  const gh = gaussHermite(Q);
  // η = mode + S z with S S′ = (−H)⁻¹; weight for z under the standard normal is the GH weight, and the
  // integrand is posterior(η) / φ(z) (|S| cancels in the ratio).
  const cov = spdInverse(L, negHess);
  if (cov === null) return;
  const s = choleskyOrNull(L, cov);
  if (s === null) return;
  const idx = new Int32Array(L);
  const z = new Float64Array(L);
  const eta = new Float64Array(L);
  const total = Q ** L;
  const logs = new Float64Array(total);
  const etas = new Float64Array(total * L);
  let maxLog = -Infinity;
  for (let t = 0; t < total; t++) {
    let r = t;
    let logw = 0;
    let zz = 0;
    for (let f = 0; f < L; f++) {
      idx[f] = r % Q;
      r = Math.floor(r / Q);
      z[f] = gh.x[idx[f]!]!;
      logw += Math.log(gh.w[idx[f]!]!);
      zz += z[f]! * z[f]!;
    }
    for (let f = 0; f < L; f++) {
      let v = mode[f]!;
      for (let g = 0; g <= f; g++) v += s[f * L + g]! * z[g]!;
      eta[f] = v;
    }
    let lp = 0;
    for (let i = 0; i < J; i++) {
      const c = codes[i * nobs + n]!;
      if (c === 2) continue;
      let y = -bL[i]!;
      for (const f of nz[i]!) y += aL[i * L + f]! * eta[f]!;
      lp += c === 1 ? normalLogCdf(y) : normalLogCdf(-y);
    }
    for (let f = 0; f < L; f++) for (let g = 0; g < L; g++) lp -= 0.5 * eta[f]! * phiInv[f * L + g]! * eta[g]!;
    const lw = logw + lp + 0.5 * zz;
    logs[t] = lw;
    etas.set(eta, t * L);
    if (lw > maxLog) maxLog = lw;
  }
  let sw = 0;
  const mean = new Float64Array(L);
  const sq = new Float64Array(L);
  for (let t = 0; t < total; t++) {
    const w = Math.exp(logs[t]! - maxLog);
    sw += w;
    for (let f = 0; f < L; f++) {
      const e = etas[t * L + f]!;
      mean[f] = mean[f]! + w * e;
      sq[f] = sq[f]! + w * e * e;
    }
  }
  for (let f = 0; f < L; f++) {
    const mu = mean[f]! / sw;
    eap[n * L + f] = mu;
    eapSd[n * L + f] = Math.sqrt(Math.max(sq[f]! / sw - mu * mu, 0));
  }
}
