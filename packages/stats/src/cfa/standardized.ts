// Stages: factor sign orientation, the standardized solution (lavaan's standardizedSolution(type =
// "std.all"); delta parameterization, so Var(y*) = 1) with delta-method standard errors, Heywood
// diagnostics and the bifactor indices ECV and omega-hierarchical (Rodriguez, Reise & Haviland 2016,
// Psychol. Methods 21:137–150: ω_h = (Σλ_g)² / 1′Σ*1 with the model-implied Σ*).
import { modelMatrices, type ModelMatrices } from './implied.js';
import { symmetricEigenvalues } from './linalg.js';
import { pairIndex } from '../data/indexing.js';
import type { ParTable } from './partable.js';

/**
 * Flips latents whose loadings sum to a negative number (first-order latents first, then higher-order
 * ones). Returns the per-parameter sign (±1) applied to x (in place). Latents with a fixed non-zero
 * loading keep their sign (it is identified).
 */
export function orientSigns(pt: ParTable, x: Float64Array): Float64Array {
  const L = pt.latents.length;
  const J = pt.items.length;
  const sign = new Float64Array(x.length).fill(1);
  const order = [...Array(L).keys()].sort((a, b) => Number(pt.firstOrder[b]) - Number(pt.firstOrder[a]) || a - b);
  for (const a of order) {
    let fixedNonzero = false;
    for (let i = 0; i < J; i++) if (pt.lambdaFixed[i * L + a] !== 0) fixedNonzero = true;
    for (let b = 0; b < L; b++) if (pt.betaFixed[b * L + a] !== 0 || pt.betaFixed[a * L + b] !== 0) fixedNonzero = true;
    if (fixedNonzero) continue;
    let sum = 0;
    for (let p = 0; p < pt.nStruct; p++) {
      const info = pt.params[p]!;
      if ((info.kind === 'loading' && info.a === a) || (info.kind === 'regression' && info.a === a)) sum += x[p]!;
    }
    if (sum >= 0) continue;
    for (let p = 0; p < pt.nStruct; p++) {
      const info = pt.params[p]!;
      const involves =
        (info.kind === 'loading' && info.a === a) ||
        (info.kind === 'regression' && (info.a === a || info.b === a)) ||
        (info.kind === 'lvcov' && (info.a === a || info.b === a));
      if (involves) {
        x[p] = -x[p]!;
        sign[p] = -sign[p]!;
      }
    }
  }
  return sign;
}

/** std.all value of every parameter (thresholds: τ / √Var(y*) = τ). */
export function standardize(pt: ParTable, x: Float64Array, m: ModelMatrices = modelMatrices(pt, x)): Float64Array {
  const L = pt.latents.length;
  const out = new Float64Array(pt.params.length);
  const sd = (a: number): number => Math.sqrt(m.phi[a * L + a]!);
  for (let p = 0; p < pt.params.length; p++) {
    const info = pt.params[p]!;
    const v = x[p]!;
    switch (info.kind) {
      case 'loading':
        out[p] = v * sd(info.a);
        break;
      case 'regression':
        out[p] = (v * sd(info.a)) / sd(info.b);
        break;
      case 'lvcov':
        // Covariances of exogenous latents are correlations already (unit variances); residual
        // covariances of endogenous latents are scaled by the residual variances (Ψ diagonal = 1).
        out[p] = v;
        break;
      case 'rescov': {
        const ti = 1 - m.communality[info.a]!;
        const tj = 1 - m.communality[info.b]!;
        out[p] = v / Math.sqrt(ti * tj);
        break;
      }
      case 'threshold':
        out[p] = v;
        break;
    }
  }
  return out;
}

/** Delta-method SEs of the std.all values (central differences, h = 1e-6). */
export function standardizedSe(pt: ParTable, x: Float64Array, vcov: Float64Array): Float64Array {
  const q = pt.params.length;
  const h = 1e-6;
  const jac: Float64Array[] = [];
  const xp = Float64Array.from(x);
  for (let p = 0; p < q; p++) {
    xp[p] = x[p]! + h;
    const up = standardize(pt, xp);
    xp[p] = x[p]! - h;
    const dn = standardize(pt, xp);
    xp[p] = x[p]!;
    const c = new Float64Array(q);
    for (let s = 0; s < q; s++) c[s] = (up[s]! - dn[s]!) / (2 * h);
    jac.push(c); // column p of the Jacobian
  }
  const se = new Float64Array(q);
  const nz: number[] = [];
  for (let s = 0; s < q; s++) {
    nz.length = 0;
    for (let p = 0; p < q; p++) if (Math.abs(jac[p]![s]!) > 1e-14) nz.push(p);
    let v = 0;
    for (const a of nz) for (const b of nz) v += jac[a]![s]! * vcov[a * q + b]! * jac[b]![s]!;
    se[s] = Math.sqrt(Math.max(v, 0));
  }
  return se;
}

