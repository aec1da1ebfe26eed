// Latent regression inside the IRT model (Mislevy 1991, Psychometrika 56:177–196; mirt's
// `covdata`/`formula` latent regression): factor f has prior θ_f | z_i ~ N(z_iᵀβ_f, σ_f²), factors
// independent given z (which keeps the Gibbons–Hedeker reduction exact). Helpers shared by the
// one-step fit (fit.ts) and the scoring/conditioning stage (scores.ts): per-person log prior weights on
// the quadrature, posterior moments, and the β update β_f = (ZᵀZ)⁻¹Zᵀ E[θ_f | x].
import type { IrtEngine } from './estep.js';
import { inverse } from '../math/index.js';

/** Covariates, row-major N × p, centred (column means removed) so the latent mean stays 0. */
export interface CenteredCovariates {
  N: number;
  p: number;
  names: string[];
  means: number[];
  Z: Float64Array;
  /** (ZᵀZ)⁻¹, p × p. */
  ztzInv: Float64Array;
  /** Sample covariance of z (divisor N), p × p. */
  cov: Float64Array;
}

export function centerCovariates(values: ArrayLike<number>, N: number, names: readonly string[]): CenteredCovariates {
  const p = names.length;
  if (values.length !== N * p) throw new RangeError(`latent regression: covariates must be ${N} × ${p} (row-major), got ${values.length} values`);
  const means = new Array<number>(p).fill(0);
  for (let i = 0; i < N; i++)
    for (let c = 0; c < p; c++) {
      const v = values[i * p + c]!;
      if (!Number.isFinite(v)) throw new RangeError(`latent regression: covariate ${names[c]} is missing or not finite for model ${i + 1}`);
      means[c] += v / N;
    }
  const Z = new Float64Array(N * p);
  for (let i = 0; i < N; i++) for (let c = 0; c < p; c++) Z[i * p + c] = values[i * p + c]! - means[c]!;
  const ztz = new Float64Array(p * p);
  for (let i = 0; i < N; i++) for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) ztz[a * p + b] += Z[i * p + a]! * Z[i * p + b]!;
  const ztzInv = invertGeneral(ztz, p);
  if (!ztzInv) throw new RangeError('latent regression: the covariates are collinear (or constant)');
  const cov = ztz.map((v) => v / N);
  return { N, p, names: [...names], means, Z, ztzInv, cov };
}

/** Log-weights of N(mu, s²) on the grid nodes (stride apart in `nodes`), normalised, written at out[o..o+n). */
export function logNormalOnGrid(out: Float64Array, o: number, nodes: Float64Array, stride: number, n: number, mu: number, s: number): void {
  let mx = -Infinity;
  for (let k = 0; k < n; k++) {
    const z = (nodes[k * stride]! - mu) / s;
    out[o + k] = -0.5 * z * z;
    if (out[o + k]! > mx) mx = out[o + k]!;
  }
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.exp(out[o + k]! - mx);
  const l = mx + Math.log(sum);
  for (let k = 0; k < n; k++) out[o + k] = out[o + k]! - l;
}

/** Per-person priors (for IrtEngine.run) from β (F × p, factor-major) and residual SDs. G must be 1. */
export function personPriors(engine: IrtEngine, cz: CenteredCovariates, beta: ArrayLike<number>, sd: readonly number[]): { priorG: Float64Array; priorS: Float64Array | undefined } {
  const { S } = engine.st;
  const K = engine.K;
  const Q = engine.Q;
  const N = cz.N;
  const p = cz.p;
  const priorG = new Float64Array(N * K);
  const priorS = S > 0 ? new Float64Array(N * S * Q) : undefined;
  for (let i = 0; i < N; i++) {
    const mu = (f: number): number => {
      let v = 0;
      for (let a = 0; a < p; a++) v += cz.Z[i * p + a]! * beta[f * p + a]!;
      return v;
    };
    logNormalOnGrid(priorG, i * K, engine.gG.coords, 1, K, mu(0), sd[0]!);
    for (let s = 0; s < S; s++) logNormalOnGrid(priorS!, (i * S + s) * Q, engine.gS.nodes, 1, Q, mu(1 + s), sd[1 + s]!);
  }
  return { priorG, priorS };
}

/** Posterior first and second moments of every factor (general tier first) from the kernel's posteriors. */
export function posteriorMoments(engine: IrtEngine, postG: Float64Array, postS: Float64Array, N: number): { m1: Float64Array[]; m2: Float64Array[] } {
  const { G, S } = engine.st;
  const K = engine.K;
  const Q = engine.Q;
  const coords = engine.gG.coords;
  const nodes = engine.gS.nodes;
  const m1: Float64Array[] = [];
  const m2: Float64Array[] = [];
  for (let f = 0; f < G + S; f++) {
    m1.push(new Float64Array(N));
    m2.push(new Float64Array(N));
  }
  for (let i = 0; i < N; i++) {
    for (let g = 0; g < G; g++) {
      let a = 0;
      let b = 0;
      for (let k = 0; k < K; k++) {
        const w = postG[i * K + k]!;
        const t = coords[k * G + g]!;
        a += w * t;
        b += w * t * t;
      }
      m1[g]![i] = a;
      m2[g]![i] = b;
    }
    for (let s = 0; s < S; s++) {
      let a = 0;
      let b = 0;
      const o = (i * S + s) * Q;
      for (let q = 0; q < Q; q++) {
        const w = postS[o + q]!;
        a += w * nodes[q]!;
        b += w * nodes[q]! * nodes[q]!;
      }
      m1[G + s]![i] = a;
      m2[G + s]![i] = b;
    }
  }
  return { m1, m2 };
}

/** β_f = (ZᵀZ)⁻¹Zᵀy for centred Z (no intercept). */
export function regressCentered(cz: CenteredCovariates, y: Float64Array): number[] {
  const { N, p, Z, ztzInv } = cz;
  const zty = new Float64Array(p);
  for (let i = 0; i < N; i++) for (let a = 0; a < p; a++) zty[a] += Z[i * p + a]! * y[i]!;
  const b: number[] = [];
  for (let a = 0; a < p; a++) {
    let v = 0;
    for (let c = 0; c < p; c++) v += ztzInv[a * p + c]! * zty[c]!;
    b.push(v);
  }
  return b;
}

/** Inverse of a general square matrix (LU with partial pivoting, math/dense.ts); null if numerically singular. */
export function invertGeneral(a: Float64Array, n: number): Float64Array | null {
  return inverse(a, n, { pivotTol: 1e-12 });
}
