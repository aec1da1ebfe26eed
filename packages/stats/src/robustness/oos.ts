// Out-of-sample prediction of hidden responses from a fitted structure (issue 14, study 2). For a
// held-out model the factor-score posterior given its visible items is approximated by a Gaussian at the
// posterior mode with covariance (−H)⁻¹ (Laplace; the probit log-likelihood plus the N(0, Φ) prior is
// concave, so the mode is unique), and a hidden item j is predicted from the posterior, not a plug-in:
//   P(y_j = 1) = Φ((λ_j′μ − τ_j) / √(θ_jj + λ_j′Σλ_j))            (y*_j = λ_j′η + ε_j, ε_j ~ N(0, θ_jj)).
// θ_jj = 1 − communality is floored at 1e-3 (an item at the boundary θ = 0 would be deterministic given
// η); Φ gets a ridge of 1e-6 on its diagonal when singular (a Ψ on its PSD boundary).
import { choleskyOrNullOf, modelMatrices, type CfaState } from '../cfa/index.js';
import { pnorm } from '../math/index.js';

export const THETA_FLOOR = 1e-3;

export interface Predictor {
  /** Per pool-order item of the fit: loadings (L), threshold, residual variance. */
  lambda: Float64Array;
  tau: Float64Array;
  theta: Float64Array;
  phiInv: Float64Array;
  L: number;
  J: number;
}

export function predictor(state: CfaState): Predictor {
  const m = modelMatrices(state.pt, state.x);
  const L = m.L;
  const J = m.J;
  // Λ* = Λ(I − B)⁻¹ and Φ over all latents; predictions use η of every latent (higher-order included).
  const lambda = Float64Array.from(m.lambdaStar);
  const psi = Float64Array.from(m.psi);
  const theta = new Float64Array(J);
  for (let j = 0; j < J; j++) theta[j] = Math.max(1 - m.communality[j]!, THETA_FLOOR);
  const tau = Float64Array.from(state.x.subarray(state.pt.nStruct));
  let inv: Float64Array | null = null;
  for (const ridge of [0, 1e-6, 1e-4, 1e-2]) {
    const a = Float64Array.from(psi);
    for (let f = 0; f < L; f++) a[f * L + f] = a[f * L + f]! + ridge;
    inv = spdInv(L, a);
    if (inv) break;
  }
  if (!inv) throw new Error('factor covariance matrix not invertible');
  return { lambda, tau, theta, phiInv: inv, L, J };
}

function spdInv(n: number, a: Float64Array): Float64Array | null {
  const l = choleskyOrNullOf(n, a);
  if (!l) return null;
  const out = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const x = new Float64Array(n);
    x[c] = 1;
    solveChol(n, l, x);
    for (let r = 0; r < n; r++) out[r * n + c] = x[r]!;
  }
  return out;
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

const LOG_SQRT_2PI = 0.9189385332046728;
function logPhi(z: number): number {
  return pnorm(z, true, true);
}
function mills(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI - logPhi(z));
}

/**
 * Posterior mean (mode) and covariance of η given the visible items (indices into the fit's items,
 * responses 0/1), by Newton's method on the concave log posterior.
 */
export function posterior(p: Predictor, visible: readonly number[], y: readonly number[]): { mu: Float64Array; sigma: Float64Array } {
  const { L, lambda, tau, theta, phiInv } = p;
  const eta = new Float64Array(L);
  const grad = new Float64Array(L);
  const negH = new Float64Array(L * L);
  const sd = visible.map((j) => Math.sqrt(theta[j]!));
  const logPost = (e: Float64Array): number => {
    let s = 0;
    visible.forEach((j, u) => {
      let z = -tau[j]!;
      for (let f = 0; f < L; f++) z += lambda[j * L + f]! * e[f]!;
      z /= sd[u]!;
      s += logPhi(y[u] === 1 ? z : -z);
    });
    for (let f = 0; f < L; f++) for (let g = 0; g < L; g++) s -= 0.5 * e[f]! * phiInv[f * L + g]! * e[g]!;
    return s;
  };
  let lp = logPost(eta);
  for (let it = 0; it < 100; it++) {
    for (let f = 0; f < L; f++) {
      grad[f] = 0;
      for (let g = 0; g < L; g++) {
        grad[f] = grad[f]! - phiInv[f * L + g]! * eta[g]!;
        negH[f * L + g] = phiInv[f * L + g]!;
      }
    }
    visible.forEach((j, u) => {
      let z = -tau[j]!;
      for (let f = 0; f < L; f++) z += lambda[j * L + f]! * eta[f]!;
      z /= sd[u]!;
      const s = y[u] === 1 ? 1 : -1;
      const m = mills(s * z);
      const d1 = (s * m) / sd[u]!;
      const d2 = (m * (s * z + m)) / (sd[u]! * sd[u]!);
      for (let f = 0; f < L; f++) {
        const lf = lambda[j * L + f]!;
        if (lf === 0) continue;
        grad[f] = grad[f]! + d1 * lf;
        for (let g = 0; g < L; g++) negH[f * L + g] = negH[f * L + g]! + d2 * lf * lambda[j * L + g]!;
      }
    });
    const l = choleskyOrNullOf(L, negH);
    if (!l) break;
    const step = Float64Array.from(grad);
    solveChol(L, l, step);
    let t = 1;
    let moved = 0;
    for (let h = 0; h < 30; h++) {
      const trial = new Float64Array(L);
      for (let f = 0; f < L; f++) trial[f] = eta[f]! + t * step[f]!;
      const lpt = logPost(trial);
      if (lpt >= lp - 1e-12) {
        for (let f = 0; f < L; f++) moved = Math.max(moved, Math.abs(trial[f]! - eta[f]!));
        eta.set(trial);
        lp = lpt;
        break;
      }
      t /= 2;
    }
    if (moved < 1e-9) break;
  }
  const sigma = spdInv(L, negH) ?? new Float64Array(L * L);
  return { mu: eta, sigma };
}

/** P(y_j = 1 | visible) from the posterior. */
export function predictItem(p: Predictor, j: number, mu: Float64Array, sigma: Float64Array): number {
  const L = p.L;
  let m = -p.tau[j]!;
  let v = p.theta[j]!;
  for (let f = 0; f < L; f++) {
    const lf = p.lambda[j * L + f]!;
    m += lf * mu[f]!;
    for (let g = 0; g < L; g++) v += lf * sigma[f * L + g]! * p.lambda[j * L + g]!;
  }
  return pnorm(m / Math.sqrt(v));
}
