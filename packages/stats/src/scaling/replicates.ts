// The perturbation rows behind the slope reliability: for one perturbation of the test (the full test,
// or an item-resampled replicate: study.ts), the slope of every factor under every ecosystem-control
// specification (none; +contributor; +architecture; +deployment; all) — the latent slope pooled over the
// plausible-value sets by Rubin's rules, the manifest slope on the benchmark scores of the same items.
import type { Frame } from './frame.js';
import { rubin } from './pool.js';
import { slopeUnder } from './slopes.js';
import { CONTROL_SPECS, type ControlSpec } from './types.js';

export interface PerturbationRow {
  factor: string;
  spec: ControlSpec;
  latent: { estimate: number; se: number };
  manifest: { estimate: number; se: number };
}

/** Rows in the order specification, then factor. `manifest`: [g, then one per benchmark in `benchmarks` order]. */
export function perturbationRows(pv: Float64Array[][], manifest: Float64Array[], factors: string[], benchmarks: string[], fr: Frame): PerturbationRow[] {
  const manifestIndex = (f: string): number => (f === factors[0] ? 0 : 1 + benchmarks.indexOf(f));
  const rows: PerturbationRow[] = [];
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
      const ms = slopeUnder(spec, manifest[manifestIndex(f)]!, fr);
      rows.push({ factor: f, spec, latent: { estimate: pooled.estimate, se: pooled.se }, manifest: { estimate: ms.estimate, se: ms.se } });
    });
  }
  return rows;
}