export interface HeywoodReport {
  /** Items whose residual variance 1 − communality is ≤ 0. */
  negative_residual_variances: { item: string; residual_variance: number }[];
  /** Loadings with |std.all| ≥ 1. */
  std_loadings_ge_1: { factor: string; item: string; std_all: number }[];
  /** Whether the implied latent covariance matrix is not positive definite, with its smallest eigenvalue. */
  factor_covariance_not_pd: boolean;
  factor_covariance_min_eigenvalue: number;
  any: boolean;
}

export function heywood(pt: ParTable, x: Float64Array, m: ModelMatrices, std: Float64Array): HeywoodReport {
  const neg = pt.items.map((item, i) => ({ item, residual_variance: 1 - m.communality[i]! })).filter((r) => r.residual_variance <= 0);
  const big: HeywoodReport['std_loadings_ge_1'] = [];
  for (let p = 0; p < pt.nStruct; p++) {
    const info = pt.params[p]!;
    if (info.kind === 'loading' && Math.abs(std[p]!) >= 1) big.push({ factor: pt.latents[info.a]!, item: pt.items[info.b]!, std_all: std[p]! });
    if (info.kind === 'regression' && Math.abs(std[p]!) >= 1) big.push({ factor: pt.latents[info.a]!, item: pt.latents[info.b]!, std_all: std[p]! });
  }
  const L = pt.latents.length;
  const ev = symmetricEigenvalues(L, m.phi);
  const minEig = ev[0]!;
  const notPd = minEig <= 1e-10;
  return { negative_residual_variances: neg, std_loadings_ge_1: big, factor_covariance_not_pd: notPd, factor_covariance_min_eigenvalue: minEig, any: neg.length > 0 || big.length > 0 || notPd };
}

export interface BifactorIndices {
  general_factor: string;
  /** Explained common variance of the general factor: Σλ_g² / Σ(λ_g² + λ_s²) (std loadings). */
  ecv: number;
  /** ω_total = 1 − Σθ_ii / 1′Σ*1. */
  omega_total: number;
  /** ω_h = (Σλ_g)² / 1′Σ*1. */
  omega_h: number;
  /** Per specific factor: its ECV share and ω_hs on its own items. */
  specifics: { factor: string; ecv: number; omega_hs: number }[];
}

export function bifactorIndices(pt: ParTable, m: ModelMatrices, rhoModel: Float64Array, general: string): BifactorIndices | null {
  const L = pt.latents.length;
  const J = pt.items.length;
  const g = pt.latents.indexOf(general);
  if (g < 0) return null;
  // 1′Σ*1 over a set of items, from the implied correlations (residual covariances included).
  const sigmaSum = (rows: number[]): number => {
    let s = rows.length;
    for (let u = 0; u < rows.length; u++) for (let v = u + 1; v < rows.length; v++) s += 2 * rhoModel[pairIndex(rows[u]!, rows[v]!, J)]!;
    return s;
  };
  const all = [...Array(J).keys()];
  const total = sigmaSum(all);
  let sg = 0;
  let sg2 = 0;
  let ss2 = 0;
  let theta = 0;
  for (let i = 0; i < J; i++) {
    const lg = m.lambdaStar[i * L + g]!;
    sg += lg;
    sg2 += lg * lg;
    for (let f = 0; f < L; f++) if (f !== g) ss2 += m.lambdaStar[i * L + f]! ** 2;
    theta += 1 - m.communality[i]!;
  }
  const specifics: BifactorIndices['specifics'] = [];
  for (let f = 0; f < L; f++) {
    if (f === g) continue;
    const rows = all.filter((i) => m.lambdaStar[i * L + f] !== 0);
    if (rows.length === 0) continue;
    let sf = 0;
    let sf2 = 0;
    for (const i of rows) {
      sf += m.lambdaStar[i * L + f]!;
      sf2 += m.lambdaStar[i * L + f]! ** 2;
    }
    specifics.push({ factor: pt.latents[f]!, ecv: sf2 / (sg2 + ss2), omega_hs: (sf * sf) / sigmaSum(rows) });
  }
  return { general_factor: general, ecv: sg2 / (sg2 + ss2), omega_total: 1 - theta / total, omega_h: (sg * sg) / total, specifics };
}
