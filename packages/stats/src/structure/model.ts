// Continuous (normal-theory) linear factor model for benchmark scores, lavaan's parameterisation with
// std.lv = TRUE and a saturated mean structure:
//   x = μ + Λ f + e,   Var(f) = Φ (diagonal fixed to 1),   Var(e) = Θ,   Σ(θ) = Λ Φ Λ′ + Θ.
// Free parameters, in this order: loadings, latent covariances, residual variances, residual
// covariances, intercepts μ. The ML discrepancy is lavaan's (Jöreskog 1969; lavaan `fmin`):
//   fmin = ½ [log|Σ| + tr(S Σ⁻¹) − log|S| − p + (x̄ − μ)′ Σ⁻¹ (x̄ − μ)],   S = the ML covariance (÷ N),
// so the likelihood-ratio statistic is T = 2 N fmin. All matrices are row-major Float64Arrays.
import { cholesky, NotPositiveDefiniteError, spdInverse } from '@cartograph/core-wasm';
import { InputError } from '../util/errors.js';
import type { ModelSpec } from '../cfa/index.js';

export type ParamKind = 'loading' | 'latent_covariance' | 'residual_variance' | 'residual_covariance' | 'intercept';

export interface FreeParam {
  kind: ParamKind;
  /** lavaan's lhs / op / rhs. */
  lhs: string;
  op: '=~' | '~~' | '~1';
  rhs: string;
  /** Row/column indices: loading (observed i, latent f); latent covariance (f, g); residual (i, j); intercept (i, i). */
  a: number;
  b: number;
}

export interface FactorModel {
  /** Observed variable names (syntax-safe benchmark names). */
  observed: string[];
  latents: string[];
  params: FreeParam[];
  /** Fixed loadings (observed, latent, value) and fixed latent / residual covariances. */
  fixedLoadings: { i: number; f: number; value: number }[];
  fixedLatentCov: { f: number; g: number; value: number }[];
  fixedResidualCov: { i: number; j: number; value: number }[];
}

/** Benchmark name as a lavaan-syntax variable name: characters other than letters, digits, `_` and `.` become `_`. */
export function syntaxName(benchmark: string): string {
  return benchmark.replace(/[^A-Za-z0-9_.]/g, '_');
}

/**
 * Builds the free-parameter table of a first-order model (indicators must be observed variables).
 * `file` names the model source in errors.
 */
