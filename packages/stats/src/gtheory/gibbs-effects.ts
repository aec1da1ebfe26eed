// The two steps of the Gibbs sampler (bayes.ts) that reach into the mixed model's penalized
// least-squares state: a draw of the random effects from their Gaussian conditional, and the residual
// sum of squares of a draw — both through the sparse factorization and the cross products the REML fit
// built (lmm's PlsState after `evaluate(θ)`), never a pass over the rows or a dense q × q matrix.
import type { PlsState } from '../lmm/index.js';

/**
 * A draw of the spherical random effects from their conditional distribution given β, θ, σ (Gaussian,
 * mean as in PlsState.randomEffects, covariance σ²A⁻¹): u₂ = mean₂ + σ L⁻ᵀD^{-1/2}z₂ (the marginal
 * covariance of u₂ is σ²S⁻¹), then u₁ | u₂ ~ N(a⁻¹(r₁ − A₁₂u₂), σ²a⁻¹) level by level.
 * `normal()` supplies standard normal draws. Returns b = Λu (internal order, first block first).
 * Call after `pls.evaluate(θ)`.
 */
export function sampleEffects(pls: PlsState, beta: Float64Array, sigma: number, normal: () => number): Float64Array {
  const { q } = pls;
  const { q1, q2, z1Ptr, z1Idx, z1Val } = pls.s;
  const { lam1, r1, aj, u2 } = pls.reducedRhs(beta);
  pls.ldl.solveL(u2, 1);
  const D = pls.ldl.D;
  for (let i = 0; i < q2; i++) u2[i] = u2[i]! / D[i]! + (sigma * normal()) / Math.sqrt(D[i]!);
  pls.ldl.solveLt(u2);
  const v = pls.lambda2(u2);
  const b = new Float64Array(q);
  for (let j = 0; j < q1; j++) {
    let s = 0;
    for (let a = z1Ptr[j]!; a < z1Ptr[j + 1]!; a++) s += z1Val[a]! * v[z1Idx[a]!]!;
    const a = aj(j);
    const u1 = (r1[j]! - lam1 * s) / a + (sigma * normal()) / Math.sqrt(a);
    b[j] = lam1 * u1;
  }
  b.set(v, q1);
  return b;
}

/**
 * ‖y − Xβ − Zb‖² from the cross products formed once (no pass over the rows):
 * y'y − 2(β'X'y + b'Z'y) + β'X'Xβ + 2b'Z'Xβ + b'Z'Zb, with Z'Z = [diag(d), Z₁'Z₂; ·, Z₂'Z₂].
 * `b` in internal order (first block first), as returned by sampleEffects / PlsState.randomEffects.
 */
export function residualSumOfSquares(pls: PlsState, beta: Float64Array, b: Float64Array): number {
  const { p } = pls;
  const { q1, q2, z1Ptr, z1Idx, z1Val, z1xy, z2xy, xtxy, colPtr, rowIdx, z2z2, groupD, groupOf } = pls.s;
  const m = p + 1;
  let s = xtxy[p * m + p]!;
  for (let a = 0; a < p; a++) {
    s -= 2 * beta[a]! * xtxy[a * m + p]!;
    for (let c = 0; c < p; c++) s += beta[a]! * xtxy[a * m + c]! * beta[c]!;
  }
  // first block
  for (let j = 0; j < q1; j++) {
    const bj = b[j]!;
    if (bj === 0) continue;
    let xb = 0;
    for (let c = 0; c < p; c++) xb += z1xy[j * m + c]! * beta[c]!;
    s += -2 * bj * z1xy[j * m + p]! + 2 * bj * xb + bj * bj * groupD[groupOf[j]!]!;
    let cross = 0;
    for (let a = z1Ptr[j]!; a < z1Ptr[j + 1]!; a++) cross += z1Val[a]! * b[q1 + z1Idx[a]!]!;
    s += 2 * bj * cross;
  }
  // second block
  for (let i = 0; i < q2; i++) {
    const bi = b[q1 + i]!;
    if (bi === 0) continue;
    let xb = 0;
    for (let c = 0; c < p; c++) xb += z2xy[i * m + c]! * beta[c]!;
    s += -2 * bi * z2xy[i * m + p]! + 2 * bi * xb;
  }
  for (let j = 0; j < q2; j++)
    for (let e = colPtr[j]!; e < colPtr[j + 1]!; e++) {
      const i = rowIdx[e]!;
      const v = z2z2[e]! * b[q1 + i]! * b[q1 + j]!;
      s += i === j ? v : 2 * v;
    }
  return s;
}
