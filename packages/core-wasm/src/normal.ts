// Checked wrappers over the normal-distribution kernels in assembly/normal.ts.
import { wasm, withScratch } from './loader.js';

interface NormalExports {
  normPdf(x: number): number;
  normCdf(x: number): number;
  normCdfTail(x: number, upper: number): number;
  normQuantile(p: number): number;
  normPdfVec(n: number, x: number, out: number): void;
  normCdfVec(n: number, x: number, out: number): void;
  normQuantileVec(n: number, p: number, out: number): void;
}
const k = (): NormalExports => wasm() as unknown as NormalExports;

/** Standard normal density φ(x). */
export function normPdf(x: number): number {
  return k().normPdf(x);
}
/** Standard normal CDF Φ(x), full double precision in both tails (Cody 1969). */
export function normCdf(x: number): number {
  return k().normCdf(x);
}
/** Upper tail 1 − Φ(x) without cancellation. */
export function normSf(x: number): number {
  return k().normCdfTail(x, 1);
}
/** Standard normal quantile Φ⁻¹(p) (Wichura 1988, AS 241). NaN outside [0, 1]. */
export function normQuantile(p: number): number {
  return k().normQuantile(p);
}

function vec(name: 'normPdfVec' | 'normCdfVec' | 'normQuantileVec', x: ArrayLike<number>): Float64Array {
  const n = x.length;
  if (n === 0) return new Float64Array(0);
  return withScratch((s) => {
    const px = s.in(x);
    const po = s.f64(n);
    k()[name](n, px, po);
    return s.out(po, n);
  });
}
export const normPdfArray = (x: ArrayLike<number>): Float64Array => vec('normPdfVec', x);
export const normCdfArray = (x: ArrayLike<number>): Float64Array => vec('normCdfVec', x);
export const normQuantileArray = (p: ArrayLike<number>): Float64Array => vec('normQuantileVec', p);