export function buildModel(spec: ModelSpec, observed: string[], file: string, positions?: Map<unknown, { line: number; column: number }>, known: string[] = observed): FactorModel {
  const obsIndex = new Map(observed.map((o, i) => [o, i]));
  const latents: string[] = [];
  for (const l of spec.loadings) if (!latents.includes(l.latent)) latents.push(l.latent);
  const where = (x: unknown): [number, number] => {
    const p = positions?.get(x);
    return p ? [p.line, p.column] : [0, 0];
  };
  for (const l of latents) {
    if (obsIndex.has(l)) {
      const spec0 = spec.loadings.find((x) => x.latent === l)!;
      const [ln, col] = where(spec0);
      throw new InputError(file, ln, col, `'${l}' is a benchmark and cannot be a latent variable`);
    }
  }
  const params: FreeParam[] = [];
  const fixedLoadings: FactorModel['fixedLoadings'] = [];
  const fixedLatentCov: FactorModel['fixedLatentCov'] = [];
  const fixedResidualCov: FactorModel['fixedResidualCov'] = [];
  const seenLoad = new Set<string>();
  for (const l of spec.loadings) {
    const i = obsIndex.get(l.indicator);
    const [ln, col] = where(l);
    if (i === undefined) {
      if (latents.includes(l.indicator)) throw new InputError(file, ln, col, `higher-order factors ('${l.latent} =~ ${l.indicator}') are not identified with one score per benchmark and are not supported here`);
      throw new InputError(file, ln, col, `unknown benchmark '${l.indicator}' (known: ${known.join(', ')})`);
    }
    const f = latents.indexOf(l.latent);
    const key = `${i}:${f}`;
    if (seenLoad.has(key)) throw new InputError(file, ln, col, `'${l.latent} =~ ${l.indicator}' is listed twice`);
    seenLoad.add(key);
    if (l.fixed !== undefined) fixedLoadings.push({ i, f, value: l.fixed });
    else params.push({ kind: 'loading', lhs: l.latent, op: '=~', rhs: l.indicator, a: i, b: f });
  }
  // Latent covariances: listed ones as written; unlisted pairs free unless orthogonal.
  const latCov = new Map<string, number | undefined>();
  const resCov: { i: number; j: number; fixed?: number }[] = [];
  for (const c of spec.covariances) {
    const [ln, col] = where(c);
    const fa = latents.indexOf(c.a);
    const fb = latents.indexOf(c.b);
    const ia = obsIndex.get(c.a);
    const ib = obsIndex.get(c.b);
    if (fa >= 0 && fb >= 0) latCov.set(fa < fb ? `${fa}:${fb}` : `${fb}:${fa}`, c.fixed);
    else if (ia !== undefined && ib !== undefined) resCov.push({ i: Math.min(ia, ib), j: Math.max(ia, ib), ...(c.fixed !== undefined ? { fixed: c.fixed } : {}) });
    else {
      const bad = fa < 0 && ia === undefined ? c.a : c.b;
      throw new InputError(file, ln, col, `'${c.a} ~~ ${c.b}': '${bad}' is neither a latent variable nor a benchmark (benchmarks: ${known.join(', ')})${fa >= 0 || fb >= 0 ? ' (covariances between a latent and a benchmark are not supported)' : ''}`);
    }
  }
  for (let f = 0; f < latents.length; f++) {
    for (let g = f + 1; g < latents.length; g++) {
      const key = `${f}:${g}`;
      const fixed = latCov.has(key) ? latCov.get(key) : spec.orthogonal ? 0 : undefined;
      if (fixed !== undefined) fixedLatentCov.push({ f, g, value: fixed });
      else params.push({ kind: 'latent_covariance', lhs: latents[f]!, op: '~~', rhs: latents[g]!, a: f, b: g });
    }
  }
  for (let i = 0; i < observed.length; i++) params.push({ kind: 'residual_variance', lhs: observed[i]!, op: '~~', rhs: observed[i]!, a: i, b: i });
  for (const c of resCov) {
    if (c.fixed !== undefined) fixedResidualCov.push({ i: c.i, j: c.j, value: c.fixed });
    else params.push({ kind: 'residual_covariance', lhs: observed[c.i]!, op: '~~', rhs: observed[c.j]!, a: c.i, b: c.j });
  }
  for (let i = 0; i < observed.length; i++) params.push({ kind: 'intercept', lhs: observed[i]!, op: '~1', rhs: '', a: i, b: i });
  return { observed, latents, params, fixedLoadings, fixedLatentCov, fixedResidualCov };
}

/** The independence (baseline) model: free variances and intercepts only. */
export function independenceModel(observed: string[]): FactorModel {
  const params: FreeParam[] = [];
  for (let i = 0; i < observed.length; i++) params.push({ kind: 'residual_variance', lhs: observed[i]!, op: '~~', rhs: observed[i]!, a: i, b: i });
  for (let i = 0; i < observed.length; i++) params.push({ kind: 'intercept', lhs: observed[i]!, op: '~1', rhs: '', a: i, b: i });
  return { observed, latents: [], params, fixedLoadings: [], fixedLatentCov: [], fixedResidualCov: [] };
}

export interface ModelMatrices {
  lambda: Float64Array; // p × m
  phi: Float64Array; // m × m
  theta: Float64Array; // p × p
  mu: Float64Array; // p
  sigma: Float64Array; // p × p
}

export function matrices(model: FactorModel, x: ArrayLike<number>): ModelMatrices {
  const p = model.observed.length;
  const m = model.latents.length;
  const lambda = new Float64Array(p * m);
  const phi = new Float64Array(m * m);
  const theta = new Float64Array(p * p);
  const mu = new Float64Array(p);
  for (let f = 0; f < m; f++) phi[f * m + f] = 1;
  for (const l of model.fixedLoadings) lambda[l.i * m + l.f] = l.value;
  for (const c of model.fixedLatentCov) phi[c.f * m + c.g] = phi[c.g * m + c.f] = c.value;
  for (const c of model.fixedResidualCov) theta[c.i * p + c.j] = theta[c.j * p + c.i] = c.value;
  model.params.forEach((q, k) => {
    const v = x[k]!;
    if (q.kind === 'loading') lambda[q.a * m + q.b] = v;
    else if (q.kind === 'latent_covariance') phi[q.a * m + q.b] = phi[q.b * m + q.a] = v;
    else if (q.kind === 'residual_variance' || q.kind === 'residual_covariance') theta[q.a * p + q.b] = theta[q.b * p + q.a] = v;
    else mu[q.a] = v;
  });
  const sigma = new Float64Array(p * p);
  // Σ = Λ Φ Λ′ + Θ
  const lp = new Float64Array(p * m);
  for (let i = 0; i < p; i++) for (let g = 0; g < m; g++) {
    let s = 0;
    for (let f = 0; f < m; f++) s += lambda[i * m + f]! * phi[f * m + g]!;
    lp[i * m + g] = s;
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
    let s = theta[i * p + j]!;
    for (let g = 0; g < m; g++) s += lp[i * m + g]! * lambda[j * m + g]!;
    sigma[i * p + j] = s;
  }
  return { lambda, phi, theta, mu, sigma };
}

