// What the structure report means, in sentences (the report carries them; format.ts prints them).
import type { StructureReport } from './types.js';

export const IDENTIFICATION_NOTE =
  'With one score per benchmark, correlated benchmark factors and bifactor structures are not identified: each benchmark would need a factor of its own measured by that one score. A general factor plus residual covariances (or factors over named groups of benchmarks, --model) is what scores can test; item-level data (cartograph cfa / irt) is what resolves benchmark-specific factors.';

const pct = (x: number): string => `${Math.round(100 * x)} %`;

/** One sentence of interpretation (plus the fit in words). */
export function interpretStructure(r: StructureReport): string {
  const parts: string[] = [];
  const nb = r.benchmarks.length;
  if (r.fit === null) {
    const why = r.skipped.find((x) => x.part === 'factor model')?.reason ?? 'not estimated';
    return `The factor model could not be estimated (${why}); the correlations and distributions above stand on their own.`;
  }
  if (r.variance_explained !== null) {
    parts.push(`One general factor explains ${pct(r.variance_explained)} of the variance of the ${nb} scores${r.omega !== null ? ` (ω of their sum = ${r.omega.toFixed(2)})` : ''}`);
  } else {
    parts.push(`The ${r.model.latents.length}-factor model (${r.model.latents.join(', ')}) explains on average ${pct(r.residual_variances.reduce((a, x) => a + x.r_squared, 0) / nb)} of the variance of the ${nb} scores`);
  }
  // MI > 3.84: the χ²(1) 5 % point (one pair at a time; with many pairs some exceed it by chance).
  // Among those, the pairs with the largest positive and negative residual correlation (the MI itself
  // grows without bound as a residual variance approaches 0, so it does not rank what users care about).
  const big = r.mi.filter((m) => Number.isFinite(m.mi) && m.mi > 3.84);
  const byR = [...big].sort((a, b) => b.residual_r - a.residual_r);
  const more = byR.find((m) => m.residual_r > 0.02);
  const less = [...byR].reverse().find((m) => m.residual_r < -0.02);
  if (more) parts[0] += `; ${more.benchmark1} and ${more.benchmark2} share more than it explains (residual r = ${more.residual_r.toFixed(2)}, MI = ${more.mi.toFixed(0)})`;
  if (less && (!more || -less.residual_r > more.residual_r)) parts[0] += `${more ? ', and' : ';'} ${less.benchmark1} and ${less.benchmark2} are less alike than it implies (residual r = ${less.residual_r.toFixed(2)}, MI = ${less.mi.toFixed(0)})`;
  if (!more && !less && r.fit.df > 0) parts[0] += '; no pair of benchmarks shares notably more than the model explains';
  const f = r.fit;
  if (f.df === 0) {
    parts.push(`With ${nb} benchmarks the model is just identified (df = 0): it reproduces the correlations exactly by construction, so its fit cannot be tested and residual correlations cannot show anything`);
    return `${parts.join('. ')}.`;
  }
  const cfiV = f.cfi_robust ?? f.cfi;
  const rm = f.rmsea_robust ?? f.rmsea;
  const close = cfiV >= 0.95 && rm <= 0.06 && f.srmr <= 0.08;
  const poor = cfiV < 0.9 || rm > 0.1;
  parts.push(
    `${close ? 'The model fits closely' : poor ? 'The model misfits' : 'The model fits only approximately'} (${f.cfi_robust !== null ? 'robust ' : ''}CFI ${cfiV.toFixed(3)}, RMSEA ${rm.toFixed(3)} [${f.rmsea_ci_lower.toFixed(3)}, ${f.rmsea_ci_upper.toFixed(3)}], SRMR ${f.srmr.toFixed(3)}; Hu & Bentler 1999 cut-offs CFI ≥ 0.95, RMSEA ≤ 0.06, SRMR ≤ 0.08 are conventions, not tests)`,
  );
  return `${parts.join('. ')}.`;
}
