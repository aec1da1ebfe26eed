// Stage: smallest eigenvalue of the tetrachoric matrix and optional smoothing to a nearby
// positive-definite correlation matrix by eigenvalue clipping (as psych::cor.smooth: eigenvalues
// below a floor are raised to it, the matrix rebuilt as V Λ Vᵀ and rescaled to a unit diagonal).
import { symEigen } from '@cartograph/core-wasm';

export interface SmoothResult {
  minEigenvalue: number;
  /** The smoothed matrix (a copy), or the input itself when nothing was changed. */
  matrix: Float64Array;
  smoothed: boolean;
  minEigenvalueAfter: number;
}

export function smallestEigenvalue(r: Float64Array, n: number): number {
  if (n === 0) return NaN;
  return symEigen(r, n).values[0]!;
}

export function smoothToPd(r: Float64Array, n: number, floor: number, apply: boolean): SmoothResult {
  if (n === 0) return { minEigenvalue: NaN, matrix: r, smoothed: false, minEigenvalueAfter: NaN };
  const { values, vectors } = symEigen(r, n);
  const minEigenvalue = values[0]!;
  if (!apply || minEigenvalue >= floor) return { minEigenvalue, matrix: r, smoothed: false, minEigenvalueAfter: minEigenvalue };
  const lam = values.map((v) => Math.max(v, floor));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let m = 0; m < n; m++) s += vectors[i * n + m]! * lam[m]! * vectors[j * n + m]!;
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = 1 / Math.sqrt(out[i * n + i]!);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) out[i * n + j] = i === j ? 1 : out[i * n + j]! * (d[i]! * d[j]!); // d_i·d_j first: exactly symmetric
  return { minEigenvalue, matrix: out, smoothed: true, minEigenvalueAfter: symEigen(out, n).values[0]! };
}