/** Inverse and log-determinant of an SPD matrix by Cholesky, or null when not positive definite. */
export function invLogDet(a: Float64Array, n: number): { inv: Float64Array; logDet: number } | null {
  let l: Float64Array;
  try {
    l = cholesky(a, n);
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) return null;
    throw e;
  }
  let logDet = 0;
  for (let i = 0; i < n; i++) logDet += 2 * Math.log(l[i * n + i]!);
  const inv = spdInverse(a, n);
  return { inv, logDet };
}

/** Sample moments of complete data: mean and the ML covariance (÷ N). */
export interface Moments {
  n: number;
  p: number;
  mean: Float64Array;
  cov: Float64Array;
}

export function moments(data: Float64Array, n: number, p: number): Moments {
  const mean = new Float64Array(p);
  for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) mean[j]! += data[r * p + j]!;
  for (let j = 0; j < p; j++) mean[j]! /= n;
  const cov = new Float64Array(p * p);
  for (let r = 0; r < n; r++) for (let i = 0; i < p; i++) {
    const di = data[r * p + i]! - mean[i]!;
    for (let j = 0; j <= i; j++) cov[i * p + j]! += di * (data[r * p + j]! - mean[j]!);
  }
  for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) cov[i * p + j] = cov[j * p + i] = cov[i * p + j]! / n;
  return { n, p, mean, cov };
}

/** fmin at x (Infinity when Σ is not positive definite). */
export function objective(model: FactorModel, x: ArrayLike<number>, s: Moments, logDetS: number): number {
  const p = s.p;
  const { sigma, mu } = matrices(model, x);
  const il = invLogDet(sigma, p);
  if (!il) return Infinity;
  let tr = 0;
  for (let i = 0; i < p * p; i++) tr += s.cov[i]! * il.inv[i]!;
  let q = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) q += (s.mean[i]! - mu[i]!) * il.inv[i * p + j]! * (s.mean[j]! - mu[j]!);
  return 0.5 * (il.logDet + tr - logDetS - p + q);
}

/**
 * ∂Σ/∂θ_k and ∂μ/∂θ_k for every free parameter, as the Jacobian Δ with rows (μ_1..μ_p, vech Σ in
 * lavaan's column-major lower-triangle order: (1,1),(2,1)…(p,1),(2,2)…) and one column per parameter.
 */
export function vechPairs(p: number): [number, number][] {
  const out: [number, number][] = [];
  for (let j = 0; j < p; j++) for (let i = j; i < p; i++) out.push([i, j]);
  return out;
}

export function jacobian(model: FactorModel, x: ArrayLike<number>): Float64Array {
  const p = model.observed.length;
  const m = model.latents.length;
  const { lambda, phi } = matrices(model, x);
  const pairs = vechPairs(p);
  const rows = p + pairs.length;
  const k = model.params.length;
  const d = new Float64Array(rows * k);
  // ΛΦ
  const lp = new Float64Array(p * m);
  for (let i = 0; i < p; i++) for (let g = 0; g < m; g++) {
    let s = 0;
    for (let f = 0; f < m; f++) s += lambda[i * m + f]! * phi[f * m + g]!;
    lp[i * m + g] = s;
  }
  model.params.forEach((q, c) => {
    if (q.kind === 'intercept') {
      d[q.a * k + c] = 1;
      return;
    }
    pairs.forEach(([i, j], r) => {
      let v = 0;
      if (q.kind === 'loading') {
        // ∂Σ/∂λ_af = e_a (ΛΦ)_{·f}′ + (ΛΦ)_{·f} e_a′
        if (i === q.a) v += lp[j * m + q.b]!;
        if (j === q.a) v += lp[i * m + q.b]!;
      } else if (q.kind === 'latent_covariance') {
        v = lambda[i * m + q.a]! * lambda[j * m + q.b]! + lambda[i * m + q.b]! * lambda[j * m + q.a]!;
      } else if ((i === q.a && j === q.b) || (i === q.b && j === q.a)) v = 1;
      d[(p + r) * k + c] = v;
    });
  });
  return d;
}

