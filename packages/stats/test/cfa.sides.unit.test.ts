// The robust corrections computed on the N side (A = F W F′; binary bitset path and dense path with
// missing cells) and on the p* side (F′F) agree: SEs, scaled test, baseline (simulate seed 31).
import { describe, expect, it } from 'vitest';
import { simulate, simulationLeaderboard } from '../src/simulate/index.js';
import { buildStructure, cfaSampleStats, fitCfa, prepareCfaData } from '../src/cfa/index.js';

describe('cfa robust terms: N side and p* side agree', () => {
  for (const missingRate of [0, 0.03]) {
    it(`bifactor, 300 models × 12 items, missing rate ${missingRate} (seed 31)`, () => {
      const lb = simulationLeaderboard(simulate({ models: 300, benchmarks: 3, itemsPerBenchmark: 4, seed: 31, missingRate }));
      const { stats } = cfaSampleStats(lb.responses!, lb.items.map((i) => i.id), { missing: 'pairwise' });
      const spec = buildStructure('bifactor', lb.items);
      const a = fitCfa(prepareCfaData(stats, { side: 'N' }), spec).result;
      const b = fitCfa(prepareCfaData(stats, { side: 'p' }), spec).result;
      expect(a.converged && b.converged).toBe(true);
      expect(Math.abs(a.fit!.chisq_scaled / b.fit!.chisq_scaled - 1)).toBeLessThan(1e-10); // relative
      expect(Math.abs(a.fit!.baseline_chisq_scaled / b.fit!.baseline_chisq_scaled - 1)).toBeLessThan(1e-10); // relative
      a.loadings.forEach((l, k) => expect(Math.abs(l.se! - b.loadings[k]!.se!)).toBeLessThan(1e-12)); // absolute
      a.thresholds.forEach((t, k) => expect(Math.abs(t.se! - b.thresholds[k]!.se!)).toBeLessThan(1e-12)); // absolute
    });
  }
});
