// The perturbations behind the slope reliability: the ecosystem-control specifications (none;
// +contributor; +architecture; +deployment; all) × (the full test + R item-resampled replicates). A
// replicate keeps a seeded random fraction of every benchmark's items, without replacement (duplicated
// items would break local independence), is recalibrated with the conditioning model, and gives its
// own plausible values and manifest scores. A clean stage: inputs in, perturbation rows out (the
// replicate machinery may later run it).
import type { ResponseMatrix } from '../data/leaderboard.js';
import type { Rng } from '../util/rng.js';
import type { Frame } from './frame.js';
import { manifestScores, subMatrix } from './frame.js';
import { latentRun, type LatentRun } from './latent.js';
import { rubin } from './pool.js';
import { slopeUnder } from './slopes.js';
import { CONTROL_SPECS, type ScalingOptions, type ScalingPerturbation } from './types.js';

export interface ReplicateInput {
  resp: ResponseMatrix;
  allBench: string[];
  allIds: string[];
  benchmarks: string[];
  factors: string[];
  fr: Frame;
  opts: ScalingOptions;
  model: 'bifactor' | '2PL';
  replicates: number;
  itemFraction: number;
  /** Plausible-value sets per perturbation. */
  draws: number;
  /** The run's root stream; replicate r uses fork(100 + r). */
  rng: Rng;
  /** The full-test latent run (its first `draws` sets are replicate 0). */
  main: LatentRun;
  manifest: Float64Array[];
  warnings: string[];
}

export function replicatePerturbations(x: ReplicateInput): ScalingPerturbation[] {
  const { resp, allBench, allIds, benchmarks, factors, fr, opts, model, main, manifest, warnings } = x;
  const N = fr.x.length;
  const R = x.replicates;
  const manifestIndex = (f: string): number => (f === factors[0] ? 0 : 1 + benchmarks.indexOf(f));
  const perturbations: ScalingPerturbation[] = [];
  for (let r = 0; r <= R; r++) {
    let pv: Float64Array[][];
    let man: Float64Array[];
    if (r === 0) {
      pv = main.pvs.slice(0, x.draws);
      man = manifest;
    } else {
      opts.onProgress?.({ stage: 'replicates', done: r - 1, total: R, message: `item-resampled replicate ${r}/${R}` });
      const rr = x.rng.fork(100 + r);
      const cols: number[] = [];
      for (const b of benchmarks) {
        const idx = allBench.map((v, j) => (v === b ? j : -1)).filter((j) => j >= 0);
        rr.shuffle(idx);
        const k = Math.max(2, Math.round(x.itemFraction * idx.length));
        cols.push(...idx.slice(0, Math.min(k, idx.length)));
      }
      cols.sort((a, b) => a - b);
      const bench = cols.map((j) => allBench[j]!);
      const sub = subMatrix(resp, Array.from({ length: N }, (_, i) => i), cols);
      const run = latentRun(sub, bench, cols.map((j) => allIds[j]!), fr, opts, model, x.draws, rr.fork(7), 'none', `replicate ${r}/${R}`);
      if (run.fit.factors.join() !== factors.join()) {
        warnings.push(`replicate ${r}: factors differ after resampling (constant items dropped?); replicate skipped`);
        continue;
      }
      pv = run.pvs;
      for (const w of [...run.fit.warnings, ...run.warnings]) warnings.push(`replicate ${r}: ${w}`);
      man = manifestScores(sub, bench, benchmarks);
    }
    for (const spec of CONTROL_SPECS) {
      factors.forEach((f, fi) => {
        const e: number[] = [];
        const s: number[] = [];
        let dfc = 0;
        for (const set of pv) {
          const sl = slopeUnder(spec, set[fi]!, fr);
          e.push(sl.estimate);
          s.push(sl.se);
          dfc += sl.df / pv.length;
        }
        const pooled = rubin(e, s, dfc);
        const ms = slopeUnder(spec, man[manifestIndex(f)]!, fr);
        perturbations.push({ factor: f, spec, replicate: r, latent: { estimate: pooled.estimate, se: pooled.se }, manifest: { estimate: ms.estimate, se: ms.se } });
      });
    }
  }
  return perturbations;
}
