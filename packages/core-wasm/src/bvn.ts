// Checked wrappers over the bivariate-normal kernels in assembly/bvn.ts (Genz 2004 BVND).
import { wasm, withScratch } from './loader.js';
import { checkLen } from './errors.js';

interface BvnExports {
  bvnCdf(h: number, k: number, rho: number): number;
  bvnPdf(h: number, k: number, rho: number): number;
  bvnCdfVec(n: number, h: number, k: number, rho: number, out: number): void;
  bvnPdfVec(n: number, h: number, k: number, rho: number, out: number): void;
}
const k = (): BvnExports => wasm() as unknown as BvnExports;

/** Φ2(h, k; ρ) = P(X ≤ h, Y ≤ k) for standard bivariate normal with correlation ρ ∈ [−1, 1]; ~1e-15 absolute. */
export function bvnCdf(h: number, kk: number, rho: number): number {
  return k().bvnCdf(h, kk, rho);
}
/** Bivariate standard normal density φ2(h, k; ρ) = ∂Φ2/∂ρ, |ρ| < 1. */
export function bvnPdf(h: number, kk: number, rho: number): number {
  return k().bvnPdf(h, kk, rho);
}

function vec(name: 'bvnCdfVec' | 'bvnPdfVec', h: ArrayLike<number>, kk: ArrayLike<number>, rho: ArrayLike<number> | number): Float64Array {
  const n = h.length;
  checkLen(`${name} k`, kk, n);
  if (typeof rho !== 'number') checkLen(`${name} rho`, rho, n);
  if (n === 0) return new Float64Array(0);
  return withScratch((s) => {
    const ph = s.in(h);
    const pk = s.in(kk);
    const pr = s.in(typeof rho === 'number' ? new Float64Array(n).fill(rho) : rho);
    const po = s.f64(n);
    k()[name](n, ph, pk, pr, po);
    return s.out(po, n);
  });
}
/** Elementwise Φ2 over equal-length arrays (ρ a scalar or an array). */
export const bvnCdfArray = (h: ArrayLike<number>, kk: ArrayLike<number>, rho: ArrayLike<number> | number): Float64Array => vec('bvnCdfVec', h, kk, rho);
/** Elementwise φ2 over equal-length arrays (ρ a scalar or an array). */
export const bvnPdfArray = (h: ArrayLike<number>, kk: ArrayLike<number>, rho: ArrayLike<number> | number): Float64Array => vec('bvnPdfVec', h, kk, rho);
