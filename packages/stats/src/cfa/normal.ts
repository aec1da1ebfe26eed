// log Φ(z) for factor scores, finite in the far lower tail: Cody's Φ (core-wasm's plain-TS reference)
// where it does not underflow, else the asymptotic series log φ(z) − log(−z) + log(1 − 1/z² + 3/z⁴ − 15/z⁶)
// (Abramowitz & Stegun 26.2.12).
import { ref } from '@cartograph/core-wasm';

export const normalCdf = ref.normal.normCdf;

export function normalLogCdf(z: number): number {
  if (z > -20) return Math.log(ref.normal.normCdf(z));
  const z2 = z * z;
  return -0.5 * z2 - 0.91893853320467274178 - Math.log(-z) + Math.log(1 - 1 / z2 + 3 / (z2 * z2) - 15 / (z2 * z2 * z2)); // log √(2π) = 0.918938…
}