/** Analytic gradient of fmin. */
export function gradient(model: FactorModel, x: ArrayLike<number>, s: Moments): Float64Array | null {
  const p = s.p;
  const { sigma, mu } = matrices(model, x);
  const il = invLogDet(sigma, p);
  if (!il) return null;
  const si = il.inv;
  const dvec = new Float64Array(p);
  for (let i = 0; i < p; i++) dvec[i] = s.mean[i]! - mu[i]!;
  // G = ½ Σ⁻¹ (Σ − S − d d′) Σ⁻¹ (∂fmin/∂Σ, symmetric); ∂fmin/∂μ = −Σ⁻¹ d.
  const r = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) r[i * p + j] = sigma[i * p + j]! - s.cov[i * p + j]! - dvec[i]! * dvec[j]!;
  const g = sandwich(si, r, p);
  for (let i = 0; i < p * p; i++) g[i]! *= 0.5;
  const pairs = vechPairs(p);
  // ∂fmin/∂vech(Σ): off-diagonal elements count twice.
  const gv = new Float64Array(p + pairs.length);
  for (let i = 0; i < p; i++) {
    let v = 0;
    for (let j = 0; j < p; j++) v -= si[i * p + j]! * dvec[j]!;
    gv[i] = v;
  }
  pairs.forEach(([i, j], t) => (gv[p + t] = i === j ? g[i * p + i]! : 2 * g[i * p + j]!));
  const d = jacobian(model, x);
  const k = model.params.length;
  const out = new Float64Array(k);
  for (let r2 = 0; r2 < gv.length; r2++) {
    const v = gv[r2]!;
    if (v === 0) continue;
    for (let c = 0; c < k; c++) out[c]! += v * d[r2 * k + c]!;
  }
  return out;
}

/** A B A for symmetric p × p A. */
export function sandwich(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const t = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += a[i * p + k]! * b[k * p + j]!;
    t[i * p + j] = s;
  }
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += t[i * p + k]! * a[k * p + j]!;
    out[i * p + j] = s;
  }
  return out;
}

/**
 * The normal-theory h1 weight for (μ, vech Σ) at a covariance V: blockdiag(V⁻¹, ½ D′(V⁻¹ ⊗ V⁻¹) D) —
 * lavaan's expected information of the unrestricted model (lav_mvnorm_information_expected), which is
 * also its observed information at the sample moments.
 */
export function h1Weight(vinv: Float64Array, p: number): Float64Array {
  const pairs = vechPairs(p);
  const n = p + pairs.length;
  const w = new Float64Array(n * n);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) w[i * n + j] = vinv[i * p + j]!;
  // D′(A ⊗ A)D at ((i,j),(k,l)) = Σ over the distinct orderings (r,c) of (i,j) and (t,u) of (k,l) of A_rt A_cu.
  const orders = pairs.map(([i, j]) => (i === j ? [[i, j]] : [[i, j], [j, i]]));
  for (let a = 0; a < pairs.length; a++) for (let b = 0; b <= a; b++) {
    let s = 0;
    for (const [r, c] of orders[a]!) for (const [t, u] of orders[b]!) s += vinv[r! * p + t!]! * vinv[c! * p + u!]!;
    w[(p + a) * n + p + b] = w[(p + b) * n + p + a] = 0.5 * s;
  }
  return w;
}

/** Δ′ W Δ. */
export function quadForm(d: Float64Array, rows: number, k: number, w: Float64Array): Float64Array {
  const wd = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) for (let t = 0; t < rows; t++) {
    const v = w[r * rows + t]!;
    if (v === 0) continue;
    for (let c = 0; c < k; c++) wd[r * k + c]! += v * d[t * k + c]!;
  }
  const out = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += d[r * k + a]! * wd[r * k + b]!;
    out[a * k + b] = s;
  }
  return out;
}
