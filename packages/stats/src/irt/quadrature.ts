// Stage 1 of the IRT fit: the quadrature. Equally spaced points over [−range, range] with weights
// proportional to the N(0, 1) density and normalised to sum to one — the rule mirt uses for its
// EM (mirt:::mirt, `quadpts` / `theta_lim`; Bock & Aitkin 1981, Psychometrika 46:443–459). For a
// general tier of G > 1 correlated factors the grid is the G-fold product and the weights are the
// multivariate normal density with the tier's correlation matrix, normalised on the grid.

import { inverseSpd } from '../math/index.js';

export interface QuadratureSpec {
  /** Points per dimension. */
  points: number;
  /** Grid spans [−range, range]. */
  range: number;
}

export interface Grid1 {
  nodes: Float64Array;
  /** Normalised weights (sum 1). */
  weights: Float64Array;
  logWeights: Float64Array;
}

export function grid1(spec: QuadratureSpec): Grid1 {
  const { points: n, range } = spec;
  if (!(Number.isInteger(n) && n >= 3)) throw new RangeError(`quadrature: points must be an integer ≥ 3, got ${n}`);
  if (!(range > 0)) throw new RangeError(`quadrature: range must be > 0, got ${range}`);
  const nodes = new Float64Array(n);
  const w = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    nodes[i] = -range + (2 * range * i) / (n - 1);
    w[i] = Math.exp(-0.5 * nodes[i]! * nodes[i]!);
    sum += w[i]!;
  }
  const lw = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    w[i] = w[i]! / sum;
    lw[i] = Math.log(w[i]!);
  }
  return { nodes, weights: w, logWeights: lw };
}

/** Product grid over G dimensions: K = n^G points, coordinates row-major K × G. */
export interface GridG {
  G: number;
  K: number;
  coords: Float64Array;
  base: Grid1;
}

export function gridG(spec: QuadratureSpec, G: number): GridG {
  const base = grid1(spec);
  const n = base.nodes.length;
  const K = n ** G;
  if (K > 200_000) throw new RangeError(`quadrature: ${n}^${G} = ${K} general-tier points is too many; use fewer points or fewer general factors`);
  const coords = new Float64Array(K * G);
  for (let k = 0; k < K; k++) {
    let rest = k;
    for (let g = G - 1; g >= 0; g--) {
      coords[k * G + g] = base.nodes[rest % n]!;
      rest = Math.floor(rest / n);
    }
  }
  return { G, K, coords, base };
}

/** Log-weights of the G-dimensional grid under N(0, Φ) (Φ a correlation matrix, row-major G × G). */
export function logWeightsMvn(grid: GridG, phi: Float64Array): Float64Array {
  const { G, K, coords } = grid;
  const inv = inverseSpd(phi, G);
  if (!inv) throw new RangeError('quadrature: the general-tier correlation matrix is not positive definite');
  const lw = new Float64Array(K);
  let m = -Infinity;
  for (let k = 0; k < K; k++) {
    let quad = 0;
    for (let a = 0; a < G; a++) for (let b = 0; b < G; b++) quad += coords[k * G + a]! * inv[a * G + b]! * coords[k * G + b]!;
    lw[k] = -0.5 * quad;
    if (lw[k]! > m) m = lw[k]!;
  }
  let s = 0;
  for (let k = 0; k < K; k++) s += Math.exp(lw[k]! - m);
  const lnorm = m + Math.log(s);
  for (let k = 0; k < K; k++) lw[k] = lw[k]! - lnorm;
  return lw;
}
